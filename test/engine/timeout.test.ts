import test from 'ava';
import { Simulator } from '../../src/engine/simulator.js';
import { Interrupt } from '../../src/engine/errors.js';
import type { ProcessGenerator } from '../../src/engine/process.js';
import type { SimEvent } from '../../src/engine/events.js';

// A process that yields a fresh timeout holds its place in the queue instead of the event (see
// src/engine/timeout.ts). These cases check, by hand-computed timelines, that the event still
// behaves as an ordinary event for everything else that looks at it or waits on it.

test('a timeout a process waits on reads as pending, then processed, with its value delivered', (t) => {
  const sim = new Simulator();
  let held: SimEvent<string> | undefined;
  const got: unknown[] = [];
  function* waiter(): ProcessGenerator<void> {
    held = sim.timeout(2, 'v');
    got.push(yield held, sim.now);
  }
  sim.process(waiter(), 'waiter');
  sim.run({ untilS: 1 });
  t.true(held!.triggered);
  t.false(held!.processed);
  sim.run();
  t.true(held!.processed);
  t.deepEqual(got, ['v', 2]);
  t.false(held!.addCallback(() => t.fail('a processed event takes no callback')));
});

test('a second waiter on the same timeout resumes after the first, at its time', (t) => {
  const sim = new Simulator();
  const log: string[] = [];
  let shared: SimEvent<number> | undefined;
  function* first(): ProcessGenerator<void> {
    shared = sim.timeout(3, 7);
    const v = yield shared;
    log.push(`first ${v} at ${sim.now}`);
  }
  function* second(): ProcessGenerator<void> {
    yield sim.timeout(1);
    const v = yield shared!;
    log.push(`second ${v} at ${sim.now}`);
  }
  sim.process(first(), 'first');
  sim.process(second(), 'second');
  sim.run();
  t.deepEqual(log, ['first 7 at 3', 'second 7 at 3']);
});

test('anyOf over a timeout a process waits on fires at the timeout, after the process', (t) => {
  const sim = new Simulator();
  const log: string[] = [];
  let tm: SimEvent<string> | undefined;
  function* p(): ProcessGenerator<void> {
    tm = sim.timeout(4, 'a');
    yield tm;
    log.push(`process at ${sim.now}`);
  }
  sim.process(p(), 'p');
  sim.schedule(1, () => {
    sim.anyOf([tm!, sim.timeout(10, 'b')]).addCallback((e) => log.push(`anyOf ${JSON.stringify(e.value)} at ${sim.now}`));
  });
  sim.run();
  t.deepEqual(log, ['process at 4', 'anyOf {"index":0,"value":"a"} at 4']);
});

test('an interrupted process no longer waits on its timeout, which still fires with the same counters', (t) => {
  const sim = new Simulator();
  const log: string[] = [];
  let tm: SimEvent | undefined;
  function* p(): ProcessGenerator<void> {
    tm = sim.timeout(5);
    try {
      yield tm;
      log.push('timeout reached the process');
    } catch (e) {
      log.push(`interrupted (${(e as Interrupt).cause}) at ${sim.now}`);
    }
  }
  const proc = sim.process(p(), 'p');
  sim.schedule(1, () => proc.interrupt('stop'));
  sim.schedule(2, () => void tm!.addCallback(() => log.push(`other waiter at ${sim.now}`)));
  sim.run();
  t.deepEqual(log, ['interrupted (stop) at 1', 'other waiter at 5']);
  t.is(sim.now, 5);
  // start, the interrupting callback, the interrupt, the process's end, the second callback, the timeout
  t.deepEqual(sim.counters, { scheduled: 6, processed: 6, cancelledSkipped: 0 });
});
