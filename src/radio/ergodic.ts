/**
 * Ergodic rates: the mean of B·min(log2(1 + ρ|h|²/Γ), c) over the fading distribution, used when a
 * rate is used for longer than the channel's coherence time (so a long transfer over fast fading
 * costs few events and stays right). The cap c is the modulation-and-coding limit
 * (`radio.maxSpectralEfficiencyBpsPerHz`); `null` is pure Shannon.
 * @module
 */
import { expint1Scaled, besselI0Scaled } from './special.js';

/**
 * min(log2(1 + x), cap): the spectral efficiency at SINR x (already divided by the gap Γ).
 * @param sinrLinear - SINR/Γ (linear), ≥ 0
 * @param capBpsPerHz - the cap (bit/s/Hz), or null for none
 */
export function cappedSpectralEfficiency(sinrLinear: number, capBpsPerHz: number | null): number {
  const se = Math.log2(1 + sinrLinear);
  return capBpsPerHz === null ? se : Math.min(se, capBpsPerHz);
}

/**
 * E[min(log2(1 + ρ|h|²), c)] for Rayleigh fading (|h|² ~ Exp(1)). Uncapped:
 * log2(e)·e^(1/ρ)·E1(1/ρ). Capped, with a = (2^c − 1)/ρ the |h|² at which the cap is reached,
 * integrating ∫₀^a ln(1 + ρx)·e^(−x) dx by parts and adding c·P(|h|² > a) = c·e^(−a):
 * log2(e)·e^(1/ρ)·[E1(1/ρ) − E1(2^c/ρ)], computed as
 * log2(e)·[ẽ(1/ρ) − e^(−a)·ẽ(2^c/ρ)] with ẽ(x) = e^x·E1(x).
 * @param meanSnrLinear - mean SINR ρ (linear, already divided by the gap Γ), ≥ 0
 * @param capBpsPerHz - the cap c (bit/s/Hz), or null for none (default)
 */
export function rayleighErgodicSpectralEfficiency(meanSnrLinear: number, capBpsPerHz: number | null = null): number {
  if (!(meanSnrLinear > 0)) return 0;
  const x = 1 / meanSnrLinear;
  const e1 = expint1Scaled(x); // once: the capped form uses it too
  if (capBpsPerHz === null) return Math.LOG2E * e1;
  const a = (2 ** capBpsPerHz - 1) * x;
  return Math.LOG2E * (e1 - Math.exp(-a) * expint1Scaled(2 ** capBpsPerHz * x));
}

/** Simpson's rule of `f` on [a, b] with `n` (even) panels. */
function simpson(f: (x: number) => number, a: number, b: number, n: number): number {
  if (!(b > a)) return 0;
  const h = (b - a) / n;
  let sum = 0;
  for (let i = 0; i <= n; i++) sum += (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}

/**
 * E[min(log2(1 + ρ|h|²), c)] for Rician fading with K-factor K (mean |h|² = 1), by Simpson
 * quadrature of the non-central χ² density f(x) = (K+1)e^(−K−(K+1)x)·I0(2√(K(K+1)x)) on a range
 * holding all but a negligible tail, split where the cap is reached (x = (2^c − 1)/ρ) so the kink
 * is a panel edge; K = 0 is Rayleigh.
 * @param meanSnrLinear - mean SINR ρ (linear, already divided by the gap Γ)
 * @param kFactor - Rician K (linear), ≥ 0
 * @param capBpsPerHz - the cap c (bit/s/Hz), or null for none (default)
 */
export function ricianErgodicSpectralEfficiency(meanSnrLinear: number, kFactor: number, capBpsPerHz: number | null = null): number {
  if (kFactor === 0) return rayleighErgodicSpectralEfficiency(meanSnrLinear, capBpsPerHz);
  if (!(meanSnrLinear > 0)) return 0;
  const k = kFactor;
  const density = (x: number): number => {
    if (x === 0) return (k + 1) * Math.exp(-k);
    const z = 2 * Math.sqrt(k * (k + 1) * x);
    // (K+1)·e^(−K−(K+1)x)·I0(z), with I0 scaled to avoid overflow: I0(z) = e^z·I0s(z)
    return (k + 1) * Math.exp(z - k - (k + 1) * x) * besselI0Scaled(z);
  };
  // Mean 1, variance (2K+1)/(K+1)²: integrate to mean + 12 sd (+ a floor for small K).
  const upper = 1 + (12 * Math.sqrt(2 * k + 1)) / (k + 1) + 8 / (k + 1);
  const kink = capBpsPerHz === null ? Infinity : (2 ** capBpsPerHz - 1) / meanSnrLinear;
  const logPart = simpson((x) => density(x) * Math.log2(1 + meanSnrLinear * x), 0, Math.min(kink, upper), 2000);
  const capPart = kink < upper ? capBpsPerHz! * simpson(density, kink, upper, 2000) : 0;
  return logPart + capPart;
}
