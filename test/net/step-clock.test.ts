import test from 'ava';
import { Simulator } from '../../src/engine/simulator.js';
import { StepClock, type Sleeper } from '../../src/net/stepClock.js';

// The radio's alarm clock keeps one set of sleepers per instant and reuses emptied sets (issue 15:
// most transmissions' instants are their own). A set emptied while it rings must not be reused
// for a new instant in the middle of its own ringing.

function sleeper(name: string, log: string[], sim: Simulator, onWake?: () => void): Sleeper {
  return {
    wake() {
      log.push(`${name}@${sim.nowNs}`);
      onWake?.();
    },
  };
}

test('a sleeper woken at an instant moves another due then away and plans a third: each rings once, at its own instant', (t) => {
  const sim = new Simulator({ seed: 1 });
  const clock = StepClock.of(sim);
  const log: string[] = [];
  const b = sleeper('b', log, sim);
  const c = sleeper('c', log, sim);
  // a, due at 10 with b, moves b to 30 (the instant's set empties while it rings) and plans c at 20.
  const a = sleeper('a', log, sim, () => {
    clock.move(b, 10, 30);
    clock.move(c, Infinity, 20);
  });
  clock.move(a, Infinity, 10);
  clock.move(b, Infinity, 10);
  sim.run();
  t.deepEqual(log, ['a@10', 'c@20', 'b@30']);
  t.is(clock.pending, 0);
});

test('many instants planned, moved and rung in turn: each sleeper rings at its last instant, ties in planning order', (t) => {
  const sim = new Simulator({ seed: 1 });
  const clock = StepClock.of(sim);
  const log: string[] = [];
  const n = 50;
  const due = new Array<number>(n).fill(Infinity);
  const sleepers = Array.from({ length: n }, (_, i) => sleeper(`s${i}`, log, sim));
  const plan = (i: number, atNs: number): void => {
    clock.move(sleepers[i]!, due[i]!, atNs);
    due[i] = atNs;
  };
  // Each planned at 100 + i, then every third moved to 1000 + i, then every fifth to 500 (a tie, in order of planning).
  for (let i = 0; i < n; i++) plan(i, 100 + i);
  for (let i = 0; i < n; i += 3) plan(i, 1000 + i);
  for (let i = 0; i < n; i += 5) plan(i, 500);
  const expected = Array.from({ length: n }, (_, i) => ({ name: `s${i}`, atNs: i % 5 === 0 ? 500 : i % 3 === 0 ? 1000 + i : 100 + i, order: i }))
    .sort((x, y) => x.atNs - y.atNs || x.order - y.order)
    .map((e) => `${e.name}@${e.atNs}`);
  sim.run();
  t.deepEqual(log, expected);
});
