import test from 'ava';
import { Simulator } from '../../src/engine/simulator.js';
import { SimulationError } from '../../src/engine/errors.js';
import { SettledCallback } from '../../src/engine/settle.js';

// The guard against livelock: a run that keeps processing events without the clock advancing stops
// with an error naming the time and who keeps scheduling them.

test('a callback that reschedules itself at the same instant stops the run, naming the time and the scheduling site', (t) => {
  const sim = new Simulator({ maxEventsPerInstant: 10_000 });
  sim.schedule(2.5, function spinForever(): void {
    sim.schedule(0, spinForever);
  });
  const err = t.throws(() => sim.run({ untilS: 100 }), { instanceOf: SimulationError });
  t.regex(err.message, /stuck at t=2\.5 s/);
  t.regex(err.message, /more than 10000 events/);
  t.regex(err.message, /spinForever/); // the scheduling site's frame names the function
  t.regex(err.message, /stuck\.test\.ts/);
  t.is(sim.now, 2.5);
  // It stopped soon after the limit (the diagnosis samples a bounded number of events).
  t.true(sim.counters.processed < 20_000);
});

test('a process that yields zero timeouts forever is named', (t) => {
  const sim = new Simulator({ maxEventsPerInstant: 5_000 });
  sim.process(
    (function* () {
      yield sim.timeout(1);
      for (;;) yield sim.timeout(0);
    })(),
    'busy-loop',
  );
  const err = t.throws(() => sim.run(), { instanceOf: SimulationError });
  t.regex(err.message, /stuck at t=1 s/);
  t.regex(err.message, /process "busy-loop"/);
});

test('bursts below the limit run; the count restarts whenever the clock advances', (t) => {
  const sim = new Simulator({ maxEventsPerInstant: 1_000 });
  let fired = 0;
  // 900 events at each of 50 instants: 45 000 events, never more than 900 at one instant.
  for (let k = 0; k < 50; k++) for (let i = 0; i < 900; i++) sim.schedule(k, () => fired++);
  t.is(sim.run(), 'empty');
  t.is(fired, 45_000);
  // A chain of zero delays that ends by itself is fine too.
  let chain = 0;
  const link = (): void => {
    if (++chain < 999) sim.schedule(0, link);
  };
  sim.schedule(1, link);
  sim.run();
  t.is(chain, 999);
});

test('the limit must be a positive integer', (t) => {
  t.throws(() => new Simulator({ maxEventsPerInstant: 0 }), { instanceOf: RangeError });
  t.throws(() => new Simulator({ maxEventsPerInstant: 1.5 }), { instanceOf: RangeError });
});

test('atNs schedules at an exact nanosecond and refuses the past, fractions and the end of the clock', (t) => {
  const sim = new Simulator();
  const seen: number[] = [];
  sim.atNs(7, () => seen.push(sim.nowNs));
  sim.atNs(3_000_000_001, () => seen.push(sim.nowNs));
  sim.run();
  t.deepEqual(seen, [7, 3_000_000_001]);
  t.throws(() => sim.atNs(5, () => {}), { instanceOf: RangeError, message: /now is 3000000001 ns/ });
  t.throws(() => sim.atNs(3_000_000_001.5, () => {}), { instanceOf: RangeError });
  t.throws(() => sim.atNs(2 ** 53, () => {}), { instanceOf: RangeError });
});

test('an event beyond the end of the clock never happens; the first that is not a daemon is a warning naming its site', (t) => {
  const sim = new Simulator();
  const warnings: string[] = [];
  sim.trace.on('warning', (p) => warnings.push(p.message));
  sim.schedule(1, () => {});
  // 2^53 ns ≈ 104.2 days: a battery predicted to empty in 1e7 s (115.7 days) never empties.
  const never = sim.schedule(1e7, () => t.fail('fired'), { daemon: true });
  t.is(never.timeS, Infinity);
  t.notThrows(() => never.cancel());
  t.notThrows(() => sim.schedule(Infinity, () => t.fail('fired'), { daemon: true }));
  t.deepEqual(warnings, []); // daemons beyond the clock are silent
  sim.schedule(1e7, function computeForever(): void {
    t.fail('fired');
  });
  sim.schedule(5e7, () => t.fail('fired'));
  t.is(warnings.length, 1); // the first one only
  t.regex(warnings[0]!, /1\.00e\+7 s after t=0 s falls after the end of the clock/);
  t.regex(warnings[0]!, /stuck\.test\.ts/);
  t.throws(() => sim.schedule(Number.NaN, () => {}, { daemon: true }), { instanceOf: RangeError });
  t.throws(() => sim.schedule(-1, () => {}), { instanceOf: RangeError });
  t.is(sim.run(), 'empty');
  t.is(sim.now, 1);
  // Near the end of the clock, the range left is what counts.
  t.notThrows(() => sim.schedule(9e6 - 20, () => {}));
});

test('a settled callback runs once per instant, after the events already due, however often requested', (t) => {
  const sim = new Simulator();
  const seen: string[] = [];
  const settled = new SettledCallback(sim, () => seen.push(`settled@${sim.now}`));
  sim.schedule(1, () => {
    settled.request();
    settled.request();
    sim.schedule(0, () => seen.push('due@1'));
    settled.request();
  });
  sim.schedule(2, () => settled.request());
  sim.run();
  t.deepEqual(seen, ['settled@1', 'due@1', 'settled@2']);
});
