/**
 * Which cells hear which: the interference range (`radio.interferenceRangeM`) between the cells'
 * edge centers. A transmission in one cell reaches the receivers of another only when their edge
 * centers (each medium's anchor) are within range — the first tiers of interfering cells of
 * system-level simulators. Used by the interference field (`src/net/interference.ts`).
 * @module
 */
import type { ChannelEnd } from '../radio/channel.js';
import { distance } from '../mobility/vec.js';

/** The media of a run placed at their cells' edge centers, and which reach which within a range. */
export class InterferenceReach {
  /** each medium's anchor: the edge center whose cell it is */
  private readonly anchors = new Map<object, ChannelEnd>();
  /** whether one medium's transmissions reach the other's receivers (fixed for a run) */
  private readonly cache = new Map<object, Map<object, boolean>>();

  /** @param rangeM - how far interference reaches between edge centers (m); Infinity: everywhere */
  constructor(readonly rangeM = Infinity) {}

  /** Whether every medium reaches every other (no range). */
  get unlimited(): boolean {
    return this.rangeM === Infinity;
  }

  /**
   * Places a medium at its cell's edge center. A medium never placed reaches, and is reached from,
   * every medium of its band.
   * @param medium - the medium
   * @param anchor - its edge center's end
   */
  place(medium: object, anchor: ChannelEnd): void {
    this.anchors.set(medium, anchor);
  }

  /**
   * Whether a transmission on medium `from` interferes at the receivers of medium `to`: their
   * anchors are within range. A medium whose anchor moves (a UAV's cell) reaches and is reached
   * from every medium, as one never placed.
   * @param from - the transmitting medium
   * @param to - the receiving medium
   */
  reaches(from: object, to: object): boolean {
    if (this.rangeM === Infinity || from === to) return true;
    let row = this.cache.get(from);
    if (row === undefined) this.cache.set(from, (row = new Map()));
    let r = row.get(to);
    if (r === undefined) {
      const a = this.anchors.get(from);
      const b = this.anchors.get(to);
      const fixed = a !== undefined && b !== undefined && a.mobility.name === 'static' && b.mobility.name === 'static';
      row.set(to, (r = !fixed || distance(a.mobility.positionAt(0), b.mobility.positionAt(0)) <= this.rangeM));
    }
    return r;
  }
}
