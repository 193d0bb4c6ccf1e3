import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { renderCsv } from '../../src/report/csv.js';
import { selectBackend } from '../../src/learning/backend.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';

test.before(async () => {
  await selectBackend('auto');
});

// A server behind an edge center that broadcasts the model to two terminals over free-space,
// unfaded links. p0's battery empties while it is receiving round 0's model.
const scenario = (batteryJ?: number): ScenarioSpec => ({
  name: 'lost-download',
  radio: { pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'none' }, association: {} },
  nodes: [
    { id: 'ps', kind: 'server', cpuFlopsPerS: 1e12 },
    { id: 'e0', kind: 'edge', positionM: [0, 0, 10], cpuFlopsPerS: 1e12 },
    { id: 'p0', kind: 'terminal', positionM: [50, 0, 1.5], cpuFlopsPerS: 1e9, power: { idleW: 0, rxW: 1 }, ...(batteryJ === undefined ? {} : { batteryJ }) },
    { id: 'p1', kind: 'terminal', positionM: [-80, 0, 1.5], cpuFlopsPerS: 1e9 },
  ],
  links: [
    { from: 'ps', to: 'e0', rateBps: 1e9, delayS: 0.01 },
    { from: 'p0', to: 'e0', wireless: true },
    { from: 'p1', to: 'e0', wireless: true },
  ],
  training: { model: 'softmax', dataset: { name: 'mnist' }, server: 'ps', clients: 'terminals', rounds: 2, samplesPerClient: 50 },
});

test('a download lost to an empty battery drops that client from the round, with the cause; the run goes on', (t) => {
  // Reference: without a battery, p0's download airtime A (its reception's airtime in round 0).
  // At rxW = 1 W and idleW = 0, a battery of A/2 joules empties halfway through the download.
  const full = simulate(validateScenario(scenario())).report;
  const rx = full.transfers.find((x) => x.to === 'p0' && x.task.startsWith('r0/model'))!;
  t.true(rx.airtimeS > 0);
  const { report } = simulate(validateScenario(scenario(rx.airtimeS / 2)));
  t.is(report.stopReason, 'empty');
  t.is(report.rounds.length, 2, 'both rounds ran');
  const r0 = report.rounds[0]!;
  t.is(r0.participants, 1);
  t.is(r0.dropped, 1);
  t.is(r0.dropouts.length, 1);
  t.is(r0.dropouts[0]!.client, 'p0');
  t.is(r0.dropouts[0]!.phase, 'download');
  t.regex(r0.dropouts[0]!.reason, /battery/);
  // Round 1: p0 is still down; its download fails at once.
  t.deepEqual(report.rounds[1]!.dropouts.map((d) => [d.client, d.phase]), [['p0', 'download']]);
  t.is(report.nodes.find((n) => n.id === 'p0')!.failed, 'battery empty');
  // rounds.csv carries the causes too, in a `dropouts` column.
  const csv = renderCsv(report)['rounds.csv']!.split('\n');
  const col = csv[0]!.split(',').indexOf('dropouts');
  t.true(col > 0);
  t.regex(csv[1]!, /p0 \(download\): [^,]*battery/);
});
