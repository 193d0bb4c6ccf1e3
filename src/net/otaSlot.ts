/**
 * An over-the-air (analog) aggregation slot: the participants transmit their standardised update
 * vectors at once on the same time–frequency block of the receiver's uplink, and the receiver gets
 * their superposition y = Σ_l h_l·√p_l·x_l + z (`src/radio/ota.ts`). Its airtime is ⌈q/2⌉ complex
 * symbols over the bandwidth the medium gives it — the same for 1 participant or 200 — where
 * digital uploads would each need their own share. A slot longer than the coherence time is cut
 * into blocks, each with the channels sampled at its start and its own power decision.
 *
 * It is a user of the same shared mechanisms as a digital transmission: the receiver's uplink
 * {@link Medium} (under OFDMA the slot is one user, whatever the number of participants), the
 * links' interruption tracking (a participant whose node fails or hands over leaves the sum from
 * that block on), and the energy meters (each transmitter's chain draws P/η + circuit for the
 * power the policy chose, the receiver its receive power). It does not step a rate: its length is
 * set by the symbol count, not by a channel's capacity. Co-channel interference of other cells is
 * not added to the slot's noise (a documented simplification).
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import type { SimEvent } from '../engine/events.js';
import type { RandomStream } from '../engine/random.js';
import { NS_PER_S } from '../engine/time.js';
import type { Activity } from '../node/energy.js';
import { dbmToW } from '../radio/units.js';
import { noisePowerDbm } from '../radio/budget.js';
import { transmitChainW } from '../radio/power.js';
import { superpose, otaSlotAirtimeS, estimateChannel } from '../radio/ota.js';
import type { Medium, MediumUser } from './medium.js';
import type { WirelessLink } from './wireless.js';
import { TransferError } from './transfer.js';

/** What the slot tells the power policy at the start of each block. */
export interface OtaBlockInput {
  /** block number within the slot, from 0 */
  block: number;
  /** per participant still in the sum: the estimated channel power gain |ĥ|² (linear) */
  gains: number[];
  /** per participant: the large-scale gain (path loss, shadowing, antennas; linear) */
  meanGains: number[];
  /** per participant: the most it may radiate (W) */
  maxPowerW: number[];
  /** the receiver's noise power over the slot's band (W) */
  noiseW: number;
  /** real entries in this block */
  entries: number;
}

/** The power decision for one block (structurally a `PowerControlDecision` of the training layer). */
export interface OtaBlockDecision {
  /** per participant: transmit power (W); 0: it skips this block */
  powerW: number[];
  /** the receiver's alignment factor η (W) */
  eta: number;
  /** K of the estimate y / (K·√η) */
  denominator: number;
}

/** One block of a slot, as it happened. */
export interface OtaBlockRecord {
  /** start (s) */
  startS: number;
  /** airtime (s) */
  airtimeS: number;
  /** real entries carried */
  entries: number;
  /** the true channel power gains |h|² of the participants */
  gains: number[];
  /** the receiver's noise power over the block's band (W) */
  noiseW: number;
  /** the powers used (W) */
  powerW: number[];
  /** η */
  eta: number;
  /** K */
  denominator: number;
}

/** What a slot produced. */
export interface OtaSlotResult {
  /** the receiver's estimate of the mean of the participants' standardised vectors (length q) */
  estimate: Float32Array;
  /** the estimate's squared error against the true mean, summed over the entries */
  errorSq: number;
  /** the true mean's squared norm (for a relative error) */
  meanSq: number;
  /** airtime of the whole slot (s) */
  airtimeS: number;
  /** the blocks */
  blocks: OtaBlockRecord[];
  /** per participant: its time-averaged transmit power over the slot (W) */
  meanPowerW: number[];
  /** per participant: the blocks it skipped (zero power, "truncated") */
  truncatedBlocks: number[];
  /** per participant: why it left the sum (its node failed, a handover), or null */
  lost: (string | null)[];
  /** the received SNR of each participant in the first block (dB): p·|h|²/N0 */
  snrDb: number[];
  /** blocks in which no device transmitted (the policy's K = 0): their entries have no estimate */
  silentBlocks: number;
}

/** Options of an {@link OverTheAirSlot}. */
export interface OtaSlotOptions {
  /** each participant's wireless link to the receiver (all to the same node) */
  links: readonly WirelessLink[];
  /** each participant's standardised vector (same length) */
  signals: readonly Float32Array[];
  /** the receiver's uplink medium */
  medium: Medium;
  /** the power policy, asked at each block */
  decide(input: OtaBlockInput): OtaBlockDecision;
  /** variance of the channel estimation error, relative to the mean channel gain (0: perfect CSI) */
  csiErrorVariance: number;
  /** standard deviation of the residual phase error after pre-rotation (rad) */
  phaseErrorStdRad: number;
  /** the slot's random stream (noise, CSI errors) */
  rng: RandomStream;
  /** label for traces */
  task: string;
}

/** Payload of `ota.slot`: one slot's account. */
export interface OtaSlotTrace {
  /** label */
  task: string;
  /** receiving node */
  to: string;
  /** participants */
  from: string[];
  /** airtime (s) */
  airtimeS: number;
  /** blocks */
  blocks: number;
  /** the estimate's mean squared error per entry (standardised units) */
  msePerEntry: number;
}

declare module '../engine/trace.js' {
  interface TraceEventMap {
    /** an over-the-air slot ended */
    'ota.slot': OtaSlotTrace;
  }
}

/** One over-the-air aggregation slot. */
export class OverTheAirSlot implements MediumUser {
  /** succeeds with the result when the slot has ended */
  readonly done: SimEvent<OtaSlotResult>;
  private readonly sim: Simulator;
  private readonly q: number;
  private readonly y: Float64Array;
  private readonly lost: (string | null)[];
  private readonly untrack: (() => void)[];
  private readonly blocks: OtaBlockRecord[] = [];
  private readonly energyJ: number[];
  private readonly truncated: number[];
  private readonly snrDb: number[];
  private bandwidthHz = 0;
  private next = 0; // first entry of the next block
  private started = false;
  private ended = false;
  private rxActivity: Activity | undefined;
  private txActivities: (Activity | undefined)[];
  private startNs = 0;
  private silentBlocks = 0;

  /** @param options - participants, medium, policy, impairments */
  constructor(private readonly options: OtaSlotOptions) {
    const { links, signals } = options;
    if (links.length === 0) throw new RangeError(`slot ${options.task} has no participant`);
    if (signals.length !== links.length) throw new RangeError(`slot ${options.task}: ${links.length} links but ${signals.length} signals`);
    const to = links[0]!.to;
    if (links.some((l) => l.to !== to)) throw new RangeError(`slot ${options.task}: every participant must send to one receiver`);
    this.q = signals[0]!.length;
    if (signals.some((s) => s.length !== this.q)) throw new RangeError(`slot ${options.task}: the signals differ in length`);
    this.sim = links[0]!.sim;
    this.done = this.sim.event<OtaSlotResult>();
    this.y = new Float64Array(this.q);
    const n = links.length;
    this.lost = new Array<string | null>(n).fill(null);
    this.energyJ = new Array<number>(n).fill(0);
    this.truncated = new Array<number>(n).fill(0);
    this.snrDb = new Array<number>(n).fill(Number.NaN);
    this.txActivities = new Array<Activity | undefined>(n).fill(undefined);
    this.untrack = links.map((link, l) => link.track({ interrupt: (reason) => this.leave(l, reason) }));
  }

  /** Joins the medium; the first block starts when it gives the slot bandwidth. */
  begin(): void {
    this.options.links.forEach((link, l) => {
      const failed = link.energy?.failed();
      if (failed !== undefined) this.leave(l, `an end of ${link.id} has failed (${failed})`);
    });
    this.options.medium.join(this);
  }

  /** {@inheritDoc MediumUser.reallocated} */
  reallocated(bandwidthHz: number): void {
    // A block keeps the bandwidth it started with; the next block uses the new share.
    this.bandwidthHz = bandwidthHz;
    if (!this.started && bandwidthHz > 0 && !this.ended) {
      this.started = true;
      this.startNs = this.sim.nowNs;
      const rx = this.options.links[0]!.energy;
      if (rx !== undefined) this.rxActivity = rx.rx.begin('rx', rx.rxPowerW);
      this.nextBlock();
    }
  }

  private leave(l: number, reason: string): void {
    if (this.lost[l] !== null || this.ended) return;
    this.lost[l] = reason;
    this.stopTx(l);
  }

  private stopTx(l: number): void {
    const a = this.txActivities[l];
    if (a === undefined) return;
    this.options.links[l]!.energy?.tx.end(a);
    this.txActivities[l] = undefined;
  }

  /** Starts the next block, or ends the slot. */
  private nextBlock(): void {
    const { links, signals, rng } = this.options;
    if (this.next >= this.q || this.bandwidthHz <= 0) {
      if (this.next >= this.q) this.end();
      return; // waits for bandwidth (TDMA) — resumed by reallocated()
    }
    const sim = this.sim;
    const now = sim.now;
    const first = links[0]!;
    const coherenceS = Math.min(...links.map((l) => l.channel.coherenceTimeSAt(now)));
    const symbolsS = otaSlotAirtimeS({ entries: this.q - this.next, bandwidthHz: this.bandwidthHz });
    // Entries in this block: all that remain, or as many as fit in a coherence time (an even count).
    const fit = Number.isFinite(coherenceS) ? Math.max(2, 2 * Math.floor(coherenceS * this.bandwidthHz)) : Infinity;
    const entries = Math.min(this.q - this.next, fit);
    const airtimeS = entries === this.q - this.next ? symbolsS : otaSlotAirtimeS({ entries, bandwidthHz: this.bandwidthHz });
    const noiseW = dbmToW(noisePowerDbm(this.bandwidthHz, first.channel.stateAt(first.tx, now, airtimeS).rxNoiseFigureDb));
    // True channels now, and what the transmitters estimate of them.
    const gains: number[] = [];
    const meanGains: number[] = [];
    const estimated: number[] = [];
    const phases: number[] = [];
    links.forEach((link, l) => {
      const st = link.channel.stateAt(link.tx, now, Math.min(airtimeS, coherenceS));
      const mean = dbmToW(st.meanRxDbm) / dbmToW(link.tx.radio.txPowerDbm);
      const g = mean * st.gain;
      gains.push(g);
      meanGains.push(mean);
      const est = this.options.csiErrorVariance > 0 ? estimateChannel(g, this.options.csiErrorVariance * mean, rng) : { estimatedGain: g, phaseErrorRad: 0 };
      estimated.push(est.estimatedGain);
      phases.push(est.phaseErrorRad + (this.options.phaseErrorStdRad > 0 ? rng.normal(0, this.options.phaseErrorStdRad) : 0));
    });
    const maxPowerW = links.map((link) => dbmToW(link.tx.radio.txPowerDbm));
    const decision = this.options.decide({ block: this.blocks.length, gains: estimated, meanGains, maxPowerW, noiseW, entries });
    const powerW = decision.powerW.map((p, l) => (this.lost[l] !== null ? 0 : Math.min(Math.max(0, p), maxPowerW[l]!)));
    const amplitudes = powerW.map((p, l) => Math.sqrt(p * gains[l]!));
    const part = signals.map((s) => s.subarray(this.next, this.next + entries));
    const y = superpose({ signals: part, amplitudes, phaseErrorsRad: phases, noiseW, rng });
    // K = 0: nobody transmitted, there is no estimate of these entries (the slot reports it).
    const silent = !(decision.denominator > 0 && decision.eta > 0);
    if (silent) this.silentBlocks++;
    const scale = silent ? 0 : 1 / (decision.denominator * Math.sqrt(decision.eta));
    for (let i = 0; i < entries; i++) this.y[this.next + i] = y[i]! * scale;
    powerW.forEach((p, l) => {
      if (this.blocks.length === 0) this.snrDb[l] = 10 * Math.log10((p * gains[l]!) / noiseW);
      if (p <= 0) this.truncated[l]!++;
      this.energyJ[l]! += p * airtimeS;
      // The transmit chain draws for this block's power (P/η_PA + circuit); none when it skips.
      this.stopTx(l);
      const e = links[l]!.energy;
      if (p > 0 && e !== undefined && this.lost[l] === null) this.txActivities[l] = e.tx.begin('tx', transmitChainW(links[l]!.tx.radio, p));
    });
    this.blocks.push({ startS: now, airtimeS, entries, gains, noiseW, powerW, eta: decision.eta, denominator: decision.denominator });
    this.next += entries;
    sim.schedule(Math.max(airtimeS, 1 / NS_PER_S), () => this.nextBlock());
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    const { links, signals, medium, task } = this.options;
    links.forEach((_, l) => this.stopTx(l));
    for (const u of this.untrack) u();
    const rx = links[0]!.energy;
    if (this.rxActivity !== undefined && rx !== undefined) rx.rx.end(this.rxActivity);
    medium.leave(this);
    const sim = this.sim;
    const airtimeS = (sim.nowNs - this.startNs) / NS_PER_S;
    const startS = this.startNs / NS_PER_S;
    // The true mean of the standardised vectors, and the estimate's error against it.
    let errorSq = 0;
    let meanSq = 0;
    const estimate = new Float32Array(this.q);
    for (let i = 0; i < this.q; i++) {
      let m = 0;
      for (const s of signals) m += s[i]!;
      m /= signals.length;
      estimate[i] = this.y[i]!;
      errorSq += (this.y[i]! - m) ** 2;
      meanSq += m * m;
    }
    const meanPowerW = this.energyJ.map((e) => (airtimeS > 0 ? e / airtimeS : 0));
    links.forEach((link, l) => {
      sim.trace.emit('tx.end', {
        link: link.id,
        from: link.from,
        to: link.to,
        task,
        bits: 0,
        startS,
        airtimeS,
        bitsSent: 0,
        outcome: this.lost[l] === null ? 'delivered' : 'interrupted',
        meanSnrDb: Number.isFinite(this.snrDb[l]!) ? this.snrDb[l]! : null,
        meanSinrDb: Number.isFinite(this.snrDb[l]!) ? this.snrDb[l]! : null,
        outages: 0,
        txPowerW: meanPowerW[l]!,
        broadcast: null,
        wired: false,
      });
    });
    sim.trace.emit('ota.slot', { task, to: links[0]!.to, from: links.map((l) => l.from), airtimeS, blocks: this.blocks.length, msePerEntry: errorSq / this.q });
    if (this.lost.every((x) => x !== null)) {
      this.done.fail(new TransferError('interrupted', `over-the-air slot ${task}: every participant left (${this.lost[0]})`));
      return;
    }
    this.done.succeed({ estimate, errorSq, meanSq, airtimeS, blocks: this.blocks, meanPowerW, truncatedBlocks: this.truncated, lost: this.lost, snrDb: this.snrDb, silentBlocks: this.silentBlocks });
  }
}
