/**
 * Ring all-reduce: a reduce-scatter ring then an all-gather ring, 2(p−1) send-and-receive steps
 * (Patarasuk & Yuan, JPDC 2009; Thakur, Rabenseifner & Gropp, IJHPCA 2005). Without contention,
 * T = 2(p−1)α + 2(p−1)/p·nβ + (p−1)/p·nγ (docs/datacenter.md).
 * @module
 */
import type { ProcessGenerator } from '../../engine/process.js';
import { chunkBounds, sendRecv, type CollectiveBuffer, type CollectiveComm, type Combine } from './collective.js';

const mod = (a: number, p: number): number => ((a % p) + p) % p;

/**
 * Reduce-scatter ring over the chunks `bounds` (p + 1 offsets into the buffer, p = nodes.length):
 * in step k rank r sends chunk (r−k) mod p to r+1 and adds chunk (r−k−1) mod p from r−1. Rank r
 * ends owning the sum of chunk (r+1) mod p.
 * @param comm - the mailbox
 * @param nodes - node id of each rank of the ring
 * @param rank - this process's rank
 * @param buf - its buffer, reduced in place
 * @param bounds - chunk offsets (e.g. from {@link chunkBounds}, shifted)
 * @param tag - unique per ring per reduction
 */
export function* ringReduceScatter(comm: CollectiveComm, nodes: readonly string[], rank: number, buf: CollectiveBuffer, bounds: readonly number[], tag: string): ProcessGenerator<void> {
  yield* ringPass(comm, nodes, rank, buf, bounds, `${tag}:rs`, 0, 'add');
}

/**
 * All-gather ring over the chunks `bounds`, starting from rank r owning chunk (r+1) mod p (as
 * {@link ringReduceScatter} leaves it): in step k rank r sends chunk (r+1−k) mod p to r+1 and
 * copies chunk (r−k) mod p from r−1. Every rank ends with every chunk.
 * @param comm - the mailbox
 * @param nodes - node id of each rank of the ring
 * @param rank - this process's rank
 * @param buf - its buffer
 * @param bounds - chunk offsets (p + 1)
 * @param tag - unique per ring per reduction
 */
export function* ringAllGather(comm: CollectiveComm, nodes: readonly string[], rank: number, buf: CollectiveBuffer, bounds: readonly number[], tag: string): ProcessGenerator<void> {
  yield* ringPass(comm, nodes, rank, buf, bounds, `${tag}:ag`, 1, 'copy');
}

/**
 * The p − 1 steps of one ring pass: in step k rank r sends chunk (r + shift − k) mod p to r + 1
 * and adds or copies chunk (r + shift − k − 1) mod p from r − 1 (shift 0: reduce-scatter, 1:
 * all-gather). Step tags are `${stepTag}${k}`.
 */
function* ringPass(comm: CollectiveComm, nodes: readonly string[], rank: number, buf: CollectiveBuffer, bounds: readonly number[], stepTag: string, shift: 0 | 1, combine: Combine): ProcessGenerator<void> {
  const p = nodes.length;
  if (bounds.length !== p + 1) throw new RangeError(`ring ${stepTag}: ${p} ranks need ${p + 1} chunk bounds, got ${bounds.length}`);
  const me = nodes[rank]!;
  const next = nodes[mod(rank + 1, p)]!;
  const prev = nodes[mod(rank - 1, p)]!;
  for (let k = 0; k < p - 1; k++) {
    const s = mod(rank + shift - k, p);
    const r = mod(rank + shift - k - 1, p);
    yield* sendRecv(comm, me, buf, `${stepTag}${k}`, next, bounds[s]!, bounds[s + 1]!, prev, bounds[r]!, bounds[r + 1]!, combine);
  }
}

/**
 * Offsets of p chunks of `buf[lo, hi)` (see {@link chunkBounds}).
 * @param lo - first value
 * @param hi - end (exclusive)
 * @param parts - chunks
 */
export function rangeBounds(lo: number, hi: number, parts: number): number[] {
  return chunkBounds(hi - lo, parts).map((b) => lo + b);
}

/**
 * Ring all-reduce of `buf[lo, hi)` among `nodes` (a {@link RangeAllReduce}).
 * @param comm - the mailbox
 * @param nodes - node id of each rank
 * @param rank - this process's rank
 * @param buf - its buffer, reduced in place
 * @param lo - first value of the range
 * @param hi - end of the range (exclusive)
 * @param tag - unique per reduction
 */
export function* ringAllReduce(comm: CollectiveComm, nodes: readonly string[], rank: number, buf: CollectiveBuffer, lo: number, hi: number, tag: string): ProcessGenerator<void> {
  if (nodes.length < 2) return;
  const bounds = rangeBounds(lo, hi, nodes.length);
  yield* ringReduceScatter(comm, nodes, rank, buf, bounds, tag);
  yield* ringAllGather(comm, nodes, rank, buf, bounds, tag);
}
