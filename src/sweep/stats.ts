/**
 * Sample statistics of a sweep: mean, sample standard deviation and the two-sided 95% confidence
 * interval of the mean by Student's t, with the t quantile computed here by inverting the t
 * distribution's CDF, written with the regularized incomplete beta function
 * (Abramowitz & Stegun 26.7.1 and 26.5.8; the continued fraction of Numerical Recipes §6.4).
 * @module
 */

/** Coefficients of the Lanczos approximation (g = 7, n = 9) of the gamma function. */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/**
 * ln Γ(x) for x > 0 (Lanczos approximation, relative error below 1e-13).
 * @param x - a positive number
 */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The continued fraction of the incomplete beta function (modified Lentz; Numerical Recipes §6.4). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/**
 * The regularized incomplete beta function I_x(a, b).
 * @param x - in [0, 1]
 * @param a - positive
 * @param b - positive
 */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/**
 * The CDF of Student's t distribution with `df` degrees of freedom:
 * P(T ≤ t) = 1 − ½ I_{df/(df+t²)}(df/2, ½) for t ≥ 0 (A&S 26.7.1), symmetric below 0.
 * @param t - the value
 * @param df - degrees of freedom, positive
 */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * The p-quantile of Student's t distribution: the t with {@link studentTCdf}(t, df) = p, by
 * bisection to machine precision.
 * @param p - the probability, in (0, 1)
 * @param df - degrees of freedom, positive
 * @throws RangeError outside those ranges
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`expected a probability in (0, 1), got ${p}`);
  if (!(df > 0)) throw new RangeError(`expected positive degrees of freedom, got ${df}`);
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-14 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Statistics of one metric's samples. */
export interface SampleStats {
  /** how many samples */
  n: number;
  /** their mean, or null without any */
  mean: number | null;
  /** the sample standard deviation (divisor n − 1), or null with fewer than two */
  std: number | null;
  /** half the width of the 95% confidence interval of the mean, t_{0.975,n−1}·s/√n; null with fewer than two */
  ci95: number | null;
  /** mean − ci95, or null */
  ciLow: number | null;
  /** mean + ci95, or null */
  ciHigh: number | null;
}

/**
 * Mean, sample standard deviation and the two-sided 95% Student-t confidence interval of the mean.
 * @param samples - the values (in a fixed order, so the sums are deterministic)
 */
export function sampleStats(samples: readonly number[]): SampleStats {
  const n = samples.length;
  if (n === 0) return { n, mean: null, std: null, ci95: null, ciLow: null, ciHigh: null };
  const mean = samples.reduce((a, x) => a + x, 0) / n;
  if (n === 1) return { n, mean, std: null, ci95: null, ciLow: null, ciHigh: null };
  const std = Math.sqrt(samples.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const ci95 = (studentTQuantile(0.975, n - 1) * std) / Math.sqrt(n);
  return { n, mean, std, ci95, ciLow: mean - ci95, ciHigh: mean + ci95 };
}
