/**
 * Ergodic rates: the mean of B·log2(1 + ρ|h|²/Γ) over the fading distribution, used for a transfer
 * step longer than the channel's coherence time (so a long transfer over fast fading costs few
 * events and stays right).
 * @module
 */
import { expint1, besselI0Scaled } from './special.js';

/**
 * E[log2(1 + ρ|h|²)] for Rayleigh fading (|h|² ~ Exp(1)): log2(e)·e^(1/ρ)·E1(1/ρ).
 * @param meanSnrLinear - mean SNR ρ (linear), ≥ 0
 */
export function rayleighErgodicSpectralEfficiency(meanSnrLinear: number): number {
  if (meanSnrLinear <= 0) return 0;
  const x = 1 / meanSnrLinear;
  if (x > 700) return meanSnrLinear * Math.LOG2E; // e^x overflows; log2(1+ρy) ≈ ρy·log2 e for tiny ρ
  return Math.LOG2E * Math.exp(x) * expint1(x);
}

/**
 * E[log2(1 + ρ|h|²)] for Rician fading with K-factor K (mean |h|² = 1), by Simpson quadrature of
 * the non-central χ² density f(x) = (K+1)e^(−K−(K+1)x)·I0(2√(K(K+1)x)) on a range holding all but a
 * negligible tail; K = 0 is Rayleigh.
 * @param meanSnrLinear - mean SNR ρ (linear)
 * @param kFactor - Rician K (linear), ≥ 0
 */
export function ricianErgodicSpectralEfficiency(meanSnrLinear: number, kFactor: number): number {
  if (kFactor === 0) return rayleighErgodicSpectralEfficiency(meanSnrLinear);
  if (meanSnrLinear <= 0) return 0;
  const k = kFactor;
  const density = (x: number): number => {
    if (x === 0) return (k + 1) * Math.exp(-k);
    const z = 2 * Math.sqrt(k * (k + 1) * x);
    // (K+1)·e^(−K−(K+1)x)·I0(z), with I0 scaled to avoid overflow: I0(z) = e^z·I0s(z)
    return (k + 1) * Math.exp(z - k - (k + 1) * x) * besselI0Scaled(z);
  };
  // Mean 1, variance (2K+1)/(K+1)²: integrate to mean + 12 sd (+ a floor for small K).
  const upper = 1 + 12 * Math.sqrt(2 * k + 1) / (k + 1) + 8 / (k + 1);
  const n = 2000;
  const h = upper / n;
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    const x = i * h;
    const w = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
    sum += w * density(x) * Math.log2(1 + meanSnrLinear * x);
  }
  return (sum * h) / 3;
}
