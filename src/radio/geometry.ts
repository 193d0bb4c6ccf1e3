/**
 * The geometry the 3GPP path-loss models read between two ends at an instant: horizontal and
 * straight-line distances and the two antenna heights, the higher antenna taken as the base
 * station.
 * @module
 */
import type { MobilityModel } from '../mobility/model.js';
import { hypot2, type Vec3 } from '../mobility/vec.js';
import type { BsUtGeometry } from './pathLoss.js';

// Scratch positions (read at once, never kept): a terminal is measured every 0.1 s.
const SCRATCH_P: Vec3 = { x: 0, y: 0, z: 0 };
const SCRATCH_Q: Vec3 = { x: 0, y: 0, z: 0 };

/**
 * Writes the geometry between `a` and `b` at `tS` into `g` (no allocation when both models write
 * positions in place).
 * @param a - one end's mobility
 * @param b - the other end's
 * @param tS - time (s)
 * @param g - receives the geometry (3D distance at least 1 m)
 * @returns `g`
 */
export function bsUtGeometryInto(a: MobilityModel, b: MobilityModel, tS: number, g: BsUtGeometry): BsUtGeometry {
  const p = a.positionInto === undefined ? a.positionAt(tS) : a.positionInto(tS, SCRATCH_P);
  const q = b.positionInto === undefined ? b.positionAt(tS) : b.positionInto(tS, SCRATCH_Q);
  const d2 = hypot2(p.x - q.x, p.y - q.y);
  g.distance2dM = d2;
  g.distance3dM = Math.max(hypot2(d2, p.z - q.z), 1);
  g.hBsM = Math.max(p.z, q.z);
  g.hUtM = Math.min(p.z, q.z);
  return g;
}
