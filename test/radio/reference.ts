/** Independent references and fixtures shared by the radio tests. */
import { RandomStreams } from '../../src/engine/random.js';

/** Carrier wavelength at 3.5 GHz (m). */
export const LAMBDA_3_5_GHZ_M = 299_792_458 / 3.5e9;

/** `n` 32-bit keys from a seeded stream (one per independent fading process). */
export const keys = (n: number, seed = 11): number[] => {
  const s = new RandomStreams(seed).stream('keys');
  return Array.from({ length: n }, () => s.integer(0, 2 ** 32 - 1));
};

/** J0 by its integral (1/π)∫₀^π cos(x·sin θ) dθ, Simpson with 2000 panels: an independent reference. */
export function besselJ0(x: number): number {
  const n = 2000;
  const h = Math.PI / n;
  let s = 0;
  for (let i = 0; i <= n; i++) s += (i === 0 || i === n ? 1 : i % 2 ? 4 : 2) * Math.cos(x * Math.sin(i * h));
  return (s * h) / 3 / Math.PI;
}
