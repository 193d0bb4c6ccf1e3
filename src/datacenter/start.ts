/**
 * Running a data center's jobs: one fabric over its nodes (and its attach node), then one process
 * that runs the jobs one after another from t = 0. Each job gets its model (built in real mode; its
 * runner draws the initial weights from `datacenter/<dc>/<job>/init`) and data (`loadSplit` from the stream
 * `datacenter/<dc>/<job>/data`), runs through its kind's runner, and leaves its records: a
 * `dc.step` per step (as it ends), then a `dc.node` per node, a `dc.link` per link it used
 * (utilization = busy time / job duration, from the fabric's counters before and after) and one
 * `dc.job`. A job that fails (a message or a node fails) is recorded as `failed` and the next job
 * still runs.
 * @module
 */
import type { Process, ProcessGenerator } from '../engine/process.js';
import type { RandomStreams } from '../engine/random.js';
import type { TraceBus } from '../engine/trace.js';
import { models } from '../learning/models.js';
import { loadSplit } from '../learning/dataset.js';
import type { DatacenterContext } from './context.js';
import { DcFabric } from './fabric.js';
import { dcJobKinds } from './jobKinds.js';
import { isJobFailure, jobStreamName, type DcNodeRecord, type DcStepRecord, type JobEnv, type JobOutcome } from './job.js';
import type { ResolvedDatacenter, ResolvedDcJob } from './spec.js';
import type { DcJobRecord, DcLinkRecord } from './records.js';
import type { Fabric, FabricMark } from './types.js';

/** Where a data center's records go (the trace bus in a world: {@link traceSink}). */
export interface DcRecordSink {
  /** a step ended */
  step(r: DcStepRecord): void;
  /** a node's part in a job, at the job's end */
  node(r: DcNodeRecord): void;
  /** a link's traffic during a job, at the job's end */
  link(r: DcLinkRecord): void;
  /** a job ended */
  job(r: DcJobRecord): void;
}

/**
 * A sink that emits the `dc.*` trace events the report's sections record.
 * @param trace - the simulator's trace bus
 */
export function traceSink(trace: TraceBus): DcRecordSink {
  return {
    step: (r) => trace.emit('dc.step', r),
    node: (r) => trace.emit('dc.node', r),
    link: (r) => trace.emit('dc.link', r),
    job: (r) => trace.emit('dc.job', r),
  };
}

/** A running data center: its fabric and the process running its jobs (succeeds with their records). */
export interface StartedDatacenter {
  /** its id */
  id: string;
  /** the fabric carrying its messages */
  fabric: Fabric;
  /** runs the jobs in order; its value is one record per job */
  process: Process<DcJobRecord[]>;
  /** after the run: records the jobs the horizon cut (outcome `cut`); nothing when all ended */
  finish(): void;
}

/**
 * The fabric of a data center: over its nodes and its attach node, with its routing, segments and
 * overhead. Made before training starts, so a training tier can aggregate over it.
 * @param ctx - the world
 * @param dc - the resolved data center (its nodes and links exist in the world)
 */
export function datacenterFabric(ctx: DatacenterContext, dc: ResolvedDatacenter): DcFabric {
  const nodes = new Set([...dc.layout.nodes.map((n) => n.id), ...dc.layout.servers, ...dc.layout.switches, ...(dc.attach === null ? [] : [dc.attach.node])]);
  return new DcFabric(ctx.sim, ctx.topology, nodes, dc.fabric);
}

/**
 * Starts a data center's jobs at the current time.
 * @param ctx - the world
 * @param dc - the resolved data center (its nodes and links exist in the world)
 * @param fabric - its fabric ({@link datacenterFabric})
 * @param rng - the run's random streams
 * @param emit - where records go
 */
export function startDatacenter(ctx: DatacenterContext, dc: ResolvedDatacenter, fabric: DcFabric, rng: RandomStreams, emit: DcRecordSink): StartedDatacenter {
  const state: JobsState = { current: null, next: 0 };
  const process = ctx.sim.process(runJobs(ctx, dc, fabric, rng, emit, state), `datacenter ${dc.id}`);
  return { id: dc.id, fabric, process, finish: () => finishJobs(ctx, dc, fabric, emit, state) };
}

/** The job running now (the horizon may cut it): what its record needs. */
interface RunningJob {
  readonly job: ResolvedDcJob;
  readonly steps: DcStepRecord[];
  readonly mark: FabricMark;
  readonly startS: number;
  readonly model: { dispose(): void } | null;
}

/** Where a data center's jobs stand: the one running and the next to run. */
interface JobsState {
  current: RunningJob | null;
  next: number;
}

function* runJobs(ctx: DatacenterContext, dc: ResolvedDatacenter, fabric: DcFabric, rng: RandomStreams, emit: DcRecordSink, state: JobsState): ProcessGenerator<DcJobRecord[]> {
  const out: DcJobRecord[] = [];
  while (state.next < dc.jobs.length) out.push(yield* runJob(ctx, dc, fabric, rng, emit, dc.jobs[state.next++]!, state));
  return out;
}

/**
 * Records the jobs the horizon cut: the running one with the steps it finished (its links' traffic
 * so far), then each not started, with no step; outcome `cut`. Disposes the running job's model.
 */
function finishJobs(ctx: DatacenterContext, dc: ResolvedDatacenter, fabric: DcFabric, emit: DcRecordSink, state: JobsState): void {
  const nowS = ctx.sim.now;
  const running = state.current;
  if (running !== null) {
    running.model?.dispose();
    const outcome: JobOutcome = { steps: running.steps, nodes: [], predictedStepS: null, finalAccuracy: null, outcome: 'cut', error: `cut by the horizon at ${nowS} s after ${running.steps.length} of ${running.job.steps} steps` };
    emitJob(dc, fabric, emit, running, nowS, outcome);
    state.current = null;
  }
  for (; state.next < dc.jobs.length; state.next++) {
    const job = dc.jobs[state.next]!;
    const outcome: JobOutcome = { steps: [], nodes: [], predictedStepS: null, finalAccuracy: null, outcome: 'cut', error: `not started: the horizon came at ${nowS} s` };
    emitJob(dc, fabric, emit, { job, steps: [], mark: fabric.mark(), startS: nowS, model: null }, nowS, outcome);
  }
}

/** What jobs compared side by side share besides kind and model. */
function shapeOf(job: ResolvedDcJob): string {
  if ('stages' in job) return `${job.stages} stages × ${job.microbatches} micro-batches`;
  if ('width' in job) return `width ${job.width}`;
  return '';
}

const mean = (xs: readonly number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

function* runJob(ctx: DatacenterContext, dc: ResolvedDatacenter, fabric: DcFabric, rng: RandomStreams, emit: DcRecordSink, job: ResolvedDcJob, state: JobsState): ProcessGenerator<DcJobRecord> {
  const kind = dcJobKinds.get(job.kind);
  const def = models.get(job.model)();
  const real = job.mode === 'real';
  const model = real ? def.build() : null;
  const data = real ? loadSplit(job.dataset, rng.stream(jobStreamName(dc.id, job.name, 'data'))) : null;
  const env: JobEnv = { ctx, fabric, layout: dc.layout, dc: dc.id, rng, def, model, data, reduceFlopsPerValue: dc.reduceFlopsPerValue };
  const running: RunningJob = { job, steps: [], mark: fabric.mark(), startS: ctx.sim.now, model };
  state.current = running;
  let outcome: JobOutcome;
  try {
    outcome = yield* kind.run(env, job, (r) => {
      running.steps.push(r);
      emit.step(r);
    });
  } catch (err) {
    if (!isJobFailure(err)) throw err;
    outcome = { steps: running.steps, nodes: [], predictedStepS: null, finalAccuracy: null, outcome: 'failed', error: err.message };
  } finally {
    model?.dispose();
    state.current = null;
  }
  return emitJob(dc, fabric, emit, running, ctx.sim.now, outcome);
}

/** Emits a job's node, link and job records (utilization over its duration) and returns the job record. */
function emitJob(dc: ResolvedDatacenter, fabric: DcFabric, emit: DcRecordSink, running: RunningJob, endS: number, outcome: JobOutcome): DcJobRecord {
  const { job, steps, startS } = running;
  const kind = dcJobKinds.get(job.kind);
  const durationS = endS - startS;
  for (const n of outcome.nodes) emit.node(n);
  for (const u of fabric.usage(running.mark)) emit.link({ dc: dc.id, job: job.name, ...u, utilization: durationS > 0 ? u.busyS / durationS : 0 });
  const record: DcJobRecord = {
    dc: dc.id,
    job: job.name,
    kind: job.kind,
    model: job.model,
    scheme: kind.scheme(job),
    shape: shapeOf(job),
    mode: job.mode,
    servers: job.servers.length,
    steps: steps.length,
    startS,
    endS,
    meanStepS: mean(steps.map((s) => s.stepS)),
    computeS: mean(steps.map((s) => s.computeMaxS)),
    commExposedS: mean(steps.map((s) => s.commExposedS)),
    bubbleS: steps.some((s) => s.bubbleMeanS !== null) ? mean(steps.map((s) => s.bubbleMeanS ?? 0)) : null,
    predictedStepS: outcome.predictedStepS,
    finalAccuracy: outcome.finalAccuracy,
    maxMemoryShare: outcome.nodes.reduce((m, n) => Math.max(m, n.memoryBytes > 0 ? n.memoryUsedBytes / n.memoryBytes : 0), 0),
    outcome: outcome.outcome,
    error: outcome.error ?? null,
  };
  emit.job(record);
  return record;
}
