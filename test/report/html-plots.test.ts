import test from 'ava';
import { REPORT_PLOTS } from '../../src/report/html/plots/index.js';
import { evaluationsOf, roundBreakdown, ROUND_PHASES } from '../../src/report/html/plots/training.js';
import { otaErrors, stalenessBins } from '../../src/report/html/plots/protocols.js';
import { energyData } from '../../src/report/html/plots/energy.js';
import { activityIntervals, ganttData, mergeIntervals } from '../../src/report/html/plots/activity.js';
import { chooseLinks, linkPoints } from '../../src/report/html/plots/links.js';
import { empiricalCdf, latencyCdf } from '../../src/report/html/plots/inference.js';
import { spansDecades, thin } from '../../src/report/html/plots/common.js';
import { naturalCompare } from '../../src/util/naturalCompare.js';
import { renderPlots } from '../../src/report/html/render.js';
import type { UpdateRecord, EvaluationRecord } from '../../src/training/asyncRecords.js';
import type { OtaRoundRecord } from '../../src/training/otaRecords.js';
import { emptyReport, node, request, round, transfer } from './htmlFixtures.js';

const built = (report: ReturnType<typeof emptyReport>): string[] => REPORT_PLOTS.filter((p) => p.build(report, {}) !== null).map((p) => p.id);

test('a report with no data has no plot', (t) => {
  t.deepEqual(built(emptyReport()), []);
  // every plot id is unique
  t.is(new Set(REPORT_PLOTS.map((p) => p.id)).size, REPORT_PLOTS.length);
});

test('each plot is present exactly when its data is', (t) => {
  t.deepEqual(built(emptyReport({ rounds: [round(0, 0, [1, 1, 1, 0, 1])] })), ['accuracy-time', 'accuracy-round', 'round-breakdown']);
  const evaluations = [{ version: 0, timeS: 0, testAccuracy: 0.1, testLoss: 2 }] as EvaluationRecord[];
  t.deepEqual(built(emptyReport({ evaluations })), ['accuracy-time', 'accuracy-round']);
  t.deepEqual(built(emptyReport({ updates: [{ staleness: 2 }] as UpdateRecord[] })), ['staleness']);
  t.deepEqual(built(emptyReport({ updates: [{ staleness: null }] as UpdateRecord[] })), []);
  t.deepEqual(built(emptyReport({ otaRounds: [{ round: 0, relativeError: 0.1, msePerEntry: 0.01 }] as OtaRoundRecord[] })), ['ota-error']);
  t.deepEqual(built(emptyReport({ requests: [request('t0', 0.01)] })), ['latency-cdf']);
  t.deepEqual(built(emptyReport({ requests: [request('t0', null)] })), []);
  t.deepEqual(built(emptyReport({ nodes: [node('a', { idle: 1 })] })), ['energy']);
  t.deepEqual(built(emptyReport({ nodes: [node('a')] })), []);
  t.deepEqual(built(emptyReport({ computations: [{ node: 'a', task: 'x', startS: 0, endS: 1, flops: 1 }] })), ['activity']);
  t.deepEqual(built(emptyReport({ transfers: [transfer('a', 'b', 0, 1)] })), ['activity', 'links']);
});

test('the round breakdown stacks the five phases, which add up to each round\'s duration', (t) => {
  const rounds = [round(0, 0, [0.5, 0.25, 0.125, 0, 0.0625]), round(1, 0.9375, [1, 2, 0.5, 0.25, 0.25])];
  const rows = roundBreakdown(emptyReport({ rounds }));
  t.is(rows.length, 10);
  for (const r of rounds) {
    const mine = rows.filter((x) => x.round === r.round);
    t.deepEqual(mine.map((x) => x.phase), [...ROUND_PHASES]);
    t.deepEqual(mine.map((x) => x.order), [0, 1, 2, 3, 4]);
    t.is(mine.reduce((s, x) => s + x.seconds, 0), r.endS - r.startS);
  }
  t.deepEqual(rows.filter((x) => x.round === 1).map((x) => x.seconds), [1, 2, 0.5, 0.25, 0.25]);
});

test('evaluations come from rounds (sync) or from evaluations (async)', (t) => {
  const sync = evaluationsOf(emptyReport({ rounds: [round(0, 0, [1, 0, 0, 0, 0], 0.25, 2), round(1, 1, [1, 0, 0, 0, 0], 0.5, 1.5)] }))!;
  t.is(sync.step, 'round');
  t.deepEqual(sync.points, [
    { timeS: 1, step: 0, accuracy: 0.25, loss: 2 },
    { timeS: 2, step: 1, accuracy: 0.5, loss: 1.5 },
  ]);
  const evaluations = [{ version: 3, timeS: 4, testAccuracy: 0.75, testLoss: 0.5 }] as EvaluationRecord[];
  t.deepEqual(evaluationsOf(emptyReport({ evaluations })), { step: 'server version', points: [{ timeS: 4, step: 3, accuracy: 0.75, loss: 0.5 }] });
  t.is(evaluationsOf(emptyReport()), null);
});

test('the staleness histogram counts the updates that reached the server, one bin a version', (t) => {
  const updates = [0, 0, 1, 3, null].map((staleness) => ({ staleness })) as UpdateRecord[];
  t.deepEqual(stalenessBins(emptyReport({ updates })), [
    { label: '0', count: 2 },
    { label: '1', count: 1 },
    { label: '2', count: 0 },
    { label: '3', count: 1 },
  ]);
});

test('the OTA error rows skip an undefined relative error', (t) => {
  const otaRounds = [
    { round: 0, relativeError: null, msePerEntry: 0.5 },
    { round: 1, relativeError: 0.2, msePerEntry: 0.25 },
  ] as OtaRoundRecord[];
  t.deepEqual(otaErrors(emptyReport({ otaRounds })), [
    { round: 0, measure: 'MSE per entry', value: 0.5 },
    { round: 1, measure: 'relative error', value: 0.2 },
    { round: 1, measure: 'MSE per entry', value: 0.25 },
  ]);
});

test('the empirical CDF is monotone and ends at 1', (t) => {
  t.deepEqual(empiricalCdf([3, 1, 2, 2]), [
    [1, 0.25],
    [2, 0.5],
    [2, 0.75],
    [3, 1],
  ]);
  const requests = [request('t10', 0.004), request('t2', 0.001), request('t2', 0.003), request('t2', null), request('t10', 0.002)];
  const pts = latencyCdf(emptyReport({ requests }));
  t.deepEqual([...new Set(pts.map((p) => p.series))], ['all', 't2', 't10']); // natural order
  for (const s of ['all', 't2', 't10']) {
    const curve = pts.filter((p) => p.series === s);
    for (let i = 1; i < curve.length; i++) {
      t.true(curve[i]!.latencyMs >= curve[i - 1]!.latencyMs);
      t.true(curve[i]!.fraction > curve[i - 1]!.fraction);
    }
    t.is(curve[curve.length - 1]!.fraction, 1);
  }
  t.deepEqual(pts.filter((p) => p.series === 'all').map((p) => p.latencyMs), [1, 2, 3, 4]);
  // thinning keeps the ends: a large sample still ends at 1
  const many = Array.from({ length: 5000 }, (_, i) => request('t0', (i + 1) / 1000));
  const big = latencyCdf(emptyReport({ requests: many }));
  t.true(big.length <= 400);
  t.is(big[big.length - 1]!.fraction, 1);
  t.is(big[0]!.fraction, 1 / 5000);
});

test('the Gantt holds the hand-built computations, transfers and down intervals, merged', (t) => {
  const report = emptyReport({
    simulatedEndS: 10,
    nodes: [node('a'), node('b', {}, { failed: 'battery empty', downS: 4 }), node('c')],
    computations: [
      { node: 'a', task: 'x', startS: 1, endS: 2, flops: 1 },
      { node: 'a', task: 'y', startS: 1.5, endS: 3, flops: 1 }, // overlaps x: merged
      { node: 'a', task: 'z', startS: 5, endS: 6, flops: 1 },
    ],
    transfers: [transfer('a', 'b', 3, 4), transfer('b', 'a', 4, 5)],
    downtimes: [{ node: 'b', reason: 'failure', startS: 1, endS: 2 }],
  });
  t.deepEqual(activityIntervals(report), [
    { node: 'a', activity: 'compute', startS: 1, endS: 3 },
    { node: 'a', activity: 'compute', startS: 5, endS: 6 },
    { node: 'a', activity: 'transmit', startS: 3, endS: 4 },
    { node: 'a', activity: 'receive', startS: 4, endS: 5 },
    { node: 'b', activity: 'transmit', startS: 4, endS: 5 },
    { node: 'b', activity: 'receive', startS: 3, endS: 4 },
    { node: 'b', activity: 'down', startS: 1, endS: 2 },
    // down at the end: 4 s down in all, 1 s of it closed, so the open interval is the last 3 s
    { node: 'b', activity: 'down', startS: 7, endS: 10 },
  ]);
  // node c did nothing: not in the chart; the busiest one kept when capped
  const capped = ganttData(report, 1)!;
  t.deepEqual(capped.nodes, ['a']);
  t.is(capped.omitted, 1);
  t.deepEqual(mergeIntervals([[2, 3], [0, 1], [1, 1.5], [4, 5]]), [[0, 1.5], [2, 3], [4, 5]]);
});

test('the energy plot: natural node order, the biggest users when capped, log scale when values span decades', (t) => {
  const nodes = [node('t10', { compute: 1, idle: 1000 }), node('t2', { compute: 0.01, tx: 0, idle: 10 }), node('t1', { idle: 0.5 })];
  const d = energyData(emptyReport({ nodes }), 40)!;
  t.deepEqual(d.nodes, ['t1', 't2', 't10']);
  t.true(d.log);
  t.false(d.rows.some((r) => r.energyJ <= 0)); // zeros not drawn on a log axis
  const capped = energyData(emptyReport({ nodes }), 2)!;
  t.deepEqual(capped.nodes, ['t2', 't10']);
  t.is(capped.omitted, 1);
  const linear = energyData(emptyReport({ nodes: [node('a', { compute: 1, idle: 2 })] }), 40)!;
  t.false(linear.log);
  t.is(linear.rows.length, 4); // zeros kept on a linear axis
});

test('the link plot picks the wireless links with most transfers, or the links asked for', (t) => {
  const transfers = [transfer('a', 'e', 0, 1), transfer('a', 'e', 1, 2), transfer('b', 'e', 0, 1), transfer('e', 'ps', 0, 1, null), transfer('e', 'ps', 1, 2, null), transfer('e', 'ps', 2, 3, null)];
  const report = emptyReport({ transfers });
  t.deepEqual(chooseLinks(report, undefined, 6), ['a->e', 'b->e']);
  t.deepEqual(chooseLinks(report, undefined, 1), ['a->e']);
  t.deepEqual(chooseLinks(report, ['e->ps', 'nope'], 6), ['e->ps']);
  t.deepEqual(chooseLinks(emptyReport({ transfers: transfers.slice(3) }), undefined, 6), ['e->ps']);
  t.deepEqual(linkPoints(report, ['b->e']), [{ link: 'b->e', timeS: 0.5, snrDb: 10, rateBps: 1e6 }]);
});

test('helpers: natural order, decades, thinning', (t) => {
  t.deepEqual(['t10', 't2', 'a', 't1'].sort(naturalCompare), ['a', 't1', 't2', 't10']);
  t.true(spansDecades([0.01, 1]));
  t.false(spansDecades([0.02, 1]));
  t.false(spansDecades([0, 1000]));
  t.deepEqual(thin([1, 2, 3, 4, 5], 3), [1, 3, 5]);
});

test('every plot renders to an SVG with axes, with units in the axis titles', async (t) => {
  const report = emptyReport({
    rounds: [round(0, 0, [1, 1, 1, 0, 1], 0.3, 2), round(1, 4, [1, 1, 1, 0, 1], 0.6, 1)],
    updates: [0, 1, 1].map((staleness) => ({ staleness })) as UpdateRecord[],
    otaRounds: [{ round: 0, relativeError: 0.1, msePerEntry: 0.01 }] as OtaRoundRecord[],
    requests: [request('t0', 0.01), request('t1', 0.02)],
    nodes: [node('a', { compute: 1, idle: 2 }), node('b', { tx: 1, idle: 2 })],
    transfers: [transfer('a', 'b', 0, 1), transfer('a', 'b', 2, 3)],
  });
  const plots = await renderPlots(report);
  t.deepEqual(plots.map((p) => p.id), REPORT_PLOTS.map((p) => p.id));
  for (const p of plots) {
    t.true(p.svg.startsWith('<svg'), p.id);
    t.true(p.svg.includes('role-axis'), p.id);
  }
  const svg = (id: string): string => plots.find((p) => p.id === id)!.svg;
  t.true(svg('accuracy-time').includes('simulated time (s)'));
  t.true(svg('round-breakdown').includes('time (s)'));
  t.true(svg('energy').includes('energy (J'));
  t.true(svg('links').includes('mean SNR (dB)'));
  t.true(svg('links').includes('mean rate (bit/s)'));
  t.true(svg('latency-cdf').includes('latency (ms)'));
});
