/**
 * `report.html`: the Markdown summary's content as HTML plus the plots that have data, each drawn
 * to SVG in Node ({@link renderSvg}). Self-contained (inline style and SVG, no script, no external
 * resource) and deterministic: the same report gives the same bytes.
 * @module
 */
import type { Report } from '../report.js';
import { renderMarkdown } from '../markdown.js';
import { htmlDocument, plotFigure, type PageSection } from './page.js';
import { markdownPage } from './markdown.js';
import { renderSvg } from './vega.js';
import { REPORT_PLOTS } from './plots/index.js';
import type { PlotEntry, PlotOptions } from './plots/common.js';

/** A plot as drawn on the page. */
export interface RenderedPlot {
  /** the plot's id */
  id: string;
  /** its caption */
  caption: string;
  /** its SVG text */
  svg: string;
}

/**
 * Draws every plot whose data the report holds, in order.
 * @param report - the run's report
 * @param options - plot options
 * @param plots - the plots to try; default {@link REPORT_PLOTS}
 */
export async function renderPlots(report: Report, options: PlotOptions = {}, plots: readonly PlotEntry[] = REPORT_PLOTS): Promise<RenderedPlot[]> {
  const out: RenderedPlot[] = [];
  for (const p of plots) {
    const built = p.build(report, options);
    if (built === null) continue;
    out.push({ id: p.id, caption: built.caption, svg: await renderSvg(built.spec) });
  }
  return out;
}

/** Sections of the Markdown summary the plots come after (the run's facts and its configuration). */
const BEFORE_PLOTS = new Set(['summary', 'configuration']);

/**
 * Renders `report.html`.
 * @param report - the run's report
 * @param options - plot options
 */
export async function renderHtml(report: Report, options: PlotOptions = {}): Promise<string> {
  const md = markdownPage(renderMarkdown(report));
  const plots = await renderPlots(report, options);
  const summary: PageSection[] = md.lead === '' ? [] : [{ heading: 'Summary', html: md.lead, id: 'summary' }];
  const sections = [...summary, ...md.sections];
  const at = sections.findIndex((s) => !BEFORE_PLOTS.has(s.id ?? ''));
  const plotSection: PageSection = {
    heading: 'Plots',
    id: 'plots',
    html: plots.length === 0 ? '<p>No plot: the report holds none of their data.</p>' : plots.map((p) => plotFigure(p.id, p.svg, p.caption)).join('\n'),
  };
  sections.splice(at < 0 ? sections.length : at, 0, plotSection);
  return htmlDocument(md.title ?? `edgesim report: ${report.scenario.name}`, sections);
}
