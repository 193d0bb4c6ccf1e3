/**
 * Plots rendered in Node: a vega-lite specification is compiled to vega and drawn to an SVG string
 * by a headless vega view (no canvas, no browser, no network: data are inline values). The SVG
 * is embedded as is in a self-contained HTML page.
 * @module
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View } from 'vega';

/** A vega-lite specification with its data inline (`data: { values: [...] }`). */
export type PlotSpec = TopLevelSpec;

/** Look shared by every plot: font, sizes, no border around the view. */
export const PLOT_CONFIG = {
  font: 'sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, anchor: 'start' },
} as const;

/**
 * Renders a vega-lite specification to SVG text. Deterministic: the same specification gives the
 * same text (text widths are estimated, never measured on a canvas).
 * @param spec - the specification, data inline
 */
export async function renderSvg(spec: PlotSpec): Promise<string> {
  const withConfig = { ...spec, config: { ...PLOT_CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec;
  const compiled = compile(withConfig).spec;
  const view = new View(parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
