/**
 * The HTML pages of sweeps and comparisons: self-contained (inline SVG plots rendered in Node, no
 * script, no external resource), their tables the same as the Markdown's.
 * @module
 */
import { renderSvg } from '../report/html/vega.js';
import { htmlDocument, plotFigure, type PageSection } from '../report/html/page.js';
import { markdownToHtml } from '../report/html/markdown.js';
import type { Report } from '../report/report.js';
import { evaluationsOf } from '../report/html/plots/training.js';
import { CDF_MAX_POINTS, empiricalCdf } from '../report/html/plots/inference.js';
import { thin } from '../report/html/plots/common.js';
import { sweepMarkdown, type SweepResult } from './summary.js';
import { compareSweepPlot, overlaidCurves, sweepPlots, type CurvePoint, type RunCurve, type SweepPlot } from './plots.js';
import { compareMarkdown, type CompareSource, type Comparison } from './compare.js';

/** Renders plots to figures, in order. */
async function figures(plots: readonly SweepPlot[]): Promise<string> {
  const out: string[] = [];
  for (const p of plots) out.push(plotFigure(p.id, await renderSvg(p.spec), p.caption));
  return out.join('\n');
}

/** Markdown with its first-level title dropped (the page has its own). */
function bodyOf(markdown: string): string {
  return markdownToHtml(markdown.replace(/^# [^\n]*\n/, ''));
}

/**
 * sweep.html: the tables of sweep.md, then each metric against the first varied parameter with
 * 95% confidence intervals as error bars.
 * @param result - the sweep
 */
export async function sweepHtml(result: SweepResult): Promise<string> {
  const plots = sweepPlots(result);
  const sections: PageSection[] = [];
  if (plots.length > 0) sections.push({ heading: 'Plots', id: 'plots', html: await figures(plots) });
  sections.push({ heading: 'Tables', id: 'tables', html: bodyOf(sweepMarkdown(result)) });
  return htmlDocument(`Sweep of ${result.scenario.file}`, sections);
}

/** Test accuracy (or loss) against simulated time: after each round, or at each evaluation (asynchronous). */
function trainingCurve(report: Report, field: 'accuracy' | 'loss'): CurvePoint[] {
  return (evaluationsOf(report)?.points ?? []).flatMap((p) => (Number.isFinite(p[field]) ? [{ x: p.timeS, y: p[field] }] : []));
}

/** The empirical CDF of the finished requests' latency in ms, thinned as report.html's. */
function latencyCdfMs(report: Report): CurvePoint[] {
  const done = (report.requests ?? []).flatMap((r) => (r.latencyS === null ? [] : [r.latencyS * 1e3]));
  return thin(empiricalCdf(done), CDF_MAX_POINTS).map(([x, y]) => ({ x, y }));
}

/** The curves of the runs of a comparison, one per run folder. */
function runCurves(sources: readonly CompareSource[], of: (r: Report) => CurvePoint[]): RunCurve[] {
  return sources.flatMap((s) => (s.kind === 'run' ? [{ series: s.folder, points: of(s.report) }] : []));
}

/**
 * The comparison page: the Markdown's tables, the runs' curves overlaid (test accuracy and loss
 * against simulated time, round duration per round, inference latency CDF), and each metric of
 * the sweeps' combinations side by side with its 95% CI.
 * @param sources - the folders' parsed files, in the order given
 * @param c - their comparison ({@link compare})
 */
export async function compareHtml(sources: readonly CompareSource[], c: Comparison): Promise<string> {
  const plots: (SweepPlot | null)[] = [
    overlaidCurves('compare-accuracy', 'Test accuracy of the global model against simulated time, per run.', 'simulated time (s)', 'test accuracy', runCurves(sources, (r) => trainingCurve(r, 'accuracy'))),
    overlaidCurves('compare-loss', 'Test loss of the global model against simulated time, per run.', 'simulated time (s)', 'test loss (nats)', runCurves(sources, (r) => trainingCurve(r, 'loss'))),
    overlaidCurves('compare-round-duration', 'Duration of each training round (endS − startS), per run.', 'round', 'round duration (s)', runCurves(sources, (r) => (r.rounds ?? []).map((x) => ({ x: x.round, y: x.endS - x.startS })))),
    overlaidCurves('compare-latency-cdf', 'Empirical CDF of the end-to-end latency of the inference requests that finished, per run.', 'end-to-end latency (ms)', 'fraction of requests', runCurves(sources, latencyCdfMs), true),
  ];
  if (c.sweeps.length > 0) {
    const metrics = sources.flatMap((s) => (s.kind === 'sweep' ? s.sweep.metrics : [])).filter((m, i, all) => all.findIndex((x) => x.name === m.name) === i);
    for (const m of metrics) plots.push(compareSweepPlot(m, c.sweeps));
  }
  const present = plots.filter((p): p is SweepPlot => p !== null);
  const sections: PageSection[] = [];
  if (present.length > 0) sections.push({ heading: 'Plots', id: 'plots', html: await figures(present) });
  sections.push({ heading: 'Tables', id: 'tables', html: bodyOf(compareMarkdown(c)) });
  return htmlDocument('Comparison', sections);
}
