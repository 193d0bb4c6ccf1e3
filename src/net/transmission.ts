/**
 * One wireless transmission on a shared {@link Medium}: a message from one sender, received by one
 * terminal (a unicast transfer) or by several at once (a downlink broadcast), each at the rate of
 * its own channel. This is the one stepping mechanism of the radio: the rate is re-evaluated every
 * step (the environment's `stepS`) as distance, shadowing and fading change, and whenever the
 * bandwidth share changes; within a step the rate is constant, so a completion time is exact within
 * the last step. A step longer than the coherence time uses the ergodic rate. In outage (SNR below
 * the threshold) a reception pauses until a later step, or fails, by the environment's policy.
 * On a time-shared medium (more users than resource blocks) it sends on one block in its turns and
 * plans its completion on the medium's clock ({@link TimeShare}) rather than in real time.
 *
 * Steps and completions are planned in integer nanoseconds, a step ≥ 1 ns and a completion rounded
 * *up*, so every event a transmission schedules for itself lies strictly in the future: at most one
 * event per step, per reception and per change of share, never one that replans forever.
 *
 * The sender's transmit energy and airtime count once; each receiver's receive energy while it
 * receives. Each reception ends on its own; the sender stays on air until the last receiver has the
 * message, or has failed.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import type { SimEvent } from '../engine/events.js';
import { MAX_TIME_NS, NS_PER_S } from '../engine/time.js';
import type { ChannelEnd, ChannelState } from '../radio/channel.js';
import type { FifoJob } from '../engine/fifo.js';
import type { Medium, MediumUser } from './medium.js';
import { Emission } from './emission.js';
import type { WirelessLink } from './wireless.js';
import { StepClock, type Sleeper, type StepAlarm } from './stepClock.js';
import type { TimeShare, TimeSharer } from './timeShare.js';
import type { TransmitterUser } from './transmitter.js';
import type { Interferer } from './interference.js';
import { TransferError, type TransferOutcome } from './transfer.js';
import { accrueTo, aheadNs, arrive, broadcastEnd, createReception, interferenceAt, listen, receptionEnd, setReceiving, stepChannel, rateOf, withShare, type Reception } from './reception.js';
import { DONE_BITS, PlannedCompletions, settleResidue } from './completions.js';

/** Whether a transmission goes to one receiver or is a broadcast to several. */
export type TransmissionKind = 'unicast' | 'broadcast';

/**
 * One message on the air, to one or several receivers. It is a user of its medium, of its node's
 * transmitter and, as an interferer, of the interference field; each of its receptions reads the
 * field as a victim of its own (see `listen`).
 */
export class WirelessTransmission implements MediumUser, TransmitterUser, Interferer, Sleeper, TimeSharer {
  /** succeeds when transmission begins; fails if it never began */
  readonly started: SimEvent<number>;
  /**
   * Unicast: succeeds on arrival, fails with the reception's {@link TransferError}. Broadcast:
   * succeeds when every receiver has the message, fails if any did not get it.
   */
  readonly done: SimEvent<number>;
  private readonly sim: Simulator;
  private readonly receptions: Reception[];
  private readonly first: WirelessLink;
  private bandwidthHz = 0;
  private lastNs: number;
  private startNs = Number.NaN;
  private stepEndNs = Number.NaN;
  private dueNs = Infinity; // the next step end or completion (ns), Infinity when none is due
  private readonly clock: StepClock;
  private radiatingW = 0; // its share of its node's transmit power now (W)
  private readonly emission: Emission; // its side of the interference field
  private ended = false;
  private unfinished: number; // receptions neither delivered nor failed
  private planning = false; // inside plan(): a failure there must not plan again
  private shared: TimeShare | undefined; // taking turns on a time-shared medium: its clock
  private readonly plans = new PlannedCompletions(); // between full plans only the receptions due are accounted
  /** {@inheritDoc Sleeper.stepAlarm} */
  stepAlarm: StepAlarm | undefined = undefined;

  /**
   * @param links - the wireless links from the sender to each receiver (one for a unicast)
   * @param medium - the medium the transmission shares (the sender's downlink, or the receiver's uplink)
   * @param bits - size (bits)
   * @param task - label
   * @param kind - `unicast` (one link) or `broadcast`
   */
  constructor(
    links: readonly WirelessLink[],
    private readonly medium: Medium,
    readonly bits: number,
    readonly task: string,
    readonly kind: TransmissionKind,
  ) {
    if (links.length === 0) throw new RangeError(`transmission ${task} has no receiver`);
    if (kind === 'unicast' && links.length !== 1) throw new RangeError(`a unicast transmission has one receiver, got ${links.length}`);
    if (!(bits >= 0)) throw new RangeError(`message size must be ≥ 0 bits, got ${bits}`);
    this.first = links[0]!;
    const sim = (this.sim = this.first.sim);
    this.clock = StepClock.of(sim);
    this.emission = new Emission(medium, this.first.tx, sim);
    this.started = sim.event<number>();
    this.lastNs = sim.nowNs;
    const changed = (): void => this.interferenceChanged(), touched = links.length > 1 ? (): void => void (this.plans.stale = true) : undefined; // one of each for all its receptions (a broadcast rates with the interference of its last full plan: any change makes that stale)
    this.receptions = links.map((link, i) => {
      const r = createReception(link, task, bits, changed, links.length > 1 ? this : undefined, i, touched); // a unicast's one reception needs no owner to be told once
      r.untrack = link.track({ interrupt: (reason) => this.failReception(r, 'interrupted', reason) });
      return r;
    });
    this.unfinished = links.length;
    this.done = kind === 'unicast' ? this.receptions[0]!.done : sim.event<number>();
  }

  /** Per receiver, in the order given: succeeds on arrival, fails (TransferError) if it did not get the message. */
  get arrivals(): SimEvent<number>[] {
    return this.receptions.map((r) => r.done);
  }

  /** The milestones as a job. */
  get job(): FifoJob {
    return { started: this.started, done: this.done };
  }

  /** Starts: joins the medium (which sets the first share); receivers whose link has a failed end fail at once. */
  begin(): void {
    for (const r of this.receptions) {
      const failed = r.link.energy?.failed();
      if (failed !== undefined) this.failReception(r, 'interrupted', `an end of ${r.link.id} has failed (${failed})`);
    }
    if (!this.ended) this.medium.join(this, this.sim);
  }

  /** {@inheritDoc MediumUser.reallocated} */
  reallocated(bandwidthHz: number): void {
    if (this.ended) return;
    this.advance();
    this.shared?.schedule(this, Infinity); // the medium is split again: no longer on its clock
    this.shared = undefined;
    this.onShare(bandwidthHz);
  }

  /** {@inheritDoc MediumUser.willShare} */
  willShare(bandwidthHz: number): void {
    if (!this.ended && bandwidthHz > 0) this.first.transmitter.use(this, bandwidthHz);
  }

  /** {@inheritDoc MediumUser.timeShared} */
  timeShared(resourceBlockHz: number, clock: TimeShare): void {
    if (this.ended) return;
    this.advance();
    this.shared = clock;
    for (const r of this.receptions) r.lastVS = clock.virtualS();
    this.onShare(resourceBlockHz);
  }

  /** {@inheritDoc TimeSharer.progressDue} */
  progressDue(): void {
    if (!this.ended) this.onEvent();
  }

  /** Its bandwidth on the air is `bandwidthHz` from now on (0: waiting): replans. */
  private onShare(bandwidthHz: number): void {
    this.bandwidthHz = bandwidthHz;
    const onAir = bandwidthHz > 0;
    this.first.transmitter.use(this, bandwidthHz);
    for (const r of this.receptions) {
      setReceiving(r, onAir && !r.finished);
      listen(r, onAir && !r.finished, this.medium);
    }
    if (onAir) this.markStarted();
    this.plan();
    this.announce();
  }

  /** {@inheritDoc TransmitterUser.powerShareChanged} */
  powerShareChanged(): void {
    if (this.ended || this.bandwidthHz <= 0) return;
    this.advance();
    this.plan();
    this.announce(); // its radiated power changed: so did its interference at other cells
  }

  /** The interference at one of its receivers changed materially: replan. */
  private interferenceChanged(): void {
    if (this.ended || this.bandwidthHz <= 0) return;
    this.advance();
    this.plan();
  }

  /** {@inheritDoc Interferer.senderEnd} */
  get senderEnd(): ChannelEnd { return this.first.tx; } // prettier-ignore

  /** {@inheritDoc Interferer.radiatedW} */
  get radiatedW(): number { return this.radiatingW; } // prettier-ignore

  /** {@inheritDoc Interferer.dutyGroup} */
  get dutyGroup(): TimeShare | undefined { return this.shared; } // prettier-ignore

  /** {@inheritDoc Interferer.nodePowerW} */
  get nodePowerW(): number { return this.first.transmitter.powerW; } // prettier-ignore

  /** Tells the band's other transmissions that this one's presence, bandwidth or power changed. */
  private announce(): void {
    this.emission.announce(this, !this.ended && this.bandwidthHz > 0);
  }

  /** The first time it is called: the transmission begins now (traces and `started`). */
  private markStarted(): void {
    if (!Number.isNaN(this.startNs)) return;
    this.startNs = this.sim.nowNs;
    for (const r of this.receptions) if (!r.finished) this.sim.trace.emit('tx.start', r.trace);
    this.started.succeed(this.sim.now);
  }

  /** Accounts every reception's progress at the current rates up to now. */
  private advance(): void {
    const nowNs = this.sim.nowNs;
    if (nowNs === this.lastNs) return; // every reception is accounted up to now already
    this.lastNs = nowNs;
    const vS = this.shared?.virtualS() ?? Number.NaN;
    for (const r of this.receptions) accrueTo(r, nowNs, vS, this.radiatedW, this.bandwidthHz > 0);
  }

  /** Evaluates each reception's rate for the coming step and schedules the next event. */
  private plan(): void {
    if (this.ended) return;
    this.planning = true;
    try {
      this.planSteps();
    } finally {
      this.planning = false;
    }
  }

  private planSteps(): void {
    const sim = this.sim;
    const nowNs = sim.nowNs;
    this.plans.reset();
    for (const r of this.receptions) if (!r.finished && r.remainingBits <= DONE_BITS) this.deliver(r);
    if (this.ended) return;
    if (this.bandwidthHz <= 0) {
      for (const r of this.receptions) r.rateBps = 0; // waiting for the medium (TDMA)
      this.radiatingW = 0;
      this.scheduleAt(Infinity);
      return;
    }
    // This transmission's share of its node's power: the received power scales with it.
    const transmitter = this.first.transmitter;
    // Taking turns, its node's share is spread over the TTIs it is on the air (K/N_RB of its
    // transmissions' blocks are in use at once: a terminal with one upload sends at full power).
    const clock = this.shared;
    const plans = this.plans;
    plans.share = transmitter.shareFor(this);
    plans.duty = clock?.duty ?? 1;
    const share = clock === undefined ? plans.share : Math.min(1, plans.share / clock.duty);
    this.radiatingW = transmitter.powerW * share;
    const shareDb = 10 * Math.log10(share);
    const env = this.first.env;
    let invariant = true;
    for (const r of this.receptions) if (!r.finished && !r.link.channel.timeInvariant) invariant = false;
    // Within a step the channel holds; a new share mid-step reuses it and only the bandwidth changes.
    const newStep = !(nowNs < this.stepEndNs);
    if (newStep) {
      this.stepEndNs = invariant ? Infinity : nowNs + aheadNs(env.stepS);
      if (!invariant) this.emission.moved(this); // its interference at other cells follows it as it moves
    }
    const duty = clock?.duty ?? 1;
    const vNowS = clock?.virtualS() ?? 0;
    for (const r of this.receptions) {
      if (r.finished) continue;
      const fresh = newStep || r.state === undefined;
      const interferenceW = interferenceAt(r, this.medium, this.bandwidthHz);
      if (fresh) r.state = stepChannel(r, sim.now, invariant ? Infinity : env.stepS, this.bandwidthHz, shareDb, interferenceW, duty);
      const rate = rateOf(r, r.state!, this.bandwidthHz, shareDb, interferenceW, withShare);
      r.snrDb = rate.snrDb;
      r.sinrDb = rate.sinrDb;
      if (rate.outage) {
        r.rateBps = 0;
        if (fresh) {
          r.outages++;
          sim.trace.emit('outage', { link: r.link.id, task: this.task, sinrDb: rate.sinrDb });
        }
        if (env.outagePolicy === 'fail') this.failReception(r, 'failed', `outage on ${r.link.id}: SINR ${rate.sinrDb.toFixed(1)} dB below ${env.outageSnrDb} dB`);
        // A static link below the threshold fails, also when interference put it there: the model
        // has no scheduler that would defer one of two co-channel users that keep each other in
        // outage (pausing both would wait forever).
        else if (invariant) this.failReception(r, 'failed', `permanent outage on ${r.link.id} (static link, SINR ${rate.sinrDb.toFixed(1)} dB below ${env.outageSnrDb} dB)`);
        if (this.ended) return;
        if (!r.finished) plans.paused++;
        continue;
      }
      r.rateBps = rate.rateBps;
      const finishNs = nowNs + aheadNs(r.remainingBits / (rate.rateBps * duty));
      if (finishNs > MAX_TIME_NS) {
        this.failReception(r, 'failed', `at ${rate.rateBps.toPrecision(3)} b/s the remaining ${r.remainingBits.toPrecision(3)} bits would arrive after the end of the clock (2^53 ns ≈ 104 days)`);
        if (this.ended) return;
        continue;
      }
      plans.heap.set(r, clock !== undefined ? vNowS + r.remainingBits / rate.rateBps : finishNs);
    }
    this.scheduleNext();
  }

  /** The next wake-up: the step's end or the earliest completion (on the shared clock when taking turns). */
  private scheduleNext(): void {
    const clock = this.shared;
    this.scheduleAt(clock === undefined ? Math.min(this.stepEndNs, this.plans.heap.topKey()) : this.stepEndNs);
    clock?.schedule(this, this.plans.heap.topKey());
  }

  /**
   * Makes the next wake-up due at `atNs` (Infinity: none). A new share mid-step moves neither the
   * step's end nor, usually, a completion beyond it: then no engine event is cancelled or
   * scheduled (see {@link StepClock}).
   */
  private scheduleAt(atNs: number): void {
    this.clock.move(this, this.dueNs, atNs);
    this.dueNs = atNs;
  }

  /** {@inheritDoc Sleeper.wake} */
  wake(): void {
    this.dueNs = Infinity;
    this.onEvent();
  }

  /**
   * A step ends or a reception completes. Unless its inputs changed since the last full plan (a
   * new step, interference, power or duty, a reception paused in outage), every other reception's
   * rate and completion hold: only the receptions due are accounted and delivered, O(log K) each.
   */
  private onEvent(): void {
    if (this.bandwidthHz > 0 && this.plans.holds(this.sim.nowNs, this.stepEndNs, this.shared?.duty ?? 1, () => this.first.transmitter.shareFor(this))) return this.completeDue();
    this.advance();
    for (const r of this.receptions) if (!r.finished && r.rateBps > 0) settleResidue(r, this.shared?.duty ?? 1);
    if (!(this.sim.nowNs < this.stepEndNs)) for (const r of this.receptions) r.state = undefined;
    this.plan();
  }

  /** Delivers the receptions due now; the others keep their plans. */
  private completeDue(): void {
    const due = this.plans.takeDue(this.sim.nowNs, this.shared, this.radiatedW);
    for (const r of due) {
      if (this.ended) break;
      if (r.remainingBits <= DONE_BITS) this.deliver(r);
      else this.plans.replan(r, this.sim.nowNs, this.shared);
    }
    this.plans.release(due);
    if (!this.ended) this.scheduleNext();
  }

  /** A reception ends: it leaves the plans, the receiver's meter and the interference field. */
  private close(r: Reception, outcome: TransferOutcome): void {
    this.plans.heap.remove(r);
    r.finished = true;
    this.unfinished--;
    setReceiving(r, false);
    listen(r, false, this.medium);
    r.untrack();
    const sim = this.sim;
    sim.trace.emit('tx.end', receptionEnd(r, outcome, Number.isNaN(this.startNs) ? sim.now : this.startNs / NS_PER_S, this.radiatedW, this.kind === 'broadcast' ? this.task : null));
  }

  private deliver(r: Reception): void {
    this.markStarted(); // a message of 0 bits is delivered as soon as it is queued
    r.remainingBits = 0;
    this.close(r, 'delivered');
    arrive(r);
    if (this.unfinished === 0) this.end();
  }

  private failReception(r: Reception, outcome: Exclude<TransferOutcome, 'delivered'>, reason: string): void {
    if (r.finished) return;
    this.advance();
    this.close(r, outcome);
    // A broadcast reports its failed receivers through `done`; a unicast's `done` is the reception's own.
    if (this.kind === 'broadcast') r.done.defused = true;
    const err = new TransferError(outcome, reason);
    if (this.unfinished === 0) this.end(err);
    else if (!this.planning && !Number.isNaN(this.startNs)) this.plan(); // the next event may have been this reception's
    r.done.fail(err);
  }

  /** Leaves the medium once every reception has ended; `err` is the last reception's failure, if it failed. */
  private end(err?: TransferError): void {
    if (this.ended) return;
    this.ended = true;
    this.plans.heap.clear();
    this.scheduleAt(Infinity);
    this.medium.leave(this); // before the transmitter: its users re-share the power in the medium's split, planning once
    this.first.transmitter.use(this, 0);
    this.radiatingW = 0;
    this.announce();
    this.shared?.schedule(this, Infinity);
    this.shared = undefined;
    const sim = this.sim;
    if (!this.started.triggered) {
      this.started.defused = true; // nobody need be waiting for the start of a transmission that never began
      this.started.fail(this.kind === 'unicast' && err !== undefined ? err : new TransferError('failed', `broadcast ${this.task} reached no receiver`));
    }
    if (this.kind === 'broadcast') broadcastEnd(this.receptions, this.done, this.bits, Number.isNaN(this.startNs) ? 0 : (sim.nowNs - this.startNs) / NS_PER_S);
  }

  /** Abandons it: each reception still going ends `interrupted` (a {@link TransferError}) now; the last one's end leaves the medium. */
  cancel(reason: string): void {
    for (const r of this.receptions) this.failReception(r, 'interrupted', reason);
  }
}
