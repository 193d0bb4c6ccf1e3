/**
 * Timing-only payloads: a compressor's exact size for a vector length, without the vector. Every
 * compressor edgesim has sends a size fixed by the length (the sparsifiers' k = round(density·n)
 * pairs, QSGD's norm plus a sign and a level per entry), so timing-only transfers carry exactly the
 * bits the real ones do.
 * @module
 */
import { indexBits, type Compressed, type Compressor, type CompressorSpec } from '../../learning/compress.js';
import type { RandomStream } from '../../engine/random.js';

/**
 * The bits a compressor sends for a vector of `n` values.
 * @param spec - the compressor with its parameter (`density`, `levels`) filled in
 * @param n - the vector's length
 */
export function payloadBits(spec: CompressorSpec, n: number): number {
  switch (spec.name) {
    case 'none':
      return 32 * n;
    case 'fp16':
      return 16 * n;
    case 'top-k':
    case 'random-k':
      return Math.max(1, Math.round(spec.density! * n)) * (32 + indexBits(n));
    case 'qsgd':
      return 32 + n * (1 + Math.ceil(Math.log2(spec.levels! + 1)));
    case 'sign':
      return 32 + n;
  }
}

/**
 * A compressor of timing-only mode: the real one's payload size; the update passes through as it
 * is (its values mean nothing there) and no random number is drawn (the stream
 * `training/compress/<client>` serves only the compressor, so skipping it changes no other draw).
 */
export class TimingCompressor implements Compressor {
  /**
   * @param spec - the compressor it stands for, with its parameter filled in
   * @param parameters - the model's parameter count: the length of the vector it stands for (the
   *   update it is given is empty in timing-only mode)
   */
  constructor(
    private readonly spec: CompressorSpec,
    private readonly parameters: number,
  ) {}

  /** the compressor it stands for */
  get name(): string {
    return this.spec.name;
  }

  /** {@inheritDoc Compressor.compress} */
  compress(update: Float32Array, _rng: RandomStream): Compressed {
    return { decoded: update, bits: payloadBits(this.spec, this.parameters) };
  }

  /**
   * The real compressor's exact bits for the model's vector (the vector it stands for has the
   * model's length whatever `n` is).
   * @param _n - ignored
   */
  fixedBits(_n: number): number {
    return payloadBits(this.spec, this.parameters);
  }
}
