/**
 * The plausible range of trace values. A finite number can still be absurd: x = 1e308 m passes
 * the number parser but makes every distance and speed overflow to Infinity. Readers refuse
 * values outside these bounds with an error naming the file and line.
 * @module
 */

/**
 * Largest |coordinate| accepted (m): 1e9 m, about 2.6 times the Earth–Moon distance. Projected
 * (UTM, SUMO network) coordinates stay below 1e7 m; squares of differences stay far from overflow.
 */
export const MAX_ABS_COORDINATE_M = 1e9;

/**
 * Largest |time| accepted (s): 1e12 s, about 31 700 years. Beyond it a double's resolution is
 * coarser than 0.2 ms, too coarse for the simulator's interpolation.
 */
export const MAX_ABS_TIME_S = 1e12;

/** Fastest movement accepted (m/s): the speed of light in vacuum. */
export const MAX_SPEED_MPS = 299_792_458;

/**
 * What is wrong with a sample's time and position, if anything.
 * @param tS - time (s)
 * @param xM - x (m)
 * @param yM - y (m)
 * @param zM - z (m)
 * @returns a problem to report, or undefined when the sample is plausible
 */
export function sampleProblem(tS: number, xM: number, yM: number, zM: number): string | undefined {
  if (!(Math.abs(tS) <= MAX_ABS_TIME_S)) return `time ${tS} s is out of range (|t| ≤ ${MAX_ABS_TIME_S} s)`;
  return coordinateProblem(xM, 'x') ?? coordinateProblem(yM, 'y') ?? coordinateProblem(zM, 'z');
}

/**
 * What is wrong with one coordinate, if anything.
 * @param vM - the coordinate (m)
 * @param axis - its name, for the message
 */
export function coordinateProblem(vM: number, axis: string): string | undefined {
  return Math.abs(vM) <= MAX_ABS_COORDINATE_M ? undefined : `${axis} = ${vM} m is out of range (|${axis}| ≤ ${MAX_ABS_COORDINATE_M} m)`;
}

/**
 * What is wrong with a speed, if anything.
 * @param speedMps - the speed (m/s)
 */
export function speedProblem(speedMps: number): string | undefined {
  return speedMps <= MAX_SPEED_MPS ? undefined : `speed ${speedMps} m/s is faster than light (${MAX_SPEED_MPS} m/s)`;
}
