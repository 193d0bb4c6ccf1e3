/**
 * The mobility contract: a node's position, velocity and presence are deterministic functions of
 * time (given the node's random stream), so any component asks for them at any event time; there
 * are no periodic position ticks.
 * @module
 */
import type { Vec3 } from './vec.js';

/** How a node moves. */
export interface MobilityModel {
  /** the model's registry name (`static`, `random-waypoint`, `trace`, …) */
  readonly name: string;
  /** Position in metres at time `tS` (outside the node's presence: where it was last or will first be). */
  positionAt(tS: number): Vec3;
  /**
   * Optional: the position at `tS` written into `out` (no allocation), the same values as
   * {@link MobilityModel.positionAt}; hot paths (a terminal measured every 0.1 s) use it when present.
   */
  positionInto?(tS: number, out: Vec3): Vec3;
  /** Velocity in m/s at time `tS` (zero where the node is absent or paused). */
  velocityAt(tS: number): Vec3;
  /** Whether the node exists at `tS` (a vehicle that has not yet entered, or has left, does not). */
  presentAt(tS: number): boolean;
  /** Distance travelled in metres between `fromS` and `toS` (while present). */
  pathLengthM(fromS: number, toS: number): number;
  /** Seconds of presence between `fromS` and `toS`. */
  presentS(fromS: number, toS: number): number;
}
