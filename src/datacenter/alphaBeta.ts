/**
 * The uncontended time of one data-center message (docs/datacenter.md §α–β): on idle links, m
 * segments of s bytes through tandem FIFO servers take
 * T = o + Σ d_i + Σ s/B_i + (m − 1)·s/B_min (identical-job flow shop); whole messages
 * (`segmentBytes` null) take o + Σ d_i + Σ n/B_i. The fabric makes these times emerge from
 * events; predictors (placement) use this closed form.
 * @module
 */
import type { FabricOptions } from './types.js';

/** What the formula needs of a hop. */
export interface HopRate {
  /** rate (bit/s) */
  readonly rateBps: number;
  /** propagation delay (s) */
  readonly delayS: number;
}

/**
 * Seconds a message of `bytes` takes over `hops` on idle links (0 for no hops: the same node).
 * @param hops - the route's links in order
 * @param bytes - message size
 * @param options - segment size and per-message overhead
 */
export function uncontendedTransferS(hops: readonly HopRate[], bytes: number, options: Pick<FabricOptions, 'segmentBytes' | 'messageOverheadS'>): number {
  if (hops.length === 0 || bytes <= 0) return 0;
  const s = options.segmentBytes;
  if (s === null || s >= bytes) {
    let wholeS = options.messageOverheadS;
    for (const h of hops) wholeS += h.delayS + bytes / (h.rateBps / 8);
    return wholeS;
  }
  const m = Math.ceil(bytes / s);
  const last = bytes - (m - 1) * s;
  // Segments 1…m−1 are identical: the (m−1)th leaves hop i at Σ_{j≤i} s/B_j + Σ_{j<i} d_j + (m−2)·max_{j≤i} s/B_j
  // (identical jobs in a tandem of FIFO servers; pure delays add). The last, of `last` bytes,
  // starts a hop once it has arrived there and the hop has cleared the one before it.
  let sumServiceS = 0;
  let maxServiceS = 0;
  let sumDelayS = 0;
  let lastArrivalS = 0;
  for (let i = 0; i < hops.length; i++) {
    const bytesPerS = hops[i]!.rateBps / 8;
    const serviceS = s / bytesPerS;
    sumServiceS += serviceS;
    maxServiceS = Math.max(maxServiceS, serviceS);
    const fullLeavesS = sumServiceS + sumDelayS + (m - 2) * maxServiceS;
    const startS = i === 0 ? fullLeavesS : Math.max(lastArrivalS, fullLeavesS);
    lastArrivalS = startS + last / bytesPerS + hops[i]!.delayS;
    sumDelayS += hops[i]!.delayS;
  }
  return options.messageOverheadS + lastArrivalS;
}

/**
 * Seconds the slowest link of a route is busy with a message of `bytes` (n/B_min; 0 for no
 * hops): what each further message of a stream adds behind the first on idle links.
 */
export function bottleneckS(hops: readonly HopRate[], bytes: number): number {
  let slowestBps = Infinity;
  for (const h of hops) slowestBps = Math.min(slowestBps, h.rateBps);
  return hops.length === 0 || bytes <= 0 ? 0 : (8 * bytes) / slowestBps;
}
