import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { selectBackend } from '../../src/learning/backend.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';
import type { HandoverPolicy } from '../../src/training/spec.js';

test.before(async () => {
  await selectBackend('cpu');
});

// A car drives at 10 m/s from x = 100 m between two edge centers at x = 0 and 1000 m (free space,
// no fading, no hysteresis, measurements every 0.1 s): it hands over from e0 to e1 at the first
// measurement after the midpoint (x = 500 m, t = 40 s), t = 40.1 s. It trains softmax regression
// under FedAsync over a 100 kHz channel, so an upload takes ~0.34 s and one is in flight then.
const scenario = (onHandover: HandoverPolicy): ScenarioSpec => ({
  name: 'handover-training',
  radio: { bandwidthHz: 1e5, pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'none' }, association: { hysteresisDb: 0, timeToTriggerS: 0, measurementPeriodS: 0.1 } },
  nodes: [
    { id: 'ps', kind: 'server', cpuFlopsPerS: 1e12 },
    { id: 'e0', kind: 'edge', positionM: [0, 0, 1.5], cpuFlopsPerS: 1e12 },
    { id: 'e1', kind: 'edge', positionM: [1000, 0, 1.5], cpuFlopsPerS: 1e12 },
    { id: 'car', kind: 'terminal', positionM: [100, 0, 1.5], cpu: { cores: 1, freqHz: 1e9, flopsPerCycle: 1 }, mobility: { model: 'constant-velocity', velocityMps: [10, 0, 0] } },
  ],
  links: [
    { from: 'ps', to: 'e0', rateBps: 1e9, delayS: 0.001 },
    { from: 'ps', to: 'e1', rateBps: 1e9, delayS: 0.001 },
    { from: 'car', to: 'e0', wireless: true },
    { from: 'car', to: 'e1', wireless: true },
  ],
  training: { model: 'softmax', dataset: { name: 'gaussian-mixture', samples: 500, classes: 10, dim: 784 }, server: 'ps', clients: 'terminals', samplesPerClient: 50, onHandover, protocol: { name: 'fedasync', serverSteps: 62 } },
});

test("a handover mid-upload: 'drop' loses the update with its cause; 'deliver-new' sends it again through the new edge center", (t) => {
  const dropped = simulate(validateScenario(scenario('drop'))).report;
  const lost = dropped.updates!.filter((u) => u.outcome === 'lost');
  t.is(lost.length, 1);
  const u = lost[0]!;
  t.is(u.phase, 'upload');
  t.regex(u.reason!, /handover of 'car' from 'e0'/);
  t.true(Math.abs(u.endS - 40.1) < 1e-6, `lost at ${u.endS}`);
  t.deepEqual(dropped.training!.dropouts.byCause, { handover: 1 });

  const resent = simulate(validateScenario(scenario('deliver-new'))).report;
  t.is(resent.training!.dropouts.count, 0);
  const same = resent.updates!.find((x) => x.index === u.index)!;
  t.is(same.outcome, 'applied');
  t.is(same.resends, 1);
  // It arrives one whole upload after the handover: the cut attempt's bits are lost, and the car
  // is as far from e1 (500 m + 1 m) as it was from e0 (499 m) — the next update's upload time.
  const next = resent.updates!.find((x) => x.index === u.index + 1)!;
  t.true(Math.abs(same.endS - 40.1 - next.uploadS) < 0.01 * next.uploadS, `arrived ${same.endS}, expected 40.1 + ${next.uploadS}`);
  // The resent upload went to e1: a delivered transfer from the car to e1 ending at its arrival.
  t.true(resent.transfers.some((x) => x.from === 'car' && x.to === 'e1' && x.outcome === 'delivered' && x.task.includes('resent 1')));
});
