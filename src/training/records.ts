/**
 * What training contributes to the report: its trace events and their payloads (rounds with their
 * dropouts), and the `rounds` result section declared from them (report.json `rounds[]`, the
 * Markdown table under "Training" with its dropouts, `rounds.csv`; see `src/engine/results.ts`).
 * @module
 */
import type { Waste } from './attempt.js';
import type { GapFields } from './gap.js';
import type { Evaluation } from '../learning/train.js';
import { resultSections } from '../engine/results.js';

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
  /** with `optimalityGap`: F(w) − F* after the round */
  gap?: number;
  /** with `optimalityGap`: ‖ĝ − ∇F(w)‖², the error of the server's step direction */
  gradientErrorSq?: number;
  /** with `optimalityGap`: the convergence bound on the gap after the round, or null when η > 1/L_s */
  gapBound?: number | null;
}

/** The phases of an update's (or an edge model's) way to the server, and when it arrived. */
export interface ArrivalTimes {
  /** its download time (s) */
  downloadS: number;
  /** its compute time, queueing included (s) */
  computeS: number;
  /** its upload time (s) */
  uploadS: number;
  /** when it reached the server (s) */
  arrivedS: number;
}

/** What a round-based protocol measured of a round, from which `roundEndRecord` (`protocols/rounds.ts`) builds its `round.end`. */
export interface RoundMeasures {
  /** round number from 0 */
  round: number;
  /** start (s) */
  startS: number;
  /** end: aggregation done, now (s) */
  endS: number;
  /** when the server began aggregating: the wait runs to it from the last arrival (or the start) (s) */
  aggregateStartS: number;
  /** aggregation compute at the server (s); by default `endS − aggregateStartS` */
  aggregateS?: number;
  /** the critical arrival's phases (see `lastArrival` in `protocols/rounds.ts`), or undefined when nothing arrived (phases 0) */
  last: ArrivalTimes | undefined;
  /** clients whose update was aggregated */
  participants: number;
  /** selected clients whose update did not arrive */
  dropped: number;
  /** the dropouts, in selection order */
  dropouts: Dropout[];
  /** bits sent for the round */
  bits: number;
  /** energy of every node during the round (J) */
  energyJ: number;
  /** the sum of the aggregated training losses */
  lossSum: number;
  /** how many losses make `lossSum` (none: no train loss) */
  lossCount: number;
  /** the global model's test evaluation after the round */
  evaluation: Evaluation;
  /** with `optimalityGap`: the gap fields after the round */
  gap?: GapFields | undefined;
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

declare module '../engine/results.js' {
  interface ReportSections {
    /** training rounds, in order (always in report.json: empty without training) */
    rounds: RoundRecord[];
  }
}

/** Most dropouts listed in the Markdown report (all are in report.json and rounds.csv). */
const MARKDOWN_MAX_DROPOUTS = 50;

/** A number for the gap table: 4 significant digits, — when absent. */
const g = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : x.toPrecision(4));

resultSections.register({
  key: 'rounds',
  title: 'Training',
  event: 'round.end',
  row: (p) => p,
  alwaysInJson: true,
  columns: [
    { csv: 'round', markdown: 'round', value: (r) => r.round, format: { kind: 'count' } },
    { csv: 'startS', markdown: 'start (s)', value: (r) => r.startS },
    { csv: 'endS', markdown: 'end (s)', value: (r) => r.endS },
    { csv: 'downloadS', markdown: 'download (s)', value: (r) => r.downloadS },
    { csv: 'computeS', markdown: 'compute (s)', value: (r) => r.computeS },
    { csv: 'uploadS', markdown: 'upload (s)', value: (r) => r.uploadS },
    { csv: 'waitS', markdown: 'wait (s)', value: (r) => r.waitS },
    { csv: 'aggregateS', markdown: 'aggregate (s)', value: (r) => r.aggregateS },
    { csv: 'participants', markdown: 'clients', value: (r) => r.participants, format: { kind: 'count' } },
    { csv: 'dropped', markdown: 'dropped', value: (r) => r.dropped, format: { kind: 'count' } },
    // `client (phase): cause`, separated by `; ` (Markdown lists them after the table)
    { csv: 'dropouts', value: (r) => r.dropouts.map((d) => `${d.client} (${d.phase}): ${d.reason}`).join('; '), format: { kind: 'text' } },
    { csv: 'bits', markdown: 'Mbit', value: (r) => r.bits, format: { kind: 'number', divideBy: 1e6 } },
    { csv: 'energyJ', markdown: 'energy (J)', value: (r) => r.energyJ },
    { csv: 'trainLoss', markdown: 'train loss', value: (r) => r.trainLoss, format: { kind: 'number', digits: 4 } },
    { csv: 'testAccuracy', markdown: 'test accuracy', value: (r) => r.testAccuracy, format: { kind: 'percent' } },
    { csv: 'testLoss', value: (r) => r.testLoss },
    // With `optimalityGap` (empty otherwise): the gap and its bound; Markdown lists them below the table.
    { csv: 'gap', value: (r) => r.gap ?? null },
    { csv: 'gradientErrorSq', value: (r) => r.gradientErrorSq ?? null },
    { csv: 'gapBound', value: (r) => r.gapBound ?? null },
  ],
  markdownSummary: (rows) => {
    const gapTable = rows.some((r) => r.gap !== undefined)
      ? ['### Optimality gap\n', ['| round | F(w) − F* | ‖ĝ − ∇F‖² | bound |', '|---:|---:|---:|---:|', ...rows.map((r) => `| ${r.round} | ${g(r.gap)} | ${g(r.gradientErrorSq)} | ${g(r.gapBound)} |`)].join('\n') + '\n']
      : [];
    const lines = rows.flatMap((r) => r.dropouts.map((d) => `- round ${r.round}: ${d.client} lost in ${d.phase} (${d.reason})`));
    if (lines.length === 0) return gapTable.join('\n');
    const blocks = ['### Dropouts\n', `${lines.slice(0, MARKDOWN_MAX_DROPOUTS).join('\n')}\n`];
    if (lines.length > MARKDOWN_MAX_DROPOUTS) blocks.push(`(${lines.length - MARKDOWN_MAX_DROPOUTS} more in report.json, rounds[].dropouts)\n`);
    return [...gapTable, ...blocks].join('\n');
  },
});
