import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';
import { TWO_CELL_DRIVE } from '../fixtures/twoCellDrive.js';

// Free space, no shadowing or fading: the received powers differ by 20·log10(d0/d1). Edges at x = 0
// and x = 1000 m (same height as the terminal), the terminal starts at x = 100 m and drives +x at
// 10 m/s. With a 3 dB hysteresis, e1 is better by 3 dB when x/(1000 − x) = 10^(3/20), i.e. at
// x = 585.5 m, t = 48.55 s. Measurements every 0.1 s see it first at 48.6 s; the 0.16 s
// time-to-trigger is met at the measurement of 48.8 s.
const spec = (tasks: ScenarioSpec['tasks'] = []): ScenarioSpec => ({
  name: 'ho',
  horizonS: 60,
  radio: { pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'none' }, association: { hysteresisDb: 3, timeToTriggerS: 0.16, measurementPeriodS: 0.1 } },
  ...TWO_CELL_DRIVE,
  tasks,
});

test('a terminal driving past two edge centers hands over at the hand-computed time', (t) => {
  const ratio = 10 ** (3 / 20);
  const xCross = (1000 * ratio) / (1 + ratio);
  const tCross = (xCross - 100) / 10;
  t.true(Math.abs(tCross - 48.55) < 0.01);
  const expected = Math.ceil(tCross / 0.1) * 0.1 + 0.2; // first measurement past the crossing + TTT rounded up to the period
  const { report } = simulate(validateScenario(spec()), {
    onTrace: (bus) => {
      bus.on('attach', (p, tS) => {
        t.is(p.to, 'e0');
        t.is(tS, 0);
      });
      bus.on('handover', (p, tS) => {
        t.deepEqual([p.from, p.to], ['e0', 'e1']);
        t.true(Math.abs(tS - expected) < 1e-9, `handover at ${tS}, expected ${expected}`);
      });
    },
  });
  t.is(report.nodes.find((n) => n.id === 'car')!.handovers, 1);
  t.is(report.events.byType['handover'], 1);
});

test('without hysteresis the handover is at the midpoint; a transfer in flight to the old edge is interrupted', (t) => {
  const s = spec([
    { id: 'early', type: 'send', from: 'car', to: '@serving', bits: 1e6, notBeforeS: 1 },
    { id: 'long', type: 'send', from: 'car', to: '@serving', bits: 1e12, notBeforeS: 40 },
    { id: 'late', type: 'send', from: 'car', to: '@serving', bits: 1e6, notBeforeS: 55 },
  ]);
  s.radio!.association = { hysteresisDb: 0, timeToTriggerS: 0, measurementPeriodS: 0.1 };
  const { report } = simulate(validateScenario(s));
  const [early, long, late] = report.transfers.sort((a, b) => a.startS - b.startS);
  t.is(early!.to, 'e0');
  t.is(early!.outcome, 'delivered');
  t.is(long!.to, 'e0');
  t.is(long!.outcome, 'interrupted');
  // Midpoint x = 500 m at t = 40 s; the first measurement with e1 strictly stronger is at 40.1 s.
  t.true(Math.abs(long!.endS - 40.1) < 1e-9, `interrupted at ${long!.endS}`);
  t.is(report.tasks.find((x) => x.id === 'long')!.status, 'failed');
  t.regex(report.tasks.find((x) => x.id === 'long')!.failure!, /handover of 'car' from 'e0'/);
  t.is(late!.to, 'e1');
  t.is(late!.outcome, 'delivered');
});

test("'@serving' needs association and a wireless link to an edge", (t) => {
  const s = spec([{ id: 'x', type: 'send', from: 'car', to: '@serving', bits: 1 }]);
  delete s.radio!.association;
  t.throws(() => validateScenario(s), { message: /tasks\[0\]\.to: '@serving' needs radio\.association/ });
});
