import test from 'ava';
import { Simulator } from '../../src/engine/simulator.js';
import { FifoServer, type FifoJob } from '../../src/engine/fifo.js';
import type { SimEvent } from '../../src/engine/events.js';

// The FIFO server serves a job of k parts (a processor's cores: one part per core) exactly as it
// serves k jobs of one part each (the reference below, and a hand-computed timeline), with one
// engine event per group of parts that start together instead of three per part. (This was
// test/node/cores.test.ts when src/node/cores.ts was a second FIFO queue.)

type Log = string[];
const when = (sim: Simulator, ev: SimEvent<number>, log: Log, what: string): void =>
  void ev.addCallback((e) => {
    if (!e.ok) e.defused = true;
    log.push(`${sim.now} ${what} ${e.ok ? 'ok' : 'failed'}`);
  });

/**
 * The reference: every part a FifoServer job; a job starts with its first part and ends with its
 * last (a job of several parts: one event after its last part's `done`, as a join of the parts).
 */
function reference(sim: Simulator, servers: number, hooks: Log) {
  const server = new FifoServer<string>(sim, { onStart: (j, s) => hooks.push(`${sim.now} start ${j} ${s}`), onEnd: (j, s) => hooks.push(`${sim.now} end ${j} ${s}`) }, servers);
  return {
    submit(job: string, serviceS: number, parts: number): FifoJob {
      const ps = Array.from({ length: parts }, () => server.submit(job, serviceS));
      if (parts === 1) return ps[0]!;
      const done = sim.event<number>();
      let left = parts;
      for (const p of ps)
        p.done.addCallback((e) => {
          if (!e.ok) e.defused = true;
          if (done.triggered) return;
          if (!e.ok) done.fail(e.error);
          else if (--left === 0) done.succeed(e.value as number);
        });
      for (const p of ps.slice(1)) p.started.defused = true;
      return { started: ps[0]!.started, done };
    },
    abortAll: (error: unknown) => server.abortAll(error),
    get busyS() {
      return server.busyS;
    },
  };
}

function cores(sim: Simulator, n: number, hooks: Log) {
  return new FifoServer<string>(sim, { onStart: (j, s) => hooks.push(`${sim.now} start ${j} ${s}`), onEnd: (j, s) => hooks.push(`${sim.now} end ${j} ${s}`) }, n);
}

test('hand-computed: two cores, a 2-part job, a 1-part job and a 2-part job arriving later', (t) => {
  // A (2 × 1 s) at 0 takes both cores until 1; B (0.5 s) at 0 waits, runs [1, 1.5]; C (2 × 1 s)
  // at 0.2 waits behind B: one part on the core A freed at 1 ([1, 2]), the other when B ends
  // ([1.5, 2.5]). C starts at 1 and ends at 2.5. Busy: 2 + 0.5 + 2 = 4.5 core-seconds. At 1, A's
  // first part ends and B starts on its core, its second ends and C's first part starts on its
  // core; A's end reaches its waiter after both starts (one event later, as a join of its parts).
  const sim = new Simulator();
  const hooks: Log = [];
  const log: Log = [];
  const c = cores(sim, 2, hooks);
  const a = c.submit('A', 1, 2);
  const b = c.submit('B', 0.5, 1);
  when(sim, a.started, log, 'A started');
  when(sim, a.done, log, 'A done');
  when(sim, b.started, log, 'B started');
  when(sim, b.done, log, 'B done');
  sim.schedule(0.2, () => {
    const x = c.submit('C', 1, 2);
    when(sim, x.started, log, 'C started');
    when(sim, x.done, log, 'C done');
  });
  sim.run();
  t.deepEqual(log, ['0 A started ok', '1 B started ok', '1 C started ok', '1 A done ok', '1.5 B done ok', '2.5 C done ok']);
  t.is(c.busyS, 4.5);
  t.deepEqual(hooks, ['0 start A 1', '0 start A 1', '1 end A 1', '1 start B 0.5', '1 end A 1', '1 start C 1', '1.5 end B 0.5', '1.5 start C 1', '2 end C 1', '2.5 end C 1']);
});

/** A deterministic mix of jobs (a linear congruential sequence), submitted at spread instants. */
function workload(seed: number): { atS: number; job: string; serviceS: number; parts: number }[] {
  let x = seed;
  const next = (): number => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: 40 }, (_, i) => ({ atS: Math.floor(next() * 20) / 4, job: `j${i}`, serviceS: Math.floor(next() * 8) / 4, parts: 1 + Math.floor(next() * 4) }));
}

function play(kind: 'cores' | 'reference', seed: number, n: number, abortAtS?: number): { hooks: Log; log: Log; busyS: number; events: number } {
  const sim = new Simulator();
  const hooks: Log = [];
  const log: Log = [];
  const server = kind === 'cores' ? cores(sim, n, hooks) : reference(sim, n, hooks);
  for (const w of workload(seed))
    sim.at(w.atS, () => {
      const j = server.submit(w.job, w.serviceS, w.parts);
      when(sim, j.started, log, `${w.job} started`);
      when(sim, j.done, log, `${w.job} done`);
    });
  if (abortAtS !== undefined) sim.at(abortAtS, () => server.abortAll(new Error('down')));
  sim.run();
  return { hooks, log, busyS: server.busyS, events: sim.counters.processed };
}

for (const seed of [1, 2, 3]) {
  test(`the same service as a FIFO server given each part as a job: seed ${seed}`, (t) => {
    for (const n of [1, 2, 4]) {
      const ours = play('cores', seed, n);
      const ref = play('reference', seed, n);
      t.deepEqual(ours.hooks, ref.hooks);
      t.deepEqual(ours.log, ref.log);
      t.is(ours.busyS, ref.busyS);
      t.true(ours.events < ref.events || n === 1);
    }
  });
}

test('an abort fails the jobs in service and waiting, counting the service given, as the reference does', (t) => {
  for (const n of [1, 3]) {
    const ours = play('cores', 7, n, 3.1);
    const ref = play('reference', 7, n, 3.1);
    t.deepEqual(ours.hooks, ref.hooks);
    t.deepEqual(ours.log, ref.log);
    t.is(ours.busyS, ref.busyS);
    t.true(ours.log.some((l) => l.endsWith('failed')));
  }
});

test('a job over four idle cores is one engine event for its service, not four', (t) => {
  // Reference: 4 completions + 4 started + 4 parts' done + the join = 13 events; here: started,
  // one completion, done, and the relay to the caller = 4.
  const sim = new Simulator();
  const c = cores(sim, 4, []);
  c.submit('A', 1, 4);
  sim.run();
  t.is(sim.counters.processed, 4);
  const ref = new Simulator();
  reference(ref, 4, []).submit('A', 1, 4);
  ref.run();
  t.is(ref.counters.processed, 13);
});
