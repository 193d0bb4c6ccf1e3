/**
 * A piecewise-linear trajectory: timed samples, linear interpolation between them (ns-3
 * semantics), optionally grown lazily by a generator (random models) as later times are asked for.
 * Every built-in mobility model but `static` and `constant-velocity` is one of these.
 * @module
 */
import type { MobilityModel } from './model.js';
import type { Vec3 } from './vec.js';

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
  private ts: Float64Array = new Float64Array(8);
  private xs: Float64Array = new Float64Array(8);
  private ys: Float64Array = new Float64Array(8);
  private zs: Float64Array = new Float64Array(8);
  private n = 0;
  private hint = 0;
  private finished: boolean;

  /**
   * @param name - the model name reported (`trace`, `random-waypoint`, …)
   * @param presence - presence semantics; default `always`
   * @param extender - grows the samples on demand (random models); none for a fixed trajectory
   */
  constructor(
    readonly name: string,
    readonly presence: Presence = 'always',
    private readonly extender?: TrajectoryExtender,
  ) {
    this.finished = extender === undefined;
  }

  /** Number of samples held. */
  get size(): number {
    return this.n;
  }

  /** Time of the first sample (s), NaN when empty. */
  get firstTimeS(): number {
    return this.n > 0 ? this.ts[0]! : Number.NaN;
  }

  /** Time of the last sample (s), NaN when empty. */
  get lastTimeS(): number {
    return this.n > 0 ? this.ts[this.n - 1]! : Number.NaN;
  }

  /** Time of sample `i` (s). */
  timeAt(i: number): number {
    return this.ts[i]!;
  }

  /** Position of sample `i` (m). */
  sampleAt(i: number): Vec3 {
    return { x: this.xs[i]!, y: this.ys[i]!, z: this.zs[i]! };
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
    if (!Number.isFinite(tS) || !Number.isFinite(xM) || !Number.isFinite(yM) || !Number.isFinite(zM)) {
      throw new RangeError(`sample values must be finite, got t=${tS} (${xM}, ${yM}, ${zM})`);
    }
    const n = this.n;
    if (n > 0 && tS < this.ts[n - 1]!) throw new RangeError(`time goes backwards: ${tS} s after ${this.ts[n - 1]} s`);
    if (n === this.ts.length) this.grow();
    this.ts[n] = tS;
    this.xs[n] = xM;
    this.ys[n] = yM;
    this.zs[n] = zM;
    this.n = n + 1;
  }

  /** Drops the samples after `tS` (used when a trace command interrupts a movement). */
  truncateAfter(tS: number): void {
    while (this.n > 0 && this.ts[this.n - 1]! > tS) this.n--;
    this.hint = 0;
  }

  private grow(): void {
    const cap = this.ts.length * 2;
    const g = (a: Float64Array): Float64Array => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.ts = g(this.ts);
    this.xs = g(this.xs);
    this.ys = g(this.ys);
    this.zs = g(this.zs);
  }

  /** Releases unused capacity (after a trace is fully read). */
  compact(): void {
    const n = this.n;
    this.ts = this.ts.slice(0, Math.max(n, 1));
    this.xs = this.xs.slice(0, Math.max(n, 1));
    this.ys = this.ys.slice(0, Math.max(n, 1));
    this.zs = this.zs.slice(0, Math.max(n, 1));
  }

  private ensure(tS: number): void {
    if (!this.finished && (this.n === 0 || this.ts[this.n - 1]! <= tS)) {
      const before = this.n;
      this.extender!(this, tS);
      if (this.n === before && !this.finished) throw new Error(`${this.name}: the trajectory generator made no progress at t=${tS} s`);
    }
  }

  /** Index of the last sample at or before `tS` (−1 before the first). */
  private indexAt(tS: number): number {
    const ts = this.ts;
    const n = this.n;
    let h = this.hint;
    if (h < n && ts[h]! <= tS) {
      if (h + 1 >= n || tS < ts[h + 1]!) return h;
      if (h + 2 >= n || tS < ts[h + 2]!) return (this.hint = h + 1);
    }
    if (n === 0 || tS < ts[0]!) return -1;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ts[mid]! <= tS) lo = mid;
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
    this.ensure(tS);
    const n = this.n;
    if (n === 0) throw new Error(`${this.name}: trajectory has no samples`);
    const i = this.indexAt(tS);
    if (i < 0) {
      out.x = this.xs[0]!;
      out.y = this.ys[0]!;
      out.z = this.zs[0]!;
    } else if (i >= n - 1) {
      out.x = this.xs[n - 1]!;
      out.y = this.ys[n - 1]!;
      out.z = this.zs[n - 1]!;
    } else {
      const t0 = this.ts[i]!;
      const f = (tS - t0) / (this.ts[i + 1]! - t0);
      out.x = this.xs[i]! + f * (this.xs[i + 1]! - this.xs[i]!);
      out.y = this.ys[i]! + f * (this.ys[i + 1]! - this.ys[i]!);
      out.z = this.zs[i]! + f * (this.zs[i + 1]! - this.zs[i]!);
    }
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
    const dt = this.ts[i + 1]! - this.ts[i]!;
    return { x: (this.xs[i + 1]! - this.xs[i]!) / dt, y: (this.ys[i + 1]! - this.ys[i]!) / dt, z: (this.zs[i + 1]! - this.zs[i]!) / dt };
  }

  /** {@inheritDoc MobilityModel.presentAt} */
  presentAt(tS: number): boolean {
    if (this.presence === 'always') return true;
    this.ensure(tS);
    return this.n > 0 && tS >= this.ts[0]! && tS <= this.ts[this.n - 1]!;
  }

  /** {@inheritDoc MobilityModel.presentS} */
  presentS(fromS: number, toS: number): number {
    if (this.presence === 'always') return Math.max(0, toS - fromS);
    this.ensure(toS);
    if (this.n === 0) return 0;
    return Math.max(0, Math.min(toS, this.ts[this.n - 1]!) - Math.max(fromS, this.ts[0]!));
  }

  /** {@inheritDoc MobilityModel.pathLengthM} */
  pathLengthM(fromS: number, toS: number): number {
    if (!(toS > fromS)) return 0;
    this.ensure(toS);
    let total = 0;
    for (let i = Math.max(0, this.indexAt(fromS)); i < this.n - 1 && this.ts[i]! < toS; i++) {
      const t0 = this.ts[i]!;
      const t1 = this.ts[i + 1]!;
      if (t1 <= fromS || t1 === t0) continue;
      const len = Math.hypot(this.xs[i + 1]! - this.xs[i]!, this.ys[i + 1]! - this.ys[i]!, this.zs[i + 1]! - this.zs[i]!);
      total += (len * (Math.min(t1, toS) - Math.max(t0, fromS))) / (t1 - t0);
    }
    return total;
  }
}
