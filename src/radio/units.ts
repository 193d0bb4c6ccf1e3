/**
 * Decibel conversions.
 * @module
 */

/** Speed of light in vacuum (m/s). */
export const SPEED_OF_LIGHT_MPS = 299_792_458;

/** Linear power ratio of a value in dB: 10^(dB/10). */
export function dbToLinear(db: number): number {
  return 10 ** (db / 10);
}

/** dB of a linear power ratio: 10·log10(x). */
export function linearToDb(x: number): number {
  return 10 * Math.log10(x);
}

/** Watts of a power in dBm: 10^((dBm − 30)/10). */
export function dbmToW(dbm: number): number {
  return 10 ** ((dbm - 30) / 10);
}

/** dBm of a power in watts: 10·log10(W) + 30. */
export function wToDbm(w: number): number {
  return 10 * Math.log10(w) + 30;
}
