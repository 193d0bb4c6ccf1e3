/**
 * Path loss, as pure functions of geometry and carrier: free space (Friis), log-distance, and
 * 3GPP TR 38.901 UMa and UMi street canyon (LOS and NLOS, with the breakpoint distance and the LOS
 * probability), as ns-3's `ThreeGppPropagationLossModel` implements them (distances in m, carrier
 * in Hz; the TR's formulas take fc in GHz).
 * @module
 */
import { SPEED_OF_LIGHT_MPS } from './units.js';
import type { PathLossSpec } from './environment.js';

/**
 * Free-space path loss (Friis): 20·log10(d) + 20·log10(f) − 147.55 dB.
 * @param distanceM - distance (m), > 0
 * @param freqHz - carrier (Hz)
 */
export function friisLossDb(distanceM: number, freqHz: number): number {
  return 20 * Math.log10(distanceM) + 20 * Math.log10(freqHz) + 20 * Math.log10((4 * Math.PI) / SPEED_OF_LIGHT_MPS);
}

/**
 * Log-distance path loss: free space up to the reference distance, then 10·n·log10(d/d0).
 * @param distanceM - distance (m)
 * @param freqHz - carrier (Hz)
 * @param exponent - path-loss exponent n (2 free space, 2.7–3.5 urban, 4–6 indoor obstructed)
 * @param refDistanceM - reference distance d0 (m); default 1
 */
export function logDistanceLossDb(distanceM: number, freqHz: number, exponent: number, refDistanceM = 1): number {
  const d = Math.max(distanceM, refDistanceM);
  return friisLossDb(refDistanceM, freqHz) + 10 * exponent * Math.log10(d / refDistanceM);
}

/** Geometry of a base-station–terminal link. */
export interface BsUtGeometry {
  /** horizontal distance (m) */
  distance2dM: number;
  /** straight-line distance (m) */
  distance3dM: number;
  /** base-station antenna height (m) */
  hBsM: number;
  /** terminal antenna height (m) */
  hUtM: number;
}

/**
 * Breakpoint distance d′BP = 4·(hBS − hE)·(hUT − hE)·fc/c (TR 38.901 Table 7.4.1-1 note 1).
 * @param hBsM - base-station height (m)
 * @param hUtM - terminal height (m)
 * @param freqHz - carrier (Hz)
 * @param hEM - effective environment height (m); default 1
 */
export function breakpointDistanceM(hBsM: number, hUtM: number, freqHz: number, hEM = 1): number {
  return (4 * (hBsM - hEM) * (hUtM - hEM) * freqHz) / SPEED_OF_LIGHT_MPS;
}

/**
 * UMa LOS: PL1 = 28 + 22·log10(d3D) + 20·log10(fc) up to d′BP, beyond PL2 = 28 + 40·log10(d3D) +
 * 20·log10(fc) − 9·log10(d′BP² + (hBS − hUT)²).
 * @param g - geometry
 * @param freqHz - carrier (Hz)
 * @param hEM - effective environment height (m); 1 unless drawn for tall terminals
 */
export function umaLosLossDb(g: BsUtGeometry, freqHz: number, hEM = 1): number {
  const fc = freqHz / 1e9;
  const dBp = breakpointDistanceM(g.hBsM, g.hUtM, freqHz, hEM);
  if (g.distance2dM <= dBp) return 28 + 22 * Math.log10(g.distance3dM) + 20 * Math.log10(fc);
  return 28 + 40 * Math.log10(g.distance3dM) + 20 * Math.log10(fc) - 9 * Math.log10(dBp ** 2 + (g.hBsM - g.hUtM) ** 2);
}

/** UMa NLOS: max(PL_LOS, 13.54 + 39.08·log10(d3D) + 20·log10(fc) − 0.6·(hUT − 1.5)). */
export function umaNlosLossDb(g: BsUtGeometry, freqHz: number, hEM = 1): number {
  const nlos = 13.54 + 39.08 * Math.log10(g.distance3dM) + 20 * Math.log10(freqHz / 1e9) - 0.6 * (g.hUtM - 1.5);
  return Math.max(umaLosLossDb(g, freqHz, hEM), nlos);
}

/**
 * UMi street canyon LOS: 32.4 + 21·log10(d3D) + 20·log10(fc) up to d′BP, beyond 32.4 +
 * 40·log10(d3D) + 20·log10(fc) − 9.5·log10(d′BP² + (hBS − hUT)²); hE = 1 m.
 */
export function umiLosLossDb(g: BsUtGeometry, freqHz: number): number {
  const fc = freqHz / 1e9;
  const dBp = breakpointDistanceM(g.hBsM, g.hUtM, freqHz, 1);
  if (g.distance2dM <= dBp) return 32.4 + 21 * Math.log10(g.distance3dM) + 20 * Math.log10(fc);
  return 32.4 + 40 * Math.log10(g.distance3dM) + 20 * Math.log10(fc) - 9.5 * Math.log10(dBp ** 2 + (g.hBsM - g.hUtM) ** 2);
}

/** UMi street canyon NLOS: max(PL_LOS, 22.4 + 35.3·log10(d3D) + 21.3·log10(fc) − 0.3·(hUT − 1.5)). */
export function umiNlosLossDb(g: BsUtGeometry, freqHz: number): number {
  const nlos = 22.4 + 35.3 * Math.log10(g.distance3dM) + 21.3 * Math.log10(freqHz / 1e9) - 0.3 * (g.hUtM - 1.5);
  return Math.max(umiLosLossDb(g, freqHz), nlos);
}

/** UMi LOS probability: 1 up to 18 m, else 18/d + e^(−d/36)·(1 − 18/d). */
export function umiLosProbability(distance2dM: number): number {
  if (distance2dM <= 18) return 1;
  return 18 / distance2dM + Math.exp(-distance2dM / 36) * (1 - 18 / distance2dM);
}

/**
 * UMa LOS probability: 1 up to 18 m, else [18/d + e^(−d/63)·(1 − 18/d)]·[1 + C′(hUT)·(5/4)·(d/100)³·e^(−d/150)],
 * C′ = 0 for hUT ≤ 13 m, ((hUT − 13)/10)^1.5 above.
 */
export function umaLosProbability(distance2dM: number, hUtM: number): number {
  if (distance2dM <= 18) return 1;
  const c = hUtM <= 13 ? 0 : ((hUtM - 13) / 10) ** 1.5;
  return (18 / distance2dM + Math.exp(-distance2dM / 63) * (1 - 18 / distance2dM)) * (1 + c * 1.25 * (distance2dM / 100) ** 3 * Math.exp(-distance2dM / 150));
}

/**
 * The validity problems of a 38.901 geometry (TR 38.901 Table 7.4.1-1), as messages; empty when
 * valid. UMa: hBS = 25 m, hUT 1.5–22.5 m, d2D 10–5000 m. UMi: hBS = 10 m, hUT 1.5–10 m, d2D 10–5000 m.
 * @param scenario - `uma` or `umi`
 * @param g - geometry
 */
export function validity3gpp(scenario: 'uma' | 'umi', g: BsUtGeometry): string[] {
  const out: string[] = [];
  const hBs = scenario === 'uma' ? 25 : 10;
  const hUtMax = scenario === 'uma' ? 22.5 : 10;
  if (g.hBsM !== hBs) out.push(`base-station height ${g.hBsM} m (the model is for ${hBs} m)`);
  if (g.hUtM < 1.5 || g.hUtM > hUtMax) out.push(`terminal height ${g.hUtM} m (valid 1.5–${hUtMax} m)`);
  if (g.distance2dM < 10 || g.distance2dM > 5000) out.push(`2-D distance ${g.distance2dM.toFixed(1)} m (valid 10–5000 m)`);
  return out;
}

/**
 * Path loss (dB) of model `spec` in geometry `g`, in LOS or not (only the 3GPP models read `los`
 * and the heights).
 * @param spec - the path-loss model
 * @param g - the geometry
 * @param los - line of sight
 * @param freqHz - carrier frequency (Hz)
 */
export function pathLossDb(spec: PathLossSpec, g: BsUtGeometry, los: boolean, freqHz: number): number {
  switch (spec.model) {
    case 'free-space':
      return friisLossDb(g.distance3dM, freqHz);
    case 'log-distance':
      return logDistanceLossDb(g.distance3dM, freqHz, spec.exponent, spec.refDistanceM ?? 1);
    case '3gpp-uma':
      return los ? umaLosLossDb(g, freqHz) : umaNlosLossDb(g, freqHz);
    case '3gpp-umi':
      return los ? umiLosLossDb(g, freqHz) : umiNlosLossDb(g, freqHz);
  }
}
