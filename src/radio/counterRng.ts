/**
 * Counter-based random numbers: a value that is a pure function of a key (drawn once from a named
 * seeded stream) and an index, so a fading block or an oscillator phase does not depend on when,
 * or how often, the channel is asked about. The mixer is SplitMix32-style integer hashing.
 * @module
 */

function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  // Signed: an unsigned result from 2^31 on would be a heap number; every use takes it bitwise.
  return h ^ (h >>> 16);
}

/**
 * A uniform number in (0, 1) from (key, index, lane).
 * @param key - 32-bit key (from a named stream)
 * @param index - integer index (e.g. a coherence-block number)
 * @param lane - which of several values for the same index
 */
export function uniformAt(key: number, index: number, lane: number): number {
  const lo = index >>> 0;
  const hi = Math.floor(index / 4294967296) >>> 0;
  const h = mix32(mix32(mix32(key ^ 0x9e3779b9) ^ lo) ^ mix32(hi + 0x7f4a7c15) ^ Math.imul(lane + 1, 0x27d4eb2f));
  const h2 = mix32(h ^ 0x165667b1);
  // 53 bits from two 32-bit hashes, offset by half a step so 0 never occurs.
  return ((h >>> 5) * 67108864 + (h2 >>> 6) + 0.5) / 9007199254740992;
}

/**
 * A pair of independent standard normal numbers from (key, index) by Box–Muller.
 * @returns [n1, n2]
 */
export function normalPairAt(key: number, index: number): [number, number] {
  normalPairInto(key, index, PAIR);
  return [PAIR[0]!, PAIR[1]!];
}

/** Scratch for {@link normalPairAt}. */
const PAIR = new Float64Array(2);

/**
 * {@link normalPairAt} written into `out[0]`, `out[1]` (no allocation: for hot loops).
 * @param key - 32-bit key (from a named stream)
 * @param index - integer index
 * @param out - receives the pair
 */
export function normalPairInto(key: number, index: number, out: Float64Array): void {
  const u1 = uniformAt(key, index, 0);
  const u2 = uniformAt(key, index, 1);
  const r = Math.sqrt(-2 * Math.log(u1));
  out[0] = r * Math.cos(2 * Math.PI * u2);
  out[1] = r * Math.sin(2 * Math.PI * u2);
}
