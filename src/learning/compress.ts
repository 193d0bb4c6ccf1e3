/**
 * Update compressors on typed arrays. Each returns the decoded vector the receiver reconstructs
 * and the exact payload size in bits (values plus index encoding), which is what the transfer
 * carries — so compression really shortens airtime. Sparsifiers keep an error-feedback residual
 * (DGC style): what was not sent is added to the next update.
 * @module
 */
import { Registry } from '../engine/registry.js';
import type { RandomStream } from '../engine/random.js';

/** A compressed update. */
export interface Compressed {
  /** the vector the receiver reconstructs */
  decoded: Float32Array;
  /** payload size in bits */
  bits: number;
}

/**
 * A compressor with its state (the error-feedback residual of one client). Memory: the stateless
 * compressors keep nothing between updates; the error-feedback sparsifiers (top-k, random-k) keep
 * one residual per client by design, so a population using them costs O(clients × parameters)
 * (4 bytes a parameter for every client that has sent once).
 */
export interface Compressor {
  /** registry name */
  readonly name: string;
  /**
   * Compresses `update` (not modified; `decoded` may be `update` itself when nothing changes it,
   * so callers treat both as read-only).
   * @param rng - the client's stream, for randomized schemes
   */
  compress(update: Float32Array, rng: RandomStream): Compressed;
  /**
   * The exact payload bits of compressing any vector of `n` values, when they do not depend on the
   * values (nor on the state or the random draws); undefined when they do, or when the compressor
   * does not say. Lets a sender put the bits on the wire before the update exists.
   * @param n - the vector's length
   */
  fixedBits?(n: number): number | undefined;
}

/** Bits of an index into a vector of length n: ⌈log2 n⌉ (at least 1). */
export function indexBits(n: number): number {
  return Math.max(1, Math.ceil(Math.log2(n)));
}

/**
 * No compression: 32-bit floats. The receiver decodes exactly what was sent, so `decoded` is
 * `update` itself, not a copy (neither side writes to it: updates are read-only once computed).
 */
export class NoCompression implements Compressor {
  readonly name = 'none';
  /** {@inheritDoc Compressor.compress} */
  compress(update: Float32Array): Compressed {
    return { decoded: update, bits: 32 * update.length };
  }
  /** {@inheritDoc Compressor.fixedBits} */
  fixedBits(n: number): number {
    return 32 * n;
  }
}

/** Half precision: each value rounded to IEEE fp16 (16 bits). */
export class Fp16 implements Compressor {
  readonly name = 'fp16';
  /** {@inheritDoc Compressor.compress} */
  compress(update: Float32Array): Compressed {
    const out = new Float32Array(update.length);
    for (let i = 0; i < update.length; i++) out[i] = toFp16(update[i]!);
    return { decoded: out, bits: 16 * update.length };
  }
  /** {@inheritDoc Compressor.fixedBits} */
  fixedBits(n: number): number {
    return 16 * n;
  }
}

/** Rounds a number to the nearest IEEE 754 half-precision value (round half to even; ±65504 max, subnormals kept). */
export function toFp16(x: number): number {
  if (!Number.isFinite(x)) return x;
  const a = Math.abs(x);
  if (a >= 65520) return Math.sign(x) * Infinity;
  if (a < 2 ** -24 / 2) return Math.sign(x) * 0;
  const e = Math.max(Math.floor(Math.log2(a)), -14);
  const quantum = 2 ** (e - 10);
  let q = a / quantum;
  const f = Math.floor(q);
  const r = q - f;
  q = r > 0.5 || (r === 0.5 && f % 2 === 1) ? f + 1 : f;
  return Math.sign(x) * q * quantum;
}

/** The k-by-magnitude selection shared by top-k; returns the chosen indices. */
function topIndices(v: Float32Array, k: number): Int32Array {
  const idx = Int32Array.from({ length: v.length }, (_, i) => i);
  // Partial sort: order by |v| descending, ties by index (deterministic).
  idx.sort((a, b) => Math.abs(v[b]!) - Math.abs(v[a]!) || a - b);
  return idx.subarray(0, k);
}

/**
 * Sparsification with error feedback: add the residual to the update, send k entries as (index,
 * fp32 value) pairs, keep the rest as the new residual. Invariant: decoded + new residual = update
 * + old residual. Subclasses choose which k.
 */
abstract class Sparsifier implements Compressor {
  abstract readonly name: string;
  private residual: Float32Array | undefined;

  /** @param density - fraction of entries sent, in (0, 1] */
  constructor(readonly density: number) {
    if (!(density > 0 && density <= 1)) throw new RangeError(`density must be in (0, 1], got ${density}`);
  }

  /** The current residual (what has not been sent yet). */
  get residualVector(): Float32Array | undefined {
    return this.residual;
  }

  /** The k indices to send from the accumulated vector. */
  protected abstract choose(accumulated: Float32Array, k: number, rng: RandomStream): Iterable<number>;

  /** {@inheritDoc Compressor.compress} */
  compress(update: Float32Array, rng: RandomStream): Compressed {
    const n = update.length;
    const acc = new Float32Array(n);
    for (let i = 0; i < n; i++) acc[i] = update[i]! + (this.residual?.[i] ?? 0);
    const k = Math.max(1, Math.round(this.density * n));
    const decoded = new Float32Array(n);
    for (const i of this.choose(acc, k, rng)) {
      decoded[i] = acc[i]!;
      acc[i] = 0;
    }
    this.residual = acc;
    return { decoded, bits: k * (32 + indexBits(n)) };
  }

  /** {@inheritDoc Compressor.fixedBits} */
  fixedBits(n: number): number {
    return Math.max(1, Math.round(this.density * n)) * (32 + indexBits(n));
  }
}

/** Top-k with error feedback (Deep Gradient Compression, Lin et al. 2018): the k largest magnitudes. */
export class TopK extends Sparsifier {
  /** registry name */
  readonly name = 'top-k';
  /** The k largest magnitudes (ties by index). */
  protected choose(accumulated: Float32Array, k: number): Iterable<number> {
    return topIndices(accumulated, k);
  }
}

/** Random-k with error feedback: k entries chosen uniformly (Floyd's algorithm). */
export class RandomK extends Sparsifier {
  /** registry name */
  readonly name = 'random-k';
  /** k distinct uniform indices. */
  protected choose(accumulated: Float32Array, k: number, rng: RandomStream): Iterable<number> {
    const n = accumulated.length;
    const chosen = new Set<number>();
    for (let j = n - k; j < n; j++) {
      const t = rng.integer(0, j);
      chosen.add(chosen.has(t) ? j : t);
    }
    return chosen;
  }
}

/**
 * QSGD (Alistarh et al. 2017) with s levels: Q(vᵢ) = ‖v‖₂·sgn(vᵢ)·ξᵢ/s, ξᵢ ∈ {ℓ, ℓ+1} chosen so that
 * E[Q(v)] = v. Payload: the 32-bit norm, then per entry a sign bit and ⌈log2(s+1)⌉ bits of level.
 */
export class Qsgd implements Compressor {
  readonly name = 'qsgd';

  /** @param levels - s ≥ 1 */
  constructor(readonly levels: number) {
    if (!Number.isInteger(levels) || levels < 1) throw new RangeError(`QSGD needs an integer s ≥ 1, got ${levels}`);
  }

  /** {@inheritDoc Compressor.compress} */
  compress(update: Float32Array, rng: RandomStream): Compressed {
    const n = update.length;
    let sq = 0;
    for (let i = 0; i < n; i++) sq += update[i]! * update[i]!;
    const normV = Math.sqrt(sq);
    const decoded = new Float32Array(n);
    const s = this.levels;
    if (normV > 0) {
      for (let i = 0; i < n; i++) {
        const r = (Math.abs(update[i]!) / normV) * s;
        const l = Math.floor(r);
        const level = rng.random() < r - l ? l + 1 : l;
        decoded[i] = (Math.sign(update[i]!) * normV * level) / s;
      }
    }
    return { decoded, bits: 32 + n * (1 + Math.ceil(Math.log2(s + 1))) };
  }

  /** {@inheritDoc Compressor.fixedBits} */
  fixedBits(n: number): number {
    return 32 + n * (1 + Math.ceil(Math.log2(this.levels + 1)));
  }
}

/** signSGD with a scale: each entry sent as its sign (1 bit), scaled by the mean magnitude (32 bits). */
export class SignCompressor implements Compressor {
  readonly name = 'sign';
  /** {@inheritDoc Compressor.compress} */
  compress(update: Float32Array): Compressed {
    const n = update.length;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Math.abs(update[i]!);
    const scale = n > 0 ? sum / n : 0;
    const decoded = new Float32Array(n);
    for (let i = 0; i < n; i++) decoded[i] = update[i]! >= 0 ? scale : -scale;
    return { decoded, bits: 32 + n };
  }

  /** {@inheritDoc Compressor.fixedBits} */
  fixedBits(n: number): number {
    return 32 + n;
  }
}

/** A compressor spec in a scenario: `{ name }`, plus `density` for the sparsifiers and `levels` for QSGD. */
export interface CompressorSpec {
  /** registry name */
  name: 'none' | 'fp16' | 'top-k' | 'random-k' | 'qsgd' | 'sign';
  /** top-k and random-k: fraction of entries sent */
  density?: number;
  /** QSGD: levels s */
  levels?: number;
}

/** Parameters a compressor spec may leave out: top-k and random-k send 1% of entries; QSGD has 4 levels. */
export const COMPRESSOR_DEFAULTS = {
  /** top-k and random-k: fraction of entries sent */
  density: 0.01,
  /** QSGD: levels s */
  levels: 4,
} as const;

/** The registry of compressors: name → factory from its spec. */
export const compressors = new Registry<(spec: CompressorSpec) => Compressor>('compressor')
  .register('none', '32-bit floats', () => new NoCompression())
  .register('fp16', 'IEEE half precision, 16 bits a value', () => new Fp16())
  .register('top-k', 'k largest magnitudes with error feedback (DGC): (index, value) pairs', (s) => new TopK(s.density ?? COMPRESSOR_DEFAULTS.density))
  .register('random-k', 'k random entries with error feedback', (s) => new RandomK(s.density ?? COMPRESSOR_DEFAULTS.density))
  .register('qsgd', 'QSGD with s levels, unbiased (Alistarh et al. 2017)', (s) => new Qsgd(s.levels ?? COMPRESSOR_DEFAULTS.levels))
  .register('sign', 'signs scaled by the mean magnitude, 1 bit a value', () => new SignCompressor());
