/**
 * What a data-center job runner is given and returns, the records the report shows, and the
 * `dcJobKinds` registry entry shape (data-parallel, pipeline, tensor). Placement types for
 * model-parallel jobs are in `partition/types.ts`.
 * @module
 */
import type { z } from 'zod';
import { Interrupt, ProcessError, WorkFailure } from '../engine/errors.js';
import type * as tf from '@tensorflow/tfjs';
import type { ProcessGenerator } from '../engine/process.js';
import type { RandomStreams } from '../engine/random.js';
import type { Dataset } from '../learning/dataset.js';
import type { ModelDef } from '../learning/models.js';
import type { DatacenterContext } from './context.js';
import type { DcLayout, Fabric, FabricOptions } from './types.js';
import type { ResolvedDcJob, ResolvedDcJobBase } from './spec.js';

/** A job's data (real mode). */
export interface JobData {
  /** training examples */
  train: Dataset;
  /** held-out examples */
  test: Dataset;
}

/** Everything a job runner works with. */
export interface JobEnv {
  /** the world */
  ctx: DatacenterContext;
  /** the data center's fabric */
  fabric: Fabric;
  /** its layout */
  layout: DcLayout;
  /** its id */
  dc: string;
  /** the run's random streams (name streams `datacenter/<dc>/<job>/…`) */
  rng: RandomStreams;
  /** the job's model */
  def: ModelDef;
  /** the TF.js model (real mode), or null (timing) */
  model: tf.LayersModel | null;
  /** the job's data (real mode), or null (timing) */
  data: JobData | null;
  /** γ: FLOPs per fp32 value a collective reduces */
  reduceFlopsPerValue: number;
}

/** One step of a job (report section `dcSteps`). */
export interface DcStepRecord {
  /** data center */
  dc: string;
  /** job name */
  job: string;
  /** step index from 0 */
  step: number;
  /** start (s) */
  startS: number;
  /** end (s) */
  endS: number;
  /** endS − startS */
  stepS: number;
  /** the busiest node's compute time in the step (s) */
  computeMaxS: number;
  /** the least busy node's compute time in the step (s) */
  computeMinS: number;
  /** communication backprop did not hide (s) */
  commExposedS: number;
  /** pipeline: mean over stages of step time minus the stage's compute (s); null otherwise */
  bubbleMeanS: number | null;
  /** mean over nodes of time spent waiting (s) */
  idleMeanS: number;
  /** training loss of the step's batch (real mode), or null */
  loss: number | null;
  /** test accuracy when evaluated at this step, or null */
  accuracy: number | null;
}

/** One node's part in a job (report section `dcNodes`). */
export interface DcNodeRecord {
  /** data center */
  dc: string;
  /** job name */
  job: string;
  /** node id */
  node: string;
  /** `worker`, `stage 2 (conv2..pool2)`, `slice 0.31`, `ps` */
  role: string;
  /** training examples it holds */
  samples: number;
  /** memory the job uses on it (bytes) */
  memoryUsedBytes: number;
  /** memory offered to the job (bytes; memoryFraction × the node's) */
  memoryBytes: number;
  /** compute busy time over the job (s) */
  computeBusyS: number;
  /** job duration minus compute busy time (s) */
  idleS: number;
}

/** What a job runner returns. */
export interface JobOutcome {
  /** one record per step run */
  steps: DcStepRecord[];
  /** one record per node taking part */
  nodes: DcNodeRecord[];
  /** the placement's predicted step time (s), or null (data-parallel) */
  predictedStepS: number | null;
  /** test accuracy at the end (real mode), or null */
  finalAccuracy: number | null;
  /** `done`; `failed` when a message or a node failed; `cut` when the horizon came first */
  outcome: 'done' | 'failed' | 'cut';
  /** why it failed or was cut */
  error?: string;
}

/** A server as a job's validation and placement see it. */
export interface ServerInfo {
  /** node id */
  id: string;
  /** compute speed (FLOP/s) */
  flopsPerS: number;
  /** memory offered to the job (bytes; memoryFraction already applied) */
  memoryBytes: number;
}

/** What validating a job may use (no world exists yet). */
export interface DcJobCheckEnv {
  /** data center id */
  dc: string;
  /** its layout */
  layout: DcLayout;
  /** fabric options */
  fabric: FabricOptions;
  /** the job's model */
  def: ModelDef;
  /** the job's servers in rank order */
  servers: readonly ServerInfo[];
  /** training examples of the job's dataset (after the test split) */
  trainExamples: number;
  /** uncontended seconds for `bytes` from `from` to `to` over the declared links (§α–β) */
  transferS(from: string, to: string, bytes: number): number;
  /** seconds the busiest link of that route is occupied by `bytes` (n/B_min; 0 to itself) */
  occupancyS(from: string, to: string, bytes: number): number;
  /** the scenario's seed (placements drawn at random are drawn from it) */
  seed: number;
}

/**
 * An entry of the `dcJobKinds` registry.
 * @typeParam J - its resolved job
 */
export interface DcJobKindEntry<J extends ResolvedDcJob = ResolvedDcJob> {
  /** zod shape of the kind's own fields, `kind` (a literal) included; the scenario adds the common fields */
  readonly shape: z.ZodRawShape;
  /**
   * Fills in the kind's defaults.
   * @param spec - the schema-valid job as written
   * @param base - its common fields, resolved
   * @throws Error (ZodError, UnknownNameError) on an invalid registry entry within (a collective, a placement)
   */
  resolve(spec: Record<string, unknown>, base: ResolvedDcJobBase): J;
  /** Validation messages, each starting with the field path relative to the job (`collective: …`, `servers: …`); memory misfits name the node. */
  check(job: J, env: DcJobCheckEnv): string[];
  /** What the report shows as the job's scheme: the collective or the placement's name. */
  scheme(job: J): string;
  /** Runs the job; `onStep` is called as each step ends. */
  run(env: JobEnv, job: J, onStep: (r: DcStepRecord) => void): ProcessGenerator<JobOutcome>;
}

/**
 * The name of a job's random stream: `datacenter/<dc>/<job>/<what>` (`init`, `data`, `shards`,
 * `batches`, `<node>/batch`, `placement`), so adding a job or a stream never changes another's draws.
 */
export function jobStreamName(dc: string, job: string, what: string): string {
  return `datacenter/${dc}/${job}/${what}`;
}

/** Whether a job evaluates its model after step `step` (from 0): every `evaluateEvery` steps and after the last. */
export function evaluatesAfter(job: Pick<ResolvedDcJobBase, 'evaluateEvery' | 'steps'>, step: number): boolean {
  return (step + 1) % job.evaluateEvery === 0 || step === job.steps - 1;
}

/**
 * Whether an error ends a job as `failed` (work lost to a node or transfer failure, or a process
 * interrupted because of one, also when a failed process wraps it) rather than being a bug to
 * rethrow.
 */
export function isJobFailure(err: unknown): err is Error {
  for (let e = err; e instanceof Error; e = e instanceof ProcessError ? e.cause : undefined) if (e instanceof WorkFailure || e instanceof Interrupt) return true;
  return false;
}
