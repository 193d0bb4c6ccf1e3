/**
 * F* for the optimality gap: L-BFGS (two-loop recursion, memory 10) with a line search satisfying
 * the strong Wolfe conditions (Nocedal & Wright, Numerical Optimization, 2nd ed., Alg. 7.4, 3.5,
 * 3.6), and the certified lower bound F* ≥ F(w) − ‖∇F(w)‖²/(2μ) of a μ-strongly convex F.
 * See docs/objective.md.
 * @module
 */
import type { DifferentiableObjective, WeightVector } from './objective.js';

/** Options of {@link minimiseObjective}. */
export interface MinimiseOptions {
  /** stop when ‖∇F‖ ≤ this (absolute); default: `relativeGradientTolerance`·max(1, |F|) */
  gradientTolerance?: number;
  /** the relative rule used when `gradientTolerance` is not given; default 1e-7 */
  relativeGradientTolerance?: number;
  /** stop after this many iterations (line searches); default 10 000 */
  maxIterations?: number;
  /** L-BFGS memory: correction pairs kept; default 10 */
  memory?: number;
  /** function evaluations allowed per line search; default 40 */
  maxLineSearchEvaluations?: number;
}

/** Why {@link minimiseObjective} stopped. */
export type MinimiseStop = 'gradient' | 'maxIterations' | 'lineSearch';

/** What {@link minimiseObjective} returns. */
export interface MinimiseResult {
  /** the last iterate (the best point found) */
  w: Float64Array;
  /** F(w) */
  value: number;
  /** ‖∇F(w)‖ (Euclidean) */
  gradientNorm: number;
  /** iterations (line searches) taken */
  iterations: number;
  /** objective evaluations (value and gradient together) */
  evaluations: number;
  /** why it stopped: `gradient` (converged), `maxIterations`, or `lineSearch` (no decrease found: rounding level reached) */
  stop: MinimiseStop;
}

const C1 = 1e-4; // sufficient decrease (Armijo)
const C2 = 0.9; // curvature (strong Wolfe), the usual quasi-Newton choice

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}

/** The minimiser of the cubic through (a, fa, da) and (b, fb, db), or NaN. */
function cubicMinimiser(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  if (!(disc >= 0)) return NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - ((b - a) * (db + d2 - d1)) / (db - da + 2 * d2);
}

interface Trial {
  step: number;
  value: number;
  slope: number;
}

/**
 * Line search along `d` from `x` (value f0, slope dg0 < 0) for a step satisfying the strong Wolfe
 * conditions (Nocedal & Wright Alg. 3.5 with zoom, Alg. 3.6, cubic interpolation) or, where F's
 * change is at its rounding level (|φ(α) − φ(0)| ≤ 1e-12·(1 + |φ(0)|)) and values no longer
 * compare, the approximate Wolfe conditions of Hager & Zhang (SIAM J. Optim. 16(1), 2005):
 * σφ′(0) ≤ φ′(α) ≤ (2δ − 1)φ′(0), which use slopes only. The accepted point, its value and
 * gradient are left in `xNew`, `gNew` and the result; null when no step passed within `maxEvals`.
 */
function wolfeLineSearch(f: DifferentiableObjective, x: Float64Array, d: Float64Array, f0: number, dg0: number, step0: number, xNew: Float64Array, gNew: Float64Array, maxEvals: number, count: () => void): Trial | null {
  const at = (step: number): Trial => {
    for (let k = 0; k < x.length; k++) xNew[k] = x[k]! + step * d[k]!;
    let value = f.gradient(xNew, gNew);
    count();
    if (!Number.isFinite(value)) value = Infinity;
    return { step, value, slope: dot(gNew, d) };
  };
  const roundingLevel = 1e-12 * (1 + Math.abs(f0));
  const flat = (t: Trial): boolean => Math.abs(t.value - f0) <= roundingLevel;
  const sufficient = (t: Trial): boolean => t.value <= f0 + C1 * t.step * dg0 || flat(t);
  const accept = (t: Trial): boolean => (t.value <= f0 + C1 * t.step * dg0 && Math.abs(t.slope) <= -C2 * dg0) || (flat(t) && t.slope >= C2 * dg0 && t.slope <= (2 * C1 - 1) * dg0);
  const notLower = (t: Trial, than: Trial): boolean => t.value >= than.value && !flat(t);
  const zoom = (lo: Trial, hi: Trial, evals: number): Trial | null => {
    for (; evals < maxEvals; evals++) {
      const width = hi.step - lo.step;
      let step = cubicMinimiser(lo.step, lo.value, lo.slope, hi.step, hi.value, hi.slope);
      const min = Math.min(lo.step, hi.step) + 0.1 * Math.abs(width);
      const max = Math.max(lo.step, hi.step) - 0.1 * Math.abs(width);
      if (!Number.isFinite(step) || step < min || step > max) step = lo.step + 0.5 * width;
      if (step === lo.step || step === hi.step) return null; // the interval has collapsed to rounding
      const t = at(step);
      if (accept(t)) return t;
      if (!sufficient(t) || notLower(t, lo)) hi = t;
      else {
        if (t.slope * width >= 0) hi = lo;
        lo = t;
      }
    }
    return null;
  };
  let prev: Trial = { step: 0, value: f0, slope: dg0 };
  let step = step0;
  for (let evals = 1; evals <= maxEvals; evals++) {
    const t = at(step);
    if (accept(t)) return t;
    if (!sufficient(t) || (evals > 1 && notLower(t, prev))) return zoom(prev, t, evals);
    if (t.slope >= 0) return zoom(t, prev, evals);
    prev = t;
    step *= 4;
  }
  return null;
}

/**
 * Minimises a smooth objective with L-BFGS and a strong Wolfe line search, from `w0`, until
 * ‖∇F‖ ≤ the tolerance, `maxIterations`, or a line search finds no decrease (F has reached its
 * rounding level). On a strongly convex F the result's value and gradient norm bound F*: see
 * {@link certifiedLowerBound}.
 * @param objective - F and its gradient
 * @param w0 - the starting point (not modified)
 * @param options - tolerance, iterations, memory
 * @returns the last iterate, F and ‖∇F‖ there, iterations, evaluations and why it stopped
 */
export function minimiseObjective(objective: DifferentiableObjective, w0: WeightVector, options: MinimiseOptions = {}): MinimiseResult {
  const n = objective.dimension;
  if (w0.length !== n) throw new RangeError(`starting point of ${w0.length} values for an objective of ${n}`);
  const memory = Math.max(1, Math.floor(options.memory ?? 10));
  const maxIterations = options.maxIterations ?? 10_000;
  const maxEvals = options.maxLineSearchEvaluations ?? 40;
  const relative = options.relativeGradientTolerance ?? 1e-7;
  const tolerance = (value: number): number => options.gradientTolerance ?? relative * Math.max(1, Math.abs(value));

  let x = Float64Array.from(w0);
  let g = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  const d = new Float64Array(n);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(memory);
  let evaluations = 1;
  let value = objective.gradient(x, g);
  let gradientNorm = Math.sqrt(dot(g, g));
  let iterations = 0;
  let stop: MinimiseStop = 'maxIterations';

  while (true) {
    if (gradientNorm <= tolerance(value)) {
      stop = 'gradient';
      break;
    }
    if (iterations >= maxIterations) break;
    // Two-loop recursion: d = −H g, H0 = γI with γ = sᵀy/yᵀy of the newest pair.
    for (let k = 0; k < n; k++) d[k] = -g[k]!;
    for (let m = s.length - 1; m >= 0; m--) {
      alpha[m] = rho[m]! * dot(s[m]!, d);
      const ym = y[m]!;
      for (let k = 0; k < n; k++) d[k] -= alpha[m]! * ym[k]!;
    }
    if (s.length > 0) {
      const last = s.length - 1;
      const gamma = dot(s[last]!, y[last]!) / dot(y[last]!, y[last]!);
      for (let k = 0; k < n; k++) d[k] *= gamma;
    }
    for (let m = 0; m < s.length; m++) {
      const ym = y[m]!;
      const sm = s[m]!;
      const beta = rho[m]! * dot(ym, d);
      for (let k = 0; k < n; k++) d[k] += (alpha[m]! - beta) * sm[k]!;
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // not a descent direction (rounding): restart from steepest descent
      s.length = y.length = rho.length = 0;
      for (let k = 0; k < n; k++) d[k] = -g[k]!;
      slope = -gradientNorm * gradientNorm;
    }
    const step0 = s.length === 0 ? Math.min(1, 1 / gradientNorm) : 1;
    const accepted = wolfeLineSearch(objective, x, d, value, slope, step0, xNew, gNew, maxEvals, () => evaluations++);
    iterations++;
    if (accepted === null) {
      stop = 'lineSearch';
      break;
    }
    const sNew = new Float64Array(n);
    const yNew = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      sNew[k] = xNew[k]! - x[k]!;
      yNew[k] = gNew[k]! - g[k]!;
    }
    const sy = dot(sNew, yNew);
    // Wolfe steps give sᵀy > 0; skip a pair whose curvature is lost in rounding
    if (sy > 1e-12 * Math.sqrt(dot(sNew, sNew) * dot(yNew, yNew))) {
      s.push(sNew);
      y.push(yNew);
      rho.push(1 / sy);
      if (s.length > memory) {
        s.shift();
        y.shift();
        rho.shift();
      }
    }
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    value = accepted.value;
    gradientNorm = Math.sqrt(dot(g, g));
  }
  return { w: x, value, gradientNorm, iterations, evaluations, stop };
}

/**
 * The certified lower bound on F* of a μ-strongly convex F (or one satisfying the
 * Polyak–Łojasiewicz inequality with μ): F* ≥ F(w) − ‖∇F(w)‖²/(2μ), so F* lies in
 * [lower, F(w)]. For `softmaxObjective` μ = 2·l2 (its `strongConvexityModulus`).
 * @param value - F(w)
 * @param gradientNorm - ‖∇F(w)‖
 * @param mu - the strong-convexity (PL) modulus μ > 0
 * @throws RangeError when μ ≤ 0
 */
export function certifiedLowerBound(value: number, gradientNorm: number, mu: number): number {
  if (!(mu > 0)) throw new RangeError(`the strong-convexity modulus must be > 0, got ${mu}`);
  return value - (gradientNorm * gradientNorm) / (2 * mu);
}
