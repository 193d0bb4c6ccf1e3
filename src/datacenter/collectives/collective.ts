/**
 * The collective-communication contract of a data center (issue 16, design §5.1, §10): the types a
 * collective algorithm is written against, {@link chunkBounds}, the mailbox {@link MailboxComm}
 * (MPI-style matched messages over any message sender, e.g. the DC fabric's `send`), and the
 * send-and-receive step every algorithm is built from.
 * @module
 */
import type { z } from 'zod';
import type { Simulator } from '../../engine/simulator.js';
import type { SimEvent } from '../../engine/events.js';
import type { ProcessGenerator } from '../../engine/process.js';
import type { NamedParams, RegistrySpec } from '../types.js';

/** What a collective may use of the network and the nodes' CPUs. */
export interface CollectiveComm {
  /** the simulator */
  readonly sim: Simulator;
  /**
   * Sends `bytes` from `from` to `to`; succeeds with the arrival time.
   * @param tag - matches the receiver's {@link CollectiveComm.recv}
   * @param payload - the values carried (copied at the call), or null in timing mode
   */
  send(from: string, to: string, bytes: number, tag: string, payload: Float32Array | null): SimEvent<number>;
  /** The payload of the message `from` → `at` with `tag`, when it has arrived. */
  recv(at: string, from: string, tag: string): SimEvent<Float32Array | null>;
  /** Charges the reduction of `values` fp32 values on `node`'s CPU (γ); succeeds when done. */
  reduce(node: string, values: number, label: string): SimEvent<unknown>;
}

/** The ranks of a collective: node ids in rank order and the racks as lists of ranks. */
export interface CollectiveGroup {
  /** node id of each rank */
  readonly nodes: readonly string[];
  /** ranks grouped by rack (every rank in exactly one rack) */
  readonly racks: readonly (readonly number[])[];
}

/** A rank's buffer: reduced in place. */
export interface CollectiveBuffer {
  /** number of values */
  readonly values: number;
  /** bytes per value on the wire (4 for fp32) */
  readonly bytesPerValue: number;
  /** the values (real mode), or null (timing mode: only sizes move) */
  readonly data: Float32Array | null;
}

/** One reduction (one bucket of one step) that every rank joins. */
export interface CollectiveInstance {
  /** The rank's part: returns when its buffer holds the element-wise sum over all ranks. */
  join(rank: number, buf: CollectiveBuffer): ProcessGenerator<void>;
}


/** A registered collective algorithm. */
export interface CollectiveEntry<P extends NamedParams = NamedParams> {
  /** schema of its spec (a strict object with `name` as a literal) */
  readonly schema: z.ZodType;
  /** defaults of its fields */
  readonly defaults: Readonly<Partial<Omit<P, 'name'>>>;
  /** The parameters of a spec, defaults filled in. */
  resolve(spec: RegistrySpec): P;
  /** Validation messages for these parameters on this group (none: fine). */
  check?(params: P, group: CollectiveGroup): string[];
  /** An instance for one reduction of `values` values; may start helper processes (servers). */
  create(comm: CollectiveComm, params: P, group: CollectiveGroup, values: number, label: string): CollectiveInstance;
}

/** A message sender: succeeds with the arrival time (the fabric's `send`). */
export type MessageSender = (from: string, to: string, bytes: number, label: string) => SimEvent<number>;

/** A CPU charge for reducing `values` values on `node` (γ). */
export type ReduceCharge = (node: string, values: number, label: string) => SimEvent<unknown>;

/**
 * Offsets of `parts` contiguous chunks of `elements` values: chunk i is [b[i], b[i+1]); the first
 * `elements mod parts` chunks are one value longer.
 * @param elements - integer ≥ 0
 * @param parts - integer ≥ 1
 * @returns `parts + 1` offsets from 0 to `elements`
 */
export function chunkBounds(elements: number, parts: number): number[] {
  if (!Number.isInteger(parts) || parts < 1) throw new RangeError(`parts must be an integer ≥ 1, got ${parts}`);
  if (!Number.isInteger(elements) || elements < 0) throw new RangeError(`elements must be an integer ≥ 0, got ${elements}`);
  const base = Math.floor(elements / parts);
  const extra = elements % parts;
  const b = [0];
  for (let i = 0; i < parts; i++) b.push(b[i]! + base + (i < extra ? 1 : 0));
  return b;
}

/** A mailbox slot: the message's event, made by whichever side touches it first. */
interface Slot {
  ev: SimEvent<Float32Array | null>;
  touched: number;
}

/**
 * Matched messages over a {@link MessageSender}: a message is keyed `${tag}|${from}->${to}`; its
 * receive event succeeds with the payload at arrival (and fails if the send fails). A message to
 * oneself arrives at once without using the network. Failures reach the ranks that wait on the
 * message (send or receive); ranks waiting on a rank that failed wait forever, so the caller
 * (the job) waits on all ranks with `allOf`, which fails at the first failure.
 */
export class MailboxComm implements CollectiveComm {
  private readonly box = new Map<string, Slot>();

  /**
   * @param sim - the simulator
   * @param sender - moves bytes between nodes (the fabric)
   * @param reducer - charges γ on a node's CPU
   */
  constructor(
    readonly sim: Simulator,
    private readonly sender: MessageSender,
    private readonly reducer: ReduceCharge,
  ) {}

  /** Messages sent and not yet received, or receives posted and not yet matched. */
  get pending(): number {
    return this.box.size;
  }

  private slot(key: string): SimEvent<Float32Array | null> {
    let s = this.box.get(key);
    if (s === undefined) {
      s = { ev: this.sim.event<Float32Array | null>(), touched: 0 };
      this.box.set(key, s);
    }
    if (++s.touched === 2) this.box.delete(key);
    return s.ev;
  }

  /** {@inheritDoc CollectiveComm.send} */
  send(from: string, to: string, bytes: number, tag: string, payload: Float32Array | null): SimEvent<number> {
    const copy = payload === null ? null : payload.slice();
    const box = this.slot(`${tag}|${from}->${to}`);
    if (from === to) {
      box.succeed(copy);
      return this.sim.event<number>().succeed(this.sim.now);
    }
    const sent = this.sender(from, to, bytes, tag);
    // A failed message is its waiters' to handle (a rank yielding it gets the error thrown); one
    // nobody waits on any more (its rank already failed) must not stop the run.
    sent.defused = true;
    sent.addCallback((e) => {
      if (e.ok) box.succeed(copy);
      else {
        box.defused = true;
        box.fail(e.error);
      }
    });
    return sent;
  }

  /** {@inheritDoc CollectiveComm.recv} */
  recv(at: string, from: string, tag: string): SimEvent<Float32Array | null> {
    return this.slot(`${tag}|${from}->${at}`);
  }

  /** {@inheritDoc CollectiveComm.reduce} */
  reduce(node: string, values: number, label: string): SimEvent<unknown> {
    return this.reducer(node, values, label);
  }
}

/** How a received chunk enters the buffer. */
export type Combine = 'add' | 'copy';

/**
 * One send-and-receive step (MPI_Sendrecv): sends `buf[sendLo, sendHi)` to `to` and receives
 * into `buf[recvLo, recvHi)` from `from` (added, then γ charged, or copied); returns when both
 * the send has been delivered and the receive handled. `to` or `from` null: that half is skipped.
 */
export function* sendRecv(
  comm: CollectiveComm,
  me: string,
  buf: CollectiveBuffer,
  tag: string,
  to: string | null,
  sendLo: number,
  sendHi: number,
  from: string | null,
  recvLo: number,
  recvHi: number,
  combine: Combine,
): ProcessGenerator<void> {
  const sent = to === null ? null : comm.send(me, to, (sendHi - sendLo) * buf.bytesPerValue, tag, buf.data === null ? null : buf.data.subarray(sendLo, sendHi));
  if (from !== null) {
    const got = comm.recv(me, from, tag);
    // Waiting on the receive first: a failed send is still seen below.
    let payload: Float32Array | null;
    try {
      payload = (yield got) as Float32Array | null;
    } catch (err) {
      if (sent !== null && !sent.triggered) sent.defused = true;
      throw err;
    }
    yield* placeReceived(comm, me, buf, payload, recvLo, recvHi, combine, tag);
  }
  if (sent !== null) yield sent;
}

/** Adds (then charges γ) or copies a received payload into `buf[lo, hi)`. */
export function* placeReceived(comm: CollectiveComm, me: string, buf: CollectiveBuffer, payload: Float32Array | null, lo: number, hi: number, combine: Combine, tag: string): ProcessGenerator<void> {
  const data = buf.data;
  if (data !== null && payload !== null) {
    if (payload.length !== hi - lo) throw new Error(`collective ${tag}: ${me} expected ${hi - lo} values, got ${payload.length}`);
    if (combine === 'add') for (let i = 0; i < payload.length; i++) data[lo + i] = data[lo + i]! + payload[i]!;
    else data.set(payload, lo);
  }
  if (combine === 'add' && hi > lo) yield comm.reduce(me, hi - lo, tag);
}

/**
 * An all-reduce of `buf[lo, hi)` among `nodes` (this process is rank `rank`), the building block
 * every flat algorithm exports for `hierarchical`.
 */
export type RangeAllReduce = (comm: CollectiveComm, nodes: readonly string[], rank: number, buf: CollectiveBuffer, lo: number, hi: number, tag: string) => ProcessGenerator<void>;
