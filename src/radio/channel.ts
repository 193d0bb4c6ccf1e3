/**
 * The channel between two nodes: geometry from their mobility, path loss (with a per-link LOS
 * draw for the 3GPP models), correlated shadowing and fading driven by the distance the two ends
 * have travelled. Reciprocal: one channel serves both directions; the direction only changes whose
 * transmit power, gains and noise figure count.
 * @module
 */
import type { RandomStream } from '../engine/random.js';
import type { MobilityModel } from '../mobility/model.js';
import { norm } from '../mobility/vec.js';
import { SHADOWING_3GPP, type NodeRadioSpec, type RadioEnvironment } from './environment.js';
import { friisLossDb, logDistanceLossDb, umaLosLossDb, umaNlosLossDb, umaLosProbability, umiLosLossDb, umiNlosLossDb, umiLosProbability, validity3gpp, type BsUtGeometry } from './pathLoss.js';
import { BlockFading, JakesFading, NO_FADING, coherenceTimeS, dopplerHz, type FadingProcess } from './fading.js';
import { Shadowing } from './shadowing.js';
import { noisePowerDbm, shannonRateBps } from './budget.js';
import { rayleighErgodicSpectralEfficiency, ricianErgodicSpectralEfficiency } from './ergodic.js';
import { dbToLinear, SPEED_OF_LIGHT_MPS } from './units.js';

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
  /** SNR used (dB): instantaneous, or the mean SNR when the step averages over fading */
  snrDb: number;
  /** whether the SNR is below the outage threshold */
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

/** The channel between two nodes. */
export class RadioChannel {
  private readonly fading: FadingProcess;
  private readonly shadowing: Shadowing | undefined;
  private readonly shadowingNlos: Shadowing | undefined;
  private readonly losDraw: number;
  private readonly kFactor: number;
  private readonly wavelengthM: number;
  private travelledM = 0;
  private travelledAtS = 0;
  private validityChecked = false;

  /**
   * @param env - the radio environment
   * @param a - one end
   * @param b - the other end
   * @param rng - the link's stream (`radio/<a>|<b>`, ids sorted)
   * @param onWarning - receives model-validity warnings (once per link)
   */
  constructor(
    private readonly env: RadioEnvironment,
    readonly a: ChannelEnd,
    readonly b: ChannelEnd,
    rng: RandomStream,
    private readonly onWarning?: (message: string) => void,
  ) {
    this.wavelengthM = SPEED_OF_LIGHT_MPS / env.carrierHz;
    this.losDraw = rng.random();
    const fadingKey = rng.integer(0, 2 ** 32 - 1);
    const shadowKey = rng.integer(0, 2 ** 32 - 1);
    const f = env.fading;
    this.kFactor = f.model === 'rician' ? dbToLinear(f.kFactorDb) : 0;
    this.fading =
      f.model === 'none' ? NO_FADING : f.process === 'block' ? new BlockFading(fadingKey, this.kFactor, this.wavelengthM, f.blockS) : new JakesFading(fadingKey, this.kFactor, this.wavelengthM);
    const sh = env.shadowing;
    const pl = env.pathLoss.model;
    if (sh === '3gpp' && (pl === '3gpp-uma' || pl === '3gpp-umi')) {
      const { los, nlos } = SHADOWING_3GPP[pl];
      this.shadowing = new Shadowing(shadowKey, los.sigmaDb, los.decorrelationM!);
      this.shadowingNlos = new Shadowing(shadowKey ^ 0x5bd1e995, nlos.sigmaDb, nlos.decorrelationM!);
    } else if (sh !== false && sh !== '3gpp') {
      this.shadowing = new Shadowing(shadowKey, sh.sigmaDb, sh.decorrelationM ?? Infinity);
    }
  }

  /** Distance the two ends have travelled by `tS` (m); queried at non-decreasing times it is incremental. */
  travelledMAt(tS: number): number {
    if (tS < this.travelledAtS) return this.a.mobility.pathLengthM(0, tS) + this.b.mobility.pathLengthM(0, tS);
    this.travelledM += this.a.mobility.pathLengthM(this.travelledAtS, tS) + this.b.mobility.pathLengthM(this.travelledAtS, tS);
    this.travelledAtS = tS;
    return this.travelledM;
  }

  /** Geometry at `tS`: the higher antenna is taken as the base station. */
  geometryAt(tS: number): BsUtGeometry {
    const p = this.a.mobility.positionAt(tS);
    const q = this.b.mobility.positionAt(tS);
    const d2 = Math.hypot(p.x - q.x, p.y - q.y);
    return { distance2dM: d2, distance3dM: Math.max(Math.hypot(d2, p.z - q.z), 1), hBsM: Math.max(p.z, q.z), hUtM: Math.min(p.z, q.z) };
  }

  /** Whether the link is in line of sight at `tS` (3GPP models; always true otherwise). */
  losAt(tS: number): boolean {
    const pl = this.env.pathLoss;
    if (pl.model !== '3gpp-uma' && pl.model !== '3gpp-umi') return true;
    if (pl.los === 'los') return true;
    if (pl.los === 'nlos') return false;
    const g = this.geometryAt(tS);
    const p = pl.model === '3gpp-uma' ? umaLosProbability(g.distance2dM, g.hUtM) : umiLosProbability(g.distance2dM);
    return this.losDraw < p; // one draw per link: LOS while the probability at this distance exceeds it
  }

  /** Path loss at `tS` (dB). */
  pathLossDbAt(tS: number): number {
    const g = this.geometryAt(tS);
    const pl = this.env.pathLoss;
    if (!this.validityChecked && (pl.model === '3gpp-uma' || pl.model === '3gpp-umi')) {
      // Reported once per link, at its first use: outside its validity range a formula still gives a number.
      this.validityChecked = true;
      const problems = validity3gpp(pl.model === '3gpp-uma' ? 'uma' : 'umi', g);
      if (problems.length > 0) this.onWarning?.(`${this.a.id}|${this.b.id}: ${pl.model} outside its validity range at t=${tS} s: ${problems.join('; ')}`);
    }
    const fc = this.env.carrierHz;
    switch (pl.model) {
      case 'free-space':
        return friisLossDb(g.distance3dM, fc);
      case 'log-distance':
        return logDistanceLossDb(g.distance3dM, fc, pl.exponent, pl.refDistanceM ?? 1);
      case '3gpp-uma':
        return this.losAt(tS) ? umaLosLossDb(g, fc) : umaNlosLossDb(g, fc);
      case '3gpp-umi':
        return this.losAt(tS) ? umiLosLossDb(g, fc) : umiNlosLossDb(g, fc);
    }
  }

  /** Shadowing loss at `tS` (dB). */
  shadowingDbAt(tS: number): number {
    const process = this.shadowingNlos !== undefined && !this.losAt(tS) ? this.shadowingNlos : this.shadowing;
    return process === undefined ? 0 : process.lossDbAt(this.travelledMAt(tS));
  }

  /** Mean received power (no fading) from `tx` at `tS` (dBm). */
  meanRxPowerDbm(tx: ChannelEnd, tS: number): number {
    const rx = tx === this.a ? this.b : this.a;
    return tx.radio.txPowerDbm + tx.radio.antennaGainDbi + rx.radio.antennaGainDbi - this.pathLossDbAt(tS) - this.shadowingDbAt(tS);
  }

  /** |h|² at `tS`. */
  fadingGainAt(tS: number): number {
    return this.fading.powerGainAt(this.travelledMAt(tS), tS);
  }

  /** Coherence time at `tS` (s): 0.423/f_D from the ends' speeds, or the block length. */
  coherenceTimeSAt(tS: number): number {
    if (this.env.fading.model === 'none') return Infinity;
    if (this.env.fading.process === 'block' && this.env.fading.blockS !== undefined) return this.env.fading.blockS;
    const v = norm(this.a.mobility.velocityAt(tS)) + norm(this.b.mobility.velocityAt(tS));
    return coherenceTimeS(dopplerHz(v, this.env.carrierHz));
  }

  /**
   * The channel from `tx` for a step of `stepS` starting at `tS`, independent of bandwidth: the
   * mean received power and either the fading gain sampled at `tS` (step within the coherence
   * time) or the instruction to average over the fading distribution.
   */
  stateAt(tx: ChannelEnd, tS: number, stepS: number): ChannelState {
    const rx = tx === this.a ? this.b : this.a;
    const meanRxDbm = this.meanRxPowerDbm(tx, tS);
    if (this.env.fading.model !== 'none' && stepS > this.coherenceTimeSAt(tS)) return { meanRxDbm, gain: 1, ergodic: true, rxNoiseFigureDb: rx.radio.noiseFigureDb };
    return { meanRxDbm, gain: this.fadingGainAt(tS), ergodic: false, rxNoiseFigureDb: rx.radio.noiseFigureDb };
  }

  /** The rate over `bandwidthHz` in channel state `state` (bandwidth changes need no new channel evaluation). */
  rateIn(state: ChannelState, bandwidthHz: number): RateSample {
    const env = this.env;
    const meanSnrDb = state.meanRxDbm - noisePowerDbm(bandwidthHz, state.rxNoiseFigureDb);
    const meanSnr = dbToLinear(meanSnrDb);
    if (state.ergodic) {
      const gap = dbToLinear(env.snrGapDb);
      const se = this.kFactor > 0 ? ricianErgodicSpectralEfficiency(meanSnr / gap, this.kFactor) : rayleighErgodicSpectralEfficiency(meanSnr / gap);
      const outage = meanSnrDb < env.outageSnrDb;
      return { rateBps: outage ? 0 : bandwidthHz * se, snrDb: meanSnrDb, outage, ergodic: true };
    }
    const snrDb = meanSnrDb + 10 * Math.log10(state.gain);
    const outage = snrDb < env.outageSnrDb;
    return { rateBps: outage ? 0 : shannonRateBps(bandwidthHz, meanSnr * state.gain, env.snrGapDb), snrDb, outage, ergodic: false };
  }

  /**
   * The rate from `tx` over `bandwidthHz` for a step of `stepS` starting at `tS`: with the fading
   * sampled at `tS` when the step is within the coherence time, else the ergodic rate at the mean
   * SNR.
   */
  rateAt(tx: ChannelEnd, tS: number, bandwidthHz: number, stepS: number): RateSample {
    return this.rateIn(this.stateAt(tx, tS, stepS), bandwidthHz);
  }

  /** Whether nothing about the channel changes with time (both ends static, fading not in time blocks). */
  get timeInvariant(): boolean {
    const still = (m: MobilityModel): boolean => m.name === 'static';
    return still(this.a.mobility) && still(this.b.mobility) && (this.env.fading.model === 'none' || this.env.fading.blockS === undefined);
  }
}
