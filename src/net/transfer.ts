/**
 * What every link has in common: the `send` contract, the transfer trace events, and the error a
 * failed transfer ends with.
 * @module
 */
import type { FifoJob } from '../engine/fifo.js';
import { WorkFailure } from '../engine/errors.js';

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
