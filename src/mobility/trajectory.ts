/**
 * A piecewise-linear trajectory: timed samples, linear interpolation between them (ns-3
 * semantics), optionally grown lazily by a generator (random models) as later times are asked for.
 * Every built-in mobility model but `static` and `constant-velocity` is one of these.
 * @module
 */
import type { MobilityModel } from './model.js';
import { hypot3, type Vec3 } from './vec.js';

/**
 * Presence semantics: `always` (the node exists at all times and holds its first / last position
 * outside the samples: ns-2, BonnMotion, synthetic models) or `window` (it exists only from its
 * first to its last sample: SUMO vehicles, CSV traces).
 */
export type Presence = 'always' | 'window';

/** Appends samples to `trajectory` until its last sample is at or after `untilS`, or calls `trajectory.finish()`. */
export type TrajectoryExtender = (trajectory: SampledTrajectory, untilS: number) => void;

/** A node's samples with linear interpolation. */
export class SampledTrajectory implements MobilityModel {
  // Samples interleaved as (t, x, y, z): one array to grow, and a sample's values side by side.
  private d: Float64Array = new Float64Array(32);
  private n = 0;
  private hint = 0;
  private finished: boolean;
  private presenceMode: Presence;
  // An explicit presence window (a presence sidecar); NaN: from the first to the last sample.
  private windowFromS = Number.NaN;
  private windowToS = Number.NaN;
  // The last position asked for (a terminal's channels to its cells ask at the same instant in turn).
  private lastPosT = Number.NaN;
  private lastPosX = 0;
  private lastPosY = 0;
  private lastPosZ = 0;
  // The length of the last segment measured (from sample `segmentAt` to the next; −1: none): a
  // channel asks for the path walked since its last evaluation, most often within one segment.
  private segmentAt = -1;
  private segmentM = 0;

  /**
   * @param name - the model name reported (`trace`, `random-waypoint`, …)
   * @param presence - presence semantics; default `always`
   * @param extender - grows the samples on demand (random models); none for a fixed trajectory
   */
  constructor(
    readonly name: string,
    presence: Presence = 'always',
    private readonly extender?: TrajectoryExtender,
  ) {
    this.finished = extender === undefined;
    this.presenceMode = presence;
  }

  /** Presence semantics (`window` after {@link setPresenceWindow}). */
  get presence(): Presence {
    return this.presenceMode;
  }

  /** The presence window (s) when `presence` is `window`: explicit, else first to last sample. */
  get presenceWindowS(): [number, number] {
    return Number.isNaN(this.windowFromS) ? [this.firstTimeS, this.lastTimeS] : [this.windowFromS, this.windowToS];
  }

  /**
   * Makes the node present only from `fromS` to `toS` (inclusive), whatever its samples: a trace
   * whose format cannot say "absent" gets its nodes' windows from a presence sidecar.
   * @throws RangeError unless fromS ≤ toS, both finite
   */
  setPresenceWindow(fromS: number, toS: number): void {
    if (!(fromS - fromS === 0 && toS - toS === 0 && fromS <= toS)) throw new RangeError(`a presence window needs finite fromS ≤ toS, got [${fromS}, ${toS}]`);
    this.presenceMode = 'window';
    this.windowFromS = fromS;
    this.windowToS = toS;
  }

  /** Number of samples held. */
  get size(): number {
    return this.n;
  }

  /** Time of the first sample (s), NaN when empty. */
  get firstTimeS(): number {
    return this.n > 0 ? this.d[0]! : Number.NaN;
  }

  /** Time of the last sample (s), NaN when empty. */
  get lastTimeS(): number {
    return this.n > 0 ? this.d[4 * (this.n - 1)]! : Number.NaN;
  }

  /** Time of sample `i` (s). */
  timeAt(i: number): number {
    return this.d[4 * i]!;
  }

  /** Position of sample `i` (m). */
  sampleAt(i: number): Vec3 {
    const k = 4 * i;
    return { x: this.d[k + 1]!, y: this.d[k + 2]!, z: this.d[k + 3]! };
  }

  /** Marks a lazily grown trajectory as complete (no more samples will come). */
  finish(): void {
    this.finished = true;
  }

  /**
   * Appends a sample. Times must not decrease; two samples at the same time are a jump (the later
   * one holds from that time on).
   * @throws RangeError when `tS` is before the last sample or a value is not finite
   */
  add(tS: number, xM: number, yM: number, zM: number): void {
    // v − v is 0 exactly for finite v, NaN for NaN and ±Infinity.
    if (tS - tS !== 0 || xM - xM !== 0 || yM - yM !== 0 || zM - zM !== 0) {
      throw new RangeError(`sample values must be finite, got t=${tS} (${xM}, ${yM}, ${zM})`);
    }
    const n = this.n;
    let d = this.d;
    if (n > 0 && tS < d[4 * n - 4]!) throw new RangeError(`time goes backwards: ${tS} s after ${d[4 * n - 4]} s`);
    if (4 * n === d.length) {
      const bigger = new Float64Array(d.length * 2);
      bigger.set(d);
      this.d = d = bigger;
    }
    this.lastPosT = Number.NaN;
    const k = 4 * n;
    d[k] = tS;
    d[k + 1] = xM;
    d[k + 2] = yM;
    d[k + 3] = zM;
    this.n = n + 1;
  }

  /** Drops the samples after `tS` (used when a trace command interrupts a movement). */
  truncateAfter(tS: number): void {
    while (this.n > 0 && this.d[4 * this.n - 4]! > tS) this.n--;
    this.hint = 0;
    this.segmentAt = -1;
    this.lastPosT = Number.NaN;
  }

  /** Releases unused capacity (after a trace is fully read). */
  compact(): void {
    if (this.d.length > 4 * this.n) this.d = this.d.slice(0, Math.max(4 * this.n, 4));
  }

  private ensure(tS: number): void {
    if (!this.finished && (this.n === 0 || this.d[4 * this.n - 4]! <= tS)) {
      const before = this.n;
      this.extender!(this, tS);
      if (this.n === before && !this.finished) throw new Error(`${this.name}: the trajectory generator made no progress at t=${tS} s`);
    }
  }

  /** Index of the last sample at or before `tS` (−1 before the first). */
  private indexAt(tS: number): number {
    const d = this.d;
    const n = this.n;
    const h = this.hint;
    if (h < n && d[4 * h]! <= tS) {
      if (h + 1 >= n || tS < d[4 * h + 4]!) return h;
      if (h + 2 >= n || tS < d[4 * h + 8]!) return (this.hint = h + 1);
    }
    if (n === 0 || tS < d[0]!) return -1;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (d[4 * mid]! <= tS) lo = mid;
      else hi = mid - 1;
    }
    this.hint = lo;
    return lo;
  }

  /**
   * Writes the position at `tS` into `out` (no allocation) and returns it.
   * @param tS - time in seconds
   * @param out - the vector to fill
   */
  positionInto(tS: number, out: Vec3): Vec3 {
    if (tS === this.lastPosT) {
      out.x = this.lastPosX;
      out.y = this.lastPosY;
      out.z = this.lastPosZ;
      return out;
    }
    this.ensure(tS);
    const n = this.n;
    if (n === 0) throw new Error(`${this.name}: trajectory has no samples`);
    const i = this.indexAt(tS);
    const d = this.d;
    if (i < 0 || i >= n - 1) {
      const k = i < 0 ? 0 : 4 * (n - 1);
      out.x = d[k + 1]!;
      out.y = d[k + 2]!;
      out.z = d[k + 3]!;
    } else {
      const k = 4 * i;
      const f = (tS - d[k]!) / (d[k + 4]! - d[k]!);
      out.x = d[k + 1]! + f * (d[k + 5]! - d[k + 1]!);
      out.y = d[k + 2]! + f * (d[k + 6]! - d[k + 2]!);
      out.z = d[k + 3]! + f * (d[k + 7]! - d[k + 3]!);
    }
    this.lastPosT = tS;
    this.lastPosX = out.x;
    this.lastPosY = out.y;
    this.lastPosZ = out.z;
    return out;
  }

  /** {@inheritDoc MobilityModel.positionAt} */
  positionAt(tS: number): Vec3 {
    return this.positionInto(tS, { x: 0, y: 0, z: 0 });
  }

  /** {@inheritDoc MobilityModel.velocityAt} */
  velocityAt(tS: number): Vec3 {
    this.ensure(tS);
    const i = this.indexAt(tS);
    if (i < 0 || i >= this.n - 1 || !this.presentAt(tS)) return { x: 0, y: 0, z: 0 };
    const d = this.d;
    const k = 4 * i;
    const dt = d[k + 4]! - d[k]!;
    return { x: (d[k + 5]! - d[k + 1]!) / dt, y: (d[k + 6]! - d[k + 2]!) / dt, z: (d[k + 7]! - d[k + 3]!) / dt };
  }

  /** {@inheritDoc MobilityModel.presentAt} */
  presentAt(tS: number): boolean {
    if (this.presenceMode === 'always') return true;
    if (!Number.isNaN(this.windowFromS)) return tS >= this.windowFromS && tS <= this.windowToS;
    this.ensure(tS);
    return this.n > 0 && tS >= this.d[0]! && tS <= this.d[4 * this.n - 4]!;
  }

  /** {@inheritDoc MobilityModel.presentS} */
  presentS(fromS: number, toS: number): number {
    if (this.presenceMode === 'always') return Math.max(0, toS - fromS);
    if (!Number.isNaN(this.windowFromS)) return Math.max(0, Math.min(toS, this.windowToS) - Math.max(fromS, this.windowFromS));
    this.ensure(toS);
    if (this.n === 0) return 0;
    return Math.max(0, Math.min(toS, this.d[4 * this.n - 4]!) - Math.max(fromS, this.d[0]!));
  }

  /** {@inheritDoc MobilityModel.pathLengthM} */
  pathLengthM(fromS: number, toS: number): number {
    if (!(toS > fromS)) return 0;
    this.ensure(toS);
    const d = this.d;
    let total = 0;
    for (let i = Math.max(0, this.indexAt(fromS)); i < this.n - 1 && d[4 * i]! < toS; i++) {
      const k = 4 * i;
      const t0 = d[k]!;
      const t1 = d[k + 4]!;
      if (t1 <= fromS || t1 === t0) continue;
      let len = this.segmentM;
      if (i !== this.segmentAt) {
        len = hypot3(d[k + 5]! - d[k + 1]!, d[k + 6]! - d[k + 2]!, d[k + 7]! - d[k + 3]!);
        this.segmentAt = i;
        this.segmentM = len;
      }
      total += (len * (Math.min(t1, toS) - Math.max(t0, fromS))) / (t1 - t0);
    }
    return total;
  }
}
