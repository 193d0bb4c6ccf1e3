/**
 * The engine's per-slot bookkeeping after issue 15 (one state word per slot holding generation,
 * daemon and cancelled bits; a replaced top reusing its slot; handle times kept as two small
 * integers), checked against hand-computed timelines and literal values.
 */
import test from 'ava';
import { EventQueue, orderKey } from '../../src/engine/queue.js';
import { Simulator } from '../../src/engine/simulator.js';

test('a handle reports its exact time across the clock range (below and above 2^30 ns, up to 2^53 − 1)', (t) => {
  const sim = new Simulator();
  const times = [0, 1, 2 ** 30 - 1, 2 ** 30, 2 ** 30 + 1, 1_500_000_000, 1e15 + 7, 2 ** 53 - 2, 2 ** 53 - 1];
  for (const ns of times) {
    const h = sim.atNs(ns, () => {});
    t.is(h.timeNs, ns);
    t.is(h.timeS, ns / 1e9);
  }
  t.is(sim.schedule(1.5, () => {}).timeNs, 1_500_000_000);
  t.is(sim.at(86_400, () => {}).timeNs, 86_400_000_000_000);
});

test('a handle of an event beyond the end of the clock reports an infinite time', (t) => {
  const sim = new Simulator();
  const h = sim.schedule(1e8, () => {}, { daemon: true }); // 1e17 ns > 2^53 ns
  t.is(h.timeNs, Infinity);
  t.is(h.timeS, Infinity);
});

test('a daemon scheduled from a live event takes its slot and does not keep the run alive, and vice versa', (t) => {
  const sim = new Simulator();
  const fired: string[] = [];
  // live at 1 → schedules a daemon at 2 (reusing the slot of the event being processed)
  sim.schedule(1, () => {
    fired.push(`live@${sim.now}`);
    sim.schedule(1, () => fired.push(`daemon@${sim.now}`), { daemon: true });
  });
  // daemon at 1.5 → schedules a live event at 3
  sim.schedule(
    1.5,
    () => {
      fired.push(`daemon@${sim.now}`);
      sim.schedule(1.5, () => fired.push(`live@${sim.now}`));
    },
    { daemon: true },
  );
  t.is(sim.livePending, 1);
  // By hand: live@1 leaves only daemons (1.5 and 2), so a run without horizon ends there.
  t.is(sim.run(), 'empty');
  t.deepEqual(fired, ['live@1']);
  t.is(sim.livePending, 0);
  t.is(sim.pending, 2);
  // With a horizon: daemon@1.5 (schedules live@3, one live event), daemon@2, live@3.
  t.is(sim.run({ untilS: 5 }), 'until');
  t.deepEqual(fired, ['live@1', 'daemon@1.5', 'daemon@2', 'live@3']);
  t.is(sim.livePending, 0);
  t.is(sim.pending, 0);
});

test('cancelling the handle of an event that ran does not cancel the event that took its slot', (t) => {
  const sim = new Simulator();
  const fired: number[] = [];
  let second: ReturnType<Simulator['schedule']> | undefined;
  const first = sim.schedule(1, () => {
    fired.push(sim.now);
    second = sim.schedule(1, () => fired.push(sim.now)); // takes the first one's slot
  });
  sim.run({ untilS: 1.5 });
  first.cancel(); // too late: a no-op
  t.true(first.cancelled);
  t.is(sim.livePending, 1);
  t.is(sim.run(), 'empty');
  t.deepEqual(fired, [1, 2]);
  t.false(second!.cancelled);
  t.deepEqual(sim.counters, { scheduled: 2, processed: 2, cancelledSkipped: 0 });
});

test('queue: replacing the top reuses its slot with a new generation and the new daemon flag', (t) => {
  const q = new EventQueue<string>(4);
  const a = q.push(5, orderKey(0, 0), 'a', true);
  q.push(9, orderKey(0, 1), 'b');
  const g = q.generation(a);
  t.true(q.isDaemon(a));
  const c = q.replaceTop(7, orderKey(0, 2), 'c', false);
  t.is(c, a);
  const g2 = q.generation(c);
  t.not(g2, g);
  t.false(q.isDaemon(c));
  t.false(q.cancel(a, g)); // the old generation names nothing any more
  t.false(q.isCancelled(c));
  t.true(q.cancel(c, g2));
  t.true(q.isCancelled(c));
  t.false(q.cancel(c, g2)); // idempotent
  t.is(q.pop(), 'c'); // cancelled items stay queued until reached (lazy)
  t.is(q.pop(), 'b');
  t.is(q.size, 0);
  const d = q.push(1, orderKey(0, 3), 'd', true); // a released slot comes back clear, daemon as asked
  t.true(q.isDaemon(d));
  t.false(q.isCancelled(d));
  t.false(q.cancel(c, g2)); // a slot refilled is a new generation again
  t.true(q.cancel(d, q.generation(d)));
});

test('a handle cancelled inside its own callback, or cancelled twice, changes nothing; cancelled events are skipped and counted', (t) => {
  const sim = new Simulator();
  const fired: string[] = [];
  const self: { h?: ReturnType<Simulator['schedule']> } = {};
  self.h = sim.schedule(1, () => {
    fired.push(`a@${sim.now}`);
    self.h!.cancel(); // too late: it is running
    sim.schedule(1, () => fired.push(`b@${sim.now}`));
  });
  const c = sim.schedule(1.5, () => fired.push('c'));
  const d = sim.schedule(1.5, () => fired.push(`d@${sim.now}`), { daemon: true });
  c.cancel();
  c.cancel();
  t.is(sim.livePending, 1); // a; c cancelled, d a daemon
  t.is(sim.run({ untilS: 10 }), 'until');
  // By hand: a@1 (schedules b@2), c skipped, d@1.5, b@2.
  t.deepEqual(fired, ['a@1', 'd@1.5', 'b@2']);
  t.deepEqual(sim.counters, { scheduled: 4, processed: 3, cancelledSkipped: 1 });
  t.is(sim.livePending, 0);
});
