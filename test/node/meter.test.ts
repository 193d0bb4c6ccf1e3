import test from 'ava';
import { Simulator } from '../../src/engine/simulator.js';
import { EnergyMeter } from '../../src/node/energy.js';

// The energy meter on its own (ns-3's basic energy source integrates between state changes, too).
// Expected values are hand computations of power × time, written out in each test.

const close = (a: number, b: number, tol = 1e-9): boolean => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
const meter = (sim: Simulator, idleW: number, batteryJ: number | null = null, onEmpty = (): void => {}) => new EnergyMeter(sim, 'n', idleW, batteryJ, onEmpty);
const at = (sim: Simulator, s: number, fn: () => void): void => void sim.schedule(s, fn);

test('power is additive: the baseline is drawn always, activities add to it', (t) => {
  // Idle 70 W for 10 s; receiving at 5 W during [1, 3]; computing at 20 W during [2, 6].
  // Baseline 70 × 10 = 700 J (not interrupted by the activities); rx 5 × 2 = 10 J; compute 20 × 4 = 80 J.
  const sim = new Simulator();
  const m = meter(sim, 70);
  at(sim, 1, () => {
    const rx = m.begin('rx', 5);
    at(sim, 2, () => m.end(rx));
  });
  at(sim, 2, () => {
    const c = m.begin('compute', 20);
    at(sim, 4, () => m.end(c));
  });
  sim.run({ untilS: 10 });
  const e = m.read();
  t.true(close(e.idle, 700));
  t.true(close(e.rx, 10));
  t.true(close(e.compute, 80));
  t.true(close(e.total, 790));
  t.true(e.total / 10 >= 70); // mean power never below idle
});

test('the receive chain is drawn once while at least one reception is active, not per reception', (t) => {
  // Receptions of 2 s and 3 s starting 1 s apart at 5 W: on during [0, 4] ⇒ 5 W × 4 s = 20 J (not 25 J).
  const sim = new Simulator();
  const m = meter(sim, 0);
  const a = m.begin('rx', 5);
  at(sim, 2, () => m.end(a));
  at(sim, 1, () => {
    const b = m.begin('rx', 5);
    at(sim, 3, () => m.end(b));
  });
  sim.run({ untilS: 6 });
  t.true(close(m.read().rx, 20));
  t.true(close(m.receivingS(), 4));
  t.true(m.receivingS() <= sim.now);
});

test('transmissions add their PA power; the shared circuit power is drawn once while any is on air', (t) => {
  // Two transmissions of PA input 0.5 W and 0.25 W with a 0.1 W circuit: A on [0, 2], B on [1, 3].
  // PA: 0.5 × 2 + 0.25 × 2 = 1.5 J; circuit 0.1 W × 3 s on air = 0.3 J ⇒ 1.8 J.
  const sim = new Simulator();
  const m = meter(sim, 0);
  const a = m.begin('tx', 0.5, 0.1);
  at(sim, 2, () => m.end(a));
  at(sim, 1, () => {
    const b = m.begin('tx', 0.25, 0.1);
    at(sim, 2, () => m.end(b));
  });
  sim.run({ untilS: 5 });
  t.true(close(m.read().tx, 1.8));
});

test('the battery empties at capacity / total draw (baseline + activities)', (t) => {
  // 100 J, idle 2 W, computing at 8 W from t = 5: 10 J by 5 s, then 10 W ⇒ 90 J more at t = 5 + 9 = 14 s.
  t.plan(2);
  const sim = new Simulator();
  const m: EnergyMeter = meter(sim, 2, 100, () => {
    t.true(close(sim.now, 14));
    m.stop(); // the node fails (as Node does)
  });
  at(sim, 5, () => void m.begin('compute', 8));
  sim.run({ untilS: 30 });
  t.true(close(m.read().total, 100));
});

test('activities lost to a failure do not disturb the account after a repair', (t) => {
  // Idle 1 W; rx 5 W begins at 0; the node fails at 1 and is repaired at 2; the old reception ends at 3
  // (ignored). Metered: [0, 1] at 6 W and [2, 4] at 1 W ⇒ 6 + 2 = 8 J.
  const sim = new Simulator();
  const m = meter(sim, 1);
  const rx = m.begin('rx', 5);
  at(sim, 1, () => m.stop());
  at(sim, 2, () => m.resume());
  at(sim, 3, () => m.end(rx));
  sim.run({ untilS: 4 });
  const e = m.read();
  t.true(close(e.total, 8));
  t.true(close(e.rx, 5));
  t.is(m.drawW(), 1);
});

test('one activity, then two at once, then one, none and one again: the same sums as a set would give (and activeJ without the baseline)', (t) => {
  // Transmissions with their circuit power (sharedW, drawn once: the largest among those on air):
  // A 1 W + 0.5 W shared during [0, 3]; B 2 W + 0.25 W during [1, 4]; C 4 W, no shared, during [5, 6].
  // [0,1] 1 + 0.5 = 1.5 J; [1,3] 1 + 2 + max(0.5, 0.25) = 3.5 W × 2 s = 7 J; [3,4] 2 + 0.25 = 2.25 J;
  // [4,5] nothing; [5,6] 4 J. tx = 14.75 J (every term a sum of powers of two: exact).
  // Baseline 0.5 W × 8 s = 4 J. A meter that never sees an activity draws its baseline only.
  const sim = new Simulator();
  const m = meter(sim, 0.5);
  const idle = meter(sim, 0.25);
  const a = m.begin('tx', 1, 0.5);
  at(sim, 1, () => {
    const b = m.begin('tx', 2, 0.25);
    at(sim, 3, () => m.end(b));
  });
  at(sim, 3, () => m.end(a));
  at(sim, 5, () => {
    const c = m.begin('tx', 4);
    t.is(m.drawW(), 4.5);
    at(sim, 1, () => m.end(c));
  });
  at(sim, 2, () => t.is(m.drawW(), 0.5 + 3.5));
  sim.run({ untilS: 8 });
  const e = m.read();
  t.is(e.tx, 14.75);
  t.is(e.idle, 4);
  t.is(m.activeJ(), 14.75);
  t.is(m.drawW(), 0.5);
  t.deepEqual(idle.read(), { compute: 0, tx: 0, rx: 0, idle: 2, total: 2 });
  t.is(idle.activeJ(), 0);
  t.is(idle.drawW(), 0.25);
});
