/** Queue disciplines of an edge inference server, on hand-built timelines (a fake processor: 1 FLOP = 1 s). */
import test from 'ava';
import { Simulator } from '../../src/engine/simulator.js';
import { createQueue, type Executor, type ServedJob } from '../../src/inference/queues.js';
import type { ProcessGenerator } from '../../src/engine/process.js';

/** A processor that computes 1 FLOP per second after `overheadS`, one computation at a time per caller. */
function executor(sim: Simulator, overheadS = 0, log: string[] = []): Executor {
  return {
    sim,
    *run(flops: number, label: string): ProcessGenerator<void> {
      log.push(`${sim.now} ${label}`);
      yield sim.timeout(overheadS + flops);
    },
    *runShare(flops: number, share: number, label: string): ProcessGenerator<void> {
      log.push(`${sim.now} ${label} share ${share}`);
      yield sim.timeout(overheadS + flops / share);
    },
  };
}

/** Submits jobs (arrival time, flops, priority) and returns what each got, by label. */
function play(spec: Record<string, unknown> & { name: string }, jobs: [number, number, number, string?, number?][], overheadS = 0): { served: Map<string, ServedJob>; log: string[] } {
  const sim = new Simulator();
  const log: string[] = [];
  const q = createQueue(spec, executor(sim, overheadS, log));
  const served = new Map<string, ServedJob>();
  jobs.forEach(([at, flops, priority, owner, share], i) =>
    sim.at(at, () => {
      const ev = q.submit({ label: `r${i}`, flops, priority, owner: owner ?? 't', share: share ?? null });
      ev.addCallback(() => served.set(`r${i}`, ev.value));
    }),
  );
  sim.run();
  return { served, log };
}

test('fifo: arrival order, each waits for the one before (hand-computed)', (t) => {
  // r0 at 0 (2 s), r1 at 1 (1 s), r2 at 1.5 (1 s): r0 0–2, r1 2–3 (waits 1), r2 3–4 (waits 1.5).
  const { served } = play({ name: 'fifo' }, [
    [0, 2, 0],
    [1, 1, 0],
    [1.5, 1, 0],
  ]);
  t.deepEqual([...served.entries()].map(([k, v]) => [k, v.startS, v.waitS, v.computeS]), [
    ['r0', 0, 0, 2],
    ['r1', 2, 1, 1],
    ['r2', 3, 1.5, 1],
  ]);
});

test('priority: the lower priority number goes first among those waiting; the one in service is not preempted', (t) => {
  // r0 (prio 5) starts at 0; r1 (prio 5) at 0.5, r2 (prio 1) at 1: r2 runs at 2, r1 at 3.
  const { served } = play({ name: 'priority' }, [
    [0, 2, 5],
    [0.5, 1, 5],
    [1, 1, 1],
  ]);
  t.deepEqual(
    ['r0', 'r1', 'r2'].map((k) => served.get(k)!.startS),
    [0, 3, 2],
  );
});

test('batch: requests are collected up to maxBatch or until timeoutS after the first; one overhead per batch', (t) => {
  // maxBatch 2, timeout 0.5 s, overhead 1 s, 1 FLOP each.
  // r0 at 0 waits for r1 (0.2): batch {r0, r1} runs 0.2–3.2 (1 + 2 FLOPs).
  // r2 at 1, r3 at 1.1, r4 at 2 queue meanwhile: at 3.2 the batch {r2, r3} is full at once: 3.2–6.2.
  // r4 is alone at 6.2; the timeout closes its batch at 6.7: 6.7–8.7.
  const { served, log } = play(
    { name: 'batch', maxBatch: 2, timeoutS: 0.5 },
    [
      [0, 1, 0],
      [0.2, 1, 0],
      [1, 1, 0],
      [1.1, 1, 0],
      [2, 1, 0],
    ],
    1,
  );
  const row = (k: string): number[] => {
    const s = served.get(k)!;
    return [s.startS, +s.waitS.toFixed(9), s.computeS, s.batchSize].map((x) => +x.toFixed(9));
  };
  t.deepEqual(row('r0'), [0.2, 0.2, 3, 2]);
  t.deepEqual(row('r1'), [0.2, 0, 3, 2]);
  t.deepEqual(row('r2'), [3.2, 2.2, 3, 2]);
  t.deepEqual(row('r3'), [3.2, 2.1, 3, 2]);
  t.deepEqual(row('r4'), [6.7, 4.7, 2, 1]);
  t.is(log.length, 3);
});

test('reserved: each terminal has its own queue on its share of the processor; shares run side by side', (t) => {
  // a (share 0.5): r0 at 0 (1 FLOP) takes 2 s; r1 at 0.5 waits for it: 2–4. b (share 0.25): r2 at 1 takes 4 s: 1–5.
  // c without a share gets defaultShare 0.2: r3 at 0 (1 FLOP) takes 5 s.
  const { served } = play({ name: 'reserved', defaultShare: 0.2 }, [
    [0, 1, 0, 'a', 0.5],
    [0.5, 1, 0, 'a', 0.5],
    [1, 1, 0, 'b', 0.25],
    [0, 1, 0, 'c'],
  ]);
  t.deepEqual(
    ['r0', 'r1', 'r2', 'r3'].map((k) => [served.get(k)!.startS, served.get(k)!.waitS, served.get(k)!.computeS]),
    [
      [0, 0, 2],
      [2, 1.5, 2],
      [1, 0, 4],
      [0, 0, 5],
    ],
  );
});
