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
 * A running weighted sum Σ wₗ·vₗ and Σ wₗ in double precision, folded one contribution at a time:
 * an aggregator that adds updates as they arrive holds one accumulator (8 bytes a parameter) and no
 * update, so its memory is O(parameters) whatever the number of clients. Adding the same
 * contributions in the same order gives bit-for-bit what {@link weightedMean} gives (it is built on
 * this); another order changes only the double-precision rounding of the sum (relative 1e-16 per
 * addition), far below the float32 rounding of the result.
 */
export class WeightedSum {
  private acc: Float64Array | undefined;
  private totalWeight = 0;
  private added = 0;

  /** @param length - the vectors' length, or undefined to take it from the first one added */
  constructor(private length?: number) {}

  /** Contributions added so far. */
  get count(): number {
    return this.added;
  }

  /** Σ wₗ so far. */
  get weight(): number {
    return this.totalWeight;
  }

  /**
   * Adds w·v to the sum; `vector` is read now and not kept (the caller may reuse or drop it).
   * @param vector - the contribution, as long as the others
   * @param weight - w ≥ 0
   */
  add(vector: Float32Array, weight: number): void {
    const n = this.length ?? vector.length;
    if (vector.length !== n) throw new RangeError(`vectors differ in length: ${vector.length} vs ${n}`);
    if (!(weight >= 0)) throw new RangeError(`weights must be ≥ 0, got ${weight}`);
    this.length = n;
    const acc = (this.acc ??= new Float64Array(n));
    this.totalWeight += weight;
    this.added++;
    for (let i = 0; i < n; i++) acc[i]! += weight * vector[i]!;
  }

  /** The sum Σ wₗ·vₗ itself (double precision; shared, not a copy), or undefined when nothing was added. */
  get sum(): Float64Array | undefined {
    return this.acc;
  }

  /**
   * The weighted mean Σ wₗ·vₗ / Σ wₗ, rounded to float32.
   * @throws RangeError when nothing was added or the weights sum to 0
   */
  mean(): Float32Array {
    const acc = this.acc;
    if (acc === undefined) throw new RangeError('nothing to average');
    const total = this.totalWeight;
    if (!(total > 0)) throw new RangeError('the weights sum to 0');
    const out = new Float32Array(acc.length);
    for (let i = 0; i < acc.length; i++) out[i] = acc[i]! / total;
    return out;
  }
}

/**
 * The weighted mean Σ wₗ·vₗ / Σ wₗ (FedAvg's model averaging; FedSGD's gradient averaging),
 * accumulated in double precision in the order given (a {@link WeightedSum}).
 * @param parts - contributions, all of the same length; at least one with positive weight
 */
export function weightedMean(parts: readonly WeightedVector[]): Float32Array {
  if (parts.length === 0) throw new RangeError('nothing to average');
  const sum = new WeightedSum(parts[0]!.vector.length);
  for (const p of parts) sum.add(p.vector, p.weight);
  return sum.mean();
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
