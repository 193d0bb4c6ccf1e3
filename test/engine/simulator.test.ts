import test from 'ava';
import { Simulator } from '../../src/engine/simulator.js';
import { SimulationError } from '../../src/engine/errors.js';
import { secondsToNs, nsToSeconds } from '../../src/engine/time.js';

test('time is kept in integer nanoseconds: no float drift over many small steps', (t) => {
  const sim = new Simulator();
  let n = 0;
  const tick = (): void => {
    if (++n < 1000) sim.schedule(0.1, tick);
  };
  sim.schedule(0.1, tick);
  sim.run();
  // 1000 × 0.1 s: a float accumulation gives 99.9999999999986; the ns clock gives exactly 100.
  t.is(sim.nowNs, 100_000_000_000);
  t.is(sim.now, 100);
});

test('schedule and at convert seconds once; negative delays and past times are errors', (t) => {
  const sim = new Simulator();
  const seen: number[] = [];
  sim.at(2.5, () => seen.push(sim.now));
  sim.schedule(1e-9, () => seen.push(sim.nowNs));
  sim.run();
  t.deepEqual(seen, [1, 2.5]);
  t.throws(() => sim.schedule(-1, () => {}), { instanceOf: RangeError, message: /≥ 0/ });
  t.throws(() => sim.at(1, () => {}), { instanceOf: RangeError, message: /now is 2.5/ });
  t.throws(() => sim.schedule(Number.NaN, () => {}), { instanceOf: RangeError });
  t.is(secondsToNs(1.5), 1_500_000_000);
  t.is(nsToSeconds(1), 1e-9);
});

test('run({ untilS }) stops before later events and sets the clock to the horizon', (t) => {
  const sim = new Simulator();
  const fired: number[] = [];
  for (const s of [1, 2, 3, 4]) sim.schedule(s, () => fired.push(s));
  t.is(sim.run({ untilS: 2.5 }), 'until');
  t.deepEqual(fired, [1, 2]);
  t.is(sim.now, 2.5);
  t.is(sim.run({ untilS: 3 }), 'until');
  t.deepEqual(fired, [1, 2, 3]); // an event exactly at the horizon fires
  t.is(sim.run(), 'empty');
  t.deepEqual(fired, [1, 2, 3, 4]);
  t.is(sim.now, 4);
});

test('run({ maxEvents }), stop() and step()', (t) => {
  const sim = new Simulator();
  let count = 0;
  for (let i = 0; i < 10; i++) sim.schedule(i, () => count++);
  t.is(sim.run({ maxEvents: 3 }), 'maxEvents');
  t.is(count, 3);
  sim.schedule(0, () => sim.stop());
  t.is(sim.run(), 'stopped');
  t.true(sim.step());
  t.is(count, 4);
  sim.run();
  t.false(sim.step());
  t.is(sim.counters.processed, 11);
  t.is(sim.counters.scheduled, 11);
});

test('cancelling a handle after its callback ran does not cancel the callback reusing its slot', (t) => {
  const sim = new Simulator();
  const fired: string[] = [];
  const a = sim.schedule(1, () => fired.push('a'));
  sim.run();
  const b = sim.schedule(1, () => fired.push('b')); // reuses a's queue slot
  a.cancel();
  t.true(a.cancelled);
  t.false(b.cancelled);
  sim.run();
  t.deepEqual(fired, ['a', 'b']);
});

test('a handle cancelled while its own callback is running is harmless', (t) => {
  const sim = new Simulator();
  const fired: string[] = [];
  const h = sim.schedule(1, () => {
    h.cancel();
    sim.schedule(1, () => fired.push('next'));
  });
  sim.run();
  t.deepEqual(fired, ['next']);
});

test('an error in a callback stops the run with a SimulationError naming the time', (t) => {
  const sim = new Simulator();
  sim.schedule(1.25, () => {
    throw new Error('boom');
  });
  sim.schedule(2, () => t.fail('must not run'));
  const err = t.throws(() => sim.run(), { instanceOf: SimulationError });
  t.regex(err!.message, /t=1.25 s: boom/);
  t.is(err!.timeS, 1.25);
  t.is(sim.pending, 1); // the failing event is gone, the later one is still queued
});

test('two runs of the same schedule fire the same events in the same order', (t) => {
  const trace = (): string[] => {
    const sim = new Simulator({ seed: 42 });
    const rng = sim.rng.stream('arrivals');
    const out: string[] = [];
    const arrive = (k: number): void => {
      out.push(`${k}@${sim.nowNs}`);
      if (k < 500) sim.schedule(rng.exponential(10), () => arrive(k + 1));
      if (k % 7 === 0) sim.schedule(rng.uniform(0, 0.1), () => out.push(`side${k}@${sim.nowNs}`));
    };
    sim.schedule(0, () => arrive(0));
    sim.run();
    return out;
  };
  t.deepEqual(trace(), trace());
});

test('a cancelled event does not advance the clock', (t) => {
  const sim = new Simulator();
  sim.schedule(1, () => {});
  sim.schedule(5, () => {}).cancel();
  t.is(sim.run(), 'empty');
  t.is(sim.now, 1);
  t.is(sim.livePending, 0);
});

test('daemon events do not keep a run without horizon alive; with a horizon they run', (t) => {
  const sim = new Simulator();
  const ticks: number[] = [];
  const tick = (): void => {
    ticks.push(sim.now);
    sim.schedule(1, tick, { daemon: true });
  };
  sim.schedule(0, tick, { daemon: true });
  sim.schedule(2.5, () => ticks.push(-1)); // the only live event
  t.is(sim.run(), 'empty');
  t.deepEqual(ticks, [0, 1, 2, -1]);
  t.is(sim.run({ untilS: 5 }), 'until');
  t.deepEqual(ticks, [0, 1, 2, -1, 3, 4, 5]);
});

test('with a horizon the clock ends at the horizon even when the queue empties first', (t) => {
  const sim = new Simulator();
  sim.schedule(1, () => {});
  t.is(sim.run({ untilS: 10 }), 'until');
  t.is(sim.now, 10);
  t.is(sim.run(), 'empty');
  t.is(sim.now, 10);
});
