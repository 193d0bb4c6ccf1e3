/**
 * Log-normal shadowing, correlated in space (Gudmundson 1991): along the distance s the link's ends
 * have travelled, S(s + δ) = R·S(s) + √(1 − R²)·σ·N(0, 1) with R = e^(−δ/d_corr). The process is
 * built on a grid of step δ = d_corr/8 from a counter-based generator (key from the link's stream)
 * and interpolated linearly, so its value at a distance does not depend on when it was asked.
 * @module
 */
import { normalPairAt } from './counterRng.js';

/** A link's shadowing process (dB). */
export class Shadowing {
  private readonly stepM: number;
  private readonly r: number;
  private readonly values: number[] = [];

  /**
   * @param key - 32-bit key from the link's stream
   * @param sigmaDb - standard deviation σ (dB)
   * @param decorrelationM - decorrelation distance d_corr (m); Infinity for a constant per link
   */
  constructor(
    private readonly key: number,
    private readonly sigmaDb: number,
    decorrelationM: number,
  ) {
    this.stepM = Number.isFinite(decorrelationM) ? decorrelationM / 8 : Infinity;
    this.r = Number.isFinite(decorrelationM) ? Math.exp(-this.stepM / decorrelationM) : 1;
  }

  private valueAtStep(k: number): number {
    const v = this.values;
    if (v.length === 0) v.push(this.sigmaDb * normalPairAt(this.key, 0)[0]);
    const w = Math.sqrt(1 - this.r * this.r) * this.sigmaDb;
    while (v.length <= k) v.push(this.r * v[v.length - 1]! + w * normalPairAt(this.key, v.length)[0]);
    return v[k]!;
  }

  /**
   * Shadowing loss (dB) after the ends have travelled `distanceM` in total.
   * @param distanceM - travelled distance (m), ≥ 0
   */
  lossDbAt(distanceM: number): number {
    if (this.sigmaDb === 0) return 0;
    if (!Number.isFinite(this.stepM)) return this.valueAtStep(0);
    const x = distanceM / this.stepM;
    const k = Math.floor(x);
    const f = x - k;
    const a = this.valueAtStep(k);
    return f === 0 ? a : a + f * (this.valueAtStep(k + 1) - a);
  }
}
