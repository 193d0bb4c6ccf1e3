/**
 * What training contributes to the report: its trace events and their payloads (rounds with their
 * dropouts).
 * @module
 */
import type { Waste } from './attempt.js';

/** Payload of `round.end`: one round's account (`rounds[]` in the report). */
export interface RoundRecord {
  /** round number from 0 */
  round: number;
  /** start (s) */
  startS: number;
  /** end: aggregation done (s) */
  endS: number;
  /** download time of the last participant to arrive (s) */
  downloadS: number;
  /** its compute time, queueing included (s) */
  computeS: number;
  /** its upload time (s) */
  uploadS: number;
  /** from its arrival to the start of aggregation (the deadline's wait) (s) */
  waitS: number;
  /** aggregation compute at the server (s) */
  aggregateS: number;
  /** clients whose update was aggregated */
  participants: number;
  /** selected clients whose update did not arrive (failure, outage, deadline) */
  dropped: number;
  /** those clients, in selection order: where each was lost and why */
  dropouts: Dropout[];
  /** bits sent for the round (models down, updates up) */
  bits: number;
  /** energy of every node during the round (J) */
  energyJ: number;
  /** mean local training loss of the participants */
  trainLoss: number | null;
  /** test accuracy of the global model after the round */
  testAccuracy: number;
  /** its test loss */
  testLoss: number;
}

/** Where a selected client's round was lost. */
export type DropoutPhase = 'download' | 'compute' | 'upload' | 'deadline' | 'surplus';

/** A selected client whose update did not reach the server in a round, and what its attempt wasted. */
export interface Dropout extends Waste {
  /** client id */
  client: string;
  /** the phase it was in: model download, local compute, update upload; or cut by the deadline, or as `surplus` (over-selected, still working once the round had its updates) */
  phase: DropoutPhase;
  /** the cause (a failed transfer or node, the deadline) */
  reason: string;
}

declare module '../engine/trace.js' {
  interface TraceEventMap {
    /** a training round ended */
    'round.end': RoundRecord;
  }
}
