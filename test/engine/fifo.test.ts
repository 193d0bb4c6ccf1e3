import test from 'ava';
import { Simulator } from '../../src/engine/simulator.js';
import { FifoServer, type FifoJob } from '../../src/engine/fifo.js';

// The engine's FIFO server against hand-computed timelines: when each part starts and ends, when
// each job's `started` and `done` reach a waiter, the service delivered, and how many engine events
// it took (parts of one job that start together end in one event).

type Log = string[];

function server(sim: Simulator, servers: number, hooks: Log): FifoServer<string> {
  return new FifoServer<string>(sim, { onStart: (j, s) => hooks.push(`${sim.now} start ${j} ${s}`), onEnd: (j, s) => hooks.push(`${sim.now} end ${j} ${s}`) }, servers);
}

function watch(sim: Simulator, name: string, job: FifoJob, log: Log): void {
  for (const [what, ev] of [['started', job.started], ['done', job.done]] as const)
    ev.addCallback((e) => {
      if (!e.ok) e.defused = true;
      log.push(`${sim.now} ${name} ${what} ${e.ok ? String(e.value) : 'failed'}`);
    });
}

test('one server: jobs in turn, one completion event each', (t) => {
  // A (1 s) and B (2 s) at 0, C (0.5 s) at 0.5: A [0, 1], B [1, 3], C [3, 3.5]; busy 3.5 s.
  // Events: per job started, completion, done = 3 × 3 = 9, plus the submission of C = 10.
  const sim = new Simulator();
  const hooks: Log = [];
  const log: Log = [];
  const s = server(sim, 1, hooks);
  watch(sim, 'A', s.submit('A', 1), log);
  watch(sim, 'B', s.submit('B', 2), log);
  t.is(s.serving, 1);
  t.is(s.queueLength, 1);
  sim.schedule(0.5, () => watch(sim, 'C', s.submit('C', 0.5), log));
  sim.run();
  t.deepEqual(hooks, ['0 start A 1', '1 end A 1', '1 start B 2', '3 end B 2', '3 start C 0.5', '3.5 end C 0.5']);
  t.deepEqual(log, ['0 A started 0', '1 A done 1', '1 B started 1', '3 B done 3', '3 C started 3', '3.5 C done 3.5']);
  t.is(s.busyS, 3.5);
  t.is(sim.counters.processed, 10);
  t.is(s.serving, 0);
  t.is(s.queueLength, 0);
});

test('a job of three parts on three idle servers: one completion event for the three', (t) => {
  // Parts [0, 2] on each server. Events: started, one completion, done (inner), done relayed = 4
  // (as three jobs: 3 started + 3 completions + 3 done = 9, plus a join).
  const sim = new Simulator();
  const hooks: Log = [];
  const log: Log = [];
  const s = server(sim, 3, hooks);
  watch(sim, 'A', s.submit('A', 2, 3), log);
  t.is(s.serving, 3);
  sim.run();
  t.deepEqual(hooks, ['0 start A 2', '0 start A 2', '0 start A 2', '2 end A 2', '2 end A 2', '2 end A 2']);
  t.deepEqual(log, ['0 A started 0', '2 A done 2']);
  t.is(s.busyS, 6);
  t.is(sim.counters.scheduled, 4);
  t.is(sim.counters.processed, 4);
});

test('more parts than servers: the parts that start together end together, the rest follow', (t) => {
  // Two servers, A = 3 parts × 1 s at 0, B = 1 part × 0.5 s at 0: two parts of A [0, 1] (one
  // event); at 1 the first frees a server for A's third part [1, 2], the second for B [1, 1.5].
  // A ends at 2, B at 1.5; busy 3 + 0.5 = 3.5. Events: A started, A's two groups, A done, relay
  // (5); B started, completion, done (3): 8.
  const sim = new Simulator();
  const hooks: Log = [];
  const log: Log = [];
  const s = server(sim, 2, hooks);
  watch(sim, 'A', s.submit('A', 1, 3), log);
  watch(sim, 'B', s.submit('B', 0.5), log);
  t.is(s.queueLength, 2); // A has a part to start, B has not started
  sim.run();
  t.deepEqual(hooks, ['0 start A 1', '0 start A 1', '1 end A 1', '1 start A 1', '1 end A 1', '1 start B 0.5', '1.5 end B 0.5', '2 end A 1']);
  t.deepEqual(log, ['0 A started 0', '1 B started 1', '1.5 B done 1.5', '2 A done 2']);
  t.is(s.busyS, 3.5);
  t.is(sim.counters.processed, 8);
});

test('zero service: the parts end at their start instant, after the start is signalled', (t) => {
  const sim = new Simulator();
  const hooks: Log = [];
  const log: Log = [];
  const s = server(sim, 2, hooks);
  watch(sim, 'A', s.submit('A', 0, 2), log);
  sim.run();
  t.deepEqual(hooks, ['0 start A 0', '0 start A 0', '0 end A 0', '0 end A 0']);
  t.deepEqual(log, ['0 A started 0', '0 A done 0']);
  t.is(sim.counters.processed, 4);
});

test('an abort fails the jobs in service and waiting, counting the service given', (t) => {
  // Two servers: A = 2 parts × 1 s at 0 (both servers), B (1 s) waits. Abort at 0.25: A's done
  // fails (it had started), B's started and done fail; busy 2 × 0.25 = 0.5 s; no part ends.
  const sim = new Simulator();
  const hooks: Log = [];
  const log: Log = [];
  const s = server(sim, 2, hooks);
  watch(sim, 'A', s.submit('A', 1, 2), log);
  watch(sim, 'B', s.submit('B', 1), log);
  sim.schedule(0.25, () => s.abortAll(new Error('down')));
  sim.run();
  t.deepEqual(hooks, ['0 start A 1', '0 start A 1']);
  t.deepEqual(log, ['0 A started 0', '0.25 B started failed', '0.25 B done failed', '0.25 A done failed']);
  t.is(s.busyS, 0.5);
  t.is(s.serving, 0);
  t.is(s.queueLength, 0);
});

test('invalid service times and part counts are refused', (t) => {
  const s = server(new Simulator(), 2, []);
  t.throws(() => s.submit('A', -1), { instanceOf: RangeError });
  t.throws(() => s.submit('A', Infinity), { instanceOf: RangeError });
  t.throws(() => s.submit('A', 1, 0), { instanceOf: RangeError });
  t.throws(() => s.submit('A', 1, 1.5), { instanceOf: RangeError });
  t.throws(() => new FifoServer(new Simulator(), {}, 0), { instanceOf: RangeError });
});

test('hooks say which part is a job\'s first to start and its last to end', (t) => {
  // Job P of 3 parts (1 s each) on one server, then Q (1 part, 1 s): P's parts run [0, 1], [1, 2],
  // [2, 3], Q [3, 4]. Only P's start at 0 is its first, only its end at 3 its last; Q's one part is
  // both. (Parts not yet begun = parts not yet ended does not make a first start: P's second part
  // begins when 2 of 3 have not begun and 2 of 3 have not ended.)
  const sim = new Simulator();
  const calls: string[] = [];
  const s = new FifoServer<string>(sim, { onStart: (j, _s, first) => calls.push(`${sim.now} start ${j}${first ? ' first' : ''}`), onEnd: (j, _s, last) => calls.push(`${sim.now} end ${j}${last ? ' last' : ''}`) }, 1);
  s.submit('P', 1, 3);
  s.submit('Q', 1);
  sim.run();
  t.deepEqual(calls, ['0 start P first', '1 end P', '1 start P', '2 end P', '2 start P', '3 end P last', '3 start Q first', '4 end Q last']);
});
