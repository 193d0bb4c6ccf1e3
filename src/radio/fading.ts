/**
 * Small-scale fading, |h|² as a function of time: Rayleigh or Rician(K); block fading (i.i.d. per
 * coherence block) or time-correlated Clarke/Jakes fading by a sum of sinusoids.
 *
 * Both are driven by the distance the link's ends have travelled, s(t), rather than by time: the
 * Jakes phases advance by 2π·s/λ·cos αₙ, which for a constant speed v is 2π·f_D·t·cos αₙ with
 * Doppler f_D = v·fc/c, and still holds when the speed changes along a trace; a static link does not
 * fade in time. Random values come from a key drawn once from the link's named stream through a
 * counter-based generator, so |h|² at a time does not depend on when else the channel was asked.
 * @module
 */
import { normalPairAt, uniformAt } from './counterRng.js';
import type { Complex } from '../engine/random.js';

/** A fading process: |h|² (mean 1) at a travelled distance and time. */
export interface FadingProcess {
  /** |h|² (linear, mean 1) when the ends have travelled `distanceM` in total, at time `tS` */
  powerGainAt(distanceM: number, tS: number): number;
}

/** No fading: |h|² = 1. */
export const NO_FADING: FadingProcess = { powerGainAt: () => 1 };

/** The coherence time 0.423/f_D (s) of Clarke's model at Doppler `dopplerHz` (Rappaport's rule). */
export function coherenceTimeS(dopplerHz: number): number {
  return dopplerHz > 0 ? 0.423 / dopplerHz : Infinity;
}

/** Doppler shift f_D = v·fc/c (Hz). */
export function dopplerHz(speedMps: number, carrierHz: number): number {
  return (speedMps * carrierHz) / 299_792_458;
}

/**
 * Block fading: i.i.d. |h|² per coherence block. Blocks are fixed time slots of `blockS` when
 * given (the usual over-the-air FL assumption), else lengths of travelled distance 0.423·λ (the
 * coherence time at any speed).
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
  powerGainAt(distanceM: number, tS: number): number {
    const block = this.blockS !== undefined ? Math.floor(tS / this.blockS) : Math.floor(distanceM / (0.423 * this.wavelengthM));
    const [a, b] = normalPairAt(this.key, block);
    // h = √(K/(K+1))·e^{jθ} + √(1/(K+1))·CN(0,1); the LOS phase θ is fixed per link.
    const theta = 2 * Math.PI * uniformAt(this.key, -1, 7);
    const re = this.los * Math.cos(theta) + this.scatter * a * Math.SQRT1_2;
    const im = this.los * Math.sin(theta) + this.scatter * b * Math.SQRT1_2;
    return re * re + im * im;
  }
}

/**
 * Clarke/Jakes fading by a sum of N sinusoids: h = (1/√N)·Σ e^{j(2π·s/λ·cos αₙ + φₙ)} with arrival
 * angles αₙ stratified over [0, 2π) and random phases φₙ, so E[h(t)·h*(t+τ)] = J0(2π·f_D·τ) and
 * E|h|² = 1; plus the LOS part for Rician K.
 */
export class JakesFading implements FadingProcess {
  private readonly cosA: Float64Array;
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
    this.phase = new Float64Array(oscillators);
    for (let n = 0; n < oscillators; n++) {
      const alpha = (2 * Math.PI * (n + uniformAt(key, n, 2))) / oscillators;
      this.cosA[n] = Math.cos(alpha);
      this.phase[n] = 2 * Math.PI * uniformAt(key, n, 3);
    }
    this.los = Math.sqrt(kFactor / (kFactor + 1));
    this.scatter = Math.sqrt(1 / (kFactor + 1));
    this.theta = 2 * Math.PI * uniformAt(key, -1, 7);
    this.norm = 1 / Math.sqrt(oscillators);
  }

  /** The complex gain h at travelled distance `distanceM`. */
  gainAt(distanceM: number): Complex {
    const k = (2 * Math.PI * distanceM) / this.wavelengthM;
    let re = 0;
    let im = 0;
    for (let n = 0; n < this.cosA.length; n++) {
      const p = k * this.cosA[n]! + this.phase[n]!;
      re += Math.cos(p);
      im += Math.sin(p);
    }
    const s = this.scatter * this.norm;
    return { re: this.los * Math.cos(this.theta) + s * re, im: this.los * Math.sin(this.theta) + s * im };
  }

  /** {@inheritDoc FadingProcess.powerGainAt} */
  powerGainAt(distanceM: number): number {
    const h = this.gainAt(distanceM);
    return h.re * h.re + h.im * h.im;
  }
}
