/**
 * FedAvg's server step (McMahan et al. 2017): the global model moves by the sample-weighted mean
 * of the clients' weight changes, w ← w + Σ nₗ·Δₗ / Σ nₗ. Failures change nothing (they are
 * passed explicitly so a wrapper rule can use them); nothing arrived leaves the model as it is.
 * @module
 */
import { WeightedSum } from '../../learning/aggregate.js';

/** An update that arrived: a weight change (FedAvg) or a gradient (FedSGD) and its client's examples. */
export interface SampledUpdate {
  /** the decoded update */
  update: Float32Array;
  /** its client's local examples */
  samples: number;
}

/**
 * One FedAvg step.
 * @param global - the current global weights (not modified)
 * @param updates - the arrived weight changes
 * @returns the next global weights (a new array), or `global` when nothing arrived
 */
export function fedAvgStep(global: Float32Array, updates: readonly SampledUpdate[]): Float32Array {
  const sum = new WeightedSum(global.length);
  for (const u of updates) sum.add(u.update, u.samples);
  return fedAvgFromSum(global, sum);
}

/**
 * FedAvg's step from a running sum of the weight changes (Σ nₗ·Δₗ, Σ nₗ) folded as they arrived:
 * w + Σ nₗ·Δₗ / Σ nₗ, or `global` when nothing was added.
 * @param global - the current global weights (not modified)
 * @param sum - the running sum
 */
export function fedAvgFromSum(global: Float32Array, sum: WeightedSum): Float32Array {
  if (sum.count === 0) return global;
  const avg = sum.mean();
  const next = new Float32Array(global.length);
  for (let i = 0; i < next.length; i++) next[i] = global[i]! + avg[i]!;
  return next;
}
