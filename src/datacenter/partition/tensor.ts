/**
 * A tensor-parallel job (design §8.4): every parametered layer's outputs (dense columns, conv
 * output channels) are sliced across a group of w servers with shares f_i. Per layer, forward:
 * f_i·fwd_l·B FLOPs on node i, then a ring all-gather of the layer's output activation (chunks ∝
 * f_i, fp32); backward: 2·f_i·fwd_l·B FLOPs, then a ring all-reduce of the layer's
 * input-activation gradient (skipped for the first layer, whose input needs none).
 * Parameterless layers (pooling, flatten) run redundantly on every node. Then each node updates its
 * slice (2·f_i·q FLOPs). Real math is one `computeGradient` of the full model per step: slicing
 * columns is exact (the concatenated slice outputs equal the full product), so the sliced
 * computation would give the same gradient; the timeline carries the slices' FLOPs and
 * real-size collectives. Also holds the helpers the pipeline runner shares.
 * @module
 */
import type { ProcessGenerator } from '../../engine/process.js';
import type { RandomStream } from '../../engine/random.js';
import { gradientStep } from '../../learning/aggregate.js';
import { subset } from '../../learning/dataset.js';
import { initialWeights, type ModelDef } from '../../learning/models.js';
import { computeGradient, evaluate } from '../../learning/train.js';
import { MailboxComm, type CollectiveBuffer } from '../collectives/collective.js';
import { ringAllGather, ringAllReduce } from '../collectives/ring.js';
import { evaluatesAfter, isJobFailure, jobStreamName, type DcNodeRecord, type DcStepRecord, type JobEnv, type JobOutcome } from '../job.js';
import type { ResolvedTensorJob } from '../spec.js';
import type { Placement } from './types.js';

/** Draws each step's batch: a shuffled order of the training examples, reshuffled when used up. */
export class BatchSampler {
  private order: number[];
  private pos = 0;

  /**
   * @param examples - training examples
   * @param rng - the job's batch stream
   */
  constructor(
    examples: number,
    private readonly rng: RandomStream,
  ) {
    this.order = rng.shuffle(Array.from({ length: examples }, (_, i) => i));
  }

  /** The next `batch` example indices (wrapping into a new shuffle when the order runs out). */
  next(batch: number): number[] {
    const out: number[] = [];
    while (out.length < batch && this.order.length > 0) {
      if (this.pos === this.order.length) {
        this.order = this.rng.shuffle(this.order);
        this.pos = 0;
      }
      out.push(this.order[this.pos++]!);
    }
    return out;
  }
}

/** A real-mode job's starting state (its model and data present). */
export interface RealJobState {
  /** initial weights (stream `…/init`) */
  weights: Float32Array;
  /** its batches (stream `…/batches`) */
  sampler: BatchSampler;
}

/**
 * The starting state of a model-parallel job in real mode: initial weights and a batch sampler
 * over its training examples.
 * @param env - the job's environment (model and data present)
 * @param job - the job
 */
export function realJobState(env: JobEnv, job: { readonly name: string }): RealJobState {
  return {
    weights: initialWeights(env.model!, env.rng.stream(jobStreamName(env.dc, job.name, 'init'))),
    sampler: new BatchSampler(env.data!.train.n, env.rng.stream(jobStreamName(env.dc, job.name, 'batches'))),
  };
}

/** `first..last` profile layer names of layers [first, end) (one name when one layer). */
export function pieceRole(def: ModelDef, layers: readonly [number, number]): string {
  const first = def.layers[layers[0]]!.name;
  const last = def.layers[layers[1] - 1]!.name;
  return layers[1] - layers[0] === 1 ? first : `${first}..${last}`;
}

/**
 * A step's record from the nodes' compute busy times.
 * @param busyS - each node's compute busy time in the step (s)
 * @param pipeline - whether bubbleMeanS is reported (the mean over stages of step − busy)
 */
export function stepRecord(dc: string, job: string, step: number, startS: number, endS: number, busyS: readonly number[], pipeline: boolean, loss: number | null, accuracy: number | null): DcStepRecord {
  const stepS = endS - startS;
  const maxS = Math.max(...busyS);
  const idleMeanS = busyS.reduce((a, b) => a + (stepS - b), 0) / busyS.length;
  return { dc, job, step, startS, endS, stepS, computeMaxS: maxS, computeMinS: Math.min(...busyS), commExposedS: stepS - maxS, bubbleMeanS: pipeline ? idleMeanS : null, idleMeanS, loss, accuracy };
}

/**
 * Chunk offsets of `values` for a ring all-gather where rank r starts owning chunk (r+1) mod p
 * (as `ringAllGather` expects) and chunk sizes are ∝ the owners' shares (cumulative rounding).
 */
export function shareBounds(values: number, shares: readonly number[]): number[] {
  const p = shares.length;
  const total = shares.reduce((a, b) => a + b, 0);
  const bounds = [0];
  let cum = 0;
  for (let j = 0; j < p; j++) {
    cum += shares[(j - 1 + p) % p]!;
    bounds.push(j === p - 1 ? values : Math.round((values * cum) / total));
  }
  return bounds;
}

/**
 * Runs a tensor-parallel job on a placement (its pieces are the slices, in ring order). Each step's
 * record: computeMaxS/MinS over the nodes' compute busy time (reductions included); commExposedS =
 * step time − the busiest node's compute; idleMeanS = mean of step − busy; bubbleMeanS null.
 * @param env - the world, fabric, model and data
 * @param job - the resolved job
 * @param placement - the slices
 * @param onStep - called as each step ends
 */
export function* runTensor(env: JobEnv, job: ResolvedTensorJob, placement: Placement, onStep: (r: DcStepRecord) => void): ProcessGenerator<JobOutcome> {
  const { ctx, fabric, def } = env;
  const sim = ctx.sim;
  const pieces = placement.pieces;
  const w = pieces.length;
  const nodes = pieces.map((p) => p.node);
  const shares = pieces.map((p) => p.share);
  const rankOf = new Map(nodes.map((n, i) => [n, i]));
  const B = job.batch;
  const q = def.layers.reduce((a, l) => a + l.params, 0);
  const real = job.mode === 'real' && env.model !== null && env.data !== null;
  const state = real ? realJobState(env, job) : null;
  let weights = state?.weights ?? null;
  const sampler = state?.sampler ?? null;
  const busyTotal = new Array<number>(w).fill(0);
  const steps: DcStepRecord[] = [];
  const jobStartS = sim.now;
  let finalAccuracy: number | null = null;
  let error: string | undefined;
  for (let step = 0; step < job.steps && error === undefined; step++) {
    const startS = sim.now;
    const busy = new Array<number>(w).fill(0);
    const charge = (node: string, flops: number, label: string) => {
      const cpu = ctx.node(node).cpu;
      const i = rankOf.get(node)!;
      busy[i] = busy[i]! + flops / cpu.flopsPerS;
      return cpu.computeOnAllCores(flops, label).done;
    };
    const comm = new MailboxComm(sim, (from, to, bytes, label) => fabric.send(from, to, bytes, label), (node, values, label) => charge(node, values * env.reduceFlopsPerValue, label));
    let loss: number | null = null;
    let gradient: Float32Array | null = null;
    if (real) {
      const g = computeGradient(def, env.model!, subset(env.data!.train, sampler!.next(B)), weights!);
      loss = g.loss;
      gradient = g.gradient;
    }
    const rankProc = function* (i: number): ProcessGenerator<void> {
      const node = nodes[i]!;
      const f = shares[i]!;
      const tag = `${job.name}/${step}`;
      for (let l = 0; l < def.layers.length; l++) {
        const layer = def.layers[l]!;
        if (layer.params === 0) {
          yield charge(node, layer.forwardFlops * B, `${tag}/F${l}`);
          continue;
        }
        yield charge(node, f * layer.forwardFlops * B, `${tag}/F${l}`);
        const values = layer.outputSize * B;
        const buf: CollectiveBuffer = { values, bytesPerValue: 4, data: null };
        if (w > 1) yield* ringAllGather(comm, nodes, i, buf, shareBounds(values, shares), `${tag}/L${l}`);
      }
      for (let l = def.layers.length - 1; l >= 0; l--) {
        const layer = def.layers[l]!;
        if (layer.params === 0) {
          yield charge(node, 2 * layer.forwardFlops * B, `${tag}/B${l}`);
          continue;
        }
        yield charge(node, 2 * f * layer.forwardFlops * B, `${tag}/B${l}`);
        if (l === 0 || w === 1) continue;
        const values = def.layers[l - 1]!.outputSize * B;
        yield* ringAllReduce(comm, nodes, i, { values, bytesPerValue: 4, data: null }, 0, values, `${tag}/dL${l}`);
      }
      yield charge(node, 2 * f * q, `${tag}/update`);
    };
    const procs = nodes.map((_, i) => sim.process(rankProc(i), `${job.name}/${step}/slice${i}`));
    try {
      yield sim.allOf(procs);
    } catch (err) {
      if (!isJobFailure(err)) throw err; // a bug is not a job's outcome
      error = err instanceof Error ? err.message : String(err);
      for (const p of procs) if (!p.triggered) p.interrupt(error); // the others stop waiting
      break;
    }
    let accuracy: number | null = null;
    if (real) {
      weights = gradientStep(weights!, gradient!, job.learningRate);
      if (evaluatesAfter(job, step)) accuracy = finalAccuracy = evaluate(def, env.model!, env.data!.test, weights).accuracy;
    }
    busy.forEach((b, i) => (busyTotal[i] = busyTotal[i]! + b));
    const r = stepRecord(env.dc, job.name, step, startS, sim.now, busy, false, loss, accuracy);
    steps.push(r);
    onStep(r);
  }
  const durationS = sim.now - jobStartS;
  const records: DcNodeRecord[] = pieces.map((p, i) => ({
    dc: env.dc,
    job: job.name,
    node: p.node,
    role: `slice ${p.share.toFixed(2)}`,
    samples: env.data?.train.n ?? 0,
    memoryUsedBytes: placement.memoryBytes.get(p.node) ?? 0,
    memoryBytes: job.memoryFraction * ctx.memoryBytes(p.node),
    computeBusyS: busyTotal[i]!,
    idleS: durationS - busyTotal[i]!,
  }));
  return { steps, nodes: records, predictedStepS: placement.predictedStepS, finalAccuracy, outcome: error === undefined ? 'done' : 'failed', ...(error === undefined ? {} : { error }) };
}
