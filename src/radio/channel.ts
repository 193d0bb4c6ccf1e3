/**
 * The channel between two nodes: geometry from their mobility, path loss (with a per-link LOS
 * draw for the 3GPP models), correlated shadowing and fading driven by the distances the two ends
 * have travelled. Reciprocal: one channel serves both directions; the direction only changes whose
 * transmit power, gains and noise figure count. Rates are B·min(log2(1 + SINR/Γ), c) with
 * SINR = S/(N + I), the interference I given by the caller (the transmissions sum the co-channel
 * transmitters' received powers, {@link RadioChannel.fadedRxPowerW}, at the receiver).
 * @module
 */
import type { RandomStream } from '../engine/random.js';
import type { MobilityModel } from '../mobility/model.js';
import { norm } from '../mobility/vec.js';
import { bsUtGeometryInto } from './geometry.js';
import { SHADOWING_3GPP, type NodeRadioSpec, type RadioEnvironment } from './environment.js';
import { pathLossDb, umaLosProbability, umiLosProbability, validity3gpp, type BsUtGeometry } from './pathLoss.js';
import { BlockFading, JakesFading, NO_FADING, coherenceTimeS, combinedDopplerHz, dopplerHz, type FadingProcess } from './fading.js';
import { Shadowing } from './shadowing.js';
import { ChannelLive } from './channelLive.js';
import { NoiseMemo, shannonRateBps } from './budget.js';
import { rayleighErgodicSpectralEfficiency, ricianErgodicSpectralEfficiency } from './ergodic.js';
import { dbToLinear, dbmToW, wToDbm, SPEED_OF_LIGHT_MPS } from './units.js';

/** One end of a channel. */
export interface ChannelEnd {
  /** node id */
  id: string;
  /** its mobility */
  mobility: MobilityModel;
  /** its radio (defaults filled in) */
  radio: Required<NodeRadioSpec>;
}

/** What a rate evaluation found. */
export interface RateSample {
  /** rate for the coming step (bit/s); 0 in outage */
  rateBps: number;
  /** SNR, without interference (dB): instantaneous, or the mean SNR when the rate averages over fading */
  snrDb: number;
  /** SINR S/(N + I) (dB), the one the rate uses: instantaneous, or at the mean S when ergodic; equals `snrDb` when I = 0 */
  sinrDb: number;
  /** whether the SINR is below the outage threshold */
  outage: boolean;
  /** whether the rate is the ergodic rate over the fading distribution */
  ergodic: boolean;
}

/** The channel from one end for one step, before the bandwidth is known. */
export interface ChannelState {
  /** mean received power (dBm) */
  meanRxDbm: number;
  /** sampled |h|² (1 when ergodic) */
  gain: number;
  /** whether the step averages over fading */
  ergodic: boolean;
  /** the receiver's noise figure (dB) */
  rxNoiseFigureDb: number;
}

/** Scratch geometry for a channel's own evaluations (read at once, never kept: see `pathLossDbIn`). */
const SCRATCH_G: BsUtGeometry = { distance2dM: 0, distance3dM: 0, hBsM: 0, hUtM: 0 };

/** Whether a mobility model never moves. */
function isStill(m: MobilityModel): boolean {
  return m.name === 'static';
}

/**
 * Where a channel's draws come from: its stream, or a function giving the stream of a name (the
 * channel then asks for `radio/<a>|<b>`, its ends' ids in the order given, at its first evaluation
 * and does not keep it).
 */
export type ChannelStreamSource = RandomStream | ((name: string) => RandomStream);

/** The noise of the last bandwidth and noise figure rated over (the users of a medium share one). */
const NOISE = new NoiseMemo();

/** The channel between two nodes. */
export class RadioChannel {
  private invariant: boolean | undefined;
  private stillEnds: boolean | undefined;
  /** the stream source until the first evaluation draws from it */
  private source: ((name: string) => RandomStream) | undefined;
  private liveMade: ChannelLive | undefined;
  private get live(): ChannelLive {
    return (this.liveMade ??= new ChannelLive(this.env, this.takeStream()));
  }
  private takeStream(): RandomStream {
    const stream = this.source!(`radio/${this.a.id}|${this.b.id}`);
    this.source = undefined;
    return stream;
  }
  private fadingOf(live: ChannelLive): FadingProcess {
    if (live.fading !== undefined) return live.fading;
    const f = this.env.fading;
    const wavelengthM = SPEED_OF_LIGHT_MPS / this.env.carrierHz;
    return (live.fading = f.model === 'none' ? NO_FADING : f.process === 'block' ? new BlockFading(live.fadingKey, live.kFactor, wavelengthM, f.blockS) : new JakesFading(live.fadingKey, live.kFactor, wavelengthM));
  }
  /** The shadowing process in LOS or not (the NLOS one when the model's differ), made on first use; undefined without shadowing. */
  private shadowingOf(live: ChannelLive, los: boolean): Shadowing | undefined {
    const sh = this.env.shadowing;
    if (sh === false) return undefined;
    const pl = this.env.pathLoss.model;
    if (sh === '3gpp') {
      if (pl !== '3gpp-uma' && pl !== '3gpp-umi') return undefined;
      const { los: l, nlos } = SHADOWING_3GPP[pl];
      if (los) return (live.shadowing ??= new Shadowing(live.shadowKey, l.sigmaDb, l.decorrelationM!));
      return (live.shadowingNlos ??= new Shadowing(live.shadowKey ^ 0x5bd1e995, nlos.sigmaDb, nlos.decorrelationM!));
    }
    return (live.shadowing ??= new Shadowing(live.shadowKey, sh.sigmaDb, sh.decorrelationM ?? Infinity));
  }

  /**
   * @param env - the radio environment
   * @param a - one end
   * @param b - the other end
   * @param rng - the link's stream (`radio/<a>|<b>`, ids sorted), drawn from at once; or a source
   *   of streams by name, asked for `radio/<a.id>|<b.id>` at the first evaluation (a channel never
   *   evaluated costs no stream)
   * @param onWarning - receives model-validity warnings (once per link)
   */
  constructor(
    readonly env: RadioEnvironment,
    readonly a: ChannelEnd,
    readonly b: ChannelEnd,
    rng: ChannelStreamSource,
    private readonly onWarning?: (message: string) => void,
  ) {
    if (typeof rng === 'function') this.source = rng;
    else this.liveMade = new ChannelLive(env, rng);
  }

  /** Distances ends a and b have travelled by `tS` (m); queried at non-decreasing times it is incremental. */
  travelledByEndMAt(tS: number): [number, number] {
    const live = this.live;
    if (tS < live.travelledAtS) return [this.a.mobility.pathLengthM(0, tS), this.b.mobility.pathLengthM(0, tS)];
    live.travelledAM += this.a.mobility.pathLengthM(live.travelledAtS, tS);
    live.travelledBM += this.b.mobility.pathLengthM(live.travelledAtS, tS);
    live.travelledAtS = tS;
    return [live.travelledAM, live.travelledBM];
  }

  /** Distance the two ends have travelled in total by `tS` (m): what the shadowing follows. */
  travelledMAt(tS: number): number {
    // As travelledByEndMAt's sum, without the pair (every shadowing evaluation asks).
    const live = this.live;
    if (tS < live.travelledAtS) return this.a.mobility.pathLengthM(0, tS) + this.b.mobility.pathLengthM(0, tS);
    live.travelledAM += this.a.mobility.pathLengthM(live.travelledAtS, tS);
    live.travelledBM += this.b.mobility.pathLengthM(live.travelledAtS, tS);
    live.travelledAtS = tS;
    return live.travelledAM + live.travelledBM;
  }

  /** Geometry at `tS`: the higher antenna is taken as the base station. */
  geometryAt(tS: number): BsUtGeometry {
    return this.geometryInto(tS, { distance2dM: 0, distance3dM: 0, hBsM: 0, hUtM: 0 });
  }

  /** {@link geometryAt} written into `g` (the channel's own evaluations use one scratch geometry). */
  private geometryInto(tS: number, g: BsUtGeometry): BsUtGeometry {
    return bsUtGeometryInto(this.a.mobility, this.b.mobility, tS, g);
  }

  /** Whether the link is in line of sight at `tS` (3GPP models; always true otherwise). */
  losAt(tS: number): boolean {
    return this.losIn(undefined, tS);
  }

  /** LOS in geometry `g` (or the geometry at `tS`, made only when the model draws LOS). */
  private losIn(g: BsUtGeometry | undefined, tS: number): boolean {
    const pl = this.env.pathLoss;
    if (pl.model !== '3gpp-uma' && pl.model !== '3gpp-umi') return true;
    if (pl.los === 'los') return true;
    if (pl.los === 'nlos') return false;
    g ??= this.geometryInto(tS, SCRATCH_G);
    const p = pl.model === '3gpp-uma' ? umaLosProbability(g.distance2dM, g.hUtM) : umiLosProbability(g.distance2dM);
    return this.live.losDraw < p; // one draw per link: LOS while the probability at this distance exceeds it
  }

  /** Path loss at `tS` (dB). */
  pathLossDbAt(tS: number): number {
    const g = this.geometryInto(tS, SCRATCH_G);
    return this.pathLossDbIn(g, this.losIn(g, tS), tS);
  }

  /** Path loss (dB) in geometry `g` at `tS`, in LOS or not (used by the 3GPP models only). */
  private pathLossDbIn(g: BsUtGeometry, los: boolean, tS: number): number {
    const pl = this.env.pathLoss;
    const lossDb = pathLossDb(pl, g, los, this.env.carrierHz);
    if ((pl.model === '3gpp-uma' || pl.model === '3gpp-umi') && !this.live.validityChecked) {
      // Reported once per link, at its first use: outside its validity range a formula still gives a
      // number. Warned last: `g` may be the scratch geometry, which the warning's listener might reuse.
      this.live.validityChecked = true;
      const problems = validity3gpp(pl.model === '3gpp-uma' ? 'uma' : 'umi', g);
      if (problems.length > 0) this.onWarning?.(`${this.a.id}|${this.b.id}: ${pl.model} outside its validity range at t=${tS} s: ${problems.join('; ')}`);
    }
    return lossDb;
  }


  /** Shadowing loss at `tS` (dB). */
  shadowingDbAt(tS: number): number {
    // LOS matters only where LOS and NLOS shadowing differ (the 3GPP models).
    return this.shadowingDbIn(this.env.shadowing === '3gpp' ? this.losAt(tS) : true, tS);
  }

  /** Shadowing loss (dB) at `tS`, in LOS or not (used when LOS and NLOS shadowing differ). */
  private shadowingDbIn(los: boolean, tS: number): number {
    if (this.env.shadowing === false) return 0;
    const process = this.shadowingOf(this.live, los);
    return process === undefined ? 0 : process.lossDbAt(this.travelledMAt(tS));
  }

  /** Mean received power (no fading) from `tx` at `tS` (dBm). */
  meanRxPowerDbm(tx: ChannelEnd, tS: number): number {
    const live = this.live;
    if (tS === live.memoS && tx === live.memoTx) return live.memoDbm;
    const still = this.still;
    if (still) {
      const fromA = tx === this.a;
      const stillDbm = fromA ? live.stillDbmA : live.stillDbmB;
      if (!Number.isNaN(stillDbm)) {
        live.memoS = tS;
        live.memoTx = tx;
        live.memoDbm = stillDbm;
        live.memoW = fromA ? live.stillWA : live.stillWB;
        return stillDbm;
      }
    }
    const rx = tx === this.a ? this.b : this.a;
    // One geometry and at most one LOS evaluation for both the path loss and the shadowing (same values as asking each at `tS`).
    const g = this.geometryInto(tS, SCRATCH_G);
    const los = this.losIn(g, tS);
    const dbm = tx.radio.txPowerDbm + tx.radio.antennaGainDbi + rx.radio.antennaGainDbi - this.pathLossDbIn(g, los, tS) - this.shadowingDbIn(los, tS);
    live.memoS = tS;
    live.memoTx = tx;
    live.memoDbm = dbm;
    live.memoW = Number.NaN;
    if (still) live[tx === this.a ? 'stillDbmA' : 'stillDbmB'] = dbm;
    return dbm;
  }

  /** Whether both ends are static (fixed for the channel's life): its mean received power never changes. */
  private get still(): boolean {
    return (this.stillEnds ??= isStill(this.a.mobility) && isStill(this.b.mobility));
  }

  /**
   * Mean received power from the `tx` end at `tS` (W): transmit power, antenna gains, path loss
   * and shadowing, no fast fading. For an interferer, its channel to the victim receiver. Evaluated
   * once per instant and transmitting end however often it is asked.
   * @param tx - the transmitting end (`a` or `b`)
   * @param tS - time (s)
   */
  meanRxPowerW(tx: ChannelEnd, tS: number): number {
    const dbm = this.meanRxPowerDbm(tx, tS);
    const live = this.live;
    if (Number.isNaN(live.memoW)) {
      live.memoW = dbmToW(dbm);
      if (this.still) live[tx === this.a ? 'stillWA' : 'stillWB'] = live.memoW;
    }
    return live.memoW;
  }

  /**
   * Received power in a channel state (W): the mean received power times the sampled |h|², or the
   * mean itself when the state is ergodic (E|h|² = 1). For an interferer: take its channel's
   * {@link RadioChannel.stateAt} from the interfering end, over the same use time as the victim's.
   * @param state - a state from {@link RadioChannel.stateAt}
   */
  fadedRxPowerW(state: ChannelState): number {
    return dbmToW(state.meanRxDbm) * state.gain;
  }

  /** |h|² at `tS`. */
  fadingGainAt(tS: number): number {
    const [sa, sb] = this.travelledByEndMAt(tS);
    return this.fadingOf(this.live).powerGainAt(sa, sb, tS);
  }

  /**
   * Coherence time at `tS` (s): the block length for fixed-length block fading, else 0.423/f_D
   * (Rappaport's rule) with f_D = √(f_D1² + f_D2²) from the two ends' own speeds (one static end:
   * the other's f_D; see {@link combinedDopplerHz}).
   */
  coherenceTimeSAt(tS: number): number {
    if (this.env.fading.model === 'none') return Infinity;
    if (this.env.fading.process === 'block' && this.env.fading.blockS !== undefined) return this.env.fading.blockS;
    const fc = this.env.carrierHz;
    return coherenceTimeS(combinedDopplerHz(dopplerHz(norm(this.a.mobility.velocityAt(tS)), fc), dopplerHz(norm(this.b.mobility.velocityAt(tS)), fc)));
  }

  /**
   * The channel from `tx` at `tS` for a rate that will be used for `useForS` seconds, independent of
   * bandwidth: the mean received power and either the fading gain sampled at `tS` or the
   * instruction to average over the fading distribution. The rate is ergodic when `useForS` is
   * longer than the coherence time ({@link RadioChannel.coherenceTimeSAt}), sampled when it is at
   * most the coherence time: a caller passes min(step, expected remaining transfer time), so a
   * transfer shorter than the coherence time sees one fading sample, not the average.
   * @param tx - the transmitting end (`a` or `b`)
   * @param tS - time (s)
   * @param useForS - how long the rate will be used for (s); Infinity for a time-invariant link
   */
  stateAt(tx: ChannelEnd, tS: number, useForS: number): ChannelState {
    const rx = tx === this.a ? this.b : this.a;
    const meanRxDbm = this.meanRxPowerDbm(tx, tS);
    if (this.env.fading.model !== 'none' && useForS > this.coherenceTimeSAt(tS)) return { meanRxDbm, gain: 1, ergodic: true, rxNoiseFigureDb: rx.radio.noiseFigureDb };
    return { meanRxDbm, gain: this.fadingGainAt(tS), ergodic: false, rxNoiseFigureDb: rx.radio.noiseFigureDb };
  }

  /**
   * The state of a time-invariant channel ({@link RadioChannel.timeInvariant}) from `tx` for its
   * whole life: {@link RadioChannel.stateAt} for `useForS` Infinity, evaluated once per end (path
   * loss, shadowing and fading once, not once per message); the same object each time.
   * @param tx - the transmitting end (`a` or `b`)
   * @param tS - time (s): any instant gives the same state
   */
  invariantStateFrom(tx: ChannelEnd, tS: number): ChannelState {
    if (!this.timeInvariant) throw new Error(`${this.a.id}|${this.b.id}: the channel changes with time; ask stateAt`);
    const live = this.live;
    if (tx === this.a) return (live.invariantFromA ??= this.stateAt(tx, tS, Infinity));
    return (live.invariantFromB ??= this.stateAt(tx, tS, Infinity));
  }

  /**
   * The rate over `bandwidthHz` in channel state `state` (bandwidth changes need no new channel
   * evaluation), with interference: SINR = S/(N + I), rate B·min(log2(1 + SINR/Γ), c), outage
   * when the SINR is below `outageSnrDb`. In an ergodic state I is taken as constant over the
   * use time (its own fading is not averaged over): the rate is the ergodic one at mean SINR
   * S̄/(N + I).
   * @param state - a state from {@link RadioChannel.stateAt}
   * @param bandwidthHz - the receiver's band (Hz)
   * @param interferenceW - interference power falling in that band at the receiver (W); default 0
   * @param into - a sample to overwrite and return instead of a new one (a caller that keeps one per reception)
   */
  rateIn(state: ChannelState, bandwidthHz: number, interferenceW = 0, into?: RateSample): RateSample {
    if (!(interferenceW >= 0)) throw new RangeError(`interference power is ≥ 0 W, got ${interferenceW}`);
    const env = this.env;
    const cap = env.maxSpectralEfficiencyBpsPerHz;
    const noiseDbm = NOISE.dbm(bandwidthHz, state.rxNoiseFigureDb);
    const meanSnrDb = state.meanRxDbm - noiseDbm;
    const meanSinrDb = interferenceW === 0 ? meanSnrDb : state.meanRxDbm - wToDbm(NOISE.w() + interferenceW);
    const meanSinr = dbToLinear(meanSinrDb);
    let rateBps: number, snrDb: number, sinrDb: number, outage: boolean;
    const ergodic = state.ergodic;
    if (ergodic) {
      const rho = meanSinr / dbToLinear(env.snrGapDb);
      const kFactor = this.live.kFactor;
      const se = kFactor > 0 ? ricianErgodicSpectralEfficiency(rho, kFactor, cap) : rayleighErgodicSpectralEfficiency(rho, cap);
      outage = meanSinrDb < env.outageSnrDb;
      rateBps = outage ? 0 : bandwidthHz * se;
      snrDb = meanSnrDb;
      sinrDb = meanSinrDb;
    } else {
      const fadeDb = 10 * Math.log10(state.gain);
      sinrDb = meanSinrDb + fadeDb;
      outage = sinrDb < env.outageSnrDb;
      rateBps = outage ? 0 : shannonRateBps(bandwidthHz, meanSinr * state.gain, env.snrGapDb, cap);
      snrDb = meanSnrDb + fadeDb;
    }
    if (into === undefined) return { rateBps, snrDb, sinrDb, outage, ergodic };
    into.rateBps = rateBps;
    into.snrDb = snrDb;
    into.sinrDb = sinrDb;
    into.outage = outage;
    into.ergodic = ergodic;
    return into;
  }

  /**
   * The rate from `tx` over `bandwidthHz` at `tS` for a rate used for `useForS` (see
   * {@link RadioChannel.stateAt}): the fading sampled at `tS` when `useForS` is within the
   * coherence time, else the ergodic rate at the mean SINR.
   * @param tx - the transmitting end
   * @param tS - time (s)
   * @param bandwidthHz - the receiver's band (Hz)
   * @param useForS - how long the rate will be used for (s)
   * @param interferenceW - interference power in the band at the receiver (W); default 0
   */
  rateAt(tx: ChannelEnd, tS: number, bandwidthHz: number, useForS: number, interferenceW = 0): RateSample {
    return this.rateIn(this.stateAt(tx, tS, useForS), bandwidthHz, interferenceW);
  }

  /** Whether nothing about the channel changes with time (both ends static, fading not in time blocks). */
  get timeInvariant(): boolean {
    // Fixed for the channel's life (its ends' mobility models and the environment): computed once.
    return (this.invariant ??= isStill(this.a.mobility) && isStill(this.b.mobility) && (this.env.fading.model === 'none' || this.env.fading.blockS === undefined));
  }
}
