import test from 'ava';
import { Simulator } from '../../src/engine/simulator.js';
import { StepClock, type Sleeper } from '../../src/net/stepClock.js';

// The radio's alarm clock keeps one heap of per-sleeper alarms, reused for each wake-up (issue 15:
// a replan allocates nothing). A wake-up due at the instant being rung and moved away by an
// earlier sleeper must not ring; one planned while it rings rings at its own instant.

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

// Reference: the clock must wake sleepers exactly as if each had its own engine event, cancelled
// and rescheduled at every move (what transmissions did before the clock). Sleepers plan, move
// each other (also at their own instant, and to the same instant again) from inside their wakes;
// the moves come from a fixed linear congruential sequence, the same for both runs.
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

function scriptedRun(useClock: boolean, seed: number): { log: string[]; events: number } {
  const sim = new Simulator({ seed: 1 });
  const clock = StepClock.of(sim);
  const rand = lcg(seed);
  const n = 40;
  const due = new Array<number>(n).fill(Infinity);
  const handles = new Array<ReturnType<Simulator['atNs']> | undefined>(n).fill(undefined);
  const log: string[] = [];
  const sleepers: Sleeper[] = [];
  const plan = (i: number, atNs: number): void => {
    if (useClock) clock.move(sleepers[i]!, due[i]!, atNs);
    else {
      handles[i]?.cancel();
      handles[i] = Number.isFinite(atNs) ? sim.atNs(atNs, () => sleepers[i]!.wake()) : undefined;
    }
    due[i] = atNs;
  };
  let wakes = 0;
  for (let i = 0; i < n; i++) {
    sleepers.push({
      wake() {
        due[i] = Infinity;
        handles[i] = undefined;
        log.push(`s${i}@${sim.nowNs}`);
        if (++wakes > 2000) return;
        const now = sim.nowNs;
        // replan itself 1–4 ns ahead (ties are frequent), or not at all
        if (rand() < 0.85) plan(i, now + 1 + Math.floor(rand() * 4));
        // move another: later, to the instant it is already due at, or off the clock
        const j = Math.floor(rand() * n);
        if (j !== i) {
          const u = rand();
          if (u < 0.5) plan(j, now + 1 + Math.floor(rand() * 6));
          else if (u < 0.8 && Number.isFinite(due[j]!) && due[j]! > now) plan(j, due[j]!);
          else plan(j, Infinity); // also one due now, not yet woken
        }
      },
    });
  }
  for (let i = 0; i < n; i++) plan(i, 1 + Math.floor(rand() * 10));
  sim.run();
  return { log, events: sim.counters.processed };
}

test('property: wake-ups in the order and at the instants of one engine event per sleeper cancelled and rescheduled at each move', (t) => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const clock = scriptedRun(true, seed);
    const reference = scriptedRun(false, seed);
    t.true(reference.log.length > 500, `seed ${seed}: ${reference.log.length} wake-ups`);
    t.deepEqual(clock.log, reference.log, `seed ${seed}`);
    // and it takes fewer engine events: one per instant, not one per wake-up
    t.true(clock.events < reference.events, `seed ${seed}: ${clock.events} vs ${reference.events} events`);
  }
});
