/**
 * What every link has in common: the `send` contract, the transfer trace events, and the error a
 * failed transfer ends with.
 * @module
 */
import type { FifoJob } from '../engine/fifo.js';
import { WorkFailure } from '../engine/errors.js';
import type { SimEvent } from '../engine/events.js';

/** Payload of `tx.start` and `rx`. */
export interface TransferTrace {
  /** link id */
  link: string;
  /** sending node id */
  from: string;
  /** receiving node id */
  to: string;
  /** label of the message (task id) */
  task: string;
  /** message size in bits */
  bits: number;
}

/** How a transfer ended. */
export type TransferOutcome = 'delivered' | 'failed' | 'interrupted';

/** Payload of `tx.end`: the transfer's whole account. */
export interface TransferEndTrace extends TransferTrace {
  /** when transmission began (s) */
  startS: number;
  /** time the sender was on air (s) */
  airtimeS: number;
  /** bits sent (all of them when delivered) */
  bitsSent: number;
  /** how it ended */
  outcome: TransferOutcome;
  /** time-weighted mean SNR over the transfer (dB); null for wired links */
  meanSnrDb: number | null;
  /** time-weighted mean SINR (dB): the SNR with the interference of co-channel cells counted; null for wired links */
  meanSinrDb: number | null;
  /** steps spent in outage */
  outages: number;
  /** mean radiated power while on air (W): the sender's power, or its share when it transmits several messages at once; 0 for wired links */
  txPowerW: number;
  /** the broadcast this reception belongs to (its sender's airtime is counted once, by `broadcast.end`), or null */
  broadcast: string | null;
  /** whether it went over a wired link (busy time, not radio airtime) */
  wired: boolean;
}

/** Payload of `broadcast.end`: one transmission to several receivers. */
export interface BroadcastTrace {
  /** sender */
  from: string;
  /** task */
  task: string;
  /** size (bits) */
  bits: number;
  /** receivers */
  to: string[];
  /** time the sender was on air (s) */
  airtimeS: number;
}

/** Payload of `rx.lost`: a message lost on arrival, and why. */
export interface TransferLostTrace extends TransferTrace {
  /** why it was lost */
  reason: string;
}

declare module '../engine/trace.js' {
  interface TraceEventMap {
    /** a message starts transmission */
    'tx.start': TransferTrace;
    /** a message's transmission ends (delivered, failed or interrupted) */
    'tx.end': TransferEndTrace;
    /** a message has fully arrived at the receiver */
    'rx': TransferTrace;
    /** a wired message whose transmission ended was lost on arrival: its receiver was down */
    'rx.lost': TransferLostTrace;
    /** a broadcast's transmission ended (every receiver has it, or has failed) */
    'broadcast.end': BroadcastTrace;
  }
}

/** A transfer that did not deliver: outage under the `fail` policy, or an interruption. */
export class TransferError extends WorkFailure {
  /**
   * @param outcome - `failed` or `interrupted`
   * @param message - why
   */
  constructor(
    readonly outcome: Exclude<TransferOutcome, 'delivered'>,
    message: string,
  ) {
    super(message);
    this.name = 'TransferError';
  }
}

/** A one-direction link between two nodes. */
export interface Link {
  /** link id */
  readonly id: string;
  /** sending node */
  readonly from: string;
  /** receiving node */
  readonly to: string;
  /**
   * Queues a message: `started` when its transmission begins, `done` when it has arrived (or
   * fails with a {@link TransferError}).
   * @param bits - size in bits
   * @param task - label for traces
   */
  send(bits: number, task: string): FifoJob;
}

/** A transfer that can be abandoned: it leaves its medium at once, its unfinished receptions end `interrupted`. */
export interface Cancellable {
  /**
   * Abandons it now; no further event of it follows (a no-op once it has ended).
   * @param reason - why, for its receptions' errors
   */
  cancel(reason: string): void;
}

/**
 * The transfers started on behalf of one activity (a training run), so that they can all be
 * abandoned when it ends. Sends and multicasts over a topology with a scope (`Topology.scope`) register their
 * wireless transmissions in it while they are in flight. Once closed, whatever is registered is
 * cancelled at once. A wired message already queued or on the wire is not cancelled (a wired link
 * is a FIFO queue with no per-message abort): it arrives after at most its queueing, serialization
 * and propagation delay; the hops after it are not sent when its sender has walked away.
 */
export class TransferScope {
  private readonly live = new Set<Cancellable>();
  private closedBy: string | undefined;

  /** Whether it has been closed, and why; undefined while open. */
  get closedReason(): string | undefined {
    return this.closedBy;
  }

  /** Transfers in flight now. */
  get size(): number {
    return this.live.size;
  }

  /**
   * Registers a transfer until `ended` is triggered (a transfer registered after the scope closed is cancelled at once).
   * @param transfer - the transfer
   * @param ended - an event triggered when it ends, however it ends
   */
  add(transfer: Cancellable, ended: SimEvent<unknown>): void {
    if (this.closedBy !== undefined) {
      transfer.cancel(this.closedBy);
      return;
    }
    this.live.add(transfer);
    ended.addCallback(() => this.live.delete(transfer));
  }

  /**
   * Cancels every transfer in flight, in the order they were registered, and every one registered from now on.
   * @param reason - why (e.g. `training ended`)
   */
  close(reason: string): void {
    if (this.closedBy !== undefined) return;
    this.closedBy = reason;
    const live = [...this.live];
    this.live.clear();
    for (const t of live) t.cancel(reason);
  }
}
