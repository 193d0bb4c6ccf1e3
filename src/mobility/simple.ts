/**
 * The two closed-form models: `static` and `constant-velocity`.
 * @module
 */
import type { MobilityModel } from './model.js';
import { norm, type Vec3 } from './vec.js';

/** A node that does not move. */
export class StaticMobility implements MobilityModel {
  readonly name = 'static';
  /** @param positionM - where the node stands (m) */
  constructor(private readonly positionM: Vec3) {}
  /** {@inheritDoc MobilityModel.positionAt} */
  positionAt(): Vec3 {
    return { ...this.positionM };
  }
  /** {@inheritDoc MobilityModel.positionInto} */
  positionInto(_tS: number, out: Vec3): Vec3 {
    out.x = this.positionM.x;
    out.y = this.positionM.y;
    out.z = this.positionM.z;
    return out;
  }
  /** {@inheritDoc MobilityModel.velocityAt} */
  velocityAt(): Vec3 {
    return { x: 0, y: 0, z: 0 };
  }
  /** {@inheritDoc MobilityModel.presentAt} */
  presentAt(): boolean {
    return true;
  }
  /** {@inheritDoc MobilityModel.pathLengthM} */
  pathLengthM(): number {
    return 0;
  }
  /** {@inheritDoc MobilityModel.presentS} */
  presentS(fromS: number, toS: number): number {
    return Math.max(0, toS - fromS);
  }
}

/** A node moving in a straight line at constant velocity from t = 0. */
export class ConstantVelocityMobility implements MobilityModel {
  readonly name = 'constant-velocity';
  /**
   * @param startM - position at t = 0 (m)
   * @param velocityMps - velocity (m/s)
   */
  constructor(
    private readonly startM: Vec3,
    private readonly velocityMps: Vec3,
  ) {}
  /** {@inheritDoc MobilityModel.positionAt} */
  positionAt(tS: number): Vec3 {
    const s = this.startM;
    const v = this.velocityMps;
    return { x: s.x + v.x * tS, y: s.y + v.y * tS, z: s.z + v.z * tS };
  }
  /** {@inheritDoc MobilityModel.velocityAt} */
  velocityAt(): Vec3 {
    return { ...this.velocityMps };
  }
  /** {@inheritDoc MobilityModel.presentAt} */
  presentAt(): boolean {
    return true;
  }
  /** {@inheritDoc MobilityModel.pathLengthM} */
  pathLengthM(fromS: number, toS: number): number {
    return toS > fromS ? norm(this.velocityMps) * (toS - fromS) : 0;
  }
  /** {@inheritDoc MobilityModel.presentS} */
  presentS(fromS: number, toS: number): number {
    return Math.max(0, toS - fromS);
  }
}
