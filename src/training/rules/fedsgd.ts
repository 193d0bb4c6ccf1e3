/**
 * FedSGD's server step (the seed's eqs. 1–2): the sample-weighted mean of the clients' full-batch
 * gradients, ḡ = Σ nₗ·gₗ / Σ nₗ, and a gradient step w ← w − η·ḡ. Nothing arrived leaves the model
 * as it is.
 * @module
 */
import { WeightedSum, gradientStep } from '../../learning/aggregate.js';
import type { SampledUpdate } from './fedavg.js';

/**
 * One FedSGD step.
 * @param global - the current global weights (not modified)
 * @param gradients - the arrived gradients
 * @param serverLearningRate - η
 * @returns the next global weights (a new array), or `global` when nothing arrived
 */
export function fedSgdStep(global: Float32Array, gradients: readonly SampledUpdate[], serverLearningRate: number): Float32Array {
  const sum = new WeightedSum(global.length);
  for (const u of gradients) sum.add(u.update, u.samples);
  return fedSgdFromSum(global, sum, serverLearningRate);
}

/**
 * FedSGD's step from a running sum of the gradients (Σ nₗ·gₗ, Σ nₗ) folded as they arrived:
 * w − η·Σ nₗ·gₗ / Σ nₗ, or `global` when nothing was added.
 * @param global - the current global weights (not modified)
 * @param sum - the running sum
 * @param serverLearningRate - η
 */
export function fedSgdFromSum(global: Float32Array, sum: WeightedSum, serverLearningRate: number): Float32Array {
  if (sum.count === 0) return global;
  return gradientStep(global, sum.mean(), serverLearningRate);
}
