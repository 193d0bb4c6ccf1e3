/**
 * Small-scale fading, |h|² as a function of time: Rayleigh or Rician(K); block fading (i.i.d. per
 * coherence block) or time-correlated fading by a sum of sinusoids: Clarke/Jakes when one end
 * moves, Akki–Haber (mobile-to-mobile) when both do.
 *
 * Both are driven by the distances each end of the link has travelled, s_a(t) and s_b(t), rather
 * than by time: an oscillator's phase advances by 2π/λ·(s_a·cos αₙ + s_b·cos βₙ), which for
 * constant speeds is 2π·(f_D1·cos αₙ + f_D2·cos βₙ)·t with each end's own Doppler f_D = v·fc/c,
 * and still holds when the speeds change along a trace; a static link does not fade in time. Random values come from a key drawn once from the link's named stream through a
 * counter-based generator, so |h|² at a time does not depend on when else the channel was asked.
 * @module
 */
import { hypot2 } from '../mobility/vec.js';
import type { Complex } from '../engine/random.js';
import { normalPairInto, uniformAt } from './counterRng.js';

/** Scratch for one normal pair. */
const PAIR = new Float64Array(2);

/** A fading process: |h|² (mean 1) at the distances the two ends have travelled and a time. */
export interface FadingProcess {
  /** |h|² (linear, mean 1) when end a has travelled `distanceAM` and end b `distanceBM`, at time `tS` */
  powerGainAt(distanceAM: number, distanceBM: number, tS: number): number;
}

/** No fading: |h|² = 1. */
export const NO_FADING: FadingProcess = { powerGainAt: () => 1 };

/** The coherence time 0.423/f_D (s) of Clarke's model at Doppler `dopplerHz` (Rappaport's rule). */
export function coherenceTimeS(dopplerHz: number): number {
  return dopplerHz > 0 ? 0.423 / dopplerHz : Infinity;
}

/**
 * The Doppler frequency of a link whose two ends move, for its coherence time:
 * √(f_D1² + f_D2²). The Akki–Haber autocorrelation J0(2π·f_D1·τ)·J0(2π·f_D2·τ) is, to second
 * order in τ, 1 − π²(f_D1² + f_D2²)τ², that of Clarke's J0 at this Doppler (equivalently, the RMS
 * Doppler spread of the combined spectrum, the convolution of the two ends' Jakes spectra, is
 * √((f_D1² + f_D2²)/2), that of a single end at this Doppler); one end static gives its own f_D.
 * @param doppler1Hz - one end's Doppler f_D1 (Hz)
 * @param doppler2Hz - the other end's f_D2 (Hz)
 */
export function combinedDopplerHz(doppler1Hz: number, doppler2Hz: number): number {
  return hypot2(doppler1Hz, doppler2Hz);
}

/** Doppler shift f_D = v·fc/c (Hz). */
export function dopplerHz(speedMps: number, carrierHz: number): number {
  return (speedMps * carrierHz) / 299_792_458;
}

/**
 * Block fading: i.i.d. |h|² per coherence block. Blocks are fixed time slots of `blockS` when
 * given (the usual over-the-air FL assumption), else lengths of 0.423·λ of the combined travelled
 * distance √(s_a² + s_b²) (the coherence time 0.423/√(f_D1² + f_D2²) at any constant speeds).
 */
export class BlockFading implements FadingProcess {
  private readonly los: number;
  private readonly scatter: number;

  /**
   * @param key - 32-bit key from the link's stream
   * @param kFactor - Rician K (linear); 0 for Rayleigh
   * @param wavelengthM - carrier wavelength (m)
   * @param blockS - block length in time (s); default: by travelled distance
   */
  constructor(
    private readonly key: number,
    kFactor: number,
    private readonly wavelengthM: number,
    private readonly blockS?: number,
  ) {
    this.los = Math.sqrt(kFactor / (kFactor + 1));
    this.scatter = Math.sqrt(1 / (kFactor + 1));
  }

  /** {@inheritDoc FadingProcess.powerGainAt} */
  powerGainAt(distanceAM: number, distanceBM: number, tS: number): number {
    const block = this.blockS !== undefined ? Math.floor(tS / this.blockS) : Math.floor(hypot2(distanceAM, distanceBM) / (0.423 * this.wavelengthM));
    normalPairInto(this.key, block, PAIR);
    const a = PAIR[0]!;
    const b = PAIR[1]!;
    // h = √(K/(K+1))·e^{jθ} + √(1/(K+1))·CN(0,1); the LOS phase θ is fixed per link.
    const theta = 2 * Math.PI * uniformAt(this.key, -1, 7);
    const re = this.los * Math.cos(theta) + this.scatter * a * Math.SQRT1_2;
    const im = this.los * Math.sin(theta) + this.scatter * b * Math.SQRT1_2;
    return re * re + im * im;
  }
}

/**
 * Fading by a sum of N sinusoids, h = (1/√N)·Σ e^{j(2π/λ·(s_a·cos αₙ + s_b·cos βₙ) + φₙ)}, with
 * angles αₙ at end a stratified over [0, 2π), angles βₙ at end b stratified too and paired with the
 * αₙ by a random permutation, and random phases φₙ. With one end moving it is Clarke's model,
 * E[h(t)·h*(t+τ)] = J0(2π·f_D·τ); with both moving, the angles being independent, it is Akki and
 * Haber's mobile-to-mobile model (IEEE Trans. Veh. Technol. 35(1), 1986),
 * E[h(t)·h*(t+τ)] = J0(2π·f_D1·τ)·J0(2π·f_D2·τ) (the statistical sum-of-sinusoids form of Patel,
 * Stüber and Pratt, IEEE Trans. Commun. 53(6), 2005). E|h|² = 1; plus the LOS part for Rician K.
 */
export class JakesFading implements FadingProcess {
  private readonly cosA: Float64Array;
  private readonly cosB: Float64Array;
  private readonly phase: Float64Array;
  private readonly los: number;
  private readonly scatter: number;
  private readonly theta: number;
  private readonly norm: number;

  /**
   * @param key - 32-bit key from the link's stream
   * @param kFactor - Rician K (linear); 0 for Rayleigh
   * @param wavelengthM - carrier wavelength (m)
   * @param oscillators - N; default 20 (ns-3's default)
   */
  constructor(
    key: number,
    kFactor: number,
    private readonly wavelengthM: number,
    oscillators = 20,
  ) {
    this.cosA = new Float64Array(oscillators);
    this.cosB = new Float64Array(oscillators);
    this.phase = new Float64Array(oscillators);
    // End b's strata in an order drawn from the key (lane 4), jittered within the stratum (lane 5).
    const order = Array.from({ length: oscillators }, (_, n) => n).sort((m, n) => uniformAt(key, m, 4) - uniformAt(key, n, 4));
    for (let n = 0; n < oscillators; n++) {
      const alpha = (2 * Math.PI * (n + uniformAt(key, n, 2))) / oscillators;
      const beta = (2 * Math.PI * (order[n]! + uniformAt(key, n, 5))) / oscillators;
      this.cosA[n] = Math.cos(alpha);
      this.cosB[n] = Math.cos(beta);
      this.phase[n] = 2 * Math.PI * uniformAt(key, n, 3);
    }
    this.los = Math.sqrt(kFactor / (kFactor + 1));
    this.scatter = Math.sqrt(1 / (kFactor + 1));
    this.theta = 2 * Math.PI * uniformAt(key, -1, 7);
    this.norm = 1 / Math.sqrt(oscillators);
  }

  /**
   * The complex gain h when end a has travelled `distanceAM` and end b `distanceBM`.
   * @param distanceAM - distance travelled by end a (m)
   * @param distanceBM - distance travelled by end b (m); default 0 (a static end b)
   */
  gainAt(distanceAM: number, distanceBM = 0): Complex {
    const ka = (2 * Math.PI * distanceAM) / this.wavelengthM;
    const kb = (2 * Math.PI * distanceBM) / this.wavelengthM;
    let re = 0;
    let im = 0;
    for (let n = 0; n < this.cosA.length; n++) {
      const p = ka * this.cosA[n]! + kb * this.cosB[n]! + this.phase[n]!;
      re += Math.cos(p);
      im += Math.sin(p);
    }
    const s = this.scatter * this.norm;
    return { re: this.los * Math.cos(this.theta) + s * re, im: this.los * Math.sin(this.theta) + s * im };
  }

  /** {@inheritDoc FadingProcess.powerGainAt} */
  powerGainAt(distanceAM: number, distanceBM: number): number {
    const h = this.gainAt(distanceAM, distanceBM);
    return h.re * h.re + h.im * h.im;
  }
}
