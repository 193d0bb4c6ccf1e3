/**
 * Rabenseifner's all-reduce: a reduce-scatter by recursive halving (distance 1 first), then an
 * all-gather by recursive doubling in the reverse order, with MPICH's fold for p not a power of
 * two (the first r = p − 2^⌊lg p⌋ even ranks hand their vector to rank + 1 first and get the
 * result back at the end). For p a power of two, T = 2·lg p·α + 2(p−1)/p·nβ + (p−1)/p·nγ
 * (MPICH's allreduce source comment; docs/datacenter.md).
 * @module
 */
import type { ProcessGenerator } from '../../engine/process.js';
import { sendRecv, type CollectiveBuffer, type CollectiveComm } from './collective.js';
import { rangeBounds } from './ring.js';

/**
 * Halving-doubling all-reduce of `buf[lo, hi)` among `nodes` (a {@link RangeAllReduce}).
 * @param comm - the mailbox
 * @param nodes - node id of each rank
 * @param rank - this process's rank
 * @param buf - its buffer, reduced in place
 * @param lo - first value
 * @param hi - end (exclusive)
 * @param tag - unique per reduction
 */
export function* halvingDoublingAllReduce(comm: CollectiveComm, nodes: readonly string[], rank: number, buf: CollectiveBuffer, lo: number, hi: number, tag: string): ProcessGenerator<void> {
  const p = nodes.length;
  if (p < 2) return;
  const me = nodes[rank]!;
  let pof2 = 1;
  while (pof2 * 2 <= p) pof2 *= 2;
  const rem = p - pof2;
  // Fold: among the first 2·rem ranks, even ones hand over their vector and sit out.
  let nr: number;
  if (rank < 2 * rem) {
    if (rank % 2 === 0) {
      yield* sendRecv(comm, me, buf, `${tag}:fold`, nodes[rank + 1]!, lo, hi, null, 0, 0, 'add');
      yield* sendRecv(comm, me, buf, `${tag}:unfold`, null, 0, 0, nodes[rank + 1]!, lo, hi, 'copy');
      return;
    }
    yield* sendRecv(comm, me, buf, `${tag}:fold`, null, 0, 0, nodes[rank - 1]!, lo, hi, 'add');
    nr = rank >> 1;
  } else nr = rank - rem;
  const real = (r: number): string => nodes[r < rem ? 2 * r + 1 : r + rem]!;
  const b = rangeBounds(lo, hi, pof2);
  // Reduce-scatter by recursive halving: keep the half on this rank's side of bit `mask`.
  let c0 = 0;
  let c1 = pof2;
  for (let mask = 1; mask < pof2; mask <<= 1) {
    const peer = real(nr ^ mask);
    const mid = c0 + (c1 - c0) / 2;
    if ((nr & mask) === 0) {
      yield* sendRecv(comm, me, buf, `${tag}:h${mask}`, peer, b[mid]!, b[c1]!, peer, b[c0]!, b[mid]!, 'add');
      c1 = mid;
    } else {
      yield* sendRecv(comm, me, buf, `${tag}:h${mask}`, peer, b[c0]!, b[mid]!, peer, b[mid]!, b[c1]!, 'add');
      c0 = mid;
    }
  }
  // All-gather by recursive doubling, undoing the halvings in reverse order.
  for (let mask = pof2 >> 1; mask > 0; mask >>= 1) {
    const peer = real(nr ^ mask);
    const len = c1 - c0;
    if ((nr & mask) === 0) {
      yield* sendRecv(comm, me, buf, `${tag}:d${mask}`, peer, b[c0]!, b[c1]!, peer, b[c1]!, b[c1 + len]!, 'copy');
      c1 += len;
    } else {
      yield* sendRecv(comm, me, buf, `${tag}:d${mask}`, peer, b[c0]!, b[c1]!, peer, b[c0 - len]!, b[c0]!, 'copy');
      c0 -= len;
    }
  }
  if (rank < 2 * rem) yield* sendRecv(comm, me, buf, `${tag}:unfold`, nodes[rank - 1]!, lo, hi, null, 0, 0, 'copy');
}
