import test from 'ava';
import fc from 'fast-check';
import { EventQueue, orderKey, MIN_PRIORITY, MAX_PRIORITY, generationOf, nextGeneration } from '../../src/engine/queue.js';
import { Simulator } from '../../src/engine/simulator.js';

interface Item {
  t: number;
  p: number;
  seq: number;
}

// Reference: a stable sort by (time, priority); JS sort is stable, so insertion order breaks ties.
const referenceOrder = (items: Item[]): number[] =>
  [...items].sort((a, b) => a.t - b.t || a.p - b.p).map((i) => i.seq);

test('queue pops in (time, priority, insertion) order, against a sorted reference', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ t: fc.integer({ min: 0, max: 20 }), p: fc.integer({ min: -3, max: 3 }) }), { maxLength: 300 }),
      (raw) => {
        const q = new EventQueue<number>(4); // small capacity: exercises growth
        const items = raw.map((r, seq) => ({ ...r, seq }));
        for (const it of items) q.push(it.t, orderKey(it.p, it.seq), it.seq);
        const popped: number[] = [];
        while (q.size > 0) popped.push(q.pop()!);
        t.deepEqual(popped, referenceOrder(items));
      },
    ),
  );
});

test('interleaved pushes, pops and replaceTop keep heap order', (t) => {
  type Op = { kind: 'push'; t: number; p: number } | { kind: 'pop' } | { kind: 'replace'; t: number };
  const op = fc.oneof(
    fc.record({ kind: fc.constant('push' as const), t: fc.integer({ min: 0, max: 50 }), p: fc.integer({ min: -2, max: 2 }) }),
    fc.record({ kind: fc.constant('pop' as const) }),
    fc.record({ kind: fc.constant('replace' as const), t: fc.integer({ min: 0, max: 50 }) }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 400 }), (ops: Op[]) => {
      const q = new EventQueue<Item>(4);
      let live: Item[] = [];
      let seq = 0;
      for (const o of ops) {
        if (o.kind === 'push') {
          const it = { t: o.t, p: o.p, seq: seq++ };
          q.push(it.t, orderKey(it.p, it.seq), it);
          live.push(it);
        } else if (o.kind === 'pop') {
          const expected = live.length === 0 ? undefined : live.sort((a, b) => a.t - b.t || a.p - b.p || a.seq - b.seq)[0];
          t.is(q.pop(), expected);
          live = live.filter((x) => x !== expected);
        } else if (live.length > 0) {
          live.sort((a, b) => a.t - b.t || a.p - b.p || a.seq - b.seq);
          const removed = live.shift()!;
          t.is(q.peek(), removed);
          const it = { t: o.t, p: 0, seq: seq++ };
          q.replaceTop(it.t, orderKey(0, it.seq), it);
          live.push(it);
        }
        t.is(q.size, live.length);
      }
    }),
  );
});

test('the simulator fires callbacks in (time, priority, insertion) order with FIFO ties', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ t: fc.integer({ min: 0, max: 10 }), p: fc.integer({ min: -2, max: 2 }) }), { maxLength: 200 }),
      (raw) => {
        const sim = new Simulator();
        const fired: number[] = [];
        const items = raw.map((r, seq) => ({ ...r, seq }));
        for (const it of items) sim.schedule(it.t * 0.001, () => fired.push(it.seq), { priority: it.p });
        sim.run();
        t.deepEqual(fired, referenceOrder(items));
      },
    ),
  );
});

test('cancelled callbacks never fire; the rest keep their order', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ t: fc.integer({ min: 0, max: 10 }), cancel: fc.boolean() }), { maxLength: 200 }),
      (raw) => {
        const sim = new Simulator();
        const fired: number[] = [];
        const handles = raw.map((r, seq) => sim.schedule(r.t, () => fired.push(seq)));
        raw.forEach((r, i) => {
          if (r.cancel) {
            handles[i]!.cancel();
            handles[i]!.cancel(); // idempotent
          }
        });
        sim.run();
        const expected = referenceOrder(raw.map((r, seq) => ({ t: r.t, p: 0, seq }))).filter((s) => !raw[s]!.cancel);
        t.deepEqual(fired, expected);
        // Cancelled entries are skipped when reached; those after the last live event are never reached.
        t.true(sim.counters.cancelledSkipped <= raw.filter((r) => r.cancel).length);
        t.is(sim.livePending, 0);
      },
    ),
  );
});

test('orderKey rejects priorities outside the range', (t) => {
  t.notThrows(() => orderKey(MIN_PRIORITY, 0));
  t.notThrows(() => orderKey(MAX_PRIORITY, 0));
  t.throws(() => orderKey(MAX_PRIORITY + 1, 0), { instanceOf: RangeError });
  t.throws(() => orderKey(0.5, 0), { instanceOf: RangeError });
});

test('slot states give the same generation on both sides of the small-integer range', (t) => {
  // state = 4 × generation + 2 × daemon + cancelled; hand-computed generations, including ones
  // whose state is past 2^30 (computed in doubles) and near the largest exact double.
  for (const g of [0, 1, 2 ** 28 - 1, 2 ** 28, 2 ** 28 + 1, 2 ** 29, 2 ** 31 + 5, 2 ** 40 + 3, 2 ** 50 - 1]) {
    for (const bits of [0, 1, 2, 3]) {
      const state = 4 * g + bits;
      t.is(generationOf(state), g, `generation of 4×${g}+${bits}`);
      t.is(nextGeneration(state), 4 * (g + 1), `next generation after 4×${g}+${bits}`);
    }
  }
});

test('a queue with one slot reused keeps daemon and cancelled bits per generation', (t) => {
  const q = new EventQueue<string>(4);
  const s0 = q.push(10, orderKey(0, 0), 'a', true);
  t.true(q.isDaemon(s0));
  t.is(q.generation(s0), 0);
  t.true(q.cancel(s0, 0));
  t.false(q.cancel(s0, 0)); // idempotent
  t.is(q.pop(), 'a');
  const s1 = q.push(20, orderKey(0, 1), 'b'); // the freed slot, next generation, bits clear
  t.is(s1, s0);
  t.is(q.generation(s1), 1);
  t.false(q.isDaemon(s1));
  t.false(q.isCancelled(s1));
  t.false(q.cancel(s1, 0)); // a stale handle
  const s2 = q.replaceTop(30, orderKey(0, 2), 'c', true);
  t.is(s2, s1);
  t.is(q.generation(s2), 2);
  t.true(q.isDaemon(s2));
  t.is(q.peek(), 'c');
  t.is(q.peekTimeNs(), 30);
});

test('a large queue (2.7e5 items, many ties) pops in (time, priority, insertion) order', (t) => {
  // 270 000 items, many ties in time (≈ 54 per ns and priority); replaceTops (later times, ties
  // among them too) and pops mixed, until the queue is below 2^18, checked against a sorted
  // reference. The store into the next first item's record (see siftDown) decides nothing.
  let x = 12345; // a fixed LCG, so the case is the same every run
  const next = (m: number): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % m;
  };
  const before = (a: Item, b: Item): boolean => a.t < b.t || (a.t === b.t && (a.p < b.p || (a.p === b.p && a.seq < b.seq)));
  const q = new EventQueue<Item>(8);
  const expected: Item[] = []; // sorted, least first (read from `head` on)
  let head = 0;
  let seq = 0;
  for (let i = 0; i < 270_000; i++) {
    const it = { t: next(5000), p: next(3) - 1, seq: seq++ };
    q.push(it.t, orderKey(it.p, it.seq), it);
    expected.push(it);
  }
  expected.sort((a, b) => (before(a, b) ? -1 : 1));
  const insertNearEnd = (it: Item): void => {
    let k = expected.length;
    while (k > head && before(it, expected[k - 1]!)) k--;
    expected.splice(k, 0, it);
  };
  const popped: number[] = [];
  const wanted: number[] = [];
  for (let k = 0; k < 30_000; k++) {
    popped.push(q.peek()!.seq);
    wanted.push(expected[head++]!.seq);
    if (k % 3 === 2) q.pop();
    else {
      const it = { t: 10_000 + (k >> 2), p: next(3) - 1, seq: seq++ }; // later than all the first items
      q.replaceTop(it.t, orderKey(it.p, it.seq), it);
      insertNearEnd(it);
    }
  }
  t.is(q.size, expected.length - head);
  t.true(q.size < 2 ** 18);
  while (q.size > 0) {
    popped.push(q.pop()!.seq);
    wanted.push(expected[head++]!.seq);
  }
  const firstDiff = popped.findIndex((s, i) => s !== wanted[i]);
  t.is(firstDiff, -1, `first out of order at pop ${firstDiff}`);
  t.is(popped.length, wanted.length);
});
