/**
 * A highway: straight lanes along x, each with a direction and a speed; vehicles enter as one
 * Poisson process (rate λ for the whole road, each arrival on a lane drawn uniformly), drive to
 * the end of the road at their lane's speed, and leave. Vehicle k of a road is the k-th arrival,
 * drawn from the road's own stream, so every node of the road sees the same arrivals.
 * @module
 */
import type { RandomStream } from '../engine/random.js';
import { SampledTrajectory } from './trajectory.js';

/** One lane of a road. */
export interface LaneSpec {
  /** lateral position of the lane centre (m) */
  yM: number;
  /** +1: vehicles drive from x = 0 to x = length; −1: the other way */
  direction: 1 | -1;
  /** speed in m/s (3GPP TR 36.885 freeway: 70 or 140 km/h) */
  speedMps: number;
}

/** A road. */
export interface RoadSpec {
  /** name of the road: vehicles of the same road share its arrival process */
  road: string;
  /** road length in m */
  lengthM: number;
  /** the lanes */
  lanes: LaneSpec[];
  /** vehicles entering per second, all lanes together (Poisson) */
  arrivalRatePerS: number;
  /** height of the vehicles' antennas (m); default 1.5 */
  zM?: number;
}

/** One vehicle's arrival. */
export interface Arrival {
  /** entry time (s) */
  tS: number;
  /** lane index */
  lane: number;
}

/** Draws a road's arrivals in order, on demand. */
export class ArrivalProcess {
  private readonly arrivals: Arrival[] = [];
  private t = 0;

  /**
   * @param road - the road
   * @param rng - the road's stream (e.g. `mobility/highway/A1`)
   */
  constructor(
    private readonly road: RoadSpec,
    private readonly rng: RandomStream,
  ) {
    if (!(road.arrivalRatePerS > 0)) throw new RangeError(`arrival rate must be > 0 per s, got ${road.arrivalRatePerS}`);
    if (road.lanes.length === 0) throw new RangeError('a road needs at least one lane');
  }

  /** The k-th arrival (0-based). */
  arrival(k: number): Arrival {
    while (this.arrivals.length <= k) {
      this.t += this.rng.exponential(this.road.arrivalRatePerS);
      this.arrivals.push({ tS: this.t, lane: this.rng.integer(0, this.road.lanes.length - 1) });
    }
    return this.arrivals[k]!;
  }
}

/**
 * The trajectory of vehicle `k`: present from its entry until it reaches the end of the road.
 * @param road - the road
 * @param arrivals - the road's arrival process
 * @param k - the vehicle's index on the road
 */
export function highwayVehicle(road: RoadSpec, arrivals: ArrivalProcess, k: number): SampledTrajectory {
  const { tS, lane } = arrivals.arrival(k);
  const l = road.lanes[lane]!;
  if (!(l.speedMps > 0)) throw new RangeError(`lane speed must be > 0 m/s, got ${l.speedMps}`);
  const z = road.zM ?? 1.5;
  const [x0, x1] = l.direction === 1 ? [0, road.lengthM] : [road.lengthM, 0];
  const traj = new SampledTrajectory('highway', 'window');
  traj.add(tS, x0, l.yM, z);
  traj.add(tS + road.lengthM / l.speedMps, x1, l.yM, z);
  return traj;
}
