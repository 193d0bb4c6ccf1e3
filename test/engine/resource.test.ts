import test from 'ava';
import fc from 'fast-check';
import { Simulator } from '../../src/engine/simulator.js';
import { Interrupt } from '../../src/engine/errors.js';
import type { Process, ProcessGenerator } from '../../src/engine/process.js';
import { Resource, PriorityResource, PreemptiveResource, Preempted, type ResourceRequest } from '../../src/engine/resource.js';

test('Resource grants slots first come first served: the hand-computed table and its statistics', (t) => {
  // Capacity 2. a, b, c ask at t=0 (holding 4, 2, 3 s), d, e at t=1 (holding 1, 2 s).
  // By hand: a, b granted at 0; c waits. b leaves at 2 → c (until 5). a leaves at 4 → d (until 5).
  // c and d leave at 5 → e (until 7). LIFO would grant e at 2, so the order is checked.
  // Busy integral 4+2+3+1+2 = 12 slot·s over T = 7 s → utilisation 12/14; queue integral:
  // c waits 0–2, d 1–4, e 1–5 → 2+3+4 = 9 request·s, mean 9/7; mean wait (0+0+2+3+4)/5 = 1.8 s.
  const sim = new Simulator();
  const res = new Resource(sim, 2);
  const jobs = { a: [0, 4], b: [0, 2], c: [0, 3], d: [1, 1], e: [1, 2] } as const;
  const got: Record<string, number> = {};
  const left: Record<string, number> = {};
  for (const [name, [atS, holdS]] of Object.entries(jobs)) {
    sim.process(
      (function* (): ProcessGenerator<void> {
        yield sim.timeout(atS);
        yield* res.request().use(function* () {
          got[name] = sim.now;
          yield sim.timeout(holdS);
        });
        left[name] = sim.now;
      })(),
      name,
    );
  }
  sim.run({ untilS: 1.5 });
  t.is(res.count, 2);
  t.deepEqual(res.queue.map((r) => r.timeS), [0, 1, 1]);
  sim.run();
  t.deepEqual(got, { a: 0, b: 0, c: 2, d: 4, e: 5 });
  t.deepEqual(left, { a: 4, b: 2, c: 5, d: 5, e: 7 });
  const s = res.stats();
  t.is(s.elapsedS, 7);
  t.is(s.busyTimeS, 12);
  t.is(s.utilisation, 12 / 14);
  t.is(s.queueTimeS, 9);
  t.is(s.meanQueueLength, 9 / 7);
  t.is(s.meanWaitS, 1.8);
  t.is(s.grants, 5);
  t.is(s.releases, 5);
  t.is(res.count, 0);
  t.throws(() => new Resource(sim, 0), { instanceOf: RangeError });
  t.throws(() => new Resource(sim, 1.5), { instanceOf: RangeError });
});

/** SimPy's `resource_user` of the topical guide "Shared Resources": waits, requests, holds 3 s. */
type OnPreempted = (req: ResourceRequest, cause: Preempted) => void;
function simpyUser(sim: Simulator, res: PriorityResource, log: string[], procs: Map<number, Process<void>>, onPreempted: OnPreempted, name: number, waitS: number, priority: number) {
  return function* (): ProcessGenerator<void> {
    yield sim.timeout(waitS);
    yield* res.request({ priority, owner: procs.get(name)! }).use(function* (req) {
      log.push(`${name} got resource at ${sim.now}`);
      try {
        yield sim.timeout(3);
      } catch (err) {
        if (!(err instanceof Interrupt) || !(err.cause instanceof Preempted)) throw err;
        const by = [...procs].find(([, p]) => p === (err.cause as Preempted).by)![0];
        log.push(`${name} got preempted by ${by} at ${sim.now} after ${sim.now - err.cause.usageSinceS}`);
        onPreempted(req, err.cause);
      }
    });
  };
}
function runSimpyExample(res: PriorityResource, sim: Simulator, onPreempted: OnPreempted = () => {}): string[] {
  const log: string[] = [];
  const procs = new Map<number, Process<void>>();
  for (const [name, waitS, prio] of [[1, 0, 0], [2, 1, 0], [3, 2, -1]] as const) procs.set(name, sim.process(simpyUser(sim, res, log, procs, onPreempted, name, waitS, prio)(), `user ${name}`));
  sim.run();
  return log;
}

test('PriorityResource: SimPy\'s documented PriorityResource example, and FIFO among equal priorities', (t) => {
  // SimPy docs, topical guide "Shared Resources", PriorityResource: p3 (priority −1, asking at 2)
  // overtakes p2 (priority 0, asking at 1): "1 got resource at 0, 3 got resource at 3, 2 got resource at 6".
  const sim = new Simulator();
  t.deepEqual(runSimpyExample(new PriorityResource(sim, 1), sim), ['1 got resource at 0', '3 got resource at 3', '2 got resource at 6']);

  // Ties: X holds 0–10; r1 (prio 1) and r2 (prio 0) ask at 1, r3 (1), r4 (0), r5 (0) at 2, in that
  // order. Service order: priority, then request time, then request order: r2 r4 r5 r1 r3.
  const sim2 = new Simulator();
  const res = new PriorityResource(sim2, 1);
  const order: string[] = [];
  const x = res.request({ priority: 5 });
  sim2.at(10, () => void res.release(x));
  const asks = [[1, 'r1', 1], [1, 'r2', 0], [2, 'r3', 1], [2, 'r4', 0], [2, 'r5', 0]] as const;
  for (const [atS, name, priority] of asks) {
    sim2.at(atS, () => {
      const req = res.request({ priority });
      req.addCallback(() => {
        order.push(`${name}@${sim2.now}`);
        sim2.schedule(1, () => void res.release(req));
      });
    });
  }
  sim2.run();
  t.deepEqual(order, ['r2@10', 'r4@11', 'r5@12', 'r1@13', 'r3@14']);
  t.throws(() => res.request({ priority: NaN }), { instanceOf: RangeError });
});

test('PreemptiveResource: SimPy\'s documented example — the right process is interrupted, with the right cause', (t) => {
  // SimPy docs, topical guide "Shared Resources", PreemptiveResource: users 1 (t=0, prio 0),
  // 2 (t=1, prio 0), 3 (t=2, prio −1), each holding 3 s. Documented output: "1 got resource at 0",
  // "1 got preempted by <3> at 2 after 2", "3 got resource at 2", "2 got resource at 5".
  const sim = new Simulator();
  const res = new PreemptiveResource(sim, 1);
  let checked = 0;
  const log = runSimpyExample(res, sim, (req, cause) => {
    t.is(req.status, 'preempted');
    t.is(req.preemptedBy, cause);
    t.is(cause.resource, res);
    t.is(cause.atS, 2);
    t.is(cause.byRequest.priority, -1);
    t.is(cause.byRequest.status, 'granted');
    t.false(res.users.includes(req)); // the preempted request left the users
    checked++;
  });
  t.deepEqual(log, ['1 got resource at 0', '1 got preempted by 3 at 2 after 2', '3 got resource at 2', '2 got resource at 5']);
  t.is(checked, 1);
  t.is(res.stats().preemptions, 1);
  t.regex(new Interrupt(new Preempted(undefined, res.request(), 1, 2, res)).message, /"atS":2,"usageSinceS":1/);
});

test('PreemptiveResource: SimPy\'s mixed-preemption example — a preempting request cannot jump a better one', (t) => {
  // SimPy docs, topical guide "Shared Resources": A (prio 0) holds from 0; at 1, B (prio −2,
  // preempt=False) and C (prio −1, preempt=True) ask. B heads the queue and does not preempt, so C
  // cannot either: "B got resource at 3", "C got resource at 6". "An additional request with a
  // priority of −3 would be able to preempt A" — D below; and withdrawing B lets C preempt.
  for (const variant of ['doc', 'withD', 'withdrawB'] as const) {
    const sim = new Simulator();
    const res = new PreemptiveResource(sim, 1);
    const log: string[] = [];
    const procs: Record<string, Process<void>> = {};
    const reqs: Record<string, ResourceRequest> = {};
    const user = (name: string, priority: number, preempt: boolean) =>
      function* (): ProcessGenerator<void> {
        const req = (reqs[name] = res.request({ priority, preempt, owner: procs[name]! }));
        try {
          yield* req.use(function* () {
            log.push(`${name} got resource at ${sim.now}`);
            yield sim.timeout(3);
          });
        } catch (err) {
          if (!(err instanceof Interrupt)) throw err;
          log.push(`${name} got preempted at ${sim.now} by ${(err.cause as Preempted).by?.name ?? '?'}`);
        }
      };
    procs.A = sim.process(user('A', 0, true)(), 'A');
    sim.run({ untilS: 1 });
    procs.B = sim.process(user('B', -2, false)(), 'B');
    procs.C = sim.process(user('C', -1, true)(), 'C');
    if (variant === 'withD') sim.at(1.5, () => void (procs.D = sim.process(user('D', -3, true)(), 'D')));
    if (variant === 'withdrawB') sim.at(2, () => t.true(reqs.B!.cancel()));
    sim.run();
    const expected = {
      doc: ['A got resource at 0', 'B got resource at 3', 'C got resource at 6'],
      withD: ['A got resource at 0', 'A got preempted at 1.5 by D', 'D got resource at 1.5', 'B got resource at 4.5', 'C got resource at 7.5'],
      withdrawB: ['A got resource at 0', 'A got preempted at 2 by C', 'C got resource at 2'],
    }[variant];
    t.deepEqual(log, expected, variant);
  }
});

test('cancelling: a waiting request withdraws (also by release), a granted one gives its slot to the next', (t) => {
  const sim = new Simulator();
  const res = new Resource(sim, 1);
  const holder = res.request();
  const [a, b, c] = [res.request(), res.request(), res.request()];
  let d!: ResourceRequest;
  sim.at(0.1, () => void (d = res.request())); // after the two processes' requests below
  t.is(res.queue.length, 3);
  t.true(b.cancel()); // withdrawn while waiting
  t.false(b.cancel());
  t.true(res.release(c)); // releasing an ungranted request withdraws it (SimPy's `with` exit)
  t.false(res.release(c));
  t.deepEqual(res.queue, [a]);
  t.deepEqual([b.status, c.status], ['withdrawn', 'withdrawn']);
  sim.at(1, () => void res.release(holder));
  // An interrupted waiter using wait() withdraws; its slot is not leaked.
  const impatient = sim.process(
    (function* (): ProcessGenerator<string> {
      try {
        yield* res.request().wait();
        return 'granted';
      } catch (err) {
        return err instanceof Interrupt ? `interrupted at ${sim.now}` : 'other';
      }
    })(),
  );
  sim.at(0.5, () => impatient.interrupt());
  // A request granted in the instant a timeout wins the race is cancelled: the slot goes on.
  const raced = sim.process(
    (function* (): ProcessGenerator<unknown> {
      const req = res.request();
      const r = yield sim.anyOf([req, sim.timeout(3, 'timeout')]);
      t.is(req.status, 'granted'); // granted at 3 when a left, just after the timeout fired
      t.true(req.cancel()); // so it is released, and the slot goes to d
      return r;
    })(),
  );
  a.addCallback(() => sim.schedule(2, () => void res.release(a))); // a holds 1–3
  sim.run();
  t.is(impatient.value, 'interrupted at 0.5');
  t.deepEqual(raced.value, { index: 1, value: 'timeout' });
  t.true(a.processed && d.processed); // d got the slot the raced request gave back, at 3
  t.is(d.usageSinceS, 3);
  t.false(b.triggered || c.triggered);
  t.deepEqual(res.users, [d]);
  t.is(res.stats().withdrawals, 3);
  t.throws(() => new Resource(sim).release(d), { message: /another resource/ });
});

type Op = { atS: number; priority: number; preempt: boolean; holdS: number; patienceS: number | null };
const opArb = fc.record({
  atS: fc.integer({ min: 0, max: 16 }).map((x) => x / 2), // half-seconds: many ties
  priority: fc.integer({ min: 0, max: 3 }),
  preempt: fc.boolean(),
  holdS: fc.integer({ min: 0, max: 6 }).map((x) => x / 2),
  patienceS: fc.option(fc.integer({ min: 0, max: 4 }).map((x) => x / 2), { nil: null }),
});

/** Runs the ops, checking the invariants after every engine step; returns a failure message or ''. */
function checkRun(ops: Op[], capacity: number, kind: 'fifo' | 'priority' | 'preemptive'): string {
  const sim = new Simulator();
  const res = kind === 'fifo' ? new Resource(sim, capacity) : kind === 'priority' ? new PriorityResource(sim, capacity) : new PreemptiveResource(sim, capacity);
  const all: ResourceRequest[] = [];
  const interruptedWith = new Map<ResourceRequest, unknown>();
  const endedAt = new Map<ResourceRequest, number>();
  for (const op of ops) {
    sim.at(op.atS, () => {
      let proc!: Process<void>; // assigned before the generator's first step runs
      proc = sim.process(
        (function* (): ProcessGenerator<void> {
          const req = (res as PreemptiveResource).request({ priority: op.priority, preempt: op.preempt, owner: proc });
          all.push(req);
          try {
            if (op.patienceS !== null) {
              const r = (yield sim.anyOf([req, sim.timeout(op.patienceS)])) as { index: number };
              if (r.index === 1) { req.cancel(); return; }
            } else yield req;
            yield sim.timeout(op.holdS);
            res.release(req);
          } catch (err) {
            if (!(err instanceof Interrupt)) throw err;
            interruptedWith.set(req, err.cause);
          } finally {
            endedAt.set(req, sim.now);
          }
        })(),
      );
    });
  }
  const checked = new Set<ResourceRequest>();
  let busy = 0, queued = 0, lastS = 0, count = 0, qlen = 0;
  while (sim.step()) {
    busy += count * (sim.now - lastS);
    queued += qlen * (sim.now - lastS);
    [lastS, count, qlen] = [sim.now, res.count, res.queue.length];
    if (res.count > capacity) return `users ${res.count} > capacity ${capacity} at ${sim.now}`;
    if (res.queue.length > 0 && res.count < capacity) return `a request waits while a slot is free at ${sim.now}`;
    for (const g of all) {
      if (checked.has(g) || !(g.usageSinceS === sim.now)) continue;
      checked.add(g);
      const better = res.queue.find((w) => w.seq < g.seq && w.priority <= g.priority);
      if (better !== undefined) return `request #${g.seq} granted at ${sim.now} while better-or-equal earlier #${better.seq} waits`;
    }
    const head = res.queue[0];
    if (kind === 'preemptive' && head?.preempt && res.users.some((u) => u.priority > head.priority)) return `head #${head.seq} should have preempted at ${sim.now}`;
  }
  const s = res.stats();
  if (Math.abs(s.busyTimeS - busy) > 1e-9 || Math.abs(s.queueTimeS - queued) > 1e-9) return `integrals ${s.busyTimeS}/${s.queueTimeS} ≠ ${busy}/${queued}`;
  if (res.count !== 0 || res.queue.length !== 0) return 'not drained';
  for (const r of all) {
    const by = r.preemptedBy;
    if (by === undefined ? interruptedWith.has(r) : interruptedWith.get(r) !== by && !(endedAt.get(r) === by.atS && !interruptedWith.has(r))) {
      // (an owner that ends in the instant it is preempted, before the Interrupt is delivered, gets none)
      return `#${r.seq}: interrupt does not match preemption`;
    }
    if ((r.status === 'preempted') !== (by !== undefined)) return `#${r.seq}: status ${r.status} vs preemptedBy`;
    if (by !== undefined && !(kind === 'preemptive' && by.byRequest.preempt && by.byRequest.priority < r.priority)) return `#${r.seq} preempted by #${by.byRequest.seq}, not strictly better`;
    if (r.status === 'granted' || r.status === 'waiting') return `#${r.seq} left ${r.status}`;
  }
  return '';
}

test('property: users ≤ capacity at every instant, and no request is granted while a better-or-equal earlier one waits', (t) => {
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 40 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom('fifo' as const, 'priority' as const, 'preemptive' as const), (ops, cap, kind) => {
      const msg = checkRun(ops, cap, kind);
      if (msg !== '') throw new Error(msg);
    }),
    {
      numRuns: 400,
      // found by this property: C, granted and preempted at 7.5, ends at 7.5 (its patience ran out)
      // before its Interrupt is delivered
      examples: [[[{ atS: 4, priority: 0, preempt: false, holdS: 2.5, patienceS: null }, { atS: 7.5, priority: 0, preempt: true, holdS: 0, patienceS: null }, { atS: 7, priority: 1, preempt: false, holdS: 0, patienceS: 0.5 }, { atS: 4, priority: 0, preempt: false, holdS: 1, patienceS: null }], 1, 'preemptive']],
    },
  );
  t.pass();
});

/**
 * A single-server FIFO queue fed by Poisson arrivals (rate λ, stream `arrivals`), each customer a
 * process holding the server for `service()` s (stream `service`). Statistics cover customers
 * arriving after the warm-up; the resource's window is reset at the warm-up.
 */
function singleServer(lambda: number, service: (sim: Simulator) => number, warmupS: number, horizonS: number) {
  const sim = new Simulator({ seed: 20261128 });
  const res = new Resource(sim, 1);
  const arrivals = sim.rng.stream('arrivals');
  const sojourns: number[] = [];
  const waits: number[] = [];
  function* customer(): ProcessGenerator<void> {
    const t0 = sim.now;
    const req = res.request();
    yield req;
    const waitS = sim.now - t0;
    yield sim.timeout(service(sim));
    res.release(req);
    if (t0 >= warmupS) {
      waits.push(waitS);
      sojourns.push(sim.now - t0);
    }
  }
  sim.process(
    (function* (): ProcessGenerator<void> {
      for (;;) {
        yield sim.timeout(arrivals.exponential(lambda));
        sim.process(customer(), 'customer');
      }
    })(),
    'arrivals',
  );
  sim.run({ untilS: warmupS });
  res.resetStats();
  sim.run({ untilS: warmupS + horizonS });
  return { sojourns, waits, stats: res.stats() };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Standard error of the mean by 20 batch means (consecutive customers are correlated). */
function batchStdErr(xs: readonly number[], batches = 20): number {
  const size = Math.floor(xs.length / batches);
  const means = Array.from({ length: batches }, (_, b) => mean(xs.slice(b * size, (b + 1) * size)));
  const m = mean(means);
  return Math.sqrt(means.reduce((a, x) => a + (x - m) ** 2, 0) / (batches - 1) / batches);
}

test('M/M/1 (λ = 0.5, μ = 1): mean sojourn 1/(μ−λ) within 5%, utilisation ρ = λ/μ within 3% (Kleinrock)', (t) => {
  // Kleinrock, Queueing Systems Vol. 1 (1975), §3.2 (M/M/1): ρ = λ/μ, T = (1/μ)/(1−ρ) = 1/(μ−λ),
  // Lq = ρ²/(1−ρ); and (ch. 5, waiting-time distribution) under FIFO the sojourn is exponential
  // with rate μ−λ, so its median is ln 2/(μ−λ) — a LIFO or priority-blind order would change it.
  const lambda = 0.5, mu = 1, rho = lambda / mu;
  const r = singleServer(lambda, (sim) => sim.rng.stream('service').exponential(mu), 1_000, 300_000);
  const T = mean(r.sojourns), se = batchStdErr(r.sojourns);
  const sorted = [...r.sojourns].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  t.log(`${r.sojourns.length} customers: T = ${T.toFixed(4)} (±${se.toFixed(4)} s.e.), ρ̂ = ${r.stats.utilisation.toFixed(4)}, Lq = ${r.stats.meanQueueLength.toFixed(4)}, median ${median.toFixed(4)}`);
  t.true(se < (0.05 / 3) * (1 / (mu - lambda)), 'the run is long enough for the 5% bound to be ≥ 3 standard errors');
  t.true(Math.abs(T / (1 / (mu - lambda)) - 1) < 0.05, `mean sojourn ${T} vs ${1 / (mu - lambda)}`);
  t.true(Math.abs(r.stats.utilisation / rho - 1) < 0.03, `utilisation ${r.stats.utilisation} vs ${rho}`);
  t.true(Math.abs(r.stats.meanQueueLength / (rho ** 2 / (1 - rho)) - 1) < 0.05, `time-weighted queue ${r.stats.meanQueueLength} vs ${rho ** 2 / (1 - rho)}`);
  t.true(Math.abs(median / (Math.LN2 / (mu - lambda)) - 1) < 0.05, `median sojourn ${median} vs ${Math.LN2 / (mu - lambda)}`);
});

test('M/D/1 (λ = 0.7, D = 1 s): mean wait ρ/(2μ(1−ρ)) within 5% (Pollaczek–Khinchine)', (t) => {
  // Pollaczek–Khinchine mean-value formula (Kleinrock, Queueing Systems Vol. 1, ch. 5, M/G/1):
  // W = λ E[S²] / (2(1−ρ)); with deterministic service S = 1/μ, W = ρ/(2μ(1−ρ)).
  const lambda = 0.7, mu = 1, rho = lambda / mu;
  const expected = rho / (2 * mu * (1 - rho));
  const r = singleServer(lambda, () => 1 / mu, 1_000, 300_000);
  const W = mean(r.waits), se = batchStdErr(r.waits);
  t.log(`${r.waits.length} customers: W = ${W.toFixed(4)} (±${se.toFixed(4)} s.e.) vs ${expected.toFixed(4)}, ρ̂ = ${r.stats.utilisation.toFixed(4)}, resource mean wait ${r.stats.meanWaitS.toFixed(4)}`);
  t.true(se < (0.05 / 3) * expected, 'the run is long enough for the 5% bound to be ≥ 3 standard errors');
  t.true(Math.abs(W / expected - 1) < 0.05, `mean wait ${W} vs ${expected}`);
  t.true(Math.abs(r.stats.utilisation / rho - 1) < 0.03, `utilisation ${r.stats.utilisation} vs ${rho}`);
});
