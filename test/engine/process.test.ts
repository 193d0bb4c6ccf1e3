import test from 'ava';
import { Simulator } from '../../src/engine/simulator.js';
import { Interrupt, ProcessError, SimulationError } from '../../src/engine/errors.js';
import type { ProcessGenerator } from '../../src/engine/process.js';

test('a process waits on timeouts and returns a value others can wait for', (t) => {
  const sim = new Simulator();
  const log: string[] = [];
  function* child(): ProcessGenerator<number> {
    const v = yield sim.timeout(1.5, 'hello');
    log.push(`child got ${v} at ${sim.now}`);
    return 42;
  }
  function* parent(): ProcessGenerator<void> {
    const result = yield sim.process(child(), 'child');
    log.push(`parent got ${result} at ${sim.now}`);
    const again = yield sim.timeout(0.5);
    log.push(`parent woke at ${sim.now} with ${again}`);
  }
  const p = sim.process(parent(), 'parent');
  sim.run();
  t.deepEqual(log, ['child got hello at 1.5', 'parent got 42 at 1.5', 'parent woke at 2 with undefined']);
  t.true(p.processed);
  t.false(p.isAlive);
});

test('allOf succeeds with every value when the last event is processed', (t) => {
  const sim = new Simulator();
  let got: unknown;
  let at = -1;
  sim.process(
    (function* () {
      got = yield sim.allOf([sim.timeout(3, 'c'), sim.timeout(1, 'a'), sim.timeout(2, 'b')]);
      at = sim.now;
    })(),
  );
  sim.run();
  t.deepEqual(got, ['c', 'a', 'b']);
  t.is(at, 3);
});

test('allOf of nothing, and of events already processed, succeeds at once', (t) => {
  const sim = new Simulator();
  const done = sim.timeout(1, 'x');
  let got: unknown;
  sim.process(
    (function* () {
      yield sim.timeout(2);
      t.deepEqual(yield sim.allOf([]), []);
      got = yield sim.allOf([done]);
    })(),
  );
  sim.run();
  t.deepEqual(got, ['x']);
  t.is(sim.now, 2);
});

test('anyOf succeeds with the first event, its index and value', (t) => {
  const sim = new Simulator();
  let got: unknown;
  sim.process(
    (function* () {
      got = yield sim.anyOf([sim.timeout(3, 'slow'), sim.timeout(1, 'fast')]);
      t.is(sim.now, 1);
    })(),
  );
  sim.run();
  t.deepEqual(got, { index: 1, value: 'fast' });
  t.throws(() => sim.anyOf([]), { instanceOf: RangeError });
});

test('interrupt throws a typed Interrupt the generator can catch, and it stops waiting', (t) => {
  const sim = new Simulator();
  const log: string[] = [];
  function* upload(): ProcessGenerator<string> {
    try {
      yield sim.timeout(10);
      return 'finished';
    } catch (err) {
      t.true(err instanceof Interrupt);
      log.push(`interrupted at ${sim.now} because ${(err as Interrupt).cause}`);
      yield sim.timeout(1);
      log.push(`recovered at ${sim.now}`);
      return 'recovered';
    }
  }
  const p = sim.process(upload(), 'upload');
  sim.schedule(4, () => p.interrupt('battery empty'));
  sim.run();
  t.deepEqual(log, ['interrupted at 4 because battery empty', 'recovered at 5']);
  t.is(p.value, 'recovered');
  t.is(sim.now, 10); // the abandoned 10 s timeout still fires, but resumes nobody
  t.throws(() => p.interrupt(), { message: /has finished/ });
});

test('an uncaught interrupt stops the run naming the process and the time', (t) => {
  const sim = new Simulator();
  const p = sim.process(
    (function* () {
      yield sim.timeout(10);
    })(),
    'device t3',
  );
  sim.schedule(2, () => p.interrupt('failure'));
  const err = t.throws(() => sim.run(), { instanceOf: ProcessError });
  t.is(err!.message, 'process "device t3" failed at t=2 s: interrupted: failure');
  t.is(err!.processName, 'device t3');
  t.is(err!.timeS, 2);
});

test('an error thrown in a process names the process and the time; a waiting process may catch it', (t) => {
  const sim = new Simulator();
  function* failing(): ProcessGenerator<void> {
    yield sim.timeout(0.75);
    throw new Error('out of memory');
  }
  let caught: unknown;
  sim.process(
    (function* () {
      try {
        yield sim.process(failing(), 'trainer');
      } catch (err) {
        caught = err;
      }
    })(),
    'supervisor',
  );
  sim.run();
  t.true(caught instanceof ProcessError);
  t.is((caught as Error).message, 'process "trainer" failed at t=0.75 s: out of memory');

  const sim2 = new Simulator();
  sim2.process(
    (function* () {
      yield sim2.timeout(3);
      throw new Error('diverged');
    })(),
    'lonely',
  );
  t.throws(() => sim2.run(), { instanceOf: SimulationError, message: 'process "lonely" failed at t=3 s: diverged' });
});

test('a failed event is thrown at the yield of the waiting process', (t) => {
  const sim = new Simulator();
  const ev = sim.event<number>();
  sim.schedule(1, () => ev.fail(new Error('link down')));
  let message = '';
  sim.process(
    (function* () {
      try {
        yield ev;
      } catch (err) {
        message = (err as Error).message;
      }
    })(),
  );
  sim.run();
  t.is(message, 'link down');
});

test('a failed event nobody waits for stops the run', (t) => {
  const sim = new Simulator();
  sim.schedule(1, () => sim.event().fail(new Error('unheard')));
  t.throws(() => sim.run(), { instanceOf: SimulationError, message: /t=1 s: unheard/ });
});

test('yielding something that is not an event is an error inside the process', (t) => {
  const sim = new Simulator();
  sim.process(
    (function* () {
      yield 5 as never;
    })(),
    'confused',
  );
  t.throws(() => sim.run(), { instanceOf: ProcessError, message: /process "confused" failed at t=0 s: yielded number/ });
});

test('processes interleave deterministically (insertion order at equal times)', (t) => {
  const sim = new Simulator();
  const log: string[] = [];
  for (const name of ['a', 'b', 'c']) {
    sim.process(
      (function* () {
        for (let i = 0; i < 3; i++) {
          yield sim.timeout(1);
          log.push(`${name}${i}`);
        }
      })(),
    );
  }
  sim.run();
  t.deepEqual(log, ['a0', 'b0', 'c0', 'a1', 'b1', 'c1', 'a2', 'b2', 'c2']);
});
