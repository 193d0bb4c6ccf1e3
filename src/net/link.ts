/**
 * A fixed-rate, one-direction link: messages queue first-come-first-served at the transmitter,
 * occupy it for bits / rate seconds (airtime), and arrive after a further propagation delay.
 * It stands for wired backhaul; wireless links are in `wireless.ts`. A message is lost when its
 * receiver is down as it arrives, or when its sender fails while it is queued or on the wire
 * ({@link FixedRateLink.interruptAll}); what it sent before counts as busy time.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import { FifoServer, type FifoJob } from '../engine/fifo.js';
import { TransferError, type Link, type TransferTrace } from './transfer.js';

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

interface Message extends TransferTrace {
  airtimeS: number;
}

/** A FIFO link of fixed rate and propagation delay. */
export class FixedRateLink implements Link {
  private readonly server: FifoServer<Message>;
  private readonly startedAt = new Map<Message, number>();

  /**
   * @param sim - the simulator
   * @param params - endpoints, rate and delay
   * @param receiverDown - why the receiving node is down now, or undefined while it is up: a message arriving while it is down is lost
   */
  constructor(
    private readonly sim: Simulator,
    readonly params: Readonly<FixedRateLinkParams>,
    private readonly receiverDown: () => string | undefined = () => undefined,
  ) {
    if (!(params.rateBps > 0) || !Number.isFinite(params.rateBps)) throw new RangeError(`link rate must be a finite number > 0 bit/s, got ${params.rateBps}`);
    if (!(params.delayS >= 0)) throw new RangeError(`link delay must be ≥ 0 s, got ${params.delayS}`);
    const base = (m: Message): TransferTrace => ({ link: m.link, from: m.from, to: m.to, task: m.task, bits: m.bits });
    this.server = new FifoServer<Message>(sim, {
      onStart: (m) => {
        this.startedAt.set(m, sim.now);
        sim.trace.emit('tx.start', base(m));
      },
      onEnd: (m) => {
        const startS = this.startedAt.get(m)!;
        this.startedAt.delete(m);
        // A literal, not a spread of base(m): a spread with more keys after it builds a slow, large object.
        sim.trace.emit('tx.end', { link: m.link, from: m.from, to: m.to, task: m.task, bits: m.bits, startS, airtimeS: m.airtimeS, bitsSent: m.bits, outcome: 'delivered', meanSnrDb: null, meanSinrDb: null, outages: 0, txPowerW: 0, broadcast: null, wired: true });
      },
    });
  }

  /** link id */
  get id(): string {
    return this.params.id;
  }

  /** sending node */
  get from(): string {
    return this.params.from;
  }

  /** receiving node */
  get to(): string {
    return this.params.to;
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
    const trace: Message = { link: id, from, to, task, bits, airtimeS };
    const tx = this.server.submit(trace, airtimeS);
    const arrived = this.sim.event<number>();
    tx.done.addCallback(() => {
      if (!tx.done.ok) {
        // The sender failed (interruptAll): bits on the wire so far are its account.
        const startS = this.startedAt.get(trace);
        this.startedAt.delete(trace);
        if (startS !== undefined) {
          const sentS = this.sim.now - startS;
          this.sim.trace.emit('tx.end', { link: id, from, to, task, bits, startS, airtimeS: sentS, bitsSent: Math.min(bits, sentS * rateBps), outcome: 'failed', meanSnrDb: null, meanSinrDb: null, outages: 0, txPowerW: 0, broadcast: null, wired: true });
        }
        arrived.fail(tx.done.error);
        return;
      }
      this.sim.schedule(delayS, () => {
        const down = this.receiverDown();
        if (down !== undefined) {
          const reason = `${task} on ${id} lost: '${to}' is down (${down})`;
          this.sim.trace.emit('rx.lost', { link: id, from, to, task, bits, reason });
          arrived.fail(new TransferError('failed', reason));
          return;
        }
        this.sim.trace.emit('rx', { link: id, from, to, task, bits });
        arrived.succeed(this.sim.now);
      });
    });
    return { started: tx.started, done: arrived };
  }

  /**
   * Loses every message queued or on the wire (the sending node failed); messages already past the
   * transmitter (propagating) still arrive.
   * @param reason - why, for the transfers' errors
   */
  interruptAll(reason: string): void {
    this.server.abortAll(new TransferError('failed', `transfer on ${this.params.id} lost: ${reason}`));
  }
}
