/**
 * Accelerators and threads as a scenario writes them: validation, the report's time, busy
 * core-seconds and compute energy. Expected values are hand computations written beside them.
 */
import test from 'ava';
import { issuesOf } from '../scenario/issues.js';
import { validateScenario, ScenarioError, formatPath } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';
import { selectBackend } from '../../src/learning/backend.js';

test.before(async () => {
  await selectBackend('auto');
});

const close = (a: number | null | undefined, b: number, tol = 1e-9): boolean => a !== null && a !== undefined && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
const run = (spec: Omit<ScenarioSpec, 'name'>) => simulate(validateScenario({ name: 'c', ...spec })).report;


test('an A100 accelerator node: 1.95e13 FLOP take 1 s and 400 J of compute energy (19.5 TFLOP/s FP32, 400 W)', (t) => {
  const r = run({ nodes: [{ id: 'ps', kind: 'server', accelerator: { flopsPerS: 19.5e12, boardPowerW: 400 }, power: { idleW: 0, rxW: 0 } }], tasks: [{ id: 'x', type: 'compute', node: 'ps', flops: 1.95e13 }] });
  t.true(close(r.tasks[0]!.durationS, 1));
  t.true(close(r.nodes[0]!.energyJ.compute, 400, 1e-6));
  t.is(r.nodes[0]!.cpuFlopsPerS, 19.5e12);
});

test('a compute task with threads: C/(threads·f·fpc), busy core-seconds and energy as one thread', (t) => {
  // 4 cores × 1 GHz × 4 FLOP/cycle; 8e9 FLOPs: one thread 2 s, four threads 0.5 s; both 2 core-seconds
  // and κ·(C/fpc)·f² = 1e-28 × 2e9 × 1e18 = 0.2 J.
  const cpu = { cores: 4, freqHz: 1e9, flopsPerCycle: 4, kappa: 1e-28 };
  for (const [threads, timeS] of [[undefined, 2], [4, 0.5], [16, 0.5]] as const) {
    const r = run({ nodes: [{ id: 'n', kind: 'terminal', cpu, power: { idleW: 0, rxW: 0 } }], tasks: [{ id: 'x', type: 'compute', node: 'n', flops: 8e9, ...(threads === undefined ? {} : { threads }) }] });
    t.true(close(r.tasks[0]!.durationS, timeS), `threads ${threads}`);
    t.true(close(r.nodes[0]!.busyS, 2), `threads ${threads}: busy ${r.nodes[0]!.busyS}`);
    t.true(close(r.nodes[0]!.energyJ.compute, 0.2), `threads ${threads}: ${r.nodes[0]!.energyJ.compute} J`);
  }
});

test('an accelerator needs exactly one of board power and energy per FLOP, a plausible ratio, and no cpu beside it', (t) => {
  const n = (extra: object) => ({ name: 'x', nodes: [{ id: 'a', kind: 'server', ...extra }] });
  t.deepEqual(issuesOf(n({ accelerator: { flopsPerS: 1e12 } })), ['nodes[0].accelerator: give boardPowerW or energyPerFlopJ (one of them)']);
  t.deepEqual(issuesOf(n({ accelerator: { flopsPerS: 1e12, boardPowerW: 100, energyPerFlopJ: 1e-10 } })), ['nodes[0].accelerator: give boardPowerW or energyPerFlopJ (one of them)']);
  // 1e9 W for 1e12 FLOP/s is 1 mJ a FLOP: refused.
  t.deepEqual(issuesOf(n({ accelerator: { flopsPerS: 1e12, boardPowerW: 1e9 } })), ['nodes[0].accelerator.boardPowerW: expected boardPowerW / flopsPerS in 1e-15…1e-6 J a FLOP (an A100: 400 W / 19.5e12 ≈ 2e-11), got 1e-3']);
  t.deepEqual(issuesOf(n({ accelerator: { flopsPerS: 1e12, boardPowerW: 100 }, cpu: { freqHz: 1e9 } })), ['nodes[0].accelerator: give accelerator or cpu, not both']);
  t.deepEqual(issuesOf(n({ accelerator: { flopsPerS: 1e12, boardPowerW: 100 }, cpuFlopsPerS: 1e9 })), ['nodes[0].accelerator: give accelerator or cpuFlopsPerS, not both']);
  t.deepEqual(issuesOf({ name: 'x', nodes: [{ id: 'a', kind: 'server', cpuFlopsPerS: 1e9 }], tasks: [{ id: 'k', type: 'compute', node: 'a', flops: 1, threads: 0 }] }), ['tasks[0].threads: expected at least 1 thread, got 0']);
});

test('a 4-core phone trains on all its cores: C/(4·f·fpc) with f = 2 GHz, fpc = 8; the server aggregates on all of its', (t) => {
  const scenario = validateScenario({
    name: 'train',
    nodes: [
      { id: 'ps', kind: 'server', cpuFlopsPerS: 64e9 },
      { id: 't0', kind: 'terminal', profile: 'phone' },
    ],
    links: [{ from: 't0', to: 'ps', rateBps: 1e9 }],
    training: { model: 'softmax', dataset: { name: 'gaussian-mixture', samples: 200, classes: 10, dim: 784 }, server: 'ps', clients: ['t0'], rounds: 1 },
  });
  const seen = new Map<string, { flops: number; threads: number | undefined; startS: number; endS: number }>();
  simulate(scenario, {
    onTrace: (bus) => {
      bus.on('compute.start', (p, s) => seen.set(p.task, { flops: p.flops, threads: p.threads, startS: s, endS: NaN }));
      bus.on('compute.end', (p, s) => (seen.get(p.task)!.endS = s));
    },
  });
  const train = [...seen.entries()].find(([k]) => k.includes('/train@t0'))?.[1];
  const agg = [...seen.entries()].find(([k]) => k.includes('/aggregate'))?.[1];
  t.truthy(train);
  t.truthy(agg);
  t.is(train!.threads, 4);
  t.true(train!.flops > 0);
  // The clock counts nanoseconds.
  t.true(Math.abs(train!.endS - train!.startS - train!.flops / (4 * 2e9 * 8)) < 1e-9, `${train!.endS - train!.startS} s`);
  // 64 GFLOP/s shorthand = 4 cores × 2 GHz × 8.
  t.is(agg!.threads, 4);
  t.true(Math.abs(agg!.endS - agg!.startS - agg!.flops / 64e9) < 1e-9);
});
