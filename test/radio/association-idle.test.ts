import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';
import { driveScenario, driveMarginDb } from '../fixtures/twoCellDrive.js';
import type { AssociationSpec } from '../../src/radio/association.js';
import { renderMarkdown } from '../../src/report/markdown.js';

// Free space, no shadowing or fading: the received powers from edges at x = 0 and x = 1000 m (same
// height as the terminal) differ by 20·log10(x/(1000 − x)) dB at x. The car starts at x = 100 m
// and drives +x at 10 m/s, so x = 100 + 10·t.
const spec = driveScenario;
const marginDb = driveMarginDb;

// Needed at 10 s (x = 200 m): its first cell selection, e0, the strongest.
const camp: ScenarioSpec['tasks'] = [{ id: 'camp', type: 'send', from: 'car', to: '@serving', bits: 1e5, notBeforeS: 10 }];

test('an idle walker never needed costs no event over 70 s; measuring every 0.1 s costs 701', (t) => {
  const idle = simulate(validateScenario(spec({ idle: 'reselect' })));
  t.is(idle.report.events.processed, 0);
  t.false('attach' in idle.report.events.byType);
  const car = idle.report.nodes.find((n) => n.id === 'car')!;
  t.is(car.handovers, 0);
  t.is(car.reselections, 0);
  // 'measure': t = 0, 0.1, …, 70 s (the horizon's instant included); it hands over on the way.
  const measure = simulate(validateScenario(spec({})));
  t.is(measure.report.events.processed, 701);
  t.is(measure.report.nodes.find((n) => n.id === 'car')!.handovers, 1);
  t.false('reselections' in measure.report.nodes.find((n) => n.id === 'car')!);
});

test('an idle walker past the border reselects with Q_hyst at the instant it is needed, not before', (t) => {
  // Q_hyst = 6 dB. At t = 50 s (x = 600 m) e1 is stronger by 3.52 dB < 6: it stays on e0. At
  // t = 60 s (x = 700 m), by 7.36 dB > 6: it reselects e1 at 60 s exactly (no period, no trigger time).
  t.true(Math.abs(marginDb(50) - 3.522) < 1e-3 && Math.abs(marginDb(60) - 7.360) < 1e-3);
  const association: AssociationSpec = { idle: 'reselect', qHystDb: 6, hysteresisDb: 3, timeToTriggerS: 0.16, inactivityTimerS: 0.05 };
  const tasks: ScenarioSpec['tasks'] = [
    ...camp,
    { id: 'a', type: 'send', from: 'car', to: '@serving', bits: 1e5, notBeforeS: 50 },
    { id: 'b', type: 'send', from: 'car', to: '@serving', bits: 1e5, notBeforeS: 60 },
  ];
  const reselects: [number, string, string][] = [];
  const { report } = simulate(validateScenario(spec(association, tasks)), {
    onTrace: (bus) => {
      bus.on('reselect', (p, tS) => void reselects.push([tS, p.from!, p.to]));
      bus.on('handover', () => t.fail('no A3 handover: the car is connected only for ms at a time'));
    },
  });
  t.deepEqual(reselects, [[60, 'e0', 'e1']]);
  const [c, a, b] = [...report.transfers].sort((x, y) => x.startS - y.startS);
  t.deepEqual([c!.to, c!.startS], ['e0', 10]);
  t.deepEqual([a!.to, a!.outcome, a!.startS], ['e0', 'delivered', 50]);
  t.deepEqual([b!.to, b!.outcome, b!.startS], ['e1', 'delivered', 60]);
  const car = report.nodes.find((n) => n.id === 'car')!;
  t.is(car.reselections, 1);
  t.is(car.handovers, 0);
  t.regex(renderMarkdown(report), /0 handovers of connected terminals, 1 idle-mode cell reselections/);
});

test('Q_offset is taken from the neighbour: 3 dB of Q_hyst and 4 dB of Q_offset need 7 dB', (t) => {
  // At 60 s e1 is stronger by 7.36 dB > 3 + 4; at 59 s (x = 690 m) by 6.97 dB < 7.
  t.true(marginDb(59) < 7 && marginDb(60) > 7);
  for (const [atS, to] of [[59, 'e0'], [60, 'e1']] as const) {
    const { report } = simulate(validateScenario(spec({ idle: 'reselect', qHystDb: 3, qOffsetDb: 4 }, [...camp, { id: 'a', type: 'send', from: 'car', to: '@serving', bits: 1e5, notBeforeS: atS }])));
    t.is(report.transfers[1]!.to, to, `needed at ${atS} s`);
  }
});

test("a connected walker hands over at the same instant as under 'measure' (A3 unchanged)", (t) => {
  // From t = 40 s (x = 500 m) it uploads without end to its serving edge: connected throughout.
  // e1 is better by 3 dB at x = 585.5 m, t = 48.55 s; measurements on the 0.1 s grid see it first at
  // 48.6 s and the 0.16 s time to trigger is met at the measurement of 48.8 s, which interrupts the upload.
  const ratio = 10 ** (3 / 20);
  const tCross = ((1000 * ratio) / (1 + ratio) - 100) / 10;
  const expected = Math.ceil(tCross / 0.1) * 0.1 + 0.2;
  t.true(Math.abs(expected - 48.8) < 1e-9);
  const tasks: ScenarioSpec['tasks'] = [...camp, { id: 'long', type: 'send', from: 'car', to: '@serving', bits: 1e13, notBeforeS: 40 }];
  const at: Record<string, number[]> = {};
  for (const idle of ['measure', 'reselect'] as const) {
    const hos: number[] = (at[idle] = []);
    const { report } = simulate(validateScenario(spec({ idle, hysteresisDb: 3, timeToTriggerS: 0.16, qHystDb: 3 }, tasks, 60)), {
      onTrace: (bus) => bus.on('handover', (p, tS) => void hos.push(tS)),
    });
    const long = report.transfers.find((x) => x.task === 'long')!;
    t.is(long.outcome, 'interrupted');
    t.true(Math.abs(long.endS - expected) < 1e-9, `${idle}: interrupted at ${long.endS}`);
  }
  t.deepEqual(at['reselect'], at['measure']);
  t.is(at['measure']!.length, 1);
  t.true(Math.abs(at['measure']![0]! - expected) < 1e-9);
});

test('the inactivity timer: connected (measured) for inactivityTimerS after its last transfer, then idle', (t) => {
  // A 1e5-bit upload at 20 s ends within ms; with a 2 s timer the car is measured at 20.1 … 22.0 s
  // (20 grid instants) and stops at the first instant ≥ 20 s + transfer + 2 s: 22.1 s.
  const tasks: ScenarioSpec['tasks'] = [{ id: 'a', type: 'send', from: 'car', to: '@serving', bits: 1e5, notBeforeS: 20 }];
  const base = simulate(validateScenario(spec({ idle: 'reselect', inactivityTimerS: 0 }, tasks))).report.events.processed;
  const two = simulate(validateScenario(spec({ idle: 'reselect', inactivityTimerS: 2 }, tasks))).report.events.processed;
  // Timer 0: one grid tick (20.1 s) that finds it idle. Timer 2 s: ticks 20.1 … 22.1 s, 21 of them.
  t.is(two - base, 20);
});

test("'idle' must be 'measure' or 'reselect'", (t) => {
  t.throws(() => validateScenario(spec({ idle: 'sleep' as 'measure' })), { message: /radio\.association\.idle/ });
  t.throws(() => validateScenario(spec({ idle: 'reselect', inactivityTimerS: -1 })), { message: /inactivityTimerS/ });
});

test('coverage of an idle terminal is checked when it is needed: it drops out forS after that instant', (t) => {
  // The car starts at x = −100 m and drives away from e0 (−x at 10 m/s): at t its distance to e0 is 100 + 10·t m. Its SNR at
  // 100 m (t = 0) read from a dropout at once; free space: the SNR at 505.5 m is 20·log10(5.055) below.
  const away = (association: AssociationSpec, minSnrDb: number, forS: number, tasks: ScenarioSpec['tasks'] = []): ScenarioSpec => {
    const s = spec(association, tasks, 60);
    s.nodes[2] = { ...s.nodes[2]!, positionM: [-100, 0, 1.5], mobility: { model: 'constant-velocity', velocityMps: [-10, 0, 0] } } as ScenarioSpec['nodes'][number];
    s.radio!.coverage = { minSnrDb, forS };
    return s;
  };
  let snr100Db = NaN;
  simulate(validateScenario(away({}, 290, 0)), { onTrace: (bus) => bus.on('dropout', (p, tS) => void (tS === 0 && (snr100Db = p.snrDb))) });
  t.true(Number.isFinite(snr100Db));
  const minSnrDb = snr100Db - 20 * Math.log10(5.055); // crossed at t = 40.55 s
  const dropouts = (association: AssociationSpec, tasks: ScenarioSpec['tasks'] = []): number[] => {
    const at: number[] = [];
    simulate(validateScenario(away(association, minSnrDb, 1, tasks)), { onTrace: (bus) => bus.on('dropout', (_p, tS) => void at.push(tS)) });
    return at;
  };
  const close = (a: number[], b: number[]): boolean => a.length === b.length && a.every((x, i) => Math.abs(x - b[i]!) < 1e-9);
  // Measured every 0.1 s: weak from 40.6 s, out for 1 s at 41.6 s.
  t.true(close(dropouts({}), [41.6]), String(dropouts({})));
  // Idle, needed at 30 s only (in coverage): never checked again, no dropout.
  const at30: ScenarioSpec['tasks'] = [{ id: 'a', type: 'send', from: 'car', to: '@serving', bits: 1e5, notBeforeS: 30 }];
  t.deepEqual(dropouts({ idle: 'reselect', inactivityTimerS: 1 }, at30), []);
  // Needed at 50 s (out of coverage): weak from 50 s, it measures every period while weak, out at 51 s.
  const at50: ScenarioSpec['tasks'] = [{ id: 'a', type: 'send', from: 'car', to: '@serving', bits: 1e5, notBeforeS: 50 }];
  t.true(close(dropouts({ idle: 'reselect', inactivityTimerS: 0 }, at50), [51]), String(dropouts({ idle: 'reselect', inactivityTimerS: 0 }, at50)));
});
