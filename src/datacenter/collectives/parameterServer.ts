/**
 * Parameter-server all-reduce (push/pull; Li et al., OSDI 2014): dedicated servers each hold a
 * contiguous shard, sum the p pushes and send the sum back; or `sharded`, where every worker also
 * serves its own shard and push and pull are direct all-to-alls posted to r+1, r+2, … (on a star
 * each downlink then has one sender at a time). Costs on a star: one server 2(α + p·nβ) + p·nγ;
 * sharded 2(α + (p−1)/p·nβ) + (p−1)/p·nγ (docs/datacenter.md).
 * @module
 */
import type { ProcessGenerator } from '../../engine/process.js';
import type { SimEvent } from '../../engine/events.js';
import { chunkBounds, placeReceived, type CollectiveBuffer, type CollectiveComm, type CollectiveGroup, type CollectiveInstance } from './collective.js';

/** Parameters of `parameter-server`. */
export interface ParameterServerParams {
  /** registry name */
  name: 'parameter-server';
  /** dedicated server node ids (shards in this order), or `sharded`: every worker serves one shard */
  servers: readonly string[] | 'sharded';
}

const payloadOf = (buf: CollectiveBuffer, lo: number, hi: number): Float32Array | null => (buf.data === null ? null : buf.data.subarray(lo, hi));

/** A server's loop: sums the p pushes of its shard (γ each) and sends the sum to every worker. */
function* serveShard(comm: CollectiveComm, server: string, workers: readonly string[], len: number, tag: string, bytesPerValue: () => number): ProcessGenerator<void> {
  // The sum is an fp32 buffer made at the first real payload (timing mode moves none).
  let acc: CollectiveBuffer = { values: len, bytesPerValue: 4, data: null };
  for (const w of workers) {
    const payload = (yield comm.recv(server, w, `${tag}:push`)) as Float32Array | null;
    if (payload !== null && acc.data === null) acc = { values: len, bytesPerValue: 4, data: new Float32Array(len) };
    yield* placeReceived(comm, server, acc, payload, 0, len, 'add', tag);
  }
  const sent = workers.map((w) => comm.send(server, w, len * bytesPerValue(), `${tag}:pull`, acc.data));
  for (const s of sent) yield s;
}

/**
 * Dedicated servers: an instance whose `create` starts one process per server.
 * @param comm - the mailbox
 * @param servers - server node ids
 * @param group - the workers
 * @param values - values per worker buffer
 * @param label - unique per reduction
 */
export function dedicatedServers(comm: CollectiveComm, servers: readonly string[], group: CollectiveGroup, values: number, label: string): CollectiveInstance {
  const b = chunkBounds(values, servers.length);
  // Bytes per value on the wire: the workers' (known at the first join, before any push arrives).
  let wireBytes = 4;
  servers.forEach((s, j) => {
    // A server fails only when a push fails, and the pushing worker sees that failure itself.
    comm.sim.process(serveShard(comm, s, group.nodes, b[j + 1]! - b[j]!, label, () => wireBytes), `${label}:ps${j}`).defused = true;
  });
  const m = servers.length;
  return {
    *join(rank: number, buf: CollectiveBuffer): ProcessGenerator<void> {
      const me = group.nodes[rank]!;
      wireBytes = buf.bytesPerValue;
      const pushes: SimEvent<number>[] = [];
      for (let i = 0; i < m; i++) {
        const j = (rank + i) % m;
        pushes.push(comm.send(me, servers[j]!, (b[j + 1]! - b[j]!) * buf.bytesPerValue, `${label}:push`, payloadOf(buf, b[j]!, b[j + 1]!)));
      }
      // Pushes are delivered before any pull can come back: waiting on them first costs no time.
      for (const s of pushes) yield s;
      for (let i = 0; i < m; i++) {
        const j = (rank + i) % m;
        const payload = (yield comm.recv(me, servers[j]!, `${label}:pull`)) as Float32Array | null;
        yield* placeReceived(comm, me, buf, payload, b[j]!, b[j + 1]!, 'copy', label);
      }
    },
  };
}

/**
 * Sharded: rank r serves shard r of `chunkBounds(values, p)`.
 * @param comm - the mailbox
 * @param group - the workers (also the servers)
 * @param values - values per buffer
 * @param label - unique per reduction
 */
export function shardedServers(comm: CollectiveComm, group: CollectiveGroup, values: number, label: string): CollectiveInstance {
  const nodes = group.nodes;
  const p = nodes.length;
  const b = chunkBounds(values, p);
  return {
    *join(rank: number, buf: CollectiveBuffer): ProcessGenerator<void> {
      const me = nodes[rank]!;
      const to = (j: number): number => (rank + j) % p;
      const pushes: SimEvent<number>[] = [];
      for (let j = 1; j < p; j++) {
        const d = to(j);
        pushes.push(comm.send(me, nodes[d]!, (b[d + 1]! - b[d]!) * buf.bytesPerValue, `${label}:push`, payloadOf(buf, b[d]!, b[d + 1]!)));
      }
      for (let j = 1; j < p; j++) {
        const payload = (yield comm.recv(me, nodes[(rank - j + p) % p]!, `${label}:push`)) as Float32Array | null;
        yield* placeReceived(comm, me, buf, payload, b[rank]!, b[rank + 1]!, 'add', label);
      }
      const pulls: SimEvent<number>[] = [];
      for (let j = 1; j < p; j++) pulls.push(comm.send(me, nodes[to(j)]!, (b[rank + 1]! - b[rank]!) * buf.bytesPerValue, `${label}:pull`, payloadOf(buf, b[rank]!, b[rank + 1]!)));
      // Every server got this rank's push before it pulls: waiting on them here costs no time.
      for (const s of pushes) yield s;
      for (let j = 1; j < p; j++) {
        const s = to(j);
        const payload = (yield comm.recv(me, nodes[s]!, `${label}:pull`)) as Float32Array | null;
        yield* placeReceived(comm, me, buf, payload, b[s]!, b[s + 1]!, 'copy', label);
      }
      for (const s of pulls) yield s;
    },
  };
}
