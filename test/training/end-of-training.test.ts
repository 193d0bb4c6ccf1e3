// The run ends when training ends: the transfers training started and that are still in flight
// then are abandoned (outcome `interrupted`), with no further event.
import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';

const CURVE = { accuracy: { a: 0.9, b: -0.8, d: 0.5 }, loss: { a: 0.3, b: 2, d: 0.5 } };

/** Two terminals under one edge (free space, no fading): c0 at 50 m, c1 at `farM`. */
function spec(protocol: Record<string, unknown>, farM: number, extra: Record<string, unknown> = {}): ScenarioSpec {
  return {
    name: 'end-of-training',
    radio: { pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'none' }, access: 'ofdma', bandwidthHz: 20e6, maxSpectralEfficiencyBpsPerHz: null },
    nodes: [
      { id: 'e0', kind: 'edge', positionM: [0, 0, 10], cpuFlopsPerS: 1e12 },
      { id: 'c0', kind: 'terminal', positionM: [50, 0, 10], cpuFlopsPerS: 1e9 },
      { id: 'c1', kind: 'terminal', positionM: [farM, 0, 10], cpuFlopsPerS: 1e9 },
    ],
    links: [{ from: 'c0', to: 'e0', wireless: true }, { from: 'c1', to: 'e0', wireless: true }],
    training: {
      mode: 'timing',
      calibration: CURVE,
      model: 'softmax',
      dataset: { name: 'gaussian-mixture', samples: 200, classes: 10, dim: 784 },
      server: 'e0',
      clients: 'terminals',
      samplesPerClient: 20,
      local: { epochs: 1, batchSize: 10 },
      protocol,
      ...extra,
    },
  } as ScenarioSpec;
}

test('FedBuff: when the server reaches serverSteps, a download still on its way is abandoned and the run ends then', (t) => {
  // K = 1, one version: training ends when c0's first update is applied; c1 at 50 km (SNR ≈ 8 dB)
  // is still downloading.
  const { report } = simulate(validateScenario(spec({ name: 'fedbuff', bufferSize: 1, concurrency: 2, serverSteps: 1 }, 50_000)));
  const applied = report.updates!.filter((u) => u.outcome === 'applied');
  t.is(applied.length, 1);
  t.is(applied[0]!.client, 'c0');
  const endS = applied[0]!.endS;
  const c1 = report.updates!.find((u) => u.client === 'c1')!;
  t.is(c1.outcome, 'unfinished');
  t.is(c1.phase, 'download');
  const down = report.transfers.find((x) => x.to === 'c1')!;
  t.is(down.outcome, 'interrupted');
  t.true(Math.abs(down.endS - endS) < 1e-9, `${down.endS} vs ${endS}`);
  t.true(down.airtimeS < down.endS - down.startS + 1e-9);
  t.true(Math.abs(report.simulatedEndS - endS) < 1e-9, `the run ends with training: ${report.simulatedEndS} vs ${endS}`);
  // No transfer ends after training.
  t.true(report.transfers.every((x) => x.endS <= endS + 1e-9));
});

test('sync: the upload of a straggler the last deadline cut is abandoned when training ends, at the deadline', (t) => {
  // One round, deadline 2.9 ms: c0 (50 m) is back by 2.1 ms; c1 (3 km) starts its upload at ~2.7 ms
  // and is cut by the deadline; its upload went on (the client is not told) until training ended
  // with that round.
  const deadlineS = 0.0029;
  const { report } = simulate(validateScenario(spec({ name: 'sync' }, 3_000, { rounds: 1, deadlineS })));
  t.deepEqual(
    report.rounds[0]!.dropouts.map((d) => [d.client, d.phase]),
    [['c1', 'deadline']],
  );
  // The round ends at the deadline plus the server's aggregation of c0's update.
  const round = report.rounds[0]!;
  t.true(Math.abs(round.endS - (deadlineS + round.aggregateS)) < 1e-9);
  const up = report.transfers.find((x) => x.from === 'c1')!;
  t.is(up.outcome, 'interrupted');
  t.true(up.startS < deadlineS);
  t.true(Math.abs(up.endS - round.endS) < 1e-9, `${up.endS}`);
  t.true(Math.abs(report.simulatedEndS - round.endS) < 1e-9, `the run ends with the round: ${report.simulatedEndS}`);
});

test('FedAsync: a client waiting to retry after a lost update does not keep the run going after training', (t) => {
  // c1 at 10 000 km is in permanent outage: its download fails at once and it would retry after
  // 5 s; c0 gives the two server versions within milliseconds.
  const { report } = simulate(validateScenario(spec({ name: 'fedasync', concurrency: 2, serverSteps: 2, retryAfterS: 5 }, 1e7)));
  const lost = report.updates!.filter((u) => u.client === 'c1');
  t.true(lost.length >= 1 && lost.every((u) => u.outcome === 'lost'));
  const applied = report.updates!.filter((u) => u.outcome === 'applied');
  t.is(applied.length, 2);
  const endS = Math.max(...applied.map((u) => u.endS));
  t.true(endS < 5);
  t.true(Math.abs(report.simulatedEndS - endS) < 1e-9, `the run ends with training: ${report.simulatedEndS} vs ${endS}`);
});
