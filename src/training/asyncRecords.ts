/**
 * What asynchronous training contributes to the report: one record per client update (its
 * staleness and outcome, or where it was lost and what that wasted) and one per evaluation of the
 * global model.
 * @module
 */
import type { Waste } from './attempt.js';
import type { DropoutPhase } from './records.js';

/** How an asynchronous update ended. */
export type UpdateOutcome = 'applied' | 'buffered' | 'discarded' | 'lost';

/** Payload of `update.end`: one client update of an asynchronous protocol (`updates[]` in the report). */
export interface UpdateRecord extends Waste {
  /** the update's number, from 0, in the order the client started it */
  index: number;
  /** client id */
  client: string;
  /** when the client started downloading the model (s) */
  startS: number;
  /** when it ended: applied, buffered, discarded or lost (s) */
  endS: number;
  /** download time (s) */
  downloadS: number;
  /** local compute time, CPU queueing included (s) */
  computeS: number;
  /** upload time (s); 0 when lost before */
  uploadS: number;
  /** the server version the client trained from */
  baseVersion: number;
  /** server versions between that and the one it was mixed into or buffered at; null when lost */
  staleness: number | null;
  /** `applied` (mixed into the model), `buffered` (waiting in FedBuff's buffer; stepped when it fills), `discarded` (beyond the staleness cap), `lost` (a dropout) */
  outcome: UpdateOutcome;
  /** FedAsync: the mixing weight α·s(staleness); FedBuff: the staleness weight; null when not used */
  weight: number | null;
  /** the local training loss; null when lost before training */
  trainLoss: number | null;
  /** bits sent (model down, update up) */
  bits: number;
  /** lost: the phase it was in; null otherwise */
  phase: DropoutPhase | null;
  /** lost or discarded: why; null otherwise */
  reason: string | null;
}

/** Payload of `training.eval`: the global model evaluated (`evaluations[]` in the report). */
export interface EvaluationRecord {
  /** the server version evaluated (server steps so far) */
  version: number;
  /** when (s) */
  timeS: number;
  /** client updates applied so far (FedBuff: buffered into steps so far) */
  updatesApplied: number;
  /** updates discarded as too stale so far */
  updatesDiscarded: number;
  /** updates lost so far */
  updatesLost: number;
  /** test accuracy */
  testAccuracy: number;
  /** test loss */
  testLoss: number;
}

declare module '../engine/trace.js' {
  interface TraceEventMap {
    /** an asynchronous client update ended */
    'update.end': UpdateRecord;
    /** the global model was evaluated */
    'training.eval': EvaluationRecord;
  }
}
