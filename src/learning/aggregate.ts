/**
 * Aggregation math on flat weight vectors (no TF.js): the weighted mean of FedAvg and the gradient
 * step of FedSGD.
 * @module
 */

/** One client's contribution. */
export interface WeightedVector {
  /** weights, or a gradient */
  vector: Float32Array;
  /** its weight (samples |D_l|) */
  weight: number;
}

/**
 * The weighted mean Σ wₗ·vₗ / Σ wₗ (FedAvg's model averaging; FedSGD's gradient averaging),
 * accumulated in double precision.
 * @param parts - contributions, all of the same length; at least one with positive weight
 */
export function weightedMean(parts: readonly WeightedVector[]): Float32Array {
  if (parts.length === 0) throw new RangeError('nothing to average');
  const n = parts[0]!.vector.length;
  const acc = new Float64Array(n);
  let total = 0;
  for (const p of parts) {
    if (p.vector.length !== n) throw new RangeError(`vectors differ in length: ${p.vector.length} vs ${n}`);
    if (!(p.weight >= 0)) throw new RangeError(`weights must be ≥ 0, got ${p.weight}`);
    total += p.weight;
    for (let i = 0; i < n; i++) acc[i]! += p.weight * p.vector[i]!;
  }
  if (!(total > 0)) throw new RangeError('the weights sum to 0');
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = acc[i]! / total;
  return out;
}

/**
 * A gradient step w ← w − η·g.
 * @param weights - current weights (not modified)
 * @param gradient - the (averaged) gradient
 * @param learningRate - η > 0
 */
export function gradientStep(weights: Float32Array, gradient: Float32Array, learningRate: number): Float32Array {
  if (weights.length !== gradient.length) throw new RangeError(`weights and gradient differ in length: ${weights.length} vs ${gradient.length}`);
  const out = new Float32Array(weights.length);
  for (let i = 0; i < weights.length; i++) out[i] = weights[i]! - learningRate * gradient[i]!;
  return out;
}
