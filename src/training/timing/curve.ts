/**
 * The learning curve of timing-only mode: test accuracy and loss as functions of training progress,
 * `y(k) = a + b·(k + 1)^(−d)` (a power law in the updates aggregated so far, `k`; `a` is the
 * asymptote, `a + b` the value before training). Fitted by least squares with variable projection:
 * for a fixed exponent `d` the best `a` and `b` are a linear least-squares solution in closed form,
 * so only `d` is searched (a log-spaced scan, then golden-section refinement of the best bracket).
 * @module
 */

/** A fitted power-law curve `y(k) = a + b·(k + 1)^(−d)`. */
export interface PowerCurve {
  /** the asymptote (k → ∞) */
  a: number;
  /** the amplitude: y(0) = a + b (negative for a rising accuracy) */
  b: number;
  /** the decay exponent (> 0) */
  d: number;
}

/** One observation of a curve: progress and value. */
export interface LearningCurvePoint {
  /** training progress (updates aggregated so far) */
  progress: number;
  /** the observed value (accuracy or loss) */
  value: number;
}

/** A fit and its residual. */
export interface CurveFit {
  /** the curve */
  curve: PowerCurve;
  /** root-mean-square residual over the points */
  rmse: number;
}

/** Smallest and largest exponent searched. */
const D_MIN = 1e-3;
const D_MAX = 10;
/** Log-spaced exponents in the first scan. */
const SCAN = 200;
/** Golden-section iterations (the bracket shrinks by 0.618 each: 100 reach double precision). */
const GOLDEN_ITERATIONS = 100;

/** The curve's value at progress `k`. */
export function curveAt(c: PowerCurve, k: number): number {
  return c.a + c.b * Math.pow(k + 1, -c.d);
}

/** For a fixed exponent: the least-squares a, b and the sum of squared residuals. */
function solveLinear(points: readonly LearningCurvePoint[], d: number): { a: number; b: number; sse: number } {
  const n = points.length;
  let sg = 0;
  let sgg = 0;
  let sy = 0;
  let sgy = 0;
  for (const p of points) {
    const g = Math.pow(p.progress + 1, -d);
    sg += g;
    sgg += g * g;
    sy += p.value;
    sgy += g * p.value;
  }
  const det = n * sgg - sg * sg;
  // All points at one progress (g constant): the curve is flat at their mean.
  const b = Math.abs(det) < 1e-300 ? 0 : (n * sgy - sg * sy) / det;
  const a = (sy - b * sg) / n;
  let sse = 0;
  for (const p of points) {
    const r = p.value - (a + b * Math.pow(p.progress + 1, -d));
    sse += r * r;
  }
  return { a, b, sse };
}

/**
 * Fits `y(k) = a + b·(k + 1)^(−d)` to points by least squares.
 * @param points - at least one observation (progress ≥ 0)
 * @throws Error without points
 */
export function fitPowerCurve(points: readonly LearningCurvePoint[]): CurveFit {
  if (points.length === 0) throw new Error('a learning curve needs at least one evaluation');
  const lo = Math.log(D_MIN);
  const hi = Math.log(D_MAX);
  const at = (i: number): number => Math.exp(lo + ((hi - lo) * i) / (SCAN - 1));
  let best = 0;
  let bestSse = Infinity;
  for (let i = 0; i < SCAN; i++) {
    const s = solveLinear(points, at(i)).sse;
    if (s < bestSse) {
      bestSse = s;
      best = i;
    }
  }
  // Refine on log d within the neighbours of the best scanned exponent.
  let x0 = Math.log(at(Math.max(0, best - 1)));
  let x1 = Math.log(at(Math.min(SCAN - 1, best + 1)));
  const phi = (Math.sqrt(5) - 1) / 2;
  const f = (x: number): number => solveLinear(points, Math.exp(x)).sse;
  let c = x1 - phi * (x1 - x0);
  let e = x0 + phi * (x1 - x0);
  let fc = f(c);
  let fe = f(e);
  for (let i = 0; i < GOLDEN_ITERATIONS && x1 - x0 > 1e-15; i++) {
    if (fc < fe) {
      x1 = e;
      e = c;
      fe = fc;
      c = x1 - phi * (x1 - x0);
      fc = f(c);
    } else {
      x0 = c;
      c = e;
      fc = fe;
      e = x0 + phi * (x1 - x0);
      fe = f(e);
    }
  }
  const d = Math.exp((x0 + x1) / 2);
  const { a, b, sse } = solveLinear(points, d);
  return { curve: { a, b, d }, rmse: Math.sqrt(sse / points.length) };
}
