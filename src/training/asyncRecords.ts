/**
 * What asynchronous training contributes to the report: one record per client update (its
 * staleness and outcome, or where it was lost and what that wasted) and one per evaluation of the
 * global model.
 * @module
 */
import type { Waste } from './attempt.js';
import type { DropoutPhase } from './records.js';
import { resultSections } from '../engine/results.js';

/** How an asynchronous update ended. */
export type UpdateOutcome = 'applied' | 'buffered' | 'discarded' | 'lost' | 'unfinished';

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
  /** `applied` (mixed into the model), `buffered` (waiting in FedBuff's buffer; stepped when it fills), `discarded` (beyond the staleness cap), `lost` (a dropout), `unfinished` (training ended first: not a dropout, but its work was spent) */
  outcome: UpdateOutcome;
  /** FedAsync: the mixing weight α·s(staleness); FedBuff: the staleness weight; null when not used */
  weight: number | null;
  /** the local training loss; null when lost before training */
  trainLoss: number | null;
  /** bits sent (model down, update up) */
  bits: number;
  /** times a handover cut its upload and it was sent again through the new edge center (`onHandover: 'deliver-new'`) */
  resends: number;
  /** lost or unfinished: the phase it was in; null otherwise */
  phase: DropoutPhase | null;
  /** lost, unfinished or discarded: why; null otherwise */
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

declare module '../engine/results.js' {
  interface ReportSections {
    /** asynchronous protocols: every client update, in the order they ended (only when there are any) */
    updates?: UpdateRecord[];
    /** asynchronous protocols: the evaluations of the global model, in order (only when there are any) */
    evaluations?: EvaluationRecord[];
  }
}

/** Most lost updates listed in the Markdown report (all are in report.json `updates[]`). */
const MARKDOWN_MAX_LOST = 50;

/** One bin of a histogram. */
export interface HistogramBin {
  /** its range: `3`, or `10–11` */
  label: string;
  /** values in it */
  count: number;
}

/**
 * The staleness histogram of the updates that reached the server: one bin per version up to 10,
 * then bins doubling in width.
 * @param staleness - each update's staleness (versions)
 */
export function stalenessHistogram(staleness: readonly number[]): HistogramBin[] {
  if (staleness.length === 0) return [];
  // One pass, no spread (Math.max(...xs) overflows the stack past ~10⁵ updates).
  let max = -Infinity;
  for (const s of staleness) if (s > max) max = s;
  const bins: { lo: number; hi: number }[] = [];
  for (let lo = 0, w = 1; lo <= max; lo += w) {
    if (lo >= 10) w *= 2;
    bins.push({ lo, hi: lo + w - 1 });
  }
  // Each value into its bin by bisection over the bins' upper ends: O(n log bins), not O(n · bins).
  const counts = new Array<number>(bins.length).fill(0);
  for (const s of staleness) {
    if (!(s >= 0)) continue;
    let a = 0;
    let b = bins.length - 1;
    while (a < b) {
      const m = (a + b) >> 1;
      if (bins[m]!.hi >= s) b = m;
      else a = m + 1;
    }
    if (s >= bins[a]!.lo && s <= bins[a]!.hi) counts[a]!++;
  }
  return bins.map(({ lo, hi }, k) => ({ label: lo === hi ? String(lo) : `${lo}–${hi}`, count: counts[k]! }));
}

resultSections.register({
  key: 'updates',
  title: 'Updates',
  event: 'update.end',
  row: (p) => p,
  columns: [
    { csv: 'index', value: (r) => r.index },
    { csv: 'client', value: (r) => r.client, format: { kind: 'text' } },
    { csv: 'startS', value: (r) => r.startS },
    { csv: 'endS', value: (r) => r.endS },
    { csv: 'downloadS', value: (r) => r.downloadS },
    { csv: 'computeS', value: (r) => r.computeS },
    { csv: 'uploadS', value: (r) => r.uploadS },
    { csv: 'baseVersion', value: (r) => r.baseVersion },
    { csv: 'staleness', value: (r) => r.staleness },
    { csv: 'outcome', value: (r) => r.outcome, format: { kind: 'text' } },
    { csv: 'weight', value: (r) => r.weight },
    { csv: 'trainLoss', value: (r) => r.trainLoss },
    { csv: 'bits', value: (r) => r.bits },
    { csv: 'resends', value: (r) => r.resends },
    { csv: 'phase', value: (r) => r.phase, format: { kind: 'text' } },
    { csv: 'reason', value: (r) => r.reason, format: { kind: 'text' } },
    { csv: 'flopsDone', value: (r) => r.flopsDone },
    { csv: 'activeEnergyJ', value: (r) => r.activeEnergyJ },
  ],
  markdownSummary: (rows) => {
    const by = (o: UpdateOutcome): number => rows.filter((r) => r.outcome === o).length;
    const out = [`${rows.length} updates: ${by('applied')} applied, ${by('buffered')} buffered, ${by('discarded')} discarded as too stale, ${by('lost')} lost, ${by('unfinished')} unfinished when training ended.\n`];
    const hist = stalenessHistogram(rows.flatMap((r) => (r.staleness === null ? [] : [r.staleness])));
    if (hist.length > 0) {
      out.push('### Staleness (server versions)\n');
      const peak = Math.max(...hist.map((h) => h.count));
      out.push(['| staleness | updates | |', '|---:|---:|:---|', ...hist.map((h) => `| ${h.label} | ${h.count} | ${'█'.repeat(Math.round((20 * h.count) / peak))} |`)].join('\n') + '\n');
    }
    const lost = rows.filter((r) => r.outcome === 'lost');
    if (lost.length > 0) {
      out.push('### Lost updates\n');
      out.push(lost.slice(0, MARKDOWN_MAX_LOST).map((r) => `- update ${r.index}: ${r.client} lost in ${r.phase} at ${r.endS} s (${r.reason})`).join('\n') + '\n');
      if (lost.length > MARKDOWN_MAX_LOST) out.push(`(${lost.length - MARKDOWN_MAX_LOST} more in report.json, updates[])\n`);
    }
    return out.join('\n');
  },
});

resultSections.register({
  key: 'evaluations',
  title: 'Evaluations',
  event: 'training.eval',
  row: (p) => p,
  columns: [
    { csv: 'version', markdown: 'version', value: (r) => r.version, format: { kind: 'count' } },
    { csv: 'timeS', markdown: 'time (s)', value: (r) => r.timeS },
    { csv: 'updatesApplied', markdown: 'applied', value: (r) => r.updatesApplied, format: { kind: 'count' } },
    { csv: 'updatesDiscarded', markdown: 'discarded', value: (r) => r.updatesDiscarded, format: { kind: 'count' } },
    { csv: 'updatesLost', markdown: 'lost', value: (r) => r.updatesLost, format: { kind: 'count' } },
    { csv: 'testAccuracy', markdown: 'test accuracy', value: (r) => r.testAccuracy, format: { kind: 'percent' } },
    { csv: 'testLoss', markdown: 'test loss', value: (r) => r.testLoss, format: { kind: 'number', digits: 4 } },
  ],
});
