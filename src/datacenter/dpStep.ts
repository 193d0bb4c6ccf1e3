/**
 * One synchronous step of a data-parallel job on one server (design §7.2; docs/datacenter.md,
 * "Data parallelism"): the forward pass on its batch, backward layer by layer in reverse on its
 * CPU, each gradient bucket joined to its collective instance as soon as it closes, on a per-node
 * communication chain (one collective at a time per node, in bucket order, like DDP's single NCCL
 * stream), then the SGD update (2·q FLOPs). Also the step's breakdown (design §7.3).
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import type { SimEvent } from '../engine/events.js';
import type { ProcessGenerator } from '../engine/process.js';
import type { Cpu } from '../node/cpu.js';
import { bucketPlan } from '../learning/fusion.js';
import { forwardFlops, parameterCount, type ModelDef } from '../learning/models.js';
import type { CollectiveInstance } from './collectives/collective.js';

/** One gradient bucket: a contiguous range of the flat weights, reduced by one collective. */
export interface DpBucket {
  /** index, in backprop order, of the layer after whose backward the bucket closes */
  closesAfter: number;
  /** first value (flat weight index) */
  lo: number;
  /** one past the last value */
  hi: number;
  /** bytes per value on the wire: 4, plus the bucket's header spread over its values */
  bytesPerValue: number;
}

/** Layer-bucket fusion of a data-parallel job, resolved. */
export interface DpFusion {
  /** a bucket closes once it holds this many bytes */
  bucketBytes: number;
  /** header bytes per bucket message */
  headerBytes: number;
}

/**
 * The buckets of a step, in the order they close: with fusion, `bucketPlan`'s (layers in reverse,
 * merged until a bucket holds `bucketBytes`); without, one bucket of all q parameters closing after
 * the last backward. Buckets are contiguous reversed layers, so bucket k covers
 * [q − Σ_{j≤k} size_j, q − Σ_{j<k} size_j) of the flat weights (TF.js order: input layer first).
 * @param def - the model
 * @param fusion - fusion, or null
 */
export function dpBuckets(def: ModelDef, fusion: DpFusion | null): DpBucket[] {
  const q = parameterCount(def);
  const last = def.layers.length - 1;
  const plan = fusion === null ? def.layers.map((_, i) => (i === last ? q : 0)) : bucketPlan(def, fusion.bucketBytes);
  const header = fusion?.headerBytes ?? 0;
  const out: DpBucket[] = [];
  let hi = q;
  plan.forEach((size, i) => {
    if (size <= 0) return;
    out.push({ closesAfter: i, lo: hi - size, hi, bytesPerValue: 4 + header / size });
    hi -= size;
  });
  return out;
}

/** When one server's step reached each phase (simulated seconds). */
export interface DpNodeTimes {
  /** the last layer's backward ended */
  backEndS: number;
  /** its last collective ended */
  commEndS: number;
  /** its update ended */
  endS: number;
}

/** What one server's step works with. */
export interface DpNodeStepEnv {
  /** the simulator */
  sim: Simulator;
  /** the server's id */
  node: string;
  /** its CPU */
  cpu: Cpu;
  /** the model */
  def: ModelDef;
  /** its rank in the collectives */
  rank: number;
  /** examples this step */
  batch: number;
  /** its scaled gradient, reduced in place (real mode), or null (timing) */
  gradient: Float32Array | null;
  /** the step's buckets, in closing order */
  buckets: readonly DpBucket[];
  /** one collective instance per bucket, same order */
  instances: readonly CollectiveInstance[];
  /** label prefix of CPU jobs (`<dc>/<job>/step3`) */
  label: string;
}

/**
 * One server's step: forward FLOPs·b, then per layer in reverse 2·forward_l·b FLOPs; as bucket k
 * closes its join is chained after bucket k − 1's; then 2·q FLOPs of update once the chain is done.
 * @param env - the server, its batch, gradient, buckets and collective instances
 * @returns the times it reached each phase
 */
export function* dpNodeStep(env: DpNodeStepEnv): ProcessGenerator<DpNodeTimes> {
  const { sim, cpu, def, node, batch, label } = env;
  yield cpu.computeOnAllCores(forwardFlops(def) * batch, `${label}/forward@${node}`).done;
  let chain: SimEvent<unknown> | null = null;
  let k = 0;
  const layers = def.layers.length;
  for (let i = 0; i < layers; i++) {
    const layer = def.layers[layers - 1 - i]!;
    yield cpu.computeOnAllCores(2 * layer.forwardFlops * batch, `${label}/backward ${layer.name}@${node}`).done;
    while (k < env.buckets.length && env.buckets[k]!.closesAfter === i) {
      chain = joinAfter(env, chain, k);
      k++;
    }
  }
  const backEndS = sim.now;
  if (chain !== null) yield chain;
  const commEndS = sim.now;
  yield cpu.computeOnAllCores(2 * parameterCount(def), `${label}/update@${node}`).done;
  return { backEndS, commEndS, endS: sim.now };
}

/** Starts bucket k's join once the previous link of the node's chain is done. */
function joinAfter(env: DpNodeStepEnv, previous: SimEvent<unknown> | null, k: number): SimEvent<unknown> {
  const b = env.buckets[k]!;
  const inst = env.instances[k]!;
  const data = env.gradient === null ? null : env.gradient.subarray(b.lo, b.hi);
  const proc = env.sim.process(
    (function* (): ProcessGenerator<void> {
      if (previous !== null) yield previous;
      yield* inst.join(env.rank, { values: b.hi - b.lo, bytesPerValue: b.bytesPerValue, data });
    })(),
    `${env.label}/bucket${k}@${env.node}`,
  );
  // The node's step waits on it; if that step already failed (its node failed), nobody will.
  proc.defused = true;
  return proc;
}

/** A step's breakdown (design §7.3). */
export interface DpStepBreakdown {
  /** the busiest server's CPU time in the step (s) */
  computeMaxS: number;
  /** the least busy server's CPU time (s) */
  computeMinS: number;
  /** last collective end minus last backward end: communication backprop did not hide (s, ≥ 0) */
  commExposedS: number;
  /** mean over servers of the step time neither computing nor in exposed communication (s): waiting on stragglers */
  idleMeanS: number;
}

/**
 * The breakdown of a step from each server's phase times and CPU time.
 * @param stepS - the step's duration
 * @param times - per server, when it reached each phase
 * @param computeS - per server, its CPU busy time within the step
 */
export function dpBreakdown(stepS: number, times: readonly DpNodeTimes[], computeS: readonly number[]): DpStepBreakdown {
  const lastBack = Math.max(...times.map((x) => x.backEndS));
  const lastComm = Math.max(...times.map((x) => x.commEndS));
  const commExposedS = Math.max(0, lastComm - lastBack);
  const idle = computeS.map((c) => Math.max(0, stepS - c - commExposedS));
  return {
    computeMaxS: Math.max(...computeS),
    computeMinS: Math.min(...computeS),
    commExposedS,
    idleMeanS: idle.reduce((a, b) => a + b, 0) / idle.length,
  };
}
