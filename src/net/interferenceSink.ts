/**
 * What the interference field ({@link InterferenceField}) reads and feeds: the transmissions that
 * interfere, the receptions that suffer it, and the sinks where it is summed (a receiver and the
 * medium its receptions share).
 * @module
 */
import type { ChannelEnd } from '../radio/channel.js';
import type { Vec3 } from '../mobility/vec.js';
import { noisePowerDbm } from '../radio/budget.js';
import { dbmToW } from '../radio/units.js';
import type { InterferenceField } from './interference.js';

/** An on-air transmission as the interference field sees it. */
export interface Interferer {
  /** the sending node's end */
  readonly senderEnd: ChannelEnd;
  /** the power it radiates now (W) */
  readonly radiatedW: number;
  /** the node's whole transmit power (W), which its channels' mean received powers assume */
  readonly nodePowerW: number;
  /**
   * when it takes turns on a time-shared medium: that medium's clock, whose duty (the fraction of
   * the time each user is on the air) scales its mean power. It then radiates `radiatedW` while on
   * the air; its interference is the mean, `radiatedW` × duty, kept per medium so that a change of
   * duty costs one update per sink, not one per user.
   */
  readonly dutyGroup?: DutyGroup;
}

/** A time-shared medium's clock as the interference field sees it. */
export interface DutyGroup {
  /** the fraction of the time each of its users is on the air */
  readonly duty: number;
}

/** A medium as the interference field sees it. */
export interface TurnTaking {
  /** whether its users take turns now (more users than resource blocks) */
  readonly takingTurns?: boolean;
}

/** A reception as the interference field sees it. */
export interface Victim {
  /** called at the same instant, once a change on its band has settled: its interference changed materially */
  interferenceChanged(): void;
  /**
   * what it belongs to (a transmission with several receivers): told once per settled change,
   * at its first victim, however many of its receivers' sinks changed. None: it is its own (a
   * victim reads one sink, so it is told at most once anyway).
   */
  readonly owner?: object;
  /** called at once whenever the interference at its sink changed, materially or not */
  touched?(): void;
}

/** Where a medium sits in the spectrum: its band and the field that tracks the band. */
export interface MediumBand {
  /** the interference field of the run */
  field: InterferenceField;
  /** the band's key, e.g. `uplink/0` */
  band: string;
}

/** Relative change of a sink's interference (against noise + what was seen) that makes victims replan. */
const MATERIAL = 0.01;

/** A receiver and the medium its receptions share: where interference is summed. */
export class Sink {
  /** interference at the receiver over the whole band (W) */
  sumW = 0;
  /** what the victims last planned with (W) */
  seenW = 0;
  /** noise over the whole band at the receiver (W): the scale of a material change */
  readonly noiseW: number;
  /** the receptions that read this sink */
  readonly victims = new Set<Victim>();
  /** of those, the ones told of every change (`touched`): few, however many victims */
  readonly watchers = new Set<Victim>();
  /** removed from its band (no victim left) */
  dead = false;
  /** when its victims were last told of a change (ns): a time-shared medium's, at most once a step */
  toldNs = -Infinity;
  /** a telling is pending at the end of the step */
  deferred = false;
  /** where its receiver was when its sum was last evaluated afresh from every emitter (moving receivers only) */
  refreshedAt: Vec3 | undefined;
  /** when its receiver's position was last checked against `refreshedAt` (ns) */
  checkedNs = -Infinity;

  /**
   * @param band - the band key
   * @param receiver - the receiving end
   * @param medium - the medium the victims share (its own transmissions are not interference)
   * @param bandwidthHz - the band's width (Hz)
   */
  constructor(
    readonly band: string,
    readonly receiver: ChannelEnd,
    readonly medium: object,
    bandwidthHz: number,
  ) {
    this.noiseW = dbmToW(noisePowerDbm(bandwidthHz, receiver.radio.noiseFigureDb));
  }

  /** Whether its interference moved by more than 1 % of (noise + what its victims saw): they are to replan. */
  material(): boolean {
    return Math.abs(this.sumW - this.seenW) > MATERIAL * (this.noiseW + this.seenW);
  }

  /**
   * Tells its victims that its interference changed materially, each owner once (`told` holds
   * the owners told already in this settling). @internal
   * @param told - the owners told so far
   * @param scratch - an empty array to hold the victims as they are now (one told may end and
   *   another start reading the sink); left empty
   */
  tell(told: Set<object>, scratch: Victim[]): void {
    for (const v of this.victims) scratch.push(v);
    try {
      for (const v of scratch) {
        // A victim without an owner reads this one sink: it cannot have been told already.
        const key = v.owner;
        if (key !== undefined) {
          if (told.has(key)) continue;
          told.add(key);
        }
        v.interferenceChanged();
      }
    } finally {
      scratch.length = 0;
    }
  }

  /** Tells its watching victims that its sum changed (they rate with it at their next plan). */
  touch(): void {
    for (const v of this.watchers) v.touched!();
  }
}
