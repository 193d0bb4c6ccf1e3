import test from 'ava';
import { join } from 'node:path';
import { loadScenario } from '../../../src/scenario/load.js';
import { simulate } from '../../../src/report/simulate.js';
import { selectBackend } from '../../../src/learning/backend.js';
import { calibrationPoints, fitCalibration } from '../../../src/training/timing/calibration.js';
import type { Scenario } from '../../../src/scenario/types.js';
import type { TrainingSpec } from '../../../src/training/spec.js';
import type { Report } from '../../../src/report/report.js';
import { ROOT } from '../../cli/helpers.js';

// The check: on a scenario whose payload sizes do not depend on the data, timing-only mode
// reproduces the real run's timeline exactly. The golden sync scenario has it all: mobile phones in
// two OFDMA cells with Jakes fading and association, failures on one phone, best-channel selection,
// a Dirichlet partition (so timing mode draws the labels), top-k uploads and a round deadline.

test.before(async () => {
  await selectBackend('cpu');
});

/** The timeline of a report: rounds, transfers, every node's energy and CPU work. */
function timeline(r: Report): unknown {
  return {
    rounds: r.rounds.map((x) => ({ round: x.round, startS: x.startS, endS: x.endS, participants: x.participants, dropped: x.dropped, dropouts: x.dropouts, bits: x.bits, energyJ: x.energyJ })),
    transfers: r.transfers.map((x) => ({ link: x.link, task: x.task, startS: x.startS, endS: x.endS, bits: x.bits, outcome: x.outcome })),
    nodes: r.nodes.map((n) => ({ id: n.id, energyJ: n.energyJ, flops: n.flops, busyS: n.busyS })),
    // Every field of every asynchronous update but its training loss (a surrogate in timing mode).
    updates: r.updates?.map(({ trainLoss: _l, ...u }) => u) ?? null,
    simulatedEndS: r.simulatedEndS,
  };
}

async function compare(t: import('ava').ExecutionContext, protocol?: TrainingSpec['protocol']): Promise<void> {
  const loaded = (await loadScenario(join(ROOT, 'test/training/fixtures/golden-sync.ts'), [])).scenario;
  const scenario: Scenario = protocol === undefined ? loaded : { ...loaded, training: { ...loaded.training!, protocol } };
  const real = simulate(scenario).report;
  const cal = fitCalibration({ scenario: scenario.name, seed: scenario.seed, protocol: real.training!.protocol }, calibrationPoints(real.rounds, real.evaluations ?? []));
  const timingScenario: Scenario = { ...scenario, training: { ...scenario.training!, mode: 'timing', calibration: { accuracy: cal.accuracy, loss: cal.loss } } };
  const timing = simulate(timingScenario).report;
  t.true(real.transfers.length > 0);
  // Exact (===) equality of every time, bit count and energy.
  t.deepEqual(timeline(timing), timeline(real));
  t.is(timing.training!.accuracySource, 'surrogate');
  t.is(real.training!.accuracySource, 'measured');
}

test('timing-only sync FedAvg reproduces the real timeline exactly (rounds, transfers, energy)', async (t) => {
  await compare(t);
});

test('timing-only FedBuff reproduces the real timeline exactly (updates, transfers, energy)', async (t) => {
  await compare(t, { name: 'fedbuff', bufferSize: 2, serverSteps: 6, concurrency: 3 });
});
