/**
 * Binomial-tree all-reduce: a binomial reduce to rank 0 then a binomial broadcast, as MPICH's
 * binomial reduce and broadcast. Without contention, T = 2⌈lg p⌉(α + nβ) + ⌈lg p⌉·nγ
 * (docs/datacenter.md).
 * @module
 */
import type { ProcessGenerator } from '../../engine/process.js';
import { sendRecv, type CollectiveBuffer, type CollectiveComm } from './collective.js';

/**
 * Binomial reduce of `buf[lo, hi)` to rank 0: for mask = 1, 2, 4, …, a rank whose bit `mask` is
 * clear adds rank|mask's vector (if it exists); one whose bit is set sends to rank & ~mask and stops.
 * @param comm - the mailbox
 * @param nodes - node id of each rank
 * @param rank - this process's rank
 * @param buf - its buffer (rank 0's ends with the sum)
 * @param lo - first value
 * @param hi - end (exclusive)
 * @param tag - unique per reduction
 */
export function* binomialReduce(comm: CollectiveComm, nodes: readonly string[], rank: number, buf: CollectiveBuffer, lo: number, hi: number, tag: string): ProcessGenerator<void> {
  const p = nodes.length;
  const me = nodes[rank]!;
  for (let mask = 1; mask < p; mask <<= 1) {
    if ((rank & mask) === 0) {
      const src = rank | mask;
      if (src < p) yield* sendRecv(comm, me, buf, `${tag}:r${mask}`, null, 0, 0, nodes[src]!, lo, hi, 'add');
    } else {
      yield* sendRecv(comm, me, buf, `${tag}:r${mask}`, nodes[rank & ~mask]!, lo, hi, null, 0, 0, 'add');
      return;
    }
  }
}

/**
 * Binomial broadcast of `buf[lo, hi)` from rank 0: a rank receives from rank − (its lowest set
 * bit), then sends to rank + mask for each lower mask, largest first, one send after another.
 * @param comm - the mailbox
 * @param nodes - node id of each rank
 * @param rank - this process's rank
 * @param buf - its buffer (rank 0's is the source)
 * @param lo - first value
 * @param hi - end (exclusive)
 * @param tag - unique per reduction
 */
export function* binomialBroadcast(comm: CollectiveComm, nodes: readonly string[], rank: number, buf: CollectiveBuffer, lo: number, hi: number, tag: string): ProcessGenerator<void> {
  const p = nodes.length;
  const me = nodes[rank]!;
  let mask = 1;
  while (mask < p) {
    if ((rank & mask) !== 0) {
      yield* sendRecv(comm, me, buf, `${tag}:b${mask}`, null, 0, 0, nodes[rank - mask]!, lo, hi, 'copy');
      break;
    }
    mask <<= 1;
  }
  for (mask >>= 1; mask > 0; mask >>= 1) {
    if (rank + mask < p) yield* sendRecv(comm, me, buf, `${tag}:b${mask}`, nodes[rank + mask]!, lo, hi, null, 0, 0, 'copy');
  }
}

/**
 * Tree all-reduce of `buf[lo, hi)` among `nodes` (a {@link RangeAllReduce}): binomial reduce,
 * then binomial broadcast.
 * @param comm - the mailbox
 * @param nodes - node id of each rank
 * @param rank - this process's rank
 * @param buf - its buffer, reduced in place
 * @param lo - first value
 * @param hi - end (exclusive)
 * @param tag - unique per reduction
 */
export function* treeAllReduce(comm: CollectiveComm, nodes: readonly string[], rank: number, buf: CollectiveBuffer, lo: number, hi: number, tag: string): ProcessGenerator<void> {
  if (nodes.length < 2) return;
  yield* binomialReduce(comm, nodes, rank, buf, lo, hi, tag);
  yield* binomialBroadcast(comm, nodes, rank, buf, lo, hi, tag);
}
