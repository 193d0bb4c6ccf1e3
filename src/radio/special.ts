/**
 * Special functions the radio models need: the exponential integral E1 (and e^x·E1) and the
 * modified Bessel function I0.
 * @module
 */

const EULER_GAMMA = 0.5772156649015329;

/**
 * The exponential integral E1(x) = ∫ₓ^∞ e^(−t)/t dt for x > 0: its power series below 1, a
 * continued fraction (modified Lentz) above; relative error below 1e-14.
 * @param x - argument, > 0
 */
export function expint1(x: number): number {
  if (!(x > 0)) throw new RangeError(`E1 needs x > 0, got ${x}`);
  return x <= 1 ? expint1Series(x) : expint1Fraction(x) * Math.exp(-x);
}

/**
 * e^x·E1(x) for x > 0, without the overflow of e^x for large x (≈ 1/x − 1/x² + … there).
 * @param x - argument, > 0
 */
export function expint1Scaled(x: number): number {
  if (!(x > 0)) throw new RangeError(`E1 needs x > 0, got ${x}`);
  if (x > 1e8) return (1 - 1 / x) / x; // the continued fraction's first terms; relative error < 2/x²
  return x <= 1 ? Math.exp(x) * expint1Series(x) : expint1Fraction(x);
}

/** E1(x) = −γ − ln x − Σ_{k≥1} (−x)^k / (k·k!), for 0 < x ≤ 1. */
function expint1Series(x: number): number {
  let sum = 0;
  let term = 1;
  for (let k = 1; k < 100; k++) {
    term *= -x / k;
    const add = term / k;
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return -EULER_GAMMA - Math.log(x) - sum;
}

/** e^x·E1(x) = 1/(x + 1 − 1/(x + 3 − 4/(x + 5 − …))) for x > 1 (modified Lentz). */
function expint1Fraction(x: number): number {
  const tiny = 1e-300;
  let b = x + 1;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 300; i++) {
    const a = -i * i;
    b += 2;
    d = 1 / (a * d + b);
    c = b + a / c;
    const del = c * d;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/**
 * The modified Bessel function of the first kind, order 0, scaled: e^(−x)·I0(x) for x ≥ 0 (series
 * below 15, the asymptotic expansion above); relative error below 1e-12.
 * @param x - argument, ≥ 0
 */
export function besselI0Scaled(x: number): number {
  if (x < 15) {
    let sum = 1;
    let term = 1;
    const q = (x * x) / 4;
    for (let k = 1; k < 200; k++) {
      term *= q / (k * k);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return sum * Math.exp(-x);
  }
  // I0(x) ~ e^x/√(2πx) · Σ ((2k−1)!!)² / (k!·(8x)^k)
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 30; k++) {
    term *= ((2 * k - 1) ** 2) / (k * 8 * x);
    sum += term;
    if (term < 1e-16 * sum) break;
  }
  return sum / Math.sqrt(2 * Math.PI * x);
}
