import test from 'ava';
import { compareSweepPlot, meanPoints, metricTitle, overlaidCurves, sweepPlots } from '../../src/sweep/plots.js';
import { renderSvg } from '../../src/report/html/vega.js';
import { sampleStats } from '../../src/sweep/stats.js';
import { combinationResults, type SweepCellResult, type SweepResult } from '../../src/sweep/summary.js';
import { combinations, parseGrid } from '../../src/sweep/grid.js';
import { SWEEP_METRICS } from '../../src/sweep/metrics.js';
import { compareHtml } from '../../src/sweep/html.js';
import { compare, type CompareSource } from '../../src/sweep/compare.js';
import type { Report } from '../../src/report/report.js';

/** A 2 × 2 grid (rounds slowest, then bandwidth) × 3 seeds whose simulatedEndS is hand-chosen. */
function handSweep(): SweepResult {
  const grid = parseGrid(['training.rounds=5,10', 'radio.bandwidthHz=5e6,2e7']);
  const combos = combinations(grid);
  // simulatedEndS per combination and seed; combination 3 has one failed cell.
  const ends = [
    [10, 11, 12],
    [4, 5, 6],
    [20, 22, 24],
    [8, 8, null],
  ];
  const cells: SweepCellResult[] = combos.flatMap((c) =>
    [1, 2, 3].map((seed, i) => {
      const v = ends[c.index]![i]!;
      const metrics = v === null ? null : Object.fromEntries(SWEEP_METRICS.map((m) => [m.name, m.name === 'simulatedEndS' ? v : null]));
      return { key: `${c.index}-${seed}`, combination: c.index, seed, overrides: c.overrides, metrics, error: v === null ? 'boom' : null };
    }),
  );
  return {
    schema: 'edgesim.sweep/1',
    scenario: { file: 's.ts', sha256: '' },
    set: [],
    grid,
    seeds: [1, 2, 3],
    metrics: SWEEP_METRICS.map((m) => ({ name: m.name, description: m.description })),
    cells,
    combinations: combinationResults(combos, cells),
  };
}

test('metric vs parameter: x is the first axis with several values, one series per value of the others, bars = the Student-t 95% CI', (t) => {
  const pts = meanPoints(handSweep(), 'simulatedEndS');
  t.deepEqual(
    pts.map((p) => [p.x, p.series, p.mean, p.n]),
    [
      [5, 'radio.bandwidthHz=5e6', 11, 3],
      [5, 'radio.bandwidthHz=2e7', 5, 3],
      [10, 'radio.bandwidthHz=5e6', 22, 3],
      [10, 'radio.bandwidthHz=2e7', 8, 2],
    ],
  );
  // Samples 10, 11, 12: s = 1, t_{0.975,2} = 4.302653 ⇒ half-width 4.302653/√3 = 2.484138.
  t.true(Math.abs(pts[0]!.hi - 11 - 2.484138) < 1e-5);
  t.true(Math.abs(11 - pts[0]!.lo - 2.484138) < 1e-5);
  // Samples 8, 8: zero spread, a zero-width bar.
  t.is(pts[3]!.lo, 8);
  t.is(pts[3]!.hi, 8);
  // One sample: the bar collapses on the mean.
  const one = sampleStats([7]);
  t.is(one.ciLow, null);
});

test('a plot per metric present in some cell; none without a grid', (t) => {
  const s = handSweep();
  t.deepEqual(sweepPlots(s).map((p) => p.id), ['sweep-simulatedEndS']);
  t.deepEqual(sweepPlots({ ...s, grid: [] }), []);
  t.is(metricTitle({ name: 'energyPerRoundJ', description: 'energy of every node per round, mean over rounds (J)' }), 'energyPerRoundJ (J)');
  t.is(metricTitle({ name: 'x', description: 'no unit' }), 'x');
});

test('plots render to SVG with both axes, the error bars and a legend entry per series', async (t) => {
  const [plot] = sweepPlots(handSweep());
  const svg = await renderSvg(plot!.spec);
  t.true(svg.startsWith('<svg'));
  t.regex(svg, /aria-label="X-axis titled 'training\.rounds'/);
  t.regex(svg, /aria-label="Y-axis titled 'simulatedEndS \(s\)'/);
  t.true((svg.match(/role-axis-tick/g) ?? []).length >= 2);
  t.regex(svg, /radio\.bandwidthHz=2e7/);
  t.regex(svg, /class="mark-rule role-mark/); // the error bars
  t.regex(svg, /role-legend/);
  // Same specification, same text.
  t.is(await renderSvg(plot!.spec), svg);
});

test('a comparison of sweeps: one colour per folder; curves leave out runs without points', async (t) => {
  const s = handSweep();
  const rows = s.combinations.map((c) => ({ folder: 'a', scenario: 's.ts', combination: c.label, cells: c.cells, failed: c.failed, stats: c.stats }));
  const metric = s.metrics.find((m) => m.name === 'simulatedEndS')!;
  const p = compareSweepPlot(metric, [...rows, ...rows.map((r) => ({ ...r, folder: 'b' }))])!;
  t.is((p.spec as { data: { values: unknown[] } }).data.values.length, 8);
  t.is(compareSweepPlot(s.metrics.find((m) => m.name === 'finalAccuracy')!, rows), null);
  t.is(overlaidCurves('c', 'c', 'x', 'y', [{ series: 'a', points: [] }]), null);
  const c = overlaidCurves('c', 'c', 'time (s)', 'accuracy', [
    { series: 'a', points: [{ x: 1, y: 0.5 }, { x: 2, y: 0.7 }] },
    { series: 'b', points: [{ x: 1.5, y: 0.4 }] },
  ])!;
  t.regex(await renderSvg(c.spec), /role-axis/);
});

test('compare page: the latency CDF of two runs, from their finished requests only', async (t) => {
  const req = (latencyS: number | null) => ({ terminal: 't0', latencyS, outcome: latencyS === null ? 'lost' : 'done' });
  const report = (name: string, lat: (number | null)[]) =>
    ({ schema: 'edgesim.report/1', scenario: { name }, seed: 1, simulatedEndS: 1, rounds: [], requests: lat.map(req), training: null, inference: null }) as unknown as Report;
  const sources: CompareSource[] = [
    { kind: 'run', folder: 'A', report: report('a', [0.03, 0.01, null, 0.02]) },
    { kind: 'run', folder: 'B', report: report('b', [0.005]) },
  ];
  const html = await compareHtml(sources, compare(sources));
  t.deepEqual([...html.matchAll(/data-plot="([^"]+)"/g)].map((m) => m[1]), ['compare-latency-cdf']);
  // A: 10, 20, 30 ms at 1/3, 2/3, 1 (the lost request is not counted); B: 5 ms at 1.
  const fig = html.slice(html.indexOf('data-plot="compare-latency-cdf"'));
  t.regex(fig, /aria-label="X-axis titled 'end-to-end latency \(ms\)'/);
  t.regex(fig, /aria-label="end-to-end latency \(ms\): 10; fraction of requests: 0\.333333333333; series: A; order: 0"/);
  t.regex(fig, /aria-label="end-to-end latency \(ms\): 5; fraction of requests: 1; series: B; order: 0"/);
  // The lost request is left out: A's curve is 3 points drawn as steps (10 → 20 → 30 ms).
  t.regex(fig, /series: A; order: 0"[^>]*d="M[\d.]+,[\d.]+L[\d.]+,[\d.]+L[\d.]+,[\d.]+L[\d.]+,[\d.]+L[\d.]+,0"/);
});
