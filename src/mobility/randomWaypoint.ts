/**
 * Random waypoint (as ns-3's `RandomWaypointMobilityModel`): move in a straight line at a speed
 * drawn from U[speed range] to a waypoint drawn uniformly in the area, pause for a time drawn from
 * U[pause range], repeat. Legs are drawn lazily, in order, from the node's own stream, so a path
 * does not depend on when it is asked for or on other nodes.
 * @module
 */
import type { RandomStream } from '../engine/random.js';
import { SampledTrajectory } from './trajectory.js';
import { hypot2, type Vec3 } from './vec.js';

/** A rectangle in the horizontal plane (m). */
export interface Bounds2D {
  /** [min, max] of x in metres */
  xM: [number, number];
  /** [min, max] of y in metres */
  yM: [number, number];
}

/** Parameters of {@link randomWaypoint}. */
export interface RandomWaypointParams {
  /** the area waypoints are drawn in */
  boundsM: Bounds2D;
  /** [min, max] speed in m/s, min > 0; ns-3 default [0.3, 0.7] */
  speedMps: [number, number];
  /** [min, max] pause at each waypoint in s; ns-3 default [2, 2] */
  pauseS: [number, number];
  /** start position; default drawn uniformly in the area (at z = 0) */
  startM?: Vec3;
}

/**
 * A random-waypoint trajectory.
 * @param params - area, speed and pause ranges, start
 * @param rng - the node's stream (e.g. `mobility/t3`)
 */
export function randomWaypoint(params: RandomWaypointParams, rng: RandomStream): SampledTrajectory {
  const { boundsM: b, speedMps, pauseS } = params;
  if (!(speedMps[0] > 0) || speedMps[1] < speedMps[0]) throw new RangeError(`speed range must satisfy 0 < min ≤ max, got [${speedMps}]`);
  if (!(pauseS[0] >= 0) || pauseS[1] < pauseS[0]) throw new RangeError(`pause range must satisfy 0 ≤ min ≤ max, got [${pauseS}]`);
  const start = params.startM ?? { x: rng.uniform(b.xM[0], b.xM[1]), y: rng.uniform(b.yM[0], b.yM[1]), z: 0 };
  let t = 0;
  let hereX = start.x;
  let hereY = start.y;
  const z = start.z;
  const trajectory = new SampledTrajectory('random-waypoint', 'always', (traj, untilS) => {
    if (!Number.isFinite(untilS)) throw new RangeError('random waypoint: cannot generate a path to infinite time');
    while (t <= untilS) {
      const nextX = rng.uniform(b.xM[0], b.xM[1]);
      const nextY = rng.uniform(b.yM[0], b.yM[1]);
      const speed = rng.uniform(speedMps[0], speedMps[1]);
      t += hypot2(nextX - hereX, nextY - hereY) / speed;
      traj.add(t, nextX, nextY, z);
      const pause = rng.uniform(pauseS[0], pauseS[1]);
      if (pause > 0) {
        t += pause;
        traj.add(t, nextX, nextY, z);
      }
      hereX = nextX;
      hereY = nextY;
    }
  });
  trajectory.add(0, start.x, start.y, start.z);
  return trajectory;
}
