/**
 * The federated objective of softmax regression in plain float64 JavaScript (no TF.js), for the
 * optimality gap F(w_t) − F*: F(w) = (1/n) Σ_i CE(softmax(W x_i + b), y_i) + l2·‖w‖² over the
 * union of the clients' data (= the sample-weighted mean of their local losses), with ‖w‖² over
 * kernel and bias, in edgesim's flat order (kernel [dim × classes] row-major, then bias [classes]).
 * The cross-entropy uses a numerically stable log-sum-exp; TF.js's `lossOf` clips probabilities at
 * 1e-7 instead, which changes nothing while every true-class probability is ≥ 1e-7
 * ({@link SoftmaxObjective.minTrueClassProbability} checks it). See docs/objective.md.
 * @module
 */
import type { Dataset } from './dataset.js';

/** A weight vector the objectives read (edgesim's flat `Float32Array`, or float64). */
export type WeightVector = Float64Array | Float32Array;

/** A differentiable objective on flat weight vectors, as `minimiseObjective` needs it. */
export interface DifferentiableObjective {
  /** the number of weights */
  readonly dimension: number;
  /**
   * F(w).
   * @param w - the weights (`dimension` values)
   */
  value(w: WeightVector): number;
  /**
   * Writes ∇F(w) into `out` and returns F(w).
   * @param w - the weights (`dimension` values)
   * @param out - receives the gradient (`dimension` values)
   */
  gradient(w: WeightVector, out: Float64Array): number;
}

/** The softmax-regression objective of {@link softmaxObjective}. */
export interface SoftmaxObjective extends DifferentiableObjective {
  /** examples n (over all datasets given) */
  readonly examples: number;
  /** features per example */
  readonly features: number;
  /** classes */
  readonly classes: number;
  /** the L2 coefficient ρ of the term ρ·‖w‖² */
  readonly l2: number;
  /** the strong-convexity modulus μ = 2·ρ (the cross-entropy part is convex; ρ‖w‖² has Hessian 2ρI) */
  readonly strongConvexityModulus: number;
  /**
   * The smallest softmax probability of an example's own class at `w` (1 when there are no
   * examples). When it is ≥ 1e-7, TF.js's clipped loss equals F exactly (value and gradient).
   * @param w - the weights
   */
  minTrueClassProbability(w: WeightVector): number;
}

/** Nonzero features of every example, row by row (MNIST is ~80 % zeros). */
interface SparseRows {
  start: Int32Array;
  column: Int32Array;
  value: Float64Array;
  label: Int32Array;
}

function sparseRows(sets: readonly Dataset[], dim: number, classes: number): SparseRows {
  const n = sets.reduce((a, d) => a + d.n, 0);
  let nnz = 0;
  for (const d of sets) for (let k = 0; k < d.n * dim; k++) if (d.x[k] !== 0) nnz++;
  const start = new Int32Array(n + 1);
  const column = new Int32Array(nnz);
  const value = new Float64Array(nnz);
  const label = new Int32Array(n);
  let row = 0;
  let pos = 0;
  for (const d of sets) {
    for (let i = 0; i < d.n; i++, row++) {
      const y = d.y[i]!;
      if (!Number.isInteger(y) || y < 0 || y >= classes) throw new RangeError(`label ${y} of example ${row} is not a class in [0, ${classes})`);
      label[row] = y;
      start[row] = pos;
      for (let j = 0; j < dim; j++) {
        const v = d.x[i * dim + j]!;
        if (v !== 0) {
          column[pos] = j;
          value[pos++] = v;
        }
      }
    }
  }
  start[n] = pos;
  return { start, column, value, label };
}

/**
 * F(w) = (1/n) Σ_i CE(softmax(W x_i + b), y_i) + l2·‖w‖² for softmax regression on `data` (one
 * dataset, or the clients' datasets: their union, i.e. the sample-weighted mean of their local
 * objectives), in float64, O(n·dim·classes) per evaluation (O(nonzeros·classes) on sparse inputs).
 * Weights are in edgesim's flat order: kernel [dim × classes] row-major (index j·classes + c), then
 * bias [classes] — the order of `softmaxRegression`'s TF.js model.
 * @param data - the examples (labels integer classes in [0, classes)); several datasets must agree on dim and classes
 * @param l2 - the L2 coefficient ρ ≥ 0 (the model's `l2`, 1e-4 for `softmaxRegression`)
 * @throws RangeError on a label outside [0, classes), mismatched datasets or a negative l2
 */
export function softmaxObjective(data: Dataset | readonly Dataset[], l2: number): SoftmaxObjective {
  const sets: readonly Dataset[] = Array.isArray(data) ? data : [data as Dataset];
  if (sets.length === 0) throw new RangeError('softmaxObjective needs at least one dataset');
  const { dim, classes } = sets[0]!;
  for (const d of sets) if (d.dim !== dim || d.classes !== classes) throw new RangeError(`datasets disagree: ${d.dim}×${d.classes} vs ${dim}×${classes}`);
  if (!(l2 >= 0)) throw new RangeError(`l2 must be ≥ 0, got ${l2}`);
  const rows = sparseRows(sets, dim, classes);
  const n = rows.label.length;
  const dimension = dim * classes + classes;
  const biasOffset = dim * classes;
  const weights = new Float64Array(dimension); // a monomorphic float64 copy of the caller's vector
  const logits = new Float64Array(classes);

  const load = (w: WeightVector): void => {
    if (w.length !== dimension) throw new RangeError(`weight vector of ${w.length} values for an objective of ${dimension}`);
    weights.set(w);
  };

  // The inner loops take classes in blocks of 5 held in locals (2–2.5× faster than a loop over
  // classes per nonzero feature, measured on MNIST); the remaining classes one at a time.
  /** Logits of example i into `logits`; returns their log-sum-exp (stable: shifted by the max). */
  const forward = (i: number): number => {
    const { start, column, value } = rows;
    const first = start[i]!;
    const end = start[i + 1]!;
    let c0 = 0;
    for (; c0 + 5 <= classes; c0 += 5) {
      let z0 = weights[biasOffset + c0]!;
      let z1 = weights[biasOffset + c0 + 1]!;
      let z2 = weights[biasOffset + c0 + 2]!;
      let z3 = weights[biasOffset + c0 + 3]!;
      let z4 = weights[biasOffset + c0 + 4]!;
      for (let k = first; k < end; k++) {
        const v = value[k]!;
        const base = column[k]! * classes + c0;
        z0 += v * weights[base]!;
        z1 += v * weights[base + 1]!;
        z2 += v * weights[base + 2]!;
        z3 += v * weights[base + 3]!;
        z4 += v * weights[base + 4]!;
      }
      logits[c0] = z0;
      logits[c0 + 1] = z1;
      logits[c0 + 2] = z2;
      logits[c0 + 3] = z3;
      logits[c0 + 4] = z4;
    }
    for (; c0 < classes; c0++) {
      let z = weights[biasOffset + c0]!;
      for (let k = first; k < end; k++) z += value[k]! * weights[column[k]! * classes + c0]!;
      logits[c0] = z;
    }
    let max = -Infinity;
    for (let c = 0; c < classes; c++) if (logits[c]! > max) max = logits[c]!;
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[c]! - max);
    return max + Math.log(sum);
  };

  /** Adds x_i ⊗ r (r = the residual in `logits`) to the kernel part of `out`, and r to its bias. */
  const backward = (i: number, out: Float64Array): void => {
    const { start, column, value } = rows;
    const first = start[i]!;
    const end = start[i + 1]!;
    for (let c = 0; c < classes; c++) out[biasOffset + c] += logits[c]!;
    let c0 = 0;
    for (; c0 + 5 <= classes; c0 += 5) {
      const r0 = logits[c0]!;
      const r1 = logits[c0 + 1]!;
      const r2 = logits[c0 + 2]!;
      const r3 = logits[c0 + 3]!;
      const r4 = logits[c0 + 4]!;
      for (let k = first; k < end; k++) {
        const v = value[k]!;
        const base = column[k]! * classes + c0;
        out[base] += v * r0;
        out[base + 1] += v * r1;
        out[base + 2] += v * r2;
        out[base + 3] += v * r3;
        out[base + 4] += v * r4;
      }
    }
    for (; c0 < classes; c0++) {
      const r = logits[c0]!;
      for (let k = first; k < end; k++) out[column[k]! * classes + c0] += value[k]! * r;
    }
  };

  /** Mean cross-entropy plus the L2 term, and (when `out` is given) the gradient into `out`. */
  const evaluate = (out: Float64Array | undefined): number => {
    const label = rows.label;
    let ce = 0;
    if (out !== undefined) out.fill(0);
    for (let i = 0; i < n; i++) {
      const lse = forward(i);
      const y = label[i]!;
      ce += lse - logits[y]!;
      if (out === undefined) continue;
      // the residual p_c − [c = y], kept in `logits`
      for (let c = 0; c < classes; c++) logits[c] = Math.exp(logits[c]! - lse) - (c === y ? 1 : 0);
      backward(i, out);
    }
    let squares = 0;
    for (let k = 0; k < dimension; k++) squares += weights[k]! * weights[k]!;
    if (out !== undefined) {
      const scale = n > 0 ? 1 / n : 0;
      for (let k = 0; k < dimension; k++) out[k] = out[k]! * scale + 2 * l2 * weights[k]!;
    }
    return (n > 0 ? ce / n : 0) + l2 * squares;
  };

  return {
    dimension,
    examples: n,
    features: dim,
    classes,
    l2,
    strongConvexityModulus: 2 * l2,
    value(w) {
      load(w);
      return evaluate(undefined);
    },
    gradient(w, out) {
      if (out.length !== dimension) throw new RangeError(`gradient buffer of ${out.length} values for an objective of ${dimension}`);
      load(w);
      return evaluate(out);
    },
    minTrueClassProbability(w) {
      load(w);
      let min = 1;
      for (let i = 0; i < n; i++) {
        const lse = forward(i);
        min = Math.min(min, Math.exp(logits[rows.label[i]!]! - lse));
      }
      return min;
    },
  };
}
