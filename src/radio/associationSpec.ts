/**
 * Association settings, traces and candidates (the types of `src/radio/association.ts`).
 * @module
 */
import type { RadioChannel, ChannelEnd } from './channel.js';
/** Association settings (`radio.association`). */
export interface AssociationSpec {
  /** A3 offset: a neighbour must be this much stronger (dB); default 3 */
  hysteresisDb?: number;
  /** for this long (s); default 0.16 */
  timeToTriggerS?: number;
  /** measurement period of mobile terminals (s); default 0.1 */
  measurementPeriodS?: number;
  /**
   * What a terminal does between transfers. `measure` (default): every mobile terminal is measured
   * every period for A3, whether or not it communicates. `reselect`: a terminal is RRC_CONNECTED
   * (measured every period, A3 as under `measure`) while it has a transfer on one of its wireless
   * links and for `inactivityTimerS` after its last activity, else RRC_IDLE: no events; when next
   * needed (its serving edge is asked for, or a transfer starts) it does the idle-mode cell
   * reselection ranking once (`qHystDb`, `qOffsetDb`) and becomes connected. Its first cell
   * selection (strongest cell, `attach`) is done when it is first needed, and coverage is checked
   * at each such instant.
   */
  idle?: AssociationIdleMode;
  /** `reselect`: Q_hyst added to the camped cell's power in the reselection ranking (dB); default 3 */
  qHystDb?: number;
  /** `reselect`: Q_offset subtracted from a neighbour's power in the ranking (dB); default 0 */
  qOffsetDb?: number;
  /** `reselect`: RRC inactivity timer, connected this long after the last activity (s); default 10 */
  inactivityTimerS?: number;
  /**
   * `reselect`: connected-mode DRX cycle (s). A connected terminal with no transfer on the air
   * (the inactivity timer's tail) sleeps between DRX on-durations and is measured only at multiples
   * of this cycle; with a transfer on the air it is measured every `measurementPeriodS` as before.
   * 3GPP TS 36.133 §8.1.2.2.1 relaxes intra-frequency measurement in DRX with the cycle (as we
   * read its table, a measurement period of 5 cycles beyond 40 ms); typical long cycles are
   * 0.32–1.28 s.
   * Default unset: measured every period until the timer expires. DRX here paces measurements only
   * (the energy model has no connected-tail power).
   */
  drxCycleS?: number;
}

/** What terminals do between transfers (see {@link AssociationSpec.idle}). */
export type AssociationIdleMode = 'measure' | 'reselect';

/** Payload of `handover` (and of the first attachment, with `from` null). */
export interface HandoverTrace {
  /** terminal */
  node: string;
  /** serving edge before, or null at first attachment */
  from: string | null;
  /** serving edge after */
  to: string;
  /** received power from the new edge (dBm) */
  rxPowerDbm: number;
}

declare module '../engine/trace.js' {
  interface TraceEventMap {
    /** a terminal changed serving edge center */
    handover: HandoverTrace;
    /** a terminal attached to its first edge center */
    attach: HandoverTrace;
    /** an idle terminal re-ranked its cells when needed and camps on another edge center (`idle: 'reselect'`) */
    reselect: HandoverTrace;
    /** a terminal out of coverage for the configured time drops out (fails) */
    dropout: CoverageTrace;
    /** a dropped-out terminal is back in coverage */
    'coverage.regained': CoverageTrace;
  }
}

/** An edge center a terminal may attach to. */
export interface CandidateEdge {
  /** the edge's end */
  end: ChannelEnd;
  /** the channel between terminal and edge */
  channel: RadioChannel;
}

/** Coverage checks done with the association's measurements. */
export interface CoverageCheck {
  /** SNR below which a terminal is out of coverage (dB) */
  minSnrDb: number;
  /** for this long (s) */
  forS: number;
  /** the terminal's noise power over the band (dBm) */
  noiseDbm(terminal: string): number;
  /** the terminal has been out of coverage for `forS` */
  lost(terminal: string): void;
  /** the terminal is back in coverage */
  regained(terminal: string): void;
}

/** Payload of `dropout` and `coverage.regained`. */
export interface CoverageTrace {
  /** terminal */
  node: string;
  /** its best downlink SNR (dB) */
  snrDb: number;
}

/** A terminal and the edge centers it may attach to. */
export interface AssociationCandidate {
  /** the terminal's end */
  terminal: ChannelEnd;
  /** candidate edges: their ends and the channels to them */
  edges: CandidateEdge[];
}
