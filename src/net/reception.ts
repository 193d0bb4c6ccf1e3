/**
 * One receiver's side of a {@link WirelessTransmission}: what it has received, at what rate, SNR
 * and SINR, how long, and the account of it that `tx.end` reports.
 * @module
 */
import type { SimEvent } from '../engine/events.js';
import { NS_PER_S } from '../engine/time.js';
import type { ChannelState, RateSample } from '../radio/channel.js';
import type { Activity } from '../node/energy.js';
import type { Sink, Victim } from './interference.js';
import type { WirelessLink } from './wireless.js';
import type { Medium } from './medium.js';
import { SPEED_OF_LIGHT_MPS } from '../radio/units.js';
import { hypot3, type Vec3 } from '../mobility/vec.js';
import { TransferError, type TransferEndTrace, type TransferOutcome, type TransferTrace } from './transfer.js';

/** One receiver of a {@link WirelessTransmission}. */
export interface Reception {
  /** the link to the receiver */
  readonly link: WirelessLink;
  /** the payload of its `tx.start` and `rx` events */
  readonly trace: TransferTrace;
  /** bits still to receive */
  remainingBits: number;
  /** its rate in the current step (bit/s); 0 in outage or while waiting for the medium */
  rateBps: number;
  /** the channel for the current step, or undefined before the first evaluation / after a step */
  state: ChannelState | undefined;
  /** its SNR in the current step (dB) */
  snrDb: number;
  /** Σ SNR·time on the air (dB·s) */
  snrTimeDb: number;
  /** its SINR in the current step (dB) */
  sinrDb: number;
  /** Σ SINR·time on the air (dB·s) */
  sinrTimeDb: number;
  /** time on the air so far (s) */
  airtimeS: number;
  /** energy radiated while this receiver received (J): for its mean transmit power */
  radiatedJ: number;
  /** steps whose fresh channel evaluation was in outage */
  outages: number;
  /** succeeds on arrival, fails with a TransferError */
  readonly done: SimEvent<number>;
  /** delivered or failed */
  finished: boolean;
  /** its receive-chain activity on the receiver's meter, while receiving */
  rxActivity: Activity | undefined;
  /** stops the link from reaching it with interruptions */
  untrack: () => void;
  /** where it reads the interference of co-channel cells while on the air */
  sink: Sink | undefined;
  /** its side of the interference field: replans the transmission when the interference changed */
  readonly victim: Victim;
  /** its last rate evaluation and what it was made with: a replan with the same inputs reuses it */
  rated: RatedWith | undefined;
  /** its place among its transmission's receivers */
  readonly index: number;
  /** when its progress was last accounted (ns): each reception accrues on its own */
  lastNs: number;
  /** the shared clock's virtual time then (s), when taking turns */
  lastVS: number;
  /** its planned completion (ns, or virtual s when taking turns): its key in its transmission's heap */
  dueKey: number;
  /** its place in that heap, -1 when not in it */
  heapAt: number;
}

/** A rate and the inputs it was computed from. */
export interface RatedWith {
  /** the rate sample */
  sample: RateSample;
  /** the channel state */
  state: ChannelState;
  /** bandwidth (Hz) */
  bandwidthHz: number;
  /** share of its node's power (dB) */
  shareDb: number;
  /** interference (W) */
  interferenceW: number;
}

/** The state `withShare` returns: one object, overwritten at each call (a rate evaluation per replan allocated a copy). */
const SHARED_STATE: ChannelState = { meanRxDbm: 0, gain: 1, ergodic: false, rxNoiseFigureDb: 0 };

/**
 * A channel state with a transmission's share of its node's power applied (dB added to the mean
 * received power). With a share below the whole power it is a scratch object that the next call
 * overwrites: read it at once (as `RadioChannel.rateIn` does), never keep it.
 * @param st - the state at the full power
 * @param shareDb - 10·log10 of the share (0: the whole power)
 */
export function withShare(st: ChannelState, shareDb: number): ChannelState {
  if (shareDb === 0) return st;
  const s = SHARED_STATE;
  s.meanRxDbm = st.meanRxDbm + shareDb;
  s.gain = st.gain;
  s.ergodic = st.ergodic;
  s.rxNoiseFigureDb = st.rxNoiseFigureDb;
  return s;
}

/**
 * The rate of a reception in `state` over `bandwidthHz` with its share of power and interference:
 * the last evaluation if its inputs are the same (a broadcast replans all its receptions when one
 * of them ends, though only that one changed), else a fresh one.
 * @param r - the reception
 * @param state - its channel state, with its share of power applied by `withShare`
 * @param bandwidthHz - its bandwidth (Hz)
 * @param shareDb - its share of its node's power (dB)
 * @param interferenceW - interference in its band (W)
 * @param withShare - applies the share of power to a state
 */
export function rateOf(r: Reception, state: ChannelState, bandwidthHz: number, shareDb: number, interferenceW: number, withShare: (st: ChannelState, shareDb: number) => ChannelState): RateSample {
  const c = r.rated;
  if (c !== undefined && c.state === state && c.bandwidthHz === bandwidthHz && c.shareDb === shareDb && c.interferenceW === interferenceW) return c.sample;
  // Its one sample is overwritten (read at once by the plan): a replan allocates none.
  const sample = r.link.channel.rateIn(withShare(state, shareDb), bandwidthHz, interferenceW, c?.sample);
  if (c === undefined) r.rated = { sample, state, bandwidthHz, shareDb, interferenceW };
  else {
    // updated in place: a replan per change of share or interference allocates no record
    c.sample = sample;
    c.state = state;
    c.bandwidthHz = bandwidthHz;
    c.shareDb = shareDb;
    c.interferenceW = interferenceW;
  }
  return sample;
}


/** A reception's `untrack` until its transmission tracks it (one function for all). */
const NO_UNTRACK = (): void => {};

/**
 * A fresh reception of `bits` over `link`.
 * @param link - the link to the receiver
 * @param task - the message's label
 * @param bits - its size (bits)
 * @param onInterference - what to do when its interference changed materially
 * @param owner - its transmission (its receptions' interference changes are told to it once)
 * @param index - its place among its transmission's receivers
 * @param onTouched - what to do when the interference at its receiver changed at all
 */
export function createReception(link: WirelessLink, task: string, bits: number, onInterference: () => void, owner?: object, index = 0, onTouched?: () => void): Reception {
  return {
    link,
    trace: { link: link.id, from: link.from, to: link.to, task, bits },
    remainingBits: bits,
    rateBps: 0,
    state: undefined,
    snrDb: 0,
    snrTimeDb: 0,
    sinrDb: 0,
    sinrTimeDb: 0,
    airtimeS: 0,
    radiatedJ: 0,
    outages: 0,
    done: link.sim.event<number>(),
    finished: false,
    rxActivity: undefined,
    untrack: NO_UNTRACK,
    sink: undefined,
    // literals of one shape each (spreads of optional keys build slow objects)
    victim: onTouched === undefined ? { interferenceChanged: onInterference, owner } : { interferenceChanged: onInterference, owner, touched: onTouched },
    rated: undefined,
    index,
    lastNs: link.sim.nowNs,
    lastVS: 0,
    dueKey: Infinity,
    heapAt: -1,
  };
}

/**
 * Accounts `dtS` seconds on the air at the current rate, SNR, SINR and radiated power.
 * @param r - the reception
 * @param dtS - time on the air (s)
 * @param radiatedW - the power its transmission radiated meanwhile (W)
 * @param sentS - of that, the time it actually sent (s): `dtS`, or on a time-shared medium the
 *   one-block airtime of its turns (the shared clock's progress)
 */
export function accrue(r: Reception, dtS: number, radiatedW: number, sentS = dtS): void {
  r.remainingBits -= r.rateBps * sentS;
  r.airtimeS += dtS;
  r.radiatedJ += radiatedW * sentS;
  r.snrTimeDb += r.snrDb * dtS;
  r.sinrTimeDb += r.sinrDb * dtS;
}

/**
 * Accounts a reception's progress from its last account up to `nowNs` at its current rate: each
 * reception of a broadcast accrues only when its own rate is about to change or it completes.
 * @param r - the reception
 * @param nowNs - now (ns)
 * @param vS - the shared clock's virtual time now (s), NaN when not taking turns
 * @param radiatedW - the power its transmission radiated meanwhile (W)
 * @param onAir - whether its transmission was on the air meanwhile
 */
export function accrueTo(r: Reception, nowNs: number, vS: number, radiatedW: number, onAir: boolean): void {
  const dtS = (nowNs - r.lastNs) / NS_PER_S;
  const sentS = Number.isNaN(vS) ? dtS : vS - r.lastVS;
  r.lastNs = nowNs;
  if (!Number.isNaN(vS)) r.lastVS = vS;
  if (dtS > 0 && onAir && !r.finished) accrue(r, dtS, radiatedW, sentS);
}

/** Scratch positions for `arrive` (read at once, never kept). */
const ARRIVE_P: Vec3 = { x: 0, y: 0, z: 0 };
const ARRIVE_Q: Vec3 = { x: 0, y: 0, z: 0 };

/**
 * A delivered reception arrives after the propagation delay between its ends: `rx`, then `done`.
 * @param r - the reception
 */
export function arrive(r: Reception): void {
  const sim = r.link.sim;
  const a = r.link.tx.mobility;
  const b = r.link.rx.mobility;
  const p = a.positionInto === undefined ? a.positionAt(sim.now) : a.positionInto(sim.now, ARRIVE_P);
  const q = b.positionInto === undefined ? b.positionAt(sim.now) : b.positionInto(sim.now, ARRIVE_Q);
  sim.schedule(hypot3(p.x - q.x, p.y - q.y, p.z - q.z) / SPEED_OF_LIGHT_MPS, () => {
    sim.trace.emit('rx', r.trace);
    r.done.succeed(sim.now);
  });
}

/**
 * A broadcast's end: `broadcast.end`, then its `done` once every arrival has settled (fails naming
 * the receivers that did not get it).
 * @param receptions - its receptions, all ended
 * @param done - its `done`
 * @param bits - the message's size (bits)
 * @param airtimeS - its time on the air (s)
 */
export function broadcastEnd(receptions: readonly Reception[], done: SimEvent<number>, bits: number, airtimeS: number): void {
  const first = receptions[0]!;
  const sim = first.link.sim;
  const task = first.trace.task;
  sim.trace.emit('broadcast.end', { from: first.link.from, task, bits, to: receptions.map((r) => r.link.to), airtimeS });
  sim.allOf(receptions.map((r) => r.done)).addCallback((ev) => {
    if (ev.ok) done.succeed(sim.now);
    else {
      const failed = receptions.filter((r) => !r.done.ok).map((r) => r.link.to);
      done.fail(new TransferError('failed', `broadcast ${task} did not reach ${failed.join(', ')}`));
    }
  });
}

/**
 * Interference in its transmission's band at a reception's receiver (W).
 * @param r - the reception
 * @param medium - the medium its transmission shares
 * @param bandwidthHz - its transmission's bandwidth (Hz)
 */
export function interferenceAt(r: Reception, medium: Medium, bandwidthHz: number): number {
  return r.sink === undefined ? 0 : medium.spectrum!.field.interferenceW(r.sink, bandwidthHz);
}

/**
 * Starts or stops a reception's receive-chain activity on its receiver's energy meter.
 * @param r - the reception
 * @param on - whether it receives now
 */
export function setReceiving(r: Reception, on: boolean): void {
  const e = r.link.energy;
  if (e === undefined || on === (r.rxActivity !== undefined)) return;
  if (on) r.rxActivity = e.rx.begin('rx', e.rxPowerW);
  else {
    e.rx.end(r.rxActivity!);
    r.rxActivity = undefined;
  }
}

/**
 * Starts or stops reading the interference at a reception's receiver.
 * @param r - the reception
 * @param on - whether its transmission is on the air for it now
 * @param medium - the medium its transmission shares (its band, if any, is where it listens)
 */
export function listen(r: Reception, on: boolean, medium: Medium): void {
  const s = medium.spectrum;
  if (s === undefined || on === (r.sink !== undefined)) return;
  if (on) r.sink = s.field.attach(s.band, medium, r.link.rx, r.victim);
  else {
    s.field.detach(r.sink!, r.victim);
    r.sink = undefined;
  }
}

/**
 * The `tx.end` account of a reception.
 * @param r - the reception
 * @param outcome - how it ended
 * @param startS - when its transmission began (s)
 * @param radiatedW - the power its transmission radiates now (W), for a reception that had no airtime
 * @param broadcast - the broadcast it belongs to, or null for a unicast
 */
export function receptionEnd(r: Reception, outcome: TransferOutcome, startS: number, radiatedW: number, broadcast: string | null): TransferEndTrace {
  const t = r.trace;
  const bits = t.bits;
  // A literal, not a spread of the trace: a spread followed by more keys builds a slow, large object.
  return {
    link: t.link,
    from: t.from,
    to: t.to,
    task: t.task,
    bits,
    startS,
    airtimeS: r.airtimeS,
    bitsSent: Math.max(0, bits - Math.max(r.remainingBits, 0)),
    outcome,
    meanSnrDb: r.airtimeS > 0 ? r.snrTimeDb / r.airtimeS : r.state !== undefined ? r.snrDb : null,
    meanSinrDb: r.airtimeS > 0 ? r.sinrTimeDb / r.airtimeS : r.state !== undefined ? r.sinrDb : null,
    outages: r.outages,
    txPowerW: r.airtimeS > 0 ? r.radiatedJ / r.airtimeS : radiatedW,
    broadcast,
    wired: false,
  };
}

/**
 * The channel of a reception for the coming step. The rate is used for the step, or only until
 * the message is through if that is sooner: a step longer than the coherence time averages over
 * the fading (the ergodic rate), but a reception that the ergodic rate says ends within a
 * coherence time sees one fading sample instead, as a short message does.
 * @param r - the reception
 * @param nowS - now (s)
 * @param windowS - the step (s), Infinity for a time-invariant channel
 * @param bandwidthHz - its bandwidth (Hz)
 * @param shareDb - its share of its node's power (dB)
 * @param interferenceW - interference in its band (W)
 * @param duty - the fraction of the time it sends (1; on a time-shared medium N_RB/K)
 */
export function stepChannel(r: Reception, nowS: number, windowS: number, bandwidthHz: number, shareDb: number, interferenceW: number, duty: number): ChannelState {
  const channel = r.link.channel;
  const st = r.link.stateAt(nowS, windowS);
  if (!st.ergodic) return st;
  const rate = channel.rateIn(withShare(st, shareDb), bandwidthHz, interferenceW);
  // A mean SINR below the outage threshold: the link works only in good fades, so the step sees
  // one fading sample (it waits, step by step, for a fade above the threshold) rather than an
  // average that would keep it in outage however the fading goes.
  if (rate.outage) return channel.stateAt(r.link.tx, nowS, 0);
  const throughS = !(rate.rateBps > 0) ? Infinity : r.remainingBits / (rate.rateBps * duty);
  return throughS < windowS ? channel.stateAt(r.link.tx, nowS, throughS) : st;
}

/**
 * Converts a duration in seconds to whole nanoseconds, at least one, rounded up: a planned
 * instant never falls on the present, and a completion is never early.
 */
export function aheadNs(durationS: number): number {
  return Math.max(1, Math.ceil(durationS * NS_PER_S));
}

