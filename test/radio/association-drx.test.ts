import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';
import { driveScenario } from '../fixtures/twoCellDrive.js';
import type { AssociationSpec } from '../../src/radio/association.js';

// Connected-mode DRX (`drxCycleS`) on the two-cell drive (free space: e1 leads e0 by
// 20·log10(x/(1000 − x)) dB at x = 100 + 10·t). Between transfers a connected terminal is measured
// at multiples of the DRX cycle only; with a transfer on the air, or an A3 trigger pending, every
// `measurementPeriodS` (0.1 s) as without DRX.

const processed = (association: AssociationSpec, tasks: ScenarioSpec['tasks']): number => simulate(validateScenario(driveScenario(association, tasks))).report.events.processed;

test('the inactivity tail in DRX: measured at multiples of the cycle, 7 measurements instead of 20', (t) => {
  // A 1e5-bit upload at 20 s ends within ms (its end at 20 s + ε). Without DRX (2 s timer) the car
  // is measured at 20.1 … 22.0 s and finds itself idle at 22.1 s: 20 measurements more than with a
  // 0 s timer (one tick at 20.1 s that finds it idle). With a 0.32 s cycle: the tick of 20.1 s (on
  // the period grid, started when it woke at 20 s) finds nothing on the air, so it sleeps to the
  // next multiple of 0.32 s: 20.16, 20.48, 20.80, 21.12, 21.44, 21.76 s connected, and 22.08 s
  // (22.08 − 20 − ε > 2 s) finds it idle: 7 measurements more than the 0 s timer's one.
  const tasks: ScenarioSpec['tasks'] = [{ id: 'a', type: 'send', from: 'car', to: '@serving', bits: 1e5, notBeforeS: 20 }];
  const base = processed({ idle: 'reselect', inactivityTimerS: 0, drxCycleS: 0.32 }, tasks);
  t.is(processed({ idle: 'reselect', inactivityTimerS: 2 }, tasks) - base, 20);
  t.is(processed({ idle: 'reselect', inactivityTimerS: 2, drxCycleS: 0.32 }, tasks) - base, 7);
});

test('a transfer wakes a terminal from DRX: it is measured every period again until the transfer ends', (t) => {
  // Uploads at 20 s and at 21 s (each ends within ms), timer 2 s, cycle 0.32 s. After the first:
  // 20.1, 20.16, 20.48, 20.80 s. At 21 s the second starts: the DRX tick due at 21.12 s is cancelled
  // and the car measured at 21.1 s (period grid), which finds nothing on the air again: 21.12,
  // 21.44, …, 22.72 s connected (22.72 − 21 − ε < 2), 23.04 s idle: 4 + 1 + 7 = 12 measurements,
  // against the 2 of a 0 s timer (20.1 s and 21.1 s, each finding it idle).
  const at = (...times: number[]): ScenarioSpec['tasks'] => times.map((s, i) => ({ id: `u${i}`, type: 'send', from: 'car', to: '@serving', bits: 1e5, notBeforeS: s }));
  const base = processed({ idle: 'reselect', inactivityTimerS: 0, drxCycleS: 0.32 }, at(20, 21));
  t.is(processed({ idle: 'reselect', inactivityTimerS: 2, drxCycleS: 0.32 }, at(20, 21)) - base, 12 - 2);
});

test('an A3 trigger seen in DRX is followed every period: the handover comes at the first DRX look past the crossing + the time to trigger', (t) => {
  // A short upload at 40 s, then a 20 s tail. e1 leads by 3 dB from t = 48.55 s. Without DRX the
  // 0.1 s grid sees it at 48.6 s and hands over at 48.8 s (0.16 s later, on the grid). With a 0.5 s
  // cycle the car looks at 48.5 s (not yet) and 49.0 s (trigger), then every 0.1 s: 49.2 s.
  const tasks: ScenarioSpec['tasks'] = [{ id: 'a', type: 'send', from: 'car', to: '@serving', bits: 1e5, notBeforeS: 40 }];
  const handovers = (drxCycleS?: number): number[] => {
    const at: number[] = [];
    const association: AssociationSpec = { idle: 'reselect', inactivityTimerS: 20, hysteresisDb: 3, timeToTriggerS: 0.16, ...(drxCycleS === undefined ? {} : { drxCycleS }) };
    simulate(validateScenario(driveScenario(association, tasks, 60)), { onTrace: (bus) => bus.on('handover', (_p, tS) => void at.push(tS)) });
    return at;
  };
  const close = (a: number[], b: number[]): boolean => a.length === b.length && a.every((x, i) => Math.abs(x - b[i]!) < 1e-9);
  t.true(close(handovers(), [48.8]), String(handovers()));
  t.true(close(handovers(0.5), [49.2]), String(handovers(0.5)));
});

test("drxCycleS needs idle: 'reselect', and is at most 10.24 s", (t) => {
  t.throws(() => validateScenario(driveScenario({ drxCycleS: 0.32 })), { message: /drxCycleS.*reselect/s });
  t.throws(() => validateScenario(driveScenario({ idle: 'reselect', drxCycleS: 20 })), { message: /drxCycleS/ });
});
