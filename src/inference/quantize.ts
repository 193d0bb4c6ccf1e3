/**
 * Uniform affine quantization of one activation tensor to 8 or 16 bits (per tensor: one scale and
 * one zero point), as a terminal would send it to an edge server. The range [lo, hi] is the
 * tensor's [min, max] widened to contain 0 (so 0, the value ReLU produces most, is exact);
 * scale s = (hi − lo)/(2^b − 1), zero point z = round(−lo/s), code q = clamp(round(x/s) + z, 0,
 * 2^b − 1), dequantized x̂ = (q − z)·s, with |x − x̂| ≤ s/2 for every value. The wire format is a
 * header (float32 scale, int32 zero point: {@link QUANT_HEADER_BYTES} bytes) and the codes, b bits
 * each, little-endian. 32 bits means no quantization: the float32 values, no header.
 * @module
 */

/** Precision of an activation on the wire: float32 (32) or affine integer codes (16, 8). */
export type ActivationBits = 32 | 16 | 8;

/** Bytes of the header of a quantized tensor: float32 scale + int32 zero point. */
export const QUANT_HEADER_BYTES = 8;

/** A quantized tensor. */
export interface Quantized {
  /** bits per code (8 or 16) */
  bits: 8 | 16;
  /** the step between codes */
  scale: number;
  /** the code of 0 */
  zeroPoint: number;
  /** the codes, one per value, in [0, 2^bits − 1] */
  codes: Uint8Array | Uint16Array;
  /** the values the receiver reconstructs, (code − zeroPoint)·scale */
  dequantized: Float32Array;
  /** bytes on the wire: header + codes */
  bytes: number;
}

/**
 * Bytes of `values` activation values at a precision: 4 per value at 32 bits; at 8 or 16 bits the
 * codes plus the {@link QUANT_HEADER_BYTES}-byte header (one tensor).
 * @param values - values in the tensor
 * @param bits - precision
 */
export function activationBytes(values: number, bits: ActivationBits): number {
  if (bits === 32) return 4 * values;
  return QUANT_HEADER_BYTES + (values * bits) / 8;
}

/**
 * Quantizes a tensor to 8 or 16 bits (uniform affine, per tensor).
 * @param values - the tensor's values (finite)
 * @param bits - 8 or 16
 * @throws RangeError on a non-finite value
 */
export function quantize(values: Float32Array, bits: 8 | 16): Quantized {
  let lo = 0;
  let hi = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) throw new RangeError(`cannot quantize a non-finite value (${v})`);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const levels = 2 ** bits - 1;
  // An all-zero tensor: any scale represents it exactly; take 1. A scale below the smallest normal
  // float32 (2^−126) would lose its precision on the wire: widen the range instead.
  const scale = Math.fround(hi > lo ? Math.max((hi - lo) / levels, 2 ** -126) : 1);
  const zeroPoint = Math.round((0 - lo) / scale); // 0 − lo, not −lo: no −0
  const codes = bits === 8 ? new Uint8Array(values.length) : new Uint16Array(values.length);
  const dequantized = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const q = Math.min(levels, Math.max(0, Math.round(values[i]! / scale) + zeroPoint));
    codes[i] = q;
    dequantized[i] = (q - zeroPoint) * scale;
  }
  return { bits, scale, zeroPoint, codes, dequantized, bytes: activationBytes(values.length, bits) };
}

/**
 * Dequantizes codes: (code − zeroPoint)·scale.
 * @param q - scale, zero point and codes
 */
export function dequantize(q: Pick<Quantized, 'scale' | 'zeroPoint' | 'codes'>): Float32Array {
  const out = new Float32Array(q.codes.length);
  for (let i = 0; i < q.codes.length; i++) out[i] = (q.codes[i]! - q.zeroPoint) * q.scale;
  return out;
}

/**
 * The bytes a terminal sends: float32 scale, int32 zero point, then the codes (little-endian).
 * @param q - a quantized tensor
 */
export function packQuantized(q: Quantized): Uint8Array {
  const out = new Uint8Array(q.bytes);
  const view = new DataView(out.buffer);
  view.setFloat32(0, q.scale, true);
  view.setInt32(4, q.zeroPoint, true);
  for (let i = 0; i < q.codes.length; i++) {
    if (q.bits === 8) view.setUint8(QUANT_HEADER_BYTES + i, q.codes[i]!);
    else view.setUint16(QUANT_HEADER_BYTES + 2 * i, q.codes[i]!, true);
  }
  return out;
}

/**
 * Reads what {@link packQuantized} wrote.
 * @param bytes - the packed tensor
 * @param bits - 8 or 16 (agreed out of band, like the split point)
 * @throws RangeError when the length does not fit the header and whole codes
 */
export function unpackQuantized(bytes: Uint8Array, bits: 8 | 16): Quantized {
  const width = bits / 8;
  if (bytes.length < QUANT_HEADER_BYTES || (bytes.length - QUANT_HEADER_BYTES) % width !== 0) throw new RangeError(`${bytes.length} bytes is not a ${bits}-bit quantized tensor`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = (bytes.length - QUANT_HEADER_BYTES) / width;
  const codes = bits === 8 ? new Uint8Array(n) : new Uint16Array(n);
  for (let i = 0; i < n; i++) codes[i] = bits === 8 ? view.getUint8(QUANT_HEADER_BYTES + i) : view.getUint16(QUANT_HEADER_BYTES + 2 * i, true);
  const scale = view.getFloat32(0, true);
  const zeroPoint = view.getInt32(4, true);
  return { bits, scale, zeroPoint, codes, dequantized: dequantize({ scale, zeroPoint, codes }), bytes: bytes.length };
}
