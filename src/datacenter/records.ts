/**
 * What data centers contribute to the report, four optional sections (present only with rows):
 * `dcSteps` (trace event `dc.step`, one row per job step), `dcNodes` (`dc.node`, job × node),
 * `dcLinks` (`dc.link`, job × link the fabric used) and `dcJobs` (`dc.job`, one row per job). The
 * `dcJobs` Markdown puts the placements of each model-parallel job shape side by side (with the
 * ratio of random to optimized mean step times), then lists data-parallel jobs by collective;
 * `dcLinks` shows its 10 busiest links in Markdown (every row in CSV and JSON).
 * @module
 */
import { resultSections } from '../engine/results.js';
import type { DcNodeRecord, DcStepRecord } from './job.js';
import type { DcTierRecord } from './tier.js';
import type { LinkUse } from './types.js';

/** One link's traffic during one job (report section `dcLinks`). */
export interface DcLinkRecord extends LinkUse {
  /** data center */
  dc: string;
  /** job name */
  job: string;
  /** busyS over the job's duration */
  utilization: number;
}

/** One job (report section `dcJobs`). */
export interface DcJobRecord {
  /** data center */
  dc: string;
  /** job name */
  job: string;
  /** job kind */
  kind: string;
  /** the model */
  model: string;
  /** the collective or the placement (the kind's `scheme`) */
  scheme: string;
  /** what jobs compared side by side share besides kind and model (`3 stages × 8 micro-batches`, `width 4`), or '' */
  shape: string;
  /** `real` or `timing` */
  mode: string;
  /** servers it used */
  servers: number;
  /** steps run */
  steps: number;
  /** start (s) */
  startS: number;
  /** end (s) */
  endS: number;
  /** mean step time (s), or null when no step ran */
  meanStepS: number | null;
  /** mean over steps of the busiest node's compute time (s), or null */
  computeS: number | null;
  /** mean exposed communication per step (s), or null */
  commExposedS: number | null;
  /** mean pipeline bubble per step (s), or null */
  bubbleS: number | null;
  /** the placement's predicted step time (s), or null */
  predictedStepS: number | null;
  /** final test accuracy (real mode), or null */
  finalAccuracy: number | null;
  /** largest share of a node's offered memory the job used */
  maxMemoryShare: number;
  /** `done`, `failed` (a message or a node failed) or `cut` (by the horizon, running or not started) */
  outcome: 'done' | 'failed' | 'cut';
  /** why it failed or was cut, or null */
  error: string | null;
}

declare module '../engine/trace.js' {
  interface TraceEventMap {
    /** a data-center job step ended */
    'dc.step': DcStepRecord;
    /** a data-center job's node record, at the job's end */
    'dc.node': DcNodeRecord;
    /** a link's traffic during a data-center job, at the job's end */
    'dc.link': DcLinkRecord;
    /** a data-center job ended */
    'dc.job': DcJobRecord;
    /** a hierarchical training tier aggregated over a data center's servers */
    'dc.tier': DcTierRecord;
  }
}

declare module '../engine/results.js' {
  interface ReportSections {
    /** one record per data-center job step */
    dcSteps?: DcStepRecord[];
    /** one record per data-center job and node */
    dcNodes?: DcNodeRecord[];
    /** one record per data-center job and link it used */
    dcLinks?: DcLinkRecord[];
    /** one record per data-center job */
    dcJobs?: DcJobRecord[];
    /** one record per aggregation a training tier ran over a data center */
    dcTier?: DcTierRecord[];
  }
}

/** A number with 4 significant digits, or `—`. */
function num(x: number | null): string {
  return x === null || !Number.isFinite(x) ? '—' : Number(x.toPrecision(4)).toString();
}

/** A Markdown table (cells as given; the first `textColumns` columns left-aligned, the others right-aligned). */
function table(header: readonly string[], rows: readonly (readonly string[])[], textColumns = 1): string {
  return [header, header.map((_, i) => (i < textColumns ? '---' : '---:')), ...rows].map((r) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`).join('\n') + '\n';
}

/**
 * The `dcJobs` summary: per model-parallel group (kind, model, shape) its placements side by side
 * with the ratio random/optimized of mean step times; then data-parallel jobs by collective.
 * @param rows - every job row
 */
export function dcJobsMarkdown(rows: readonly DcJobRecord[]): string {
  const out: string[] = [];
  const groups = new Map<string, DcJobRecord[]>();
  for (const r of rows) {
    if (r.kind === 'data-parallel') continue;
    const key = `${r.dc}: ${r.kind} of ${r.model}${r.shape === '' ? '' : `, ${r.shape}`}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [r]);
    else g.push(r);
  }
  for (const [key, g] of groups) {
    out.push(`**${key}**\n`);
    out.push(table(['placement', 'predicted (s)', 'simulated mean (s)', 'comm (s)', 'bubble (s)', 'max memory share'], g.map((r) => [r.scheme, num(r.predictedStepS), num(r.meanStepS), num(r.commExposedS), num(r.bubbleS), `${(100 * r.maxMemoryShare).toFixed(1)}%`])));
    const random = g.find((r) => r.scheme === 'random')?.meanStepS ?? null;
    const optimized = g.find((r) => r.scheme === 'optimized')?.meanStepS ?? null;
    if (random !== null && optimized !== null && optimized > 0) out.push(`Mean step time, random / optimized placement: ${num(random / optimized)}×\n`);
  }
  const dp = rows.filter((r) => r.kind === 'data-parallel');
  if (dp.length > 0) {
    out.push('**Data-parallel jobs by collective**\n');
    out.push(table(['collective', 'job', 'mean step (s)', 'exposed comm (s)', 'final accuracy'], dp.map((r) => [r.scheme, r.job, num(r.meanStepS), num(r.commExposedS), r.finalAccuracy === null ? '—' : `${(100 * r.finalAccuracy).toFixed(1)}%`]), 2));
  }
  return out.join('\n');
}

/**
 * The `dcLinks` summary: the 10 busiest links (by busy time; all rows in dcLinks.csv).
 * @param rows - every link row
 */
export function dcLinksMarkdown(rows: readonly DcLinkRecord[]): string {
  const top = [...rows].sort((a, b) => b.busyS - a.busyS || (a.job < b.job ? -1 : a.job > b.job ? 1 : 0)).slice(0, 10);
  const head = `The ${top.length} busiest of ${rows.length} (job, link) rows; dcLinks.csv has every row.\n`;
  return head + '\n' + table(['job', 'link', 'Gbit/s', 'Mbit', 'busy (s)', 'utilization'], top.map((r) => [r.job, r.link, num(r.rateBps / 1e9), num(r.bits / 1e6), num(r.busyS), `${(100 * r.utilization).toFixed(1)}%`]), 2);
}

const text = { kind: 'text' } as const;
const count = { kind: 'count' } as const;
const digits4 = { kind: 'number', digits: 4 } as const;

resultSections.register({
  key: 'dcSteps',
  title: 'Data-center steps',
  event: 'dc.step',
  row: (p) => p,
  columns: [
    { csv: 'dc', value: (r) => r.dc, format: text },
    { csv: 'job', value: (r) => r.job, format: text },
    { csv: 'step', value: (r) => r.step, format: count },
    { csv: 'startS', value: (r) => r.startS },
    { csv: 'endS', value: (r) => r.endS },
    { csv: 'stepS', value: (r) => r.stepS },
    { csv: 'computeMaxS', value: (r) => r.computeMaxS },
    { csv: 'computeMinS', value: (r) => r.computeMinS },
    { csv: 'commExposedS', value: (r) => r.commExposedS },
    { csv: 'bubbleMeanS', value: (r) => r.bubbleMeanS },
    { csv: 'idleMeanS', value: (r) => r.idleMeanS },
    { csv: 'loss', value: (r) => r.loss },
    { csv: 'accuracy', value: (r) => r.accuracy },
  ],
  markdownSummary: (rows) => `${rows.length} steps; dcSteps.csv has every step (per-job means are in Data-center jobs).\n`,
});

resultSections.register({
  key: 'dcNodes',
  title: 'Data-center nodes',
  event: 'dc.node',
  row: (p) => p,
  columns: [
    { csv: 'dc', value: (r) => r.dc, format: text },
    { csv: 'job', markdown: 'job', value: (r) => r.job, format: text },
    { csv: 'node', markdown: 'node', value: (r) => r.node, format: text },
    { csv: 'role', markdown: 'role', value: (r) => r.role, format: text },
    { csv: 'samples', markdown: 'samples', value: (r) => r.samples, format: count },
    { csv: 'memoryUsedBytes', markdown: 'memory used (MB)', value: (r) => r.memoryUsedBytes, format: { kind: 'number', digits: 4, divideBy: 1e6 } },
    { csv: 'memoryBytes', markdown: 'offered (MB)', value: (r) => r.memoryBytes, format: { kind: 'number', digits: 4, divideBy: 1e6 } },
    { csv: 'memoryShare', markdown: 'share', value: (r) => (r.memoryBytes > 0 ? r.memoryUsedBytes / r.memoryBytes : null), format: { kind: 'percent' } },
    { csv: 'computeBusyS', markdown: 'compute (s)', value: (r) => r.computeBusyS, format: digits4 },
    { csv: 'idleS', markdown: 'idle (s)', value: (r) => r.idleS, format: digits4 },
  ],
});

resultSections.register({
  key: 'dcLinks',
  title: 'Data-center links',
  event: 'dc.link',
  row: (p) => p,
  columns: [
    { csv: 'dc', value: (r) => r.dc, format: text },
    { csv: 'job', value: (r) => r.job, format: text },
    { csv: 'link', value: (r) => r.link, format: text },
    { csv: 'from', value: (r) => r.from, format: text },
    { csv: 'to', value: (r) => r.to, format: text },
    { csv: 'rateBps', value: (r) => r.rateBps },
    { csv: 'bits', value: (r) => r.bits },
    { csv: 'busyS', value: (r) => r.busyS },
    { csv: 'utilization', value: (r) => r.utilization },
  ],
  markdownSummary: dcLinksMarkdown,
});

resultSections.register({
  key: 'dcJobs',
  title: 'Data-center jobs',
  event: 'dc.job',
  row: (p) => p,
  columns: [
    { csv: 'dc', value: (r) => r.dc, format: text },
    { csv: 'job', markdown: 'job', value: (r) => r.job, format: text },
    { csv: 'kind', markdown: 'kind', value: (r) => r.kind, format: text },
    { csv: 'model', value: (r) => r.model, format: text },
    { csv: 'scheme', markdown: 'collective / placement', value: (r) => r.scheme, format: text },
    { csv: 'shape', value: (r) => r.shape, format: text },
    { csv: 'mode', value: (r) => r.mode, format: text },
    { csv: 'servers', markdown: 'servers', value: (r) => r.servers, format: count },
    { csv: 'steps', markdown: 'steps', value: (r) => r.steps, format: count },
    { csv: 'startS', value: (r) => r.startS },
    { csv: 'endS', value: (r) => r.endS },
    { csv: 'meanStepS', markdown: 'mean step (s)', value: (r) => r.meanStepS, format: digits4 },
    { csv: 'computeS', markdown: 'compute (s)', value: (r) => r.computeS, format: digits4 },
    { csv: 'commExposedS', markdown: 'exposed comm (s)', value: (r) => r.commExposedS, format: digits4 },
    { csv: 'bubbleS', markdown: 'bubble (s)', value: (r) => r.bubbleS, format: digits4 },
    { csv: 'predictedStepS', markdown: 'predicted (s)', value: (r) => r.predictedStepS, format: digits4 },
    { csv: 'finalAccuracy', markdown: 'accuracy', value: (r) => r.finalAccuracy, format: { kind: 'percent' } },
    { csv: 'maxMemoryShare', value: (r) => r.maxMemoryShare },
    { csv: 'outcome', markdown: 'outcome', value: (r) => r.outcome, format: text },
    { csv: 'error', value: (r) => r.error, format: text },
  ],
  markdownSummary: dcJobsMarkdown,
});

resultSections.register({
  key: 'dcTier',
  title: 'Data-center tier aggregations',
  event: 'dc.tier',
  row: (p) => p,
  columns: [
    { csv: 'dc', markdown: 'data center', value: (r) => r.dc, format: text },
    { csv: 'node', markdown: 'tier node', value: (r) => r.node, format: text },
    { csv: 'label', markdown: 'aggregation', value: (r) => r.label, format: text },
    { csv: 'parts', markdown: 'parts', value: (r) => r.parts, format: count },
    { csv: 'startS', markdown: 'start (s)', value: (r) => r.startS, format: digits4 },
    { csv: 'endS', markdown: 'end (s)', value: (r) => r.endS, format: digits4 },
    { csv: 'durationS', markdown: 'duration (s)', value: (r) => r.endS - r.startS, format: digits4 },
  ],
});
