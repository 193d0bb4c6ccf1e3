/**
 * FedSGD's server step (the seed's eqs. 1–2): the sample-weighted mean of the clients' full-batch
 * gradients, ḡ = Σ nₗ·gₗ / Σ nₗ, and a gradient step w ← w − η·ḡ. Nothing arrived leaves the model
 * as it is.
 * @module
 */
import { weightedMean, gradientStep } from '../../learning/aggregate.js';
import type { SampledUpdate } from './fedavg.js';

/**
 * One FedSGD step.
 * @param global - the current global weights (not modified)
 * @param gradients - the arrived gradients
 * @param serverLearningRate - η
 * @returns the next global weights (a new array), or `global` when nothing arrived
 */
export function fedSgdStep(global: Float32Array, gradients: readonly SampledUpdate[], serverLearningRate: number): Float32Array {
  if (gradients.length === 0) return global;
  return gradientStep(global, weightedMean(gradients.map((u) => ({ vector: u.update, weight: u.samples }))), serverLearningRate);
}
