/**
 * The `pipeline` and `tensor` entries of the `dcJobKinds` registry: their schema fields, defaults
 * (schedule `gpipe`, 32-bit activations), validation (stages ≤ min(servers, layers), width ≤
 * servers, micro-batches ≤ batch — when B is not a multiple of M the first B mod M micro-batches
 * take one example more —, and the placement computed, its memory checked node by node) and
 * runners. The placement is drawn from the stream `datacenter/<dc>/<job>/placement`: at
 * validation from `new RandomStreams(seed, 0)`, at run time from the run's streams, so run 0 runs
 * the placement validation checked.
 * @module
 */
import { z } from 'zod';
import { RandomStreams } from '../../engine/random.js';
import type { ModelDef } from '../../learning/models.js';
import { FixedRateLink } from '../../net/link.js';
import { bottleneckS, uncontendedTransferS, type HopRate } from '../alphaBeta.js';
import { jobStreamName, type DcJobCheckEnv, type DcJobKindEntry, type JobEnv, type ServerInfo } from '../job.js';
import { pieceBytes } from '../memory.js';
import type { ResolvedDcJobBase, ResolvedPipelineJob, ResolvedTensorJob } from '../spec.js';
import type { FabricOptions, RegistrySpec } from '../types.js';
import { placements, resolvePlacement } from './placement.js';
import { PlacementError, type Placement, type PlacementProblem } from './types.js';
import { runPipeline } from './pipeline.js';
import { pieceRole, runTensor } from './tensor.js';

/** A model-parallel job. */
export type ModelParallelJob = ResolvedPipelineJob | ResolvedTensorJob;

/** A registry spec as written: a name and the entry's fields, checked by the entry's schema when resolved. */
const registrySpec = z.looseObject({ name: z.string().min(1) });

/**
 * The problem a placement solves for a model-parallel job.
 * @param job - the resolved job
 * @param def - its model
 * @param servers - its servers in rank order (memory offered to the job)
 * @param transferS - uncontended seconds of `bytes` between two servers (§α–β)
 * @param occupancyS - seconds the route's busiest link is busy with `bytes`; default `transferS`
 */
export function placementProblem(job: ModelParallelJob, def: ModelDef, servers: readonly ServerInfo[], transferS: (from: string, to: string, bytes: number) => number, occupancyS?: (from: string, to: string, bytes: number) => number): PlacementProblem {
  const pipeline = job.kind === 'pipeline';
  return {
    def,
    kind: job.kind,
    pieces: pipeline ? job.stages : job.width,
    servers,
    batch: job.batch,
    microbatches: pipeline ? job.microbatches : 1,
    schedule: pipeline ? job.schedule : 'gpipe',
    activationBytesPerValue: pipeline ? job.activationBits / 8 : 4,
    optimizerStateFactor: job.optimizerStateFactor,
    transferS,
    ...(occupancyS === undefined ? {} : { occupancyS }),
    allGatherS: (nodes, bytes) => {
      // ring all-gather: w − 1 steps, each as slow as the slowest neighbour transfer of bytes/w
      const w = nodes.length;
      if (w < 2) return 0;
      let stepS = 0;
      for (let i = 0; i < w; i++) stepS = Math.max(stepS, transferS(nodes[i]!, nodes[(i + 1) % w]!, bytes / w));
      return (w - 1) * stepS;
    },
  };
}

/** The hops of the fabric's route from one node to another (none to itself). */
function fabricHops(env: Pick<JobEnv, 'fabric'>, from: string, to: string): HopRate[] {
  if (from === to) return [];
  return env.fabric.route(from, to).map((l) => {
    if (!(l instanceof FixedRateLink)) throw new Error(`link '${l.id}' of the route ${from} → ${to} has no fixed rate`);
    return l.params;
  });
}

/** Uncontended seconds of `bytes` over the fabric's route from one node to another (0 to itself). */
export function fabricTransferS(env: Pick<JobEnv, 'fabric'>, options: Pick<FabricOptions, 'segmentBytes' | 'messageOverheadS'>): (from: string, to: string, bytes: number) => number {
  return (from, to, bytes) => uncontendedTransferS(fabricHops(env, from, to), bytes, options);
}

/** Seconds the busiest link of the fabric's route is busy with `bytes` (0 to itself). */
export function fabricOccupancyS(env: Pick<JobEnv, 'fabric'>): (from: string, to: string, bytes: number) => number {
  return (from, to, bytes) => bottleneckS(fabricHops(env, from, to), bytes);
}

/** Bytes to 3 significant digits in MB (GB from 1 GB on). */
const mb = (bytes: number): string => (bytes < 1e9 ? `${(bytes / 1e6).toPrecision(3)} MB` : `${(bytes / 1e9).toPrecision(3)} GB`);

/**
 * Checks a placement's shape and each node's memory: messages (empty when it is fine), each
 * starting with `placement: `; a piece that does not fit names the node.
 */
export function checkPlacement(job: ModelParallelJob, def: ModelDef, servers: readonly ServerInfo[], placement: Placement): string[] {
  const name = job.placement.name;
  const L = def.layers.length;
  const pieces = placement.pieces;
  const expected = job.kind === 'pipeline' ? job.stages : job.width;
  const byId = new Map(servers.map((s) => [s.id, s]));
  if (pieces.length !== expected) return [`placement: '${name}' returned ${pieces.length} pieces for ${expected}`];
  const nodes = pieces.map((p) => p.node);
  const unknown = nodes.find((n) => !byId.has(n));
  if (unknown !== undefined) return [`placement: '${name}' put a piece on '${unknown}', not one of the job's servers`];
  if (new Set(nodes).size !== nodes.length) return [`placement: '${name}' put two pieces on one server`];
  if (job.kind === 'pipeline' && (pieces.some((p, s) => p.layers[0] !== (s === 0 ? 0 : pieces[s - 1]!.layers[1]) || p.layers[1] <= p.layers[0]) || pieces[pieces.length - 1]!.layers[1] !== L))
    return [`placement: '${name}' returned stages that do not cut layers [0, ${L}) in order`];
  if (job.kind === 'tensor' && (pieces.some((p) => p.layers[0] !== 0 || p.layers[1] !== L || !(p.share > 0)) || Math.abs(pieces.reduce((a, p) => a + p.share, 0) - 1) > 1e-9))
    return [`placement: '${name}' returned slices that are not positive shares of every layer adding up to 1`];
  const out: string[] = [];
  pieces.forEach((p, s) => {
    const need =
      job.kind === 'pipeline'
        ? pieceBytes(def, p.layers, Math.ceil(job.batch / job.microbatches), job.schedule === 'gpipe' ? job.microbatches : Math.min(job.stages - s, job.microbatches), job.optimizerStateFactor)
        : pieceBytes(def, [0, L], job.batch, 1, job.optimizerStateFactor, p.share);
    const offered = byId.get(p.node)!.memoryBytes;
    const what = job.kind === 'pipeline' ? `stage ${s + 1} (${pieceRole(def, p.layers)})` : `slice ${s} (share ${p.share.toFixed(2)})`;
    if (need > offered) out.push(`placement: ${what} of '${def.name}' needs ${mb(need)} but '${p.node}' offers ${mb(offered)} (memoryFraction ${job.memoryFraction})`);
  });
  return out;
}

/** The placement of a job: its entry's `place`, PlacementErrors turned into a message. */
function place(job: ModelParallelJob, problem: PlacementProblem, stream: ReturnType<RandomStreams['stream']>): Placement | string {
  try {
    return placements.get(job.placement.name).place(problem, job.placement, stream);
  } catch (err) {
    if (err instanceof PlacementError) return `placement: ${err.message}`;
    throw err;
  }
}

/** Validation shared by both kinds: the placement computed as run 0 will draw it, then checked. */
function checkModelParallel(job: ModelParallelJob, env: DcJobCheckEnv, shape: string[]): string[] {
  if (shape.length > 0) return shape;
  const problem = placementProblem(job, env.def, env.servers, env.transferS, env.occupancyS);
  const placed = place(job, problem, new RandomStreams(env.seed, 0).stream(jobStreamName(env.dc, job.name, 'placement')));
  return typeof placed === 'string' ? [placed] : checkPlacement(job, env.def, env.servers, placed);
}

/**
 * The placement a run uses, drawn from the run's streams (computed when `run` is called, before the
 * job's first event).
 * @throws PlacementError (an InputError) when nothing fits
 */
function runPlacement(env: JobEnv, job: ModelParallelJob): Placement {
  const options = env.fabric.options;
  const servers: ServerInfo[] = job.servers.map((id) => ({ id, flopsPerS: env.ctx.node(id).cpu.flopsPerS, memoryBytes: job.memoryFraction * env.ctx.memoryBytes(id) }));
  const placed = place(job, placementProblem(job, env.def, servers, fabricTransferS(env, options), fabricOccupancyS(env)), env.rng.stream(jobStreamName(env.dc, job.name, 'placement')));
  if (typeof placed === 'string') throw new PlacementError(null, `job '${job.name}': ${placed}`);
  const issues = checkPlacement(job, env.def, servers, placed);
  if (issues.length > 0) throw new PlacementError(null, `job '${job.name}': ${issues.join('; ')}`);
  return placed;
}

/** The `pipeline` job kind. */
export const pipelineJob: DcJobKindEntry<ResolvedPipelineJob> = {
  shape: {
    kind: z.literal('pipeline'),
    stages: z.number().int().min(1),
    microbatches: z.number().int().min(1),
    schedule: z.enum(['gpipe', '1f1b']).optional(),
    activationBits: z.union([z.literal(32), z.literal(16)]).optional(),
    placement: registrySpec,
  },
  resolve(spec: Record<string, unknown>, base: ResolvedDcJobBase): ResolvedPipelineJob {
    return {
      ...base,
      kind: 'pipeline',
      stages: spec['stages'] as number,
      microbatches: spec['microbatches'] as number,
      schedule: (spec['schedule'] as 'gpipe' | '1f1b' | undefined) ?? 'gpipe',
      activationBits: (spec['activationBits'] as 32 | 16 | undefined) ?? 32,
      placement: resolvePlacement(spec['placement'] as RegistrySpec),
    };
  },
  check(job, env) {
    const L = env.def.layers.length;
    const n = env.servers.length;
    const shape: string[] = [];
    if (job.stages > Math.min(n, L)) shape.push(`stages: ${job.stages} stages need at most min(servers, layers) = min(${n}, ${L}) = ${Math.min(n, L)}`);
    if (job.microbatches > job.batch) shape.push(`microbatches: ${job.microbatches} micro-batches of a batch of ${job.batch} would leave some empty`);
    return checkModelParallel(job, env, shape);
  },
  scheme: (job) => job.placement.name,
  run: (env, job, onStep) => runPipeline(env, job, runPlacement(env, job), onStep),
};

/** The `tensor` job kind. */
export const tensorJob: DcJobKindEntry<ResolvedTensorJob> = {
  shape: {
    kind: z.literal('tensor'),
    width: z.number().int().min(1),
    placement: registrySpec,
  },
  resolve(spec: Record<string, unknown>, base: ResolvedDcJobBase): ResolvedTensorJob {
    return { ...base, kind: 'tensor', width: spec['width'] as number, placement: resolvePlacement(spec['placement'] as RegistrySpec) };
  },
  check(job, env) {
    const n = env.servers.length;
    return checkModelParallel(job, env, job.width > n ? [`width: a group of ${job.width} needs at most the job's ${n} servers`] : []);
  },
  scheme: (job) => job.placement.name,
  run: (env, job, onStep) => runTensor(env, job, runPlacement(env, job), onStep),
};
