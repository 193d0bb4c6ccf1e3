/**
 * Log-normal shadowing, correlated in space (Gudmundson 1991): along the distance s the link's ends
 * have travelled, the loss has standard deviation σ and correlation ρ(Δs) = e^(−Δs/d_corr).
 *
 * The process lives on a grid of step δ = d_corr/8 and is interpolated linearly between grid
 * points. The value at grid point k is the AR(1) process S_k = R·S_(k−1) + √(1 − R²)·σ·N_k
 * (R = e^(−δ/d_corr)) written as its moving average and truncated after {@link SHADOWING_WINDOW}
 * terms: S_k = c·Σ_(j<L) R^j·N_(k−j), with c chosen so that Var S_k = σ² exactly. The normals N_i
 * come from a counter-based generator keyed by the link, so S_k is a pure function of (key, k):
 * its value at a distance does not depend on when, or in what order, it was asked, and the state
 * kept per link is O(1) (the last two grid values) however far the ends travel — a jump of 1e9 m
 * costs one window, not a grid of 10^8 points.
 *
 * Truncation: the correlation at lag m < L grid steps is R^m·(1 − R^(2(L−m)))/(1 − R^(2L)), within
 * 2·10^−6 of e^(−mδ/d_corr) for lags up to 2·d_corr; beyond L·δ = 8·d_corr it is 0 instead of
 * e^(−8) ≈ 3·10^−4.
 * @module
 */
import { normalPairAt } from './counterRng.js';

/** Grid points per decorrelation distance. */
export const SHADOWING_GRID_PER_DECORRELATION = 8;

/** L: terms of the truncated moving average (8 decorrelation distances of grid). */
export const SHADOWING_WINDOW = 8 * SHADOWING_GRID_PER_DECORRELATION;

/** The moving average's weights per (σ, finite decorrelation): the same for every link, made once (never mutated). */
const WEIGHTS = new Map<string, Float64Array>();

/** The weights r^j scaled so the sum of squares is σ² (r = e^(−1/grid)); one term without decorrelation. */
function shadowingWeights(sigmaDb: number, finite: boolean): Float64Array {
  const key = `${sigmaDb}|${finite}`;
  const cached = WEIGHTS.get(key);
  if (cached !== undefined) return cached;
  const r = finite ? Math.exp(-1 / SHADOWING_GRID_PER_DECORRELATION) : 0;
  const length = finite ? SHADOWING_WINDOW : 1;
  const w = new Float64Array(length);
  let sumSquares = 0;
  for (let j = 0; j < length; j++) {
    w[j] = r ** j;
    sumSquares += r ** (2 * j);
  }
  const c = sigmaDb / Math.sqrt(sumSquares);
  for (let j = 0; j < length; j++) w[j]! *= c;
  WEIGHTS.set(key, w);
  return w;
}

/** A link's shadowing process (dB). */
export class Shadowing {
  private readonly stepM: number;
  /** c·R^j, j = 0 … L − 1 */
  private readonly weights: Float64Array;
  // A two-entry cache: consecutive queries mostly fall in the same grid cell.
  private cachedK0 = Number.NaN;
  private cachedV0 = 0;
  private cachedK1 = Number.NaN;
  private cachedV1 = 0;

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
    const finite = Number.isFinite(decorrelationM);
    this.stepM = finite ? decorrelationM / SHADOWING_GRID_PER_DECORRELATION : Infinity;
    this.weights = shadowingWeights(sigmaDb, finite);
  }

  private valueAtStep(k: number): number {
    if (k === this.cachedK0) return this.cachedV0;
    if (k === this.cachedK1) return this.cachedV1;
    // Σ_j w_j·N_(k−j) in the order of j. N_i, a standard normal for every integer i ≥ −L, is entry
    // (i + L) mod 2 of the normal pair at counter ⌊(i + L)/2⌋: consecutive terms share a pair, made once.
    const w = this.weights;
    const length = w.length;
    let v = 0;
    let pairIndex = Number.NaN;
    let pair: [number, number] = [0, 0];
    for (let j = 0; j < length; j++) {
      const m = k - j + length;
      const p = Math.floor(m / 2);
      if (p !== pairIndex) {
        pair = normalPairAt(this.key, p);
        pairIndex = p;
      }
      v += w[j]! * pair[m % 2]!;
    }
    this.cachedK0 = this.cachedK1;
    this.cachedV0 = this.cachedV1;
    this.cachedK1 = k;
    this.cachedV1 = v;
    return v;
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
