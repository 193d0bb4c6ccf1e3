/**
 * Link budget: noise power, received power, Shannon rate with an optional SNR gap and a
 * spectral-efficiency cap.
 * @module
 */
import { dbToLinear, dbmToW } from './units.js';
import { cappedSpectralEfficiency } from './ergodic.js';

/** Thermal noise density at 290 K (dBm/Hz). */
export const THERMAL_NOISE_DBM_PER_HZ = -174;

/**
 * Noise power N = −174 dBm/Hz + 10·log10(B) + NF (dBm).
 * @param bandwidthHz - bandwidth (Hz)
 * @param noiseFigureDb - receiver noise figure (dB); default 0
 */
export function noisePowerDbm(bandwidthHz: number, noiseFigureDb = 0): number {
  return THERMAL_NOISE_DBM_PER_HZ + 10 * Math.log10(bandwidthHz) + noiseFigureDb;
}

/**
 * The noise power of the last bandwidth and noise figure asked, remembered: a medium's users are
 * rated one after another over one bandwidth, and each rating asked for the same logarithm and
 * power again. The values are those of {@link noisePowerDbm} and `dbmToW` of it.
 */
export class NoiseMemo {
  private bandwidthHz = Number.NaN;
  private figureDb = Number.NaN;
  private noiseDbm = 0;
  private noiseW = Number.NaN;

  /**
   * {@link noisePowerDbm} of `bandwidthHz` and `noiseFigureDb` (dBm).
   * @param bandwidthHz - bandwidth (Hz)
   * @param noiseFigureDb - receiver noise figure (dB)
   */
  dbm(bandwidthHz: number, noiseFigureDb: number): number {
    if (bandwidthHz !== this.bandwidthHz || noiseFigureDb !== this.figureDb) {
      this.noiseDbm = noisePowerDbm(bandwidthHz, noiseFigureDb);
      this.bandwidthHz = bandwidthHz;
      this.figureDb = noiseFigureDb;
      this.noiseW = Number.NaN;
    }
    return this.noiseDbm;
  }

  /** The noise of the last {@link NoiseMemo.dbm} call in W. */
  w(): number {
    return Number.isNaN(this.noiseW) ? (this.noiseW = dbmToW(this.noiseDbm)) : this.noiseW;
  }
}

/**
 * Received power P_rx = P_tx + G_tx + G_rx − PL − shadowing + 10·log10(|h|²) (dBm).
 * @param txPowerDbm - transmit power (dBm)
 * @param txGainDbi - transmit antenna gain (dBi)
 * @param rxGainDbi - receive antenna gain (dBi)
 * @param pathLossDb - path loss (dB)
 * @param shadowingDb - shadowing loss (dB); default 0
 * @param fadingPowerGain - |h|² (linear); default 1
 */
export function rxPowerDbm(txPowerDbm: number, txGainDbi: number, rxGainDbi: number, pathLossDb: number, shadowingDb = 0, fadingPowerGain = 1): number {
  return txPowerDbm + txGainDbi + rxGainDbi - pathLossDb - shadowingDb + 10 * Math.log10(fadingPowerGain);
}

/**
 * Shannon rate with an SNR gap and a spectral-efficiency cap: B·min(log2(1 + SINR/Γ), c) (bit/s).
 * @param bandwidthHz - bandwidth (Hz)
 * @param snrLinear - SNR or SINR (linear)
 * @param gapDb - SNR gap Γ to capacity (dB); default 0
 * @param maxSpectralEfficiencyBpsPerHz - the cap c (bit/s/Hz), or null (default) for pure Shannon
 */
export function shannonRateBps(bandwidthHz: number, snrLinear: number, gapDb = 0, maxSpectralEfficiencyBpsPerHz: number | null = null): number {
  return bandwidthHz * cappedSpectralEfficiency(snrLinear / dbToLinear(gapDb), maxSpectralEfficiencyBpsPerHz);
}
