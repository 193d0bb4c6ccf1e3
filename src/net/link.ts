/**
 * A fixed-rate, one-direction link: messages queue first-come-first-served at the transmitter,
 * occupy it for bits / rate seconds (airtime), and arrive after a further propagation delay.
 * Wireless links whose rate emerges from the channel replace it in the radio layer.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import { FifoServer, type FifoJob } from '../engine/fifo.js';

/** Payload of `tx.start`, `tx.end` and `rx`. */
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
  /** transmitter occupancy in seconds (bits / rate) */
  airtimeS: number;
}

declare module '../engine/trace.js' {
  interface TraceEventMap {
    /** a message starts transmission */
    'tx.start': TransferTrace;
    /** a message's last bit leaves the transmitter */
    'tx.end': TransferTrace;
    /** a message has fully arrived at the receiver */
    'rx': TransferTrace;
  }
}

/** Parameters of a {@link FixedRateLink}. */
export interface FixedRateLinkParams {
  /** link id (default `${from}->${to}`) */
  id: string;
  /** sending node id */
  from: string;
  /** receiving node id */
  to: string;
  /** rate in bits/s, > 0 */
  rateBps: number;
  /** propagation delay in seconds, ≥ 0 */
  delayS: number;
}

/** A FIFO link of fixed rate and propagation delay. */
export class FixedRateLink {
  private readonly server: FifoServer<TransferTrace>;

  /**
   * @param sim - the simulator
   * @param params - endpoints, rate and delay
   */
  constructor(
    private readonly sim: Simulator,
    readonly params: Readonly<FixedRateLinkParams>,
  ) {
    if (!(params.rateBps > 0) || !Number.isFinite(params.rateBps)) throw new RangeError(`link rate must be a finite number > 0 bit/s, got ${params.rateBps}`);
    if (!(params.delayS >= 0)) throw new RangeError(`link delay must be ≥ 0 s, got ${params.delayS}`);
    this.server = new FifoServer<TransferTrace>(sim, {
      onStart: (t) => sim.trace.emit('tx.start', t),
      onEnd: (t) => sim.trace.emit('tx.end', t),
    });
  }

  /** Total transmitter busy time so far, in seconds. */
  get airtimeS(): number {
    return this.server.busyS;
  }

  /**
   * Queues a message. `started` fires when its transmission begins; `done` when it has arrived
   * (transmission end + propagation delay).
   * @param bits - message size in bits, ≥ 0
   * @param task - label for traces
   */
  send(bits: number, task: string): FifoJob {
    if (!(bits >= 0)) throw new RangeError(`message size must be ≥ 0 bits, got ${bits}`);
    const { id, from, to, rateBps, delayS } = this.params;
    const airtimeS = bits / rateBps;
    const trace: TransferTrace = { link: id, from, to, task, bits, airtimeS };
    const tx = this.server.submit(trace, airtimeS);
    const arrived = this.sim.event<number>();
    tx.done.addCallback(() => {
      this.sim.schedule(delayS, () => {
        this.sim.trace.emit('rx', trace);
        arrived.succeed(this.sim.now);
      });
    });
    return { started: tx.started, done: arrived };
  }
}
