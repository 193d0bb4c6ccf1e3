/**
 * A transmission's side of the interference field: it tells the field of its presence, bandwidth
 * and power, and refreshes its interference at other cells as its sender moves.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import { hypot3, type Vec3 } from '../mobility/vec.js';
import type { ChannelEnd } from '../radio/channel.js';
import type { Interferer } from './interference.js';
import type { Medium } from './medium.js';

/**
 * How far a sender moves before its interference at other cells is refreshed (m): about half the
 * shortest shadowing decorrelation distance of the 3GPP models (UMi LOS, 10 m).
 */
export const REFRESH_M = 5;

/** Scratch position for a step's check (read at once, never kept). */
const SCRATCH: Vec3 = { x: 0, y: 0, z: 0 };

/** What one transmission last told the interference field of its medium's band. */
export class Emission {
  private announcedAt: Vec3 | undefined; // the sender's position when its interference was last evaluated afresh

  /**
   * @param medium - the medium the transmission shares (no band: no interference)
   * @param sender - the sending end
   * @param sim - the simulator
   */
  constructor(
    private readonly medium: Medium,
    private readonly sender: ChannelEnd,
    private readonly sim: Simulator,
  ) {}

  /**
   * Tells the band's other transmissions that `who`'s presence, bandwidth or power changed.
   * @param who - the transmission
   * @param on - whether it is on the air now
   */
  announce(who: Interferer, on: boolean): void {
    const s = this.medium.spectrum;
    if (s === undefined) return;
    s.field.update(s.band, who, this.medium, on);
    // Its first announcement places it; later ones (a new share) do not re-evaluate its gains, so
    // they do not reset the distance it has moved since they were.
    this.announcedAt ??= this.sender.mobility.positionAt(this.sim.now);
  }

  /**
   * At a new step: refreshes `who`'s interference at other cells once its sender has moved
   * {@link REFRESH_M} since the last refresh (a mean received power changes with distance and
   * shadowing over metres, not with every 0.1 s step of a walker).
   * @param who - the transmission (on the air)
   */
  moved(who: Interferer): void {
    if (this.medium.spectrum === undefined || this.announcedAt === undefined) return;
    const m = this.sender.mobility;
    const p = m.positionInto === undefined ? m.positionAt(this.sim.now) : m.positionInto(this.sim.now, SCRATCH);
    const q = this.announcedAt;
    if (hypot3(p.x - q.x, p.y - q.y, p.z - q.z) < REFRESH_M) return;
    const s = this.medium.spectrum;
    s.field.update(s.band, who, this.medium, true, true);
    this.announcedAt = { x: p.x, y: p.y, z: p.z };
  }
}
