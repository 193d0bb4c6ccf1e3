/**
 * The interference field's bookkeeping (`src/net/interference.ts`): emitters, duty groups and the
 * per-band state.
 * @module
 */
import type { ChannelEnd } from '../radio/channel.js';
import type { DutyGroup, Interferer, Sink } from './interferenceSink.js';

/**
 * One sender's on-air transmissions through one medium under one duty group (or none): its
 * interference at a sink is the sender's mean received power there times the summed share of the
 * node's power its members radiate.
 */
export interface Emitter {
  /** the medium its transmissions share */
  readonly medium: object;
  /** its duty group (a time-shared medium's clock), if any */
  readonly group: DutyGroup | undefined;
  /** the sending node's end */
  readonly sender: ChannelEnd;
  /** the node's whole transmit power (W) */
  readonly nodePowerW: number;
  /** its transmissions on the air */
  readonly members: Set<Interferer>;
  /** the summed radiated power its contributions assume (W) */
  appliedW: number;
  /** what it adds to each sink (W, before the duty) */
  readonly adds: Map<Sink, number>;
  /** its contributions are to be evaluated afresh (its sender moved) at the next settling */
  refresh: boolean;
  /** its members changed while no sink on another medium could hear it: `appliedW` is to be summed again */
  stale: boolean;
}

/** A duty group's scale and the sum of its members' (unscaled) contributions at each sink (W). */
export interface GroupState {
  /** the duty its contributions are scaled by now */
  factor: number;
  /** its members' summed contributions at each sink (W, before the duty) */
  raw: Map<Sink, number>;
}

/** A band's emitters and sinks. */
export interface BandState {
  /** emitters by key (their duty group, else their medium) and sender id */
  emitters: Map<object, Map<string, Emitter>>;
  /** the emitter each on-air transmission belongs to */
  memberOf: Map<Interferer, Emitter>;
  /** sinks by receiver id and medium */
  sinks: Map<string, Map<object, Sink>>;
  /** how many sinks there are, and on each medium: an emitter is heard only by sinks on other media */
  sinkCount: number;
  sinksOn: Map<object, number>;
  /** the sinks by medium (used with a finite range: an emitter visits only the media within it) */
  sinksByMedium: Map<object, Set<Sink>>;
}

/** Below this fraction of its node's power, a change of an emitter's summed power is float residue (a re-split's shares still sum to 1). */
export const SAME_POWER = 1e-12;

/** The summed power an emitter's members radiate now (W). */
export function summedW(e: Emitter): number {
  let w = 0;
  for (const m of e.members) w += m.radiatedW;
  return w > 0 ? w : 0;
}

/** An empty band. */
export function newBandState(): BandState {
  return { emitters: new Map(), memberOf: new Map(), sinks: new Map(), sinkCount: 0, sinksOn: new Map(), sinksByMedium: new Map() };
}
