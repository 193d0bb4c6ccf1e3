import test from 'ava';
import fc from 'fast-check';
import { EventQueue, orderKey } from '../../src/engine/queue.js';

/**
 * The queue against a model: a plain array of the queued entries, the least found by sorting on
 * (time, priority, insertion sequence). Handles are (slot, generation) pairs, kept for every item
 * ever queued, so cancels of fired, replaced or already cancelled items (stale handles) are tried
 * too. A cancelled item stays queued (lazy cancel): `pop` still returns it in its turn.
 */
interface Entry {
  t: number;
  p: number;
  seq: number;
  daemon: boolean;
  slot: number;
  gen: number;
  cancelled: boolean;
  queued: boolean;
}

type Op =
  | { kind: 'push'; t: number; p: number; daemon: boolean }
  | { kind: 'pop' }
  | { kind: 'replace'; t: number; p: number; daemon: boolean }
  | { kind: 'cancel'; pick: number };

const before = (a: Entry, b: Entry): number => a.t - b.t || a.p - b.p || a.seq - b.seq;

const opArb = (maxT: number): fc.Arbitrary<Op> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('push' as const), t: fc.integer({ min: 0, max: maxT }), p: fc.integer({ min: -2, max: 2 }), daemon: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('pop' as const) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('replace' as const), t: fc.integer({ min: 0, max: maxT }), p: fc.integer({ min: -2, max: 2 }), daemon: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  );

/** Runs `ops` on a queue and on the model; checks every result against the model. */
function runAgainstModel(ops: Op[], check: (ok: boolean, what: string) => void): void {
  const q = new EventQueue<Entry>(4); // small capacity: exercises growth
  const all: Entry[] = []; // every item ever queued (handles, stale ones included)
  let live: Entry[] = [];
  let seq = 0;
  const first = (): Entry | undefined => (live.length === 0 ? undefined : [...live].sort(before)[0]);
  /** Queues a new entry with `put` (push or replaceTop), which returns its slot. */
  const add = (o: { t: number; p: number; daemon: boolean }, put: (e: Entry) => number): void => {
    const e: Entry = { t: o.t, p: o.p, seq: seq++, daemon: o.daemon, slot: -1, gen: -1, cancelled: false, queued: true };
    e.slot = put(e);
    e.gen = q.generation(e.slot);
    all.push(e);
    live.push(e);
    check(q.isDaemon(e.slot) === e.daemon, `daemon bit of #${e.seq}`);
    check(!q.isCancelled(e.slot), `fresh #${e.seq} not cancelled`);
  };
  const remove = (e: Entry): void => {
    e.queued = false;
    live = live.filter((x) => x !== e);
  };
  for (const o of ops) {
    if (o.kind === 'push') {
      add(o, (e) => q.push(e.t, orderKey(e.p, e.seq), e, e.daemon));
    } else if (o.kind === 'pop') {
      const want = first();
      check(q.peek() === want, 'peek before pop');
      check(q.pop() === want, 'pop');
      if (want !== undefined) remove(want);
    } else if (o.kind === 'replace') {
      const want = first();
      if (want !== undefined) {
        check(q.peek() === want && q.peekTimeNs() === want.t, 'top before replaceTop');
        remove(want);
      }
      add(o, (e) => q.replaceTop(e.t, orderKey(e.p, e.seq), e, e.daemon));
    } else if (all.length > 0) {
      const h = all[o.pick % all.length]!;
      const expected = h.queued && !h.cancelled;
      check(q.cancel(h.slot, h.gen) === expected, `cancel #${h.seq} (queued ${h.queued}, cancelled ${h.cancelled})`);
      if (expected) h.cancelled = true;
    }
    check(q.size === live.length, 'size');
    check(q.peekTimeNs() === (first()?.t ?? Infinity), 'peekTimeNs');
    for (const e of live) {
      check(q.generation(e.slot) === e.gen && q.itemAt(e.slot) === e, `slot of queued #${e.seq}`);
      check(q.isCancelled(e.slot) === e.cancelled && q.isDaemon(e.slot) === e.daemon, `bits of queued #${e.seq}`);
    }
  }
  // Drain: the rest comes out in model order, cancelled items included.
  const rest = [...live].sort(before);
  for (const e of rest) check(q.pop() === e, `drain #${e.seq}`);
  check(q.size === 0 && q.pop() === undefined, 'empty at the end');
}

test('random push / pop / replaceTop / cancel sequences match a sorted-array model (many ties)', (t) => {
  fc.assert(
    fc.property(fc.array(opArb(6), { maxLength: 300 }), (ops) => {
      const failures: string[] = [];
      runAgainstModel(ops, (ok, what) => {
        if (!ok) failures.push(what);
      });
      return failures.length === 0 || (t.log(failures.slice(0, 3)), false);
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('random sequences with spread-out times match the model too (few ties)', (t) => {
  fc.assert(
    fc.property(fc.array(opArb(1e12), { maxLength: 300 }), (ops) => {
      let ok = true;
      runAgainstModel(ops, (good) => {
        ok &&= good;
      });
      return ok;
    }),
    { numRuns: 200 },
  );
  t.pass();
});

test('a hand-computed sequence: ties broken by priority, then FIFO; cancel is lazy', (t) => {
  const q = new EventQueue<string>(4);
  const a = q.push(5, orderKey(0, 0), 'a');
  q.push(5, orderKey(-1, 1), 'b'); // same time, lower priority value: before a
  q.push(3, orderKey(1, 2), 'c'); // earliest time
  const d = q.push(5, orderKey(0, 3), 'd'); // same time and priority as a: after a
  t.true(q.cancel(d, q.generation(d)));
  t.is(q.pop(), 'c');
  t.is(q.peek(), 'b');
  const e = q.replaceTop(5, orderKey(0, 4), 'e'); // b leaves; e ties with a and d, queued last
  t.is(e, 1); // b's slot
  t.is(q.pop(), 'a');
  t.false(q.cancel(a, 0)); // fired: a stale handle
  t.is(q.pop(), 'd'); // cancelled, still popped in its turn (the simulator skips it)
  t.is(q.pop(), 'e');
  t.is(q.pop(), undefined);
});

test('order keys beyond the small integers (other priorities, sequences from 2^31 on) still order ties', (t) => {
  // All at one time: priority first, then the sequence; by hand: (−1, 2^43), (0, 2^31 − 1),
  // (0, 2^31), (0, 2^43), (1, 5), (255, 2^44 − 1).
  const q = new EventQueue<string>(4);
  const keys: [string, number, number][] = [
    ['p0 2^43', 0, 2 ** 43],
    ['p255 2^44-1', 255, 2 ** 44 - 1],
    ['p0 2^31', 0, 2 ** 31],
    ['p1 5', 1, 5],
    ['p-1 2^43', -1, 2 ** 43],
    ['p0 2^31-1', 0, 2 ** 31 - 1],
  ];
  for (const [name, p, seq] of keys) q.push(7, orderKey(p, seq), name);
  const popped: string[] = [];
  while (q.size > 0) popped.push(q.pop()!);
  t.deepEqual(popped, ['p-1 2^43', 'p0 2^31-1', 'p0 2^31', 'p0 2^43', 'p1 5', 'p255 2^44-1']);
});
