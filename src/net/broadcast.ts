/**
 * Downlink broadcast: one transmission on the sender's downlink medium, received by several
 * terminals at once, each at the rate of its own channel; each reception ends on its own (the
 * sender stays on air until the last receiver has the message, or has failed). The sender's
 * transmit energy and airtime count once; each receiver's receive energy while it receives.
 * @module
 */
import type { EventHandle, Simulator } from '../engine/simulator.js';
import type { SimEvent } from '../engine/events.js';
import type { FifoJob } from '../engine/fifo.js';
import type { ChannelState } from '../radio/channel.js';
import { dbmToW, SPEED_OF_LIGHT_MPS } from '../radio/units.js';
import type { Activity } from '../node/energy.js';
import type { Medium, MediumUser } from './medium.js';
import type { WirelessLink } from './wireless.js';
import { TransferError } from './transfer.js';

const DONE_BITS = 1e-6;

interface Reception {
  link: WirelessLink;
  remainingBits: number;
  rateBps: number;
  state: ChannelState | undefined;
  snrDb: number;
  snrTimeDb: number;
  airtimeS: number;
  outages: number;
  done: SimEvent<number>;
  finished: boolean;
  rxActivity: Activity | undefined;
  untrack: () => void;
}

/** One broadcast message. */
export class WirelessBroadcast implements MediumUser {
  /** succeeds when transmission begins */
  readonly started: SimEvent<number>;
  /** succeeds when every receiver has the message; fails (TransferError) if any did not get it */
  readonly done: SimEvent<number>;
  private readonly receptions: Reception[];
  private bandwidthHz = 0;
  private lastS: number;
  private startS = Number.NaN;
  private stepEndS = Number.NaN;
  private handle: EventHandle | undefined;
  private txActivity: Activity | undefined;
  private ended = false;
  private finishing: Reception | undefined; // whose finish the next event is

  /**
   * @param sim - the simulator
   * @param links - the wireless links from the sender to each receiver
   * @param medium - the sender's downlink medium
   * @param bits - size (bits)
   * @param task - label
   */
  constructor(
    private readonly sim: Simulator,
    links: WirelessLink[],
    private readonly medium: Medium,
    readonly bits: number,
    readonly task: string,
  ) {
    this.started = sim.event<number>();
    this.done = sim.event<number>();
    this.lastS = sim.now;
    this.receptions = links.map((link) => {
      const r: Reception = { link, remainingBits: bits, rateBps: 0, state: undefined, snrDb: 0, snrTimeDb: 0, airtimeS: 0, outages: 0, done: sim.event<number>(), finished: false, rxActivity: undefined, untrack: () => {} };
      r.untrack = link.track({ interrupt: (reason) => this.failReception(r, 'interrupted', reason) });
      return r;
    });
  }

  /** Per receiver, in the order given: succeeds on arrival, fails (TransferError) if it did not get the message. */
  get arrivals(): SimEvent<number>[] {
    return this.receptions.map((r) => r.done);
  }

  /** The milestones as a job. */
  get job(): FifoJob {
    return { started: this.started, done: this.done };
  }

  /** Starts (joins the sender's downlink medium); receivers whose link has a failed end fail at once. */
  begin(): void {
    for (const r of this.receptions) {
      const failed = r.link.energy?.failed();
      if (failed !== undefined) this.failReception(r, 'interrupted', `an end of ${r.link.id} has failed (${failed})`);
    }
    if (this.receptions.every((r) => r.finished)) {
      this.end();
      return;
    }
    this.medium.join(this);
  }

  /** {@inheritDoc MediumUser.reallocated} */
  reallocated(bandwidthHz: number): void {
    if (this.ended) return;
    this.advance();
    this.bandwidthHz = bandwidthHz;
    const first = this.receptions[0]!.link;
    const onAir = bandwidthHz > 0;
    if (onAir && this.txActivity === undefined && first.energy !== undefined) this.txActivity = first.energy.tx.begin('tx', dbmToW(first.tx.radio.txPowerDbm));
    if (!onAir && this.txActivity !== undefined) {
      first.energy!.tx.end(this.txActivity);
      this.txActivity = undefined;
    }
    for (const r of this.receptions) this.setReceiving(r, onAir && !r.finished);
    if (onAir && Number.isNaN(this.startS)) {
      this.startS = this.sim.now;
      for (const r of this.receptions) if (!r.finished) this.sim.trace.emit('tx.start', this.traceOf(r));
      this.started.succeed(this.sim.now);
    }
    this.plan();
  }

  private traceOf(r: Reception): { link: string; from: string; to: string; task: string; bits: number } {
    return { link: r.link.id, from: r.link.from, to: r.link.to, task: this.task, bits: this.bits };
  }

  private setReceiving(r: Reception, on: boolean): void {
    const e = r.link.energy;
    if (e === undefined || on === (r.rxActivity !== undefined)) return;
    if (on) r.rxActivity = e.rx.begin('rx', e.rxPowerW);
    else {
      e.rx.end(r.rxActivity!);
      r.rxActivity = undefined;
    }
  }

  private advance(): void {
    const now = this.sim.now;
    const dt = now - this.lastS;
    if (dt > 0 && this.bandwidthHz > 0) {
      for (const r of this.receptions) {
        if (r.finished) continue;
        r.remainingBits -= r.rateBps * dt;
        r.airtimeS += dt;
        r.snrTimeDb += r.snrDb * dt;
      }
    }
    this.lastS = now;
  }

  private plan(): void {
    this.handle?.cancel();
    this.handle = undefined;
    if (this.ended) return;
    const now = this.sim.now;
    for (const r of this.receptions) if (!r.finished && r.remainingBits <= DONE_BITS) this.deliver(r);
    if (this.receptions.every((r) => r.finished)) {
      this.end();
      return;
    }
    if (this.bandwidthHz <= 0) return;
    const first = this.receptions[0]!.link;
    const invariant = this.receptions.every((r) => r.finished || r.link.channel.timeInvariant);
    const newStep = !(now < this.stepEndS);
    if (newStep) this.stepEndS = invariant ? Infinity : now + first.env.stepS;
    let next = this.stepEndS - now;
    this.finishing = undefined;
    for (const r of this.receptions) {
      if (r.finished) continue;
      if (newStep || r.state === undefined) r.state = r.link.channel.stateAt(r.link.tx, now, invariant ? Infinity : first.env.stepS);
      const rate = r.link.channel.rateIn(r.state, this.bandwidthHz);
      r.snrDb = rate.snrDb;
      if (rate.outage) {
        r.outages++;
        r.rateBps = 0;
        this.sim.trace.emit('outage', { link: r.link.id, task: this.task, snrDb: rate.snrDb });
        if (first.env.outagePolicy === 'fail' || invariant) {
          this.failReception(r, 'failed', `outage on ${r.link.id}: SNR ${rate.snrDb.toFixed(1)} dB below ${first.env.outageSnrDb} dB`);
          if (this.ended) return;
        }
        continue;
      }
      r.rateBps = rate.rateBps;
      const finishS = r.remainingBits / rate.rateBps;
      if (finishS <= next) {
        next = finishS;
        this.finishing = r;
      }
    }
    if (this.receptions.every((r) => r.finished)) {
      this.end();
      return;
    }
    if (Number.isFinite(next)) this.handle = this.sim.schedule(next, () => this.onEvent());
  }

  private onEvent(): void {
    this.handle = undefined;
    this.advance();
    // The reception this event was for is done (the clock's 1 ns rounding aside), and so is any
    // other within a nanosecond of done.
    if (this.finishing !== undefined) this.finishing.remainingBits = 0;
    this.finishing = undefined;
    for (const r of this.receptions) if (!r.finished && r.rateBps > 0 && r.remainingBits <= r.rateBps * 1e-9 + DONE_BITS) r.remainingBits = 0;
    if (!(this.sim.now < this.stepEndS)) for (const r of this.receptions) r.state = undefined;
    this.plan();
  }

  private endTrace(r: Reception, outcome: 'delivered' | 'failed' | 'interrupted'): void {
    const sim = this.sim;
    sim.trace.emit('tx.end', {
      ...this.traceOf(r),
      startS: Number.isNaN(this.startS) ? sim.now : this.startS,
      airtimeS: r.airtimeS,
      bitsSent: Math.max(0, this.bits - Math.max(r.remainingBits, 0)),
      outcome,
      meanSnrDb: r.airtimeS > 0 ? r.snrTimeDb / r.airtimeS : null,
      outages: r.outages,
      txPowerW: dbmToW(r.link.tx.radio.txPowerDbm),
      broadcast: this.task,
    });
  }

  private deliver(r: Reception): void {
    r.finished = true;
    r.remainingBits = 0;
    this.setReceiving(r, false);
    r.untrack();
    this.endTrace(r, 'delivered');
    const p = r.link.tx.mobility.positionAt(this.sim.now);
    const q = r.link.rx.mobility.positionAt(this.sim.now);
    this.sim.schedule(Math.hypot(p.x - q.x, p.y - q.y, p.z - q.z) / SPEED_OF_LIGHT_MPS, () => {
      this.sim.trace.emit('rx', this.traceOf(r));
      r.done.succeed(this.sim.now);
    });
  }

  private failReception(r: Reception, outcome: 'failed' | 'interrupted', reason: string): void {
    if (r.finished) return;
    this.advance();
    r.finished = true;
    this.setReceiving(r, false);
    r.untrack();
    this.endTrace(r, outcome);
    r.done.defused = true;
    r.done.fail(new TransferError(outcome, reason));
    if (!this.ended && this.receptions.every((x) => x.finished)) this.end();
    else if (!this.ended && !Number.isNaN(this.startS)) this.plan();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.handle?.cancel();
    const first = this.receptions[0]!.link;
    if (this.txActivity !== undefined) {
      first.energy!.tx.end(this.txActivity);
      this.txActivity = undefined;
    }
    this.medium.leave(this);
    const airtimeS = Number.isNaN(this.startS) ? 0 : this.sim.now - this.startS;
    this.sim.trace.emit('broadcast.end', { from: first.from, task: this.task, bits: this.bits, to: this.receptions.map((r) => r.link.to), airtimeS });
    if (!this.started.triggered) {
      this.started.defused = true;
      this.started.fail(new TransferError('failed', `broadcast ${this.task} reached no receiver`));
    }
    const arrivals = this.receptions.map((r) => r.done);
    this.sim.allOf(arrivals).addCallback((ev) => {
      if (ev.ok) this.done.succeed(this.sim.now);
      else {
        const failed = this.receptions.filter((r) => !r.done.ok).map((r) => r.link.to);
        this.done.fail(new TransferError('failed', `broadcast ${this.task} did not reach ${failed.join(', ')}`));
      }
    });
  }
}
