/**
 * Named, seeded random streams. Every random draw in edgesim comes from a stream obtained with
 * `sim.rng.stream(name)`; each stream is seeded from `${seed}/${run}/${name}` with Alea (Johannes
 * Baagøe's generator, as seedrandom 3.0.5's `alea` computes it, draw for draw), so adding a
 * component (a new stream name) never changes another's draws.
 *
 * The generator's state lives in the stream's own fields and is seeded at the first draw: seedrandom
 * made five closures and, while hashing the seed, a boxed number per character (its hash state is a
 * closure variable); a large world makes a stream per link at that link's first use, and a stream
 * asked for but never drawn from (a compressor that draws nothing) costs no seeding.
 * @module
 */

/** A complex number as a pair of real and imaginary parts. */
export interface Complex {
  /** real part */
  re: number;
  /** imaginary part */
  im: number;
}

/** A seeded random stream with the distributions the models need. */
export class RandomStream {
  // The second normal of the last Box–Muller pair, when `hasSpare` (a flag beside a number, so the
  // field stays a double and storing it allocates nothing).
  private spareNormal = 0;
  private hasSpare = false;
  // Alea's state: three fractions in [0, 1) and a carry; the carry is −1 until the first draw seeds them.
  private s0 = 0.5;
  private s1 = 0.5;
  private s2 = 0.5;
  private c = -1;

  /**
   * @param name - the stream's name (for messages)
   * @param seedKey - the full seed string (`${seed}/${run}/${name}`)
   */
  constructor(
    readonly name: string,
    readonly seedKey: string,
  ) {}

  /** Alea's next fraction in [0, 1) (seedrandom's `alea(seedKey)()`, draw for draw). */
  private next(): number {
    if (this.c < 0) this.seed();
    const t = 2091639 * this.s0 + this.c * 2.3283064365386963e-10; // 2^-32
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    return (this.s2 = t - this.c);
  }

  /** Alea's seeding: three hashes of ' ' less three of the seed key, the hash state carried through all six. */
  private seed(): void {
    const key = this.seedKey;
    let n = mash(' ', 0xefc8249d);
    let s0 = mashFraction(n);
    n = mash(' ', n);
    let s1 = mashFraction(n);
    n = mash(' ', n);
    let s2 = mashFraction(n);
    n = mash(key, n);
    s0 -= mashFraction(n);
    if (s0 < 0) s0 += 1;
    n = mash(key, n);
    s1 -= mashFraction(n);
    if (s1 < 0) s1 += 1;
    n = mash(key, n);
    s2 -= mashFraction(n);
    if (s2 < 0) s2 += 1;
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.c = 1;
  }

  /** A uniform draw in [0, 1). */
  random(): number {
    return this.next();
  }

  /**
   * A uniform draw in [lo, hi).
   * @param lo - lower bound; default 0
   * @param hi - upper bound; default 1
   */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }

  /**
   * A uniform integer in [lo, hi] (both included).
   * @param lo - smallest value (integer)
   * @param hi - largest value (integer, ≥ lo)
   */
  integer(lo: number, hi: number): number {
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) {
      throw new RangeError(`integer(lo, hi) needs integers with lo ≤ hi, got ${lo}, ${hi}`);
    }
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /**
   * A normal (Gaussian) draw by the polar Box–Muller method.
   * @param mean - mean; default 0
   * @param sd - standard deviation (≥ 0); default 1
   */
  normal(mean = 0, sd = 1): number {
    let z: number;
    if (this.hasSpare) {
      z = this.spareNormal;
      this.hasSpare = false;
    } else {
      let u: number;
      let v: number;
      let s: number;
      do {
        u = 2 * this.next() - 1;
        v = 2 * this.next() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      this.spareNormal = v * f;
      this.hasSpare = true;
      z = u * f;
    }
    return mean + sd * z;
  }

  /**
   * An exponential draw.
   * @param rate - rate λ > 0 (mean 1/λ); default 1
   */
  exponential(rate = 1): number {
    if (!(rate > 0)) throw new RangeError(`exponential rate must be > 0, got ${rate}`);
    return -Math.log(1 - this.next()) / rate;
  }

  /**
   * A log-normal draw: exp(N(mu, sigma²)).
   * @param mu - mean of the underlying normal; default 0
   * @param sigma - standard deviation of the underlying normal; default 1
   */
  lognormal(mu = 0, sigma = 1): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /**
   * A Poisson draw: Knuth's product method for mean < 30, else Hörmann's transformed rejection
   * (PTRS, 1993).
   * @param mean - the mean λ ≥ 0
   */
  poisson(mean: number): number {
    if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`poisson mean must be ≥ 0, got ${mean}`);
    if (mean === 0) return 0;
    if (mean < 30) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.next();
      while (p > limit) {
        k++;
        p *= this.next();
      }
      return k;
    }
    const slam = Math.sqrt(mean);
    const loglam = Math.log(mean);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.next() - 0.5;
      const v = this.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      const lhs = Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b);
      if (lhs <= -mean + k * loglam - logFactorial(k)) return k;
    }
  }

  /**
   * A circularly symmetric complex Gaussian draw, CN(0, variance): each part is N(0, variance/2).
   * @param variance - E|z|²; default 1
   */
  complexGaussian(variance = 1): Complex {
    const sd = Math.sqrt(variance / 2);
    return { re: this.normal(0, sd), im: this.normal(0, sd) };
  }

  /**
   * Shuffles an array in place (Fisher–Yates) and returns it.
   * @param items - the array to shuffle
   */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = items[i]!;
      items[i] = items[j]!;
      items[j] = t;
    }
    return items;
  }

  /**
   * A uniformly chosen element.
   * @param items - a non-empty array
   */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('choice from an empty array');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /**
   * An element chosen with probability proportional to its weight.
   * @param items - the candidates
   * @param weights - non-negative weights, one per item, not all zero
   */
  weightedChoice<T>(items: readonly T[], weights: readonly number[]): T {
    if (items.length === 0 || items.length !== weights.length) {
      throw new RangeError('weightedChoice needs as many weights as items, and at least one item');
    }
    let total = 0;
    for (const w of weights) {
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`weights must be finite and ≥ 0, got ${w}`);
      total += w;
    }
    if (total <= 0) throw new RangeError('weightedChoice needs a positive total weight');
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i]!;
      if (r < 0) return items[i]!;
    }
    // Rounding left r ≥ 0 after the last subtraction: the last item with positive weight.
    for (let i = items.length - 1; i >= 0; i--) if (weights[i]! > 0) return items[i]!;
    return items[items.length - 1]!;
  }
}

/** Baagøe's Mash hash of `data`, continuing from hash state `h` (a number below 2^32 with a fraction); returns the new state. */
function mash(data: string, h: number): number {
  for (let i = 0; i < data.length; i++) {
    h += data.charCodeAt(i);
    let f = 0.02519603282416938 * h;
    h = f >>> 0;
    f -= h;
    f *= h;
    h = f >>> 0;
    f -= h;
    h += f * 0x100000000; // 2^32
  }
  return h;
}

/** A Mash state as a fraction in [0, 1). */
function mashFraction(h: number): number {
  return (h >>> 0) * 2.3283064365386963e-10; // 2^-32
}

const LOG_FACTORIAL_TABLE: number[] = [0];
function logFactorial(k: number): number {
  if (k < 256) {
    for (let i = LOG_FACTORIAL_TABLE.length; i <= k; i++) LOG_FACTORIAL_TABLE[i] = LOG_FACTORIAL_TABLE[i - 1]! + Math.log(i);
    return LOG_FACTORIAL_TABLE[k]!;
  }
  // Stirling series; error below 1e-10 for k ≥ 256.
  return (k + 0.5) * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * k) - 1 / (360 * k ** 3);
}

/** The set of named streams of one run: one root seed plus a run index. */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();

  /**
   * @param seed - the root seed; default 1
   * @param run - the run index (replications of one scenario); default 0
   */
  constructor(
    readonly seed: number | string = 1,
    readonly run = 0,
  ) {}

  /**
   * The stream with this name, created on first use and cached; the same name always returns the
   * same stream object.
   * @param name - a stable, descriptive name such as `fading/t3->e0`
   */
  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = new RandomStream(name, `${this.seed}/${this.run}/${name}`);
      this.streams.set(name, s);
    }
    return s;
  }

  /** Names of the streams created so far, sorted. */
  names(): string[] {
    return [...this.streams.keys()].sort();
  }
}
