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
import { normalPairAt, normalPairInto } from './counterRng.js';

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

/**
 * A pool of rings of recent grid normals, shared by every link's process: a slot holds the L
 * normals of one process's last window, so a process walked one grid point on draws one new normal.
 * Slots are handed out in turn; a process whose slot was taken refills one (the values are pure
 * functions of (key, m): only the cost differs). 32 768 slots × 64 doubles: 16 MiB — room for the
 * links of ≈ 10⁴ terminals measured at once.
 */
const RING_SLOTS = 32_768;
const RING_NORMALS = new Float64Array(RING_SLOTS * SHADOWING_WINDOW);
const RING_OWNERS: (Shadowing | undefined)[] = new Array<Shadowing | undefined>(RING_SLOTS).fill(undefined);
let nextRingSlot = 0;
/** Scratch for one normal pair. */
const PAIR = new Float64Array(2);

/**
 * Writes the normals N[m], m in [from, to], of the process keyed `key` into the ring slot at
 * `base` (at m mod L). N[m] is entry m mod 2 of pair ⌊m/2⌋: an even m takes both entries of its
 * pair at once. A module function, not a closure per call (a walked link fills at every grid point).
 */
function fillRing(key: number, base: number, from: number, to: number): void {
  const L = SHADOWING_WINDOW;
  for (let m = from; m <= to; ) {
    normalPairInto(key, Math.floor(m / 2), PAIR);
    RING_NORMALS[base + (m % L)] = PAIR[m % 2]!;
    if (m % 2 === 0 && m < to) {
      RING_NORMALS[base + ((m + 1) % L)] = PAIR[1]!;
      m += 2;
    } else m++;
  }
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
  /** its ring slot in the pool (see {@link Shadowing.ring}), −1 before its first */
  private slot = -1;
  /** the grid normals N[ringLo … ringHi] its slot holds, while it owns the slot */
  private ringLo = 0;
  private ringHi = -1;

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
    // (i + L) mod 2 of the normal pair at counter ⌊(i + L)/2⌋, written below as N[m], m = i + L.
    const w = this.weights;
    const length = w.length;
    let v = 0;
    if (length === SHADOWING_WINDOW) {
      // The window's normals N[k + 1 … k + L] from a ring (a walked link's next grid point needs
      // one new normal, not L); the same numbers summed in the same order as below.
      const ring = this.ring(k + 1, k + length);
      for (let j = 0; j < length; j++) v += w[j]! * RING_NORMALS[ring + ((k - j + length) % length)]!;
    } else {
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
    }
    this.cachedK0 = this.cachedK1;
    this.cachedV0 = this.cachedV1;
    this.cachedK1 = k;
    this.cachedV1 = v;
    return v;
  }

  /**
   * A ring slot holding N[m] at m mod L for every m in [lo, hi] (hi − lo = L − 1): this process's
   * own if another has not taken it since, else the next slot of the pool; filled where it lacks.
   * @returns the slot's offset in {@link RING_NORMALS}
   */
  private ring(lo: number, hi: number): number {
    const L = SHADOWING_WINDOW;
    let slot = this.slot;
    if (slot < 0 || RING_OWNERS[slot] !== this) {
      slot = this.slot = nextRingSlot;
      nextRingSlot = (nextRingSlot + 1) % RING_SLOTS;
      RING_OWNERS[slot] = this;
      this.ringLo = 0;
      this.ringHi = -1;
    }
    const base = slot * L;
    if (this.ringHi < this.ringLo || hi < this.ringLo || lo > this.ringHi) fillRing(this.key, base, lo, hi);
    else {
      if (lo < this.ringLo) fillRing(this.key, base, lo, this.ringLo - 1);
      if (hi > this.ringHi) fillRing(this.key, base, this.ringHi + 1, hi);
    }
    this.ringLo = lo;
    this.ringHi = hi;
    return base;
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
