/**
 * The figures a researcher reads first about inference serving, computed from the request records:
 * per terminal and overall, requests done and lost, latency percentiles (p50, p95, p99 by the
 * nearest-rank rule), mean latency and its parts, deadline misses, terminal energy per request,
 * accuracy, and which exits were taken.
 * @module
 */
import type { RequestRecord } from './records.js';
import { naturalCompare } from '../util/naturalCompare.js';

/** Mean time of each phase of a request (s). */
export interface RequestPhasesS {
  /** waiting for the terminal's processor */
  terminalWait: number;
  /** computing on the terminal */
  terminalCompute: number;
  /** sending the activation */
  uplink: number;
  /** waiting in the server's queue */
  queue: number;
  /** computing on the server */
  edgeCompute: number;
  /** sending the result back */
  downlink: number;
}

/** One group's figures (a terminal, or all of them). */
export interface RequestStats {
  /** the terminal, or `all` */
  group: string;
  /** requests that ended (done, lost or unfinished) */
  requests: number;
  /** requests whose result came back */
  done: number;
  /** requests lost (a failed node or transfer, a dropped handover) */
  lost: number;
  /** requests the end of the run cut */
  unfinished: number;
  /** mean latency of the done requests (s); null without any */
  meanLatencyS: number | null;
  /** median latency (s), nearest rank */
  p50LatencyS: number | null;
  /** 95th percentile latency (s), nearest rank */
  p95LatencyS: number | null;
  /** 99th percentile latency (s), nearest rank */
  p99LatencyS: number | null;
  /** mean of each phase over the done requests (s) */
  meanPhasesS: RequestPhasesS | null;
  /** requests with a deadline that missed it (late or not done) */
  deadlineMisses: number;
  /** requests with a deadline */
  withDeadline: number;
  /** mean terminal energy per done request (J); null without any */
  meanEnergyJ: number | null;
  /** fraction of done requests predicted right; null without any */
  accuracy: number | null;
  /** done requests per exit taken (`final` for single-exit models), in exit order */
  exits: Record<string, number>;
}

/**
 * The p-th percentile by the nearest-rank rule: the smallest value with at least p% of the values
 * at or below it (value number ⌈p/100 · n⌉ of the sorted values).
 * @param sorted - values in ascending order, at least one
 * @param p - the percentile, in (0, 100]
 */
export function nearestRank(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** The figures of one group of records. */
function statsOf(group: string, rows: readonly RequestRecord[]): RequestStats {
  const done = rows.filter((r) => r.outcome === 'done');
  const lat = done.map((r) => r.latencyS!).sort((a, b) => a - b);
  const mean = (f: (r: RequestRecord) => number): number => done.reduce((a, r) => a + f(r), 0) / done.length;
  const exits: Record<string, number> = {};
  for (const r of [...done].sort((a, b) => (a.exit ?? Infinity) - (b.exit ?? Infinity))) {
    const k = r.exit === null ? 'final' : String(r.exit);
    exits[k] = (exits[k] ?? 0) + 1;
  }
  const withDeadline = rows.filter((r) => r.deadlineS !== null);
  const any = done.length > 0;
  return {
    group,
    requests: rows.length,
    done: done.length,
    lost: rows.filter((r) => r.outcome === 'lost').length,
    unfinished: rows.filter((r) => r.outcome === 'unfinished').length,
    meanLatencyS: any ? mean((r) => r.latencyS!) : null,
    p50LatencyS: any ? nearestRank(lat, 50) : null,
    p95LatencyS: any ? nearestRank(lat, 95) : null,
    p99LatencyS: any ? nearestRank(lat, 99) : null,
    meanPhasesS: any
      ? {
          terminalWait: mean((r) => r.terminalWaitS),
          terminalCompute: mean((r) => r.terminalComputeS),
          uplink: mean((r) => r.uplinkS),
          queue: mean((r) => r.queueS),
          edgeCompute: mean((r) => r.edgeComputeS),
          downlink: mean((r) => r.downlinkS),
        }
      : null,
    deadlineMisses: withDeadline.filter((r) => r.missed).length,
    withDeadline: withDeadline.length,
    meanEnergyJ: any ? mean((r) => r.energyJ) : null,
    accuracy: any ? done.filter((r) => r.correct === true).length / done.length : null,
    exits,
  };
}

/**
 * Overall figures first, then one per terminal in the natural order of their ids.
 * @param rows - every request record of the run
 */
export function summarizeRequests(rows: readonly RequestRecord[]): RequestStats[] {
  const byTerminal = new Map<string, RequestRecord[]>();
  for (const r of rows) {
    const list = byTerminal.get(r.terminal);
    if (list === undefined) byTerminal.set(r.terminal, [r]);
    else list.push(r);
  }
  return [statsOf('all', rows), ...[...byTerminal].sort(([a], [b]) => naturalCompare(a, b)).map(([t, list]) => statsOf(t, list))];
}

const ms = (s: number | null): string => (s === null ? '—' : (s * 1e3).toPrecision(4));

/**
 * The Markdown of the figures: one table, overall first, then exits taken.
 * @param stats - from {@link summarizeRequests}
 */
export function summaryMarkdown(stats: readonly RequestStats[]): string {
  const head = '| group | requests | done | lost | p50 (ms) | p95 (ms) | p99 (ms) | mean (ms) | terminal (ms) | uplink (ms) | queue (ms) | edge (ms) | downlink (ms) | missed | energy (mJ) | accuracy |';
  const rule = `|${'---|'.repeat(16)}`;
  const lines = stats.map((s) => {
    const p = s.meanPhasesS;
    const cells = [
      s.group,
      s.requests,
      s.done,
      s.lost + s.unfinished > 0 ? `${s.lost}${s.unfinished > 0 ? ` (+${s.unfinished} unfinished)` : ''}` : '0',
      ms(s.p50LatencyS),
      ms(s.p95LatencyS),
      ms(s.p99LatencyS),
      ms(s.meanLatencyS),
      p === null ? '—' : ms(p.terminalWait + p.terminalCompute),
      p === null ? '—' : ms(p.uplink),
      p === null ? '—' : ms(p.queue),
      p === null ? '—' : ms(p.edgeCompute),
      p === null ? '—' : ms(p.downlink),
      s.withDeadline > 0 ? `${s.deadlineMisses}/${s.withDeadline}` : '—',
      s.meanEnergyJ === null ? '—' : (s.meanEnergyJ * 1e3).toPrecision(4),
      s.accuracy === null ? '—' : `${(s.accuracy * 100).toFixed(1)}%`,
    ];
    return `| ${cells.join(' | ')} |`;
  });
  const all = stats[0];
  const exits = all === undefined || Object.keys(all.exits).length <= 1 ? '' : `\nExits taken (all terminals): ${Object.entries(all.exits).map(([k, n]) => `${k === 'final' ? 'final' : `exit ${k}`}: ${n}`).join(', ')}.\n`;
  return `${[head, rule, ...lines].join('\n')}\n${exits}`;
}
