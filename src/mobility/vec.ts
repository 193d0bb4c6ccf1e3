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
  return Math.hypot(v.x, v.y, v.z);
}

/** Euclidean distance between two points. */
export function distance(a: Vec3, b: Vec3): number {
  return Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z);
}
