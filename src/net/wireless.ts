/**
 * Wireless transfers: a message sent over a {@link RadioChannel} through a shared
 * {@link Medium}. Its rate is re-evaluated every step (the environment's `stepS`) as distance,
 * shadowing and fading change, and whenever its bandwidth share changes; within a step the rate is
 * constant, so the completion time is exact within the last step. A step longer than the coherence
 * time uses the ergodic rate. In outage (SNR below the threshold) a transfer pauses until a later
 * step, or fails, by the environment's policy.
 * @module
 */
import type { Simulator, EventHandle } from '../engine/simulator.js';
import type { SimEvent } from '../engine/events.js';
import type { FifoJob } from '../engine/fifo.js';
import type { RadioChannel, ChannelEnd, ChannelState } from '../radio/channel.js';
import type { RadioEnvironment } from '../radio/environment.js';
import { dbmToW, SPEED_OF_LIGHT_MPS } from '../radio/units.js';
import type { Medium, MediumUser } from './medium.js';
import type { Activity, EnergyMeter } from '../node/energy.js';
import { TransferError, type Link, type TransferTrace } from './transfer.js';

/** Payload of `outage`. */
export interface OutageTrace {
  /** link id */
  link: string;
  /** task */
  task: string;
  /** SNR that was too low (dB) */
  snrDb: number;
}

declare module '../engine/trace.js' {
  interface TraceEventMap {
    /** a transfer's SNR fell below the outage threshold for a step */
    outage: OutageTrace;
  }
}

const DONE_BITS = 1e-6;

/** Energy accounts a wireless link charges: the sender's transmit power and the receiver's receive power while on air. */
export interface LinkEnergy {
  /** the sender's meter */
  tx: EnergyMeter;
  /** the receiver's meter */
  rx: EnergyMeter;
  /** the receiver's receive power (W) */
  rxPowerW: number;
  /** whether either end has failed (then nothing is sent) */
  failed(): string | undefined;
}

/** Something in flight on a link that a handover or a failure can stop. */
export interface Interruptible {
  /** stops it, with the reason */
  interrupt(reason: string): void;
}

/** A wireless link from one node to another. */
export class WirelessLink implements Link {
  private readonly active = new Set<Interruptible>();

  /**
   * @param sim - the simulator
   * @param id - link id
   * @param tx - sending end
   * @param rx - receiving end
   * @param channel - the channel between them
   * @param medium - the medium the transfer shares
   * @param env - the radio environment
   * @param energy - the ends' energy accounts, when kept
   */
  constructor(
    readonly sim: Simulator,
    readonly id: string,
    readonly tx: ChannelEnd,
    readonly rx: ChannelEnd,
    readonly channel: RadioChannel,
    readonly medium: Medium,
    readonly env: RadioEnvironment,
    readonly energy?: LinkEnergy,
  ) {}

  /** sending node */
  get from(): string {
    return this.tx.id;
  }

  /** receiving node */
  get to(): string {
    return this.rx.id;
  }

  /** {@inheritDoc Link.send} */
  send(bits: number, task: string): FifoJob {
    if (!(bits >= 0)) throw new RangeError(`message size must be ≥ 0 bits, got ${bits}`);
    const t = new WirelessTransfer(this, bits, task, () => this.active.delete(t));
    this.active.add(t);
    const failed = this.energy?.failed();
    if (failed !== undefined) t.interrupt(`an end of ${this.id} has failed (${failed})`);
    else t.begin();
    return { started: t.started, done: t.done };
  }

  /** Registers something in flight on this link (a broadcast's reception) so that {@link interruptAll} reaches it. */
  track(item: Interruptible): () => void {
    this.active.add(item);
    return () => this.active.delete(item);
  }

  /** Interrupts every transfer in flight on this link (a handover, a failure). */
  interruptAll(reason: string): void {
    for (const t of [...this.active]) t.interrupt(reason);
  }
}

/** One message on a wireless link. */
export class WirelessTransfer implements MediumUser {
  /** succeeds when transmission begins */
  readonly started: SimEvent<number>;
  /** succeeds on arrival; fails with a {@link TransferError} */
  readonly done: SimEvent<number>;
  private remainingBits: number;
  private rateBps = 0;
  private bandwidthHz = 0;
  private lastS: number;
  private startS = Number.NaN;
  private airtimeS = 0;
  private snrTimeDb = 0;
  private snrTimeS = 0;
  private snrDb = 0;
  private outages = 0;
  private handle: EventHandle | undefined;
  private finished = false;
  private onAir: [Activity, Activity] | undefined;
  private state: ChannelState | undefined; // the channel for the current step
  private stepEndS = Number.NaN;
  private readonly trace: TransferTrace;

  /**
   * @param link - the link
   * @param bits - size (bits)
   * @param task - label
   * @param onFinish - called once when the transfer ends, whatever the outcome
   */
  constructor(
    private readonly link: WirelessLink,
    readonly bits: number,
    readonly task: string,
    private readonly onFinish: () => void,
  ) {
    const sim = link.sim;
    this.started = sim.event<number>();
    this.done = sim.event<number>();
    this.remainingBits = bits;
    this.lastS = sim.now;
    this.trace = { link: link.id, from: link.from, to: link.to, task, bits };
  }

  /** Joins the medium (which sets the first share). */
  begin(): void {
    this.link.medium.join(this);
  }

  /** {@inheritDoc MediumUser.reallocated} */
  reallocated(bandwidthHz: number): void {
    if (this.finished) return;
    const sim = this.link.sim;
    this.advance(sim.now);
    this.bandwidthHz = bandwidthHz;
    this.setOnAir(bandwidthHz > 0);
    if (bandwidthHz > 0) this.markStarted();
    this.plan();
  }

  /** The first time it is called: the transmission begins now (trace and `started`). */
  private markStarted(): void {
    if (!Number.isNaN(this.startS)) return;
    const sim = this.link.sim;
    this.startS = sim.now;
    sim.trace.emit('tx.start', this.trace);
    this.started.succeed(sim.now);
  }

  /** Starts or stops charging the ends' transmit and receive power. */
  private setOnAir(on: boolean): void {
    const e = this.link.energy;
    if (e === undefined || on === (this.onAir !== undefined)) return;
    if (on) this.onAir = [e.tx.begin('tx', dbmToW(this.link.tx.radio.txPowerDbm)), e.rx.begin('rx', e.rxPowerW)];
    else {
      e.tx.end(this.onAir![0]);
      e.rx.end(this.onAir![1]);
      this.onAir = undefined;
    }
  }

  /** Accounts progress at the current rate up to `nowS`. */
  private advance(nowS: number): void {
    const dt = nowS - this.lastS;
    if (dt > 0) {
      this.remainingBits -= this.rateBps * dt;
      if (this.bandwidthHz > 0) {
        this.airtimeS += dt;
        this.snrTimeDb += this.snrDb * dt;
        this.snrTimeS += dt;
      }
    }
    this.lastS = nowS;
  }

  /** Evaluates the rate for the coming step and schedules the next event. */
  private plan(): void {
    this.handle?.cancel();
    this.handle = undefined;
    const sim = this.link.sim;
    const now = sim.now;
    if (this.remainingBits <= DONE_BITS) {
      this.finish();
      return;
    }
    if (this.bandwidthHz <= 0) {
      this.rateBps = 0; // waiting for the medium (TDMA)
      return;
    }
    const env = this.link.env;
    const invariant = this.link.channel.timeInvariant;
    // Within a step the channel holds; a new share mid-step reuses it and only the bandwidth changes.
    if (this.state === undefined || !(now < this.stepEndS)) {
      this.state = this.link.channel.stateAt(this.link.tx, now, invariant ? Infinity : env.stepS);
      this.stepEndS = invariant ? Infinity : now + env.stepS;
    }
    const stepS = this.stepEndS - now;
    const r = this.link.channel.rateIn(this.state, this.bandwidthHz);
    this.snrDb = r.snrDb;
    if (r.outage) {
      this.outages++;
      sim.trace.emit('outage', { link: this.link.id, task: this.task, snrDb: r.snrDb });
      this.rateBps = 0;
      if (env.outagePolicy === 'fail') {
        this.fail(new TransferError('failed', `outage on ${this.link.id}: SNR ${r.snrDb.toFixed(1)} dB below ${env.outageSnrDb} dB`), 'failed');
        return;
      }
      if (invariant) {
        this.fail(new TransferError('failed', `permanent outage on ${this.link.id} (static link, SNR ${r.snrDb.toFixed(1)} dB)`), 'failed');
        return;
      }
      this.handle = sim.schedule(stepS, () => this.onStep());
      return;
    }
    this.rateBps = r.rateBps;
    const toFinishS = this.remainingBits / r.rateBps;
    this.handle = toFinishS <= stepS ? sim.schedule(toFinishS, () => this.onStep(true)) : sim.schedule(stepS, () => this.onStep());
  }

  private onStep(finishing = false): void {
    this.handle = undefined;
    this.advance(this.link.sim.now);
    if (finishing) this.remainingBits = 0;
    this.state = undefined; // a new step: evaluate the channel afresh
    this.plan();
  }

  private endTrace(outcome: 'delivered' | 'failed' | 'interrupted'): void {
    const sim = this.link.sim;
    sim.trace.emit('tx.end', {
      ...this.trace,
      startS: Number.isNaN(this.startS) ? sim.now : this.startS,
      airtimeS: this.airtimeS,
      bitsSent: Math.max(0, this.bits - Math.max(this.remainingBits, 0)),
      outcome,
      meanSnrDb: this.snrTimeS > 0 ? this.snrTimeDb / this.snrTimeS : this.airtimeS === 0 && this.bits === 0 ? null : this.snrDb,
      outages: this.outages,
      txPowerW: dbmToW(this.link.tx.radio.txPowerDbm),
      broadcast: null,
    });
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    const sim = this.link.sim;
    this.markStarted();
    this.remainingBits = 0;
    this.setOnAir(false);
    this.endTrace('delivered');
    this.link.medium.leave(this);
    this.onFinish();
    const p = this.link.tx.mobility.positionAt(sim.now);
    const q = this.link.rx.mobility.positionAt(sim.now);
    const delayS = Math.hypot(p.x - q.x, p.y - q.y, p.z - q.z) / SPEED_OF_LIGHT_MPS;
    sim.schedule(delayS, () => {
      sim.trace.emit('rx', this.trace);
      this.done.succeed(sim.now);
    });
  }

  private fail(err: TransferError, outcome: 'failed' | 'interrupted'): void {
    if (this.finished) return;
    this.finished = true;
    this.handle?.cancel();
    this.advance(this.link.sim.now);
    this.setOnAir(false);
    this.endTrace(outcome);
    this.link.medium.leave(this);
    this.onFinish();
    if (!this.started.triggered) {
      this.started.defused = true; // nobody need be waiting for the start of a transfer that never began
      this.started.fail(err);
    }
    this.done.fail(err);
  }

  /** Stops the transfer now: its `done` fails with an `interrupted` {@link TransferError}. */
  interrupt(reason: string): void {
    this.fail(new TransferError('interrupted', reason), 'interrupted');
  }
}
