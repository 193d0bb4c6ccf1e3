/**
 * 3-D vectors in metres (positions) or metres per second (velocities).
 * @module
 */

/** A 3-D vector. */
export interface Vec3 {
  /** x component */
  x: number;
  /** y component */
  y: number;
  /** z component */
  z: number;
}

/**
 * A vector.
 * @param x - x component; default 0
 * @param y - y component; default 0
 * @param z - z component; default 0
 */
export function vec3(x = 0, y = 0, z = 0): Vec3 {
  return { x, y, z };
}

/** A 3-D vector as a tuple `[x, y, z]` (how scenario files write positions and velocities). */
export type Vec3Tuple = [number, number, number];

/** A vector from an `[x, y, z]` tuple. */
export function fromTuple(t: readonly [number, number, number]): Vec3 {
  return { x: t[0], y: t[1], z: t[2] };
}

/** The `[x, y, z]` tuple of a vector. */
export function toTuple(v: Vec3): [number, number, number] {
  return [v.x, v.y, v.z];
}

/** Euclidean length. */
export function norm(v: Vec3): number {
  return hypot3(v.x, v.y, v.z);
}

/** Euclidean distance between two points. */
export function distance(a: Vec3, b: Vec3): number {
  return hypot3(a.x - b.x, a.y - b.y, a.z - b.z);
}

/**
 * `Math.hypot(x, y)` to the last bit, without an allocation: V8's builtin takes its arguments as
 * an array and returns a boxed number, and optimized code does not inline it (a terminal's
 * geometry, path length and interference each ask for one or two per measurement). The same
 * algorithm as V8's `MathHypot` (math.tq): absolute values scaled by the largest, squares summed
 * with Kahan's compensation in argument order, the square root scaled back; ±Infinity wins over NaN.
 */
export function hypot2(x: number, y: number): number {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  if (ax === Infinity || ay === Infinity) return Infinity;
  if (ax !== ax || ay !== ay) return Number.NaN;
  const max = ax > ay ? ax : ay;
  if (max === 0) return 0;
  const nx = ax / max;
  const ny = ay / max;
  // Kahan summation of nx² + ny², as the builtin does it (the first compensation is 0).
  let sum = nx * nx;
  let compensation = sum - nx * nx;
  const summand = ny * ny - compensation;
  const preliminary = sum + summand;
  compensation = preliminary - sum - summand;
  sum = preliminary;
  return Math.sqrt(sum) * max;
}

/** `Math.hypot(x, y, z)` to the last bit, without an allocation (see {@link hypot2}). */
export function hypot3(x: number, y: number, z: number): number {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  const az = Math.abs(z);
  if (ax === Infinity || ay === Infinity || az === Infinity) return Infinity;
  if (ax !== ax || ay !== ay || az !== az) return Number.NaN;
  let max = ax > ay ? ax : ay;
  if (az > max) max = az;
  if (max === 0) return 0;
  const nx = ax / max;
  const ny = ay / max;
  const nz = az / max;
  let sum = 0;
  let compensation = 0;
  let summand = nx * nx - compensation;
  let preliminary = sum + summand;
  compensation = preliminary - sum - summand;
  sum = preliminary;
  summand = ny * ny - compensation;
  preliminary = sum + summand;
  compensation = preliminary - sum - summand;
  sum = preliminary;
  summand = nz * nz - compensation;
  preliminary = sum + summand;
  compensation = preliminary - sum - summand;
  sum = preliminary;
  return Math.sqrt(sum) * max;
}
