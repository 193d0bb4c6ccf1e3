/**
 * Gauss–Markov mobility (Liang & Haas 1999, as ns-3's `GaussMarkovMobilityModel`): every step the
 * speed and direction are updated as v′ = α·v + (1 − α)·v̄ + √(1 − α²)·σ·N(0, 1); between steps the
 * node moves in a straight line, reflecting off the area's edges (which also mirrors the mean
 * direction, as ns-3 does).
 * @module
 */
import type { RandomStream } from '../engine/random.js';
import { SampledTrajectory } from './trajectory.js';
import type { Bounds2D } from './randomWaypoint.js';
import type { Vec3 } from './vec.js';

/** Parameters of {@link gaussMarkov}. */
export interface GaussMarkovParams {
  /** the area the node stays in */
  boundsM: Bounds2D;
  /** memory α in [0, 1]: 0 is memoryless, 1 is constant velocity; default 0.85 */
  alpha: number;
  /** mean speed v̄ in m/s */
  meanSpeedMps: number;
  /** mean direction in radians (0 = +x, counter-clockwise) */
  meanDirectionRad: number;
  /** standard deviation of the speed noise in m/s; default 1 */
  speedSdMps: number;
  /** standard deviation of the direction noise in radians; default 0.5 */
  directionSdRad: number;
  /** update interval in s; ns-3 default 1 */
  stepS: number;
  /** start position; default drawn uniformly in the area (at z = 0) */
  startM?: Vec3;
}

/**
 * A Gauss–Markov trajectory.
 * @param p - parameters
 * @param rng - the node's stream
 */
export function gaussMarkov(p: GaussMarkovParams, rng: RandomStream): SampledTrajectory {
  const b = p.boundsM;
  if (!(p.alpha >= 0 && p.alpha <= 1)) throw new RangeError(`alpha must be in [0, 1], got ${p.alpha}`);
  if (!(p.stepS > 0)) throw new RangeError(`step must be > 0 s, got ${p.stepS}`);
  const start = p.startM ?? { x: rng.uniform(b.xM[0], b.xM[1]), y: rng.uniform(b.yM[0], b.yM[1]), z: 0 };
  let { x, y } = start;
  const z = start.z;
  let t = 0;
  let speed = p.meanSpeedMps;
  let dir = p.meanDirectionRad;
  let meanDir = p.meanDirectionRad;
  const k = Math.sqrt(1 - p.alpha * p.alpha);
  const trajectory = new SampledTrajectory('gauss-markov', 'always', (traj, untilS) => {
    if (!Number.isFinite(untilS)) throw new RangeError('Gauss–Markov: cannot generate a path to infinite time');
    while (t <= untilS) {
      let vx = speed * Math.cos(dir);
      let vy = speed * Math.sin(dir);
      let remaining = p.stepS;
      // Straight moves, split where the node meets an edge and reflects.
      for (let guard = 0; remaining > 0 && guard < 64; guard++) {
        const tx = vx > 0 ? (b.xM[1] - x) / vx : vx < 0 ? (b.xM[0] - x) / vx : Infinity;
        const ty = vy > 0 ? (b.yM[1] - y) / vy : vy < 0 ? (b.yM[0] - y) / vy : Infinity;
        const hit = Math.min(tx, ty);
        const dt = Math.min(Math.max(hit, 0), remaining);
        x += vx * dt;
        y += vy * dt;
        t += dt;
        remaining -= dt;
        if (dt > 0) traj.add(t, x, y, z);
        if (hit <= dt && remaining > 0) {
          if (tx <= ty) {
            x = Math.min(Math.max(x, b.xM[0]), b.xM[1]);
            vx = -vx;
            dir = Math.PI - dir;
            meanDir = Math.PI - meanDir;
          }
          if (ty <= tx) {
            y = Math.min(Math.max(y, b.yM[0]), b.yM[1]);
            vy = -vy;
            dir = -dir;
            meanDir = -meanDir;
          }
        }
      }
      if (remaining > 0) {
        t += remaining; // cornered by rounding: stay put for the rest of the step
        traj.add(t, x, y, z);
      }
      speed = Math.max(0, p.alpha * speed + (1 - p.alpha) * p.meanSpeedMps + k * p.speedSdMps * rng.normal());
      dir = p.alpha * dir + (1 - p.alpha) * meanDir + k * p.directionSdRad * rng.normal();
    }
  });
  trajectory.add(0, x, y, z);
  return trajectory;
}
