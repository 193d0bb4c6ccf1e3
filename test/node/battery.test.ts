import test from 'ava';
import { Simulator } from '../../src/engine/simulator.js';
import { EnergyMeter } from '../../src/node/energy.js';

// The instant a battery runs out, against the closed form: the first t at which ∫₀ᵗ P(s) ds = E,
// with the draw P piecewise constant (written out segment by segment in each test). The meters
// share one alarm clock (issue 15): these cases move a prediction later and earlier, and put
// several batteries on one clock.

const close = (a: number, b: number, tol = 1e-9): boolean => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
const at = (sim: Simulator, s: number, fn: () => void): void => void sim.schedule(s, fn);

/** A meter that records when (ns) its battery ran out, and fails its node then (as SimNode does). */
function battery(sim: Simulator, id: string, idleW: number, batteryJ: number, emptiedNs: Map<string, number>): EnergyMeter {
  const m: EnergyMeter = new EnergyMeter(sim, id, idleW, batteryJ, () => {
    emptiedNs.set(id, sim.nowNs);
    m.stop();
  });
  return m;
}

test('a battery empties at exactly E/P when the draw is constant', (t) => {
  // 10 J at 2 W: 5 s, i.e. 5 000 000 000 ns.
  const sim = new Simulator();
  const seen = new Map<string, number>();
  const m = battery(sim, 'a', 2, 10, seen);
  sim.run({ untilS: 20 });
  t.is(seen.get('a'), 5_000_000_000);
  t.true(close(m.read().total, 10));
  t.is(m.batteryLeftJ(), 0);
});

test('activities that start and stop move the empty instant later and earlier; it is the closed form', (t) => {
  // Battery 100 J, idle 1 W. The draw and the energy used at the end of each segment:
  //   [0, 10]       1 W                          → 10 J      (alone: empty at 100 s)
  //   [10, 20]      1 + 4 W compute     = 5 W    → 60 J      (predicted 10 + 90/5 = 28 s: earlier)
  //   [20, 30]      1 W (compute ended)          → 70 J      (predicted 20 + 40/1 = 60 s: later)
  //   [30, 32]      1 + 9 W rx          = 10 W   → 90 J      (predicted 30 + 30/10 = 33 s: earlier)
  //   [32, 32.25]   10 + 5 W PA + 5 W circuit = 20 W → 95 J  (predicted 32 + 10/20 = 32.5 s)
  //   [32.25, …]    10 W (tx ended)      → 5 J left ⇒ 0.5 s ⇒ empty at 32.75 s.
  const sim = new Simulator();
  const seen = new Map<string, number>();
  const m = battery(sim, 'a', 1, 100, seen);
  at(sim, 10, () => {
    const c = m.begin('compute', 4);
    at(sim, 10, () => m.end(c));
  });
  at(sim, 30, () => void m.begin('rx', 9));
  at(sim, 32, () => {
    const x = m.begin('tx', 5, 5);
    at(sim, 0.25, () => m.end(x));
  });
  sim.run({ untilS: 200 });
  t.is(seen.get('a'), 32_750_000_000);
  const e = m.read();
  t.true(close(e.total, 100));
  t.true(close(e.idle, 32.75));
  t.true(close(e.compute, 40));
  t.true(close(e.rx, 9 * 2.75));
  t.true(close(e.tx, 10 * 0.25));
  t.true(close(sim.now, 200)); // the node is down; nothing more is drawn
});

test('several batteries on one clock: each empties at its own closed form, even after the earliest moved later', (t) => {
  // b: idle 1 W, 100 J, computing at 9 W from 0 ⇒ predicted 10 s, the earliest of all. At 5 s the
  // computation ends: 50 J used, 50 J left at 1 W ⇒ 55 s (later: the clock's event for 10 s rings
  // for nobody). a: the previous test's 32.75 s. c: idle 0.5 W, 4 J ⇒ 8 s, untouched.
  const sim = new Simulator();
  const seen = new Map<string, number>();
  const a = battery(sim, 'a', 1, 100, seen);
  const b = battery(sim, 'b', 1, 100, seen);
  battery(sim, 'c', 0.5, 4, seen);
  const cb = b.begin('compute', 9);
  at(sim, 5, () => b.end(cb));
  at(sim, 10, () => {
    const c = a.begin('compute', 4);
    at(sim, 10, () => a.end(c));
  });
  at(sim, 30, () => void a.begin('rx', 9));
  at(sim, 32, () => {
    const x = a.begin('tx', 5, 5);
    at(sim, 0.25, () => a.end(x));
  });
  sim.run({ untilS: 200 });
  t.deepEqual([...seen], [
    ['c', 8_000_000_000],
    ['a', 32_750_000_000],
    ['b', 55_000_000_000],
  ]);
  t.true(close(b.read().total, 100));
});

test('batteries due at the same nanosecond empty in the order of their latest prediction', (t) => {
  // a: idle 0.5 W, 10 J, computing at 2.5 W more during [2, 4]: 0.5·4 + 2.5·2 = 7 J by 4 s, then
  // 3 J at 0.5 W ⇒ 10 s. b: idle 1 W, 10 J ⇒ 10 s. a was made first, but its latest prediction
  // (at 4 s) is after b's (at 0): b empties first, as a rescheduled event would.
  const sim = new Simulator();
  const order: string[] = [];
  sim.trace.on('battery.empty', (p, tS) => order.push(`${p.node}@${tS}`));
  const seen = new Map<string, number>();
  const a = battery(sim, 'a', 0.5, 10, seen);
  battery(sim, 'b', 1, 10, seen);
  at(sim, 2, () => {
    const c = a.begin('compute', 2.5);
    at(sim, 2, () => a.end(c));
  });
  sim.run({ untilS: 20 });
  t.deepEqual(order, ['b@10', 'a@10']);
});

test('a stopped meter never empties; resumed, it empties at its closed form from the energy left', (t) => {
  // idle 2 W, 10 J: 4 J by 2 s; down [2, 7] (nothing drawn); back at 7 with 6 J at 2 W ⇒ 10 s.
  const sim = new Simulator();
  const seen = new Map<string, number>();
  const m = battery(sim, 'a', 2, 10, seen);
  at(sim, 2, () => m.stop());
  at(sim, 7, () => m.resume());
  sim.run({ untilS: 9.5 });
  t.false(seen.has('a'));
  sim.run({ untilS: 20 });
  t.is(seen.get('a'), 10_000_000_000);
});

test('a battery that would empty after the end of the clock never does; a draining battery does not keep a run going', (t) => {
  // 1e9 J at 1e-9 W: 1e18 s, far beyond 2^53 ns ≈ 104 days. b: 3 J at 1 W ⇒ 3 s.
  const idle = new Simulator();
  const none = new Map<string, number>();
  battery(idle, 'b', 1, 3, none);
  t.is(idle.run(), 'empty'); // without horizon, only the battery left: the run ends at once
  t.is(idle.now, 0);
  const sim = new Simulator();
  const seen = new Map<string, number>();
  battery(sim, 'a', 1e-9, 1e9, seen);
  battery(sim, 'b', 1, 3, seen);
  t.is(sim.run({ untilS: 1e6 }), 'until');
  t.deepEqual([...seen], [['b', 3_000_000_000]]);
});

test('starting and stopping activities on many nodes schedules no engine event per activity', (t) => {
  // 100 batteries, each starting and ending 10 computations; the earliest battery (idle 1 W, 1e6 J)
  // is untouched. Before the shared clock every start and end rescheduled an event: ≥ 2 000.
  const sim = new Simulator();
  const seen = new Map<string, number>();
  battery(sim, 'first', 1, 1e6, seen);
  const meters = Array.from({ length: 100 }, (_, i) => battery(sim, `n${i}`, 1, 2e6, seen));
  let own = 0;
  for (let k = 0; k < 10; k++) {
    own++;
    at(sim, k + 1, () => {
      for (const m of meters) {
        const a = m.begin('compute', 3);
        sim.schedule(0.5, () => m.end(a));
        own++;
      }
    });
  }
  sim.run({ untilS: 100 });
  t.true(sim.counters.scheduled - own <= 2);
  t.is(seen.size, 0);
});
