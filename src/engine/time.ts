/**
 * Simulated time. The event queue orders by an integer count of nanoseconds (exact, no float
 * drift); the public API speaks seconds and converts once, here.
 * @module
 */

/** Nanoseconds per second. */
export const NS_PER_S = 1e9;

/** Largest representable simulated time in ns (2^53 − 1 ns ≈ 104 days). */
export const MAX_TIME_NS = Number.MAX_SAFE_INTEGER;

/**
 * Converts a duration or instant in seconds to an integer count of nanoseconds (rounded to the
 * nearest ns).
 * @param timeS - time in seconds; must be finite
 * @returns time in ns (an integer)
 * @throws RangeError when `timeS` is not finite or exceeds {@link MAX_TIME_NS}
 */
export function secondsToNs(timeS: number): number {
  const ns = Math.round(timeS * NS_PER_S);
  if (!Number.isFinite(timeS) || Math.abs(ns) > MAX_TIME_NS) {
    throw new RangeError(`time ${timeS} s is not representable (finite, |t| ≤ ${MAX_TIME_NS} ns)`);
  }
  return ns;
}

/**
 * Converts an integer count of nanoseconds to seconds.
 * @param timeNs - time in ns
 * @returns time in seconds
 */
export function nsToSeconds(timeNs: number): number {
  return timeNs / NS_PER_S;
}
