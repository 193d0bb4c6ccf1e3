import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { renderJson } from '../../src/report/formats.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';
import type { TaskReport } from '../../src/report/report.js';

// Hand-computed timeline (times in s):
//   a: 2e9 FLOPs on t0 at 1e9 FLOP/s           → 0 … 2
//   b: 1e9 FLOPs on t0, ready at 0, queued      → waits 2, runs 2 … 3
//   up-a: 8e6 bits t0→e0 at 4e6 bit/s, +0.01 s → tx 2 … 4, arrives 4.01
//   up-b: 8e6 bits, ready at 3, queued behind up-a → tx 4 … 6, arrives 6.01
//   agg: 1e12 FLOPs on e0 at 1e12 FLOP/s after both → 6.01 … 7.01
const spec: ScenarioSpec = {
  name: 'hand',
  nodes: [
    { id: 't0', kind: 'terminal', cpuFlopsPerS: 1e9 },
    { id: 'e0', kind: 'edge', cpuFlopsPerS: 1e12 },
  ],
  links: [{ from: 't0', to: 'e0', rateBps: 4e6, delayS: 0.01 }],
  tasks: [
    { id: 'a', type: 'compute', node: 't0', flops: 2e9 },
    { id: 'b', type: 'compute', node: 't0', flops: 1e9 },
    { id: 'up-a', type: 'send', from: 't0', to: 'e0', bits: 8e6, after: ['a'] },
    { id: 'up-b', type: 'send', from: 't0', to: 'e0', bits: 8e6, after: ['b'] },
    { id: 'agg', type: 'compute', node: 'e0', flops: 1e12, after: ['up-a', 'up-b'] },
  ],
};

const close = (a: number | null, b: number): boolean => a !== null && Math.abs(a - b) < 1e-9;

test('task milestones match the hand-computed FIFO timeline', (t) => {
  const { report } = simulate(validateScenario(spec));
  const byId = new Map<string, TaskReport>(report.tasks.map((x) => [x.id, x]));
  const expect: Record<string, [number, number, number]> = {
    a: [0, 0, 2],
    b: [0, 2, 3],
    'up-a': [2, 2, 4.01],
    'up-b': [3, 4, 6.01],
    agg: [6.01, 6.01, 7.01],
  };
  for (const [id, [ready, start, end]] of Object.entries(expect)) {
    const r = byId.get(id)!;
    t.true(close(r.readyS, ready) && close(r.startS, start) && close(r.endS, end), `${id}: ${r.readyS} ${r.startS} ${r.endS}`);
    t.is(r.status, 'done');
  }
  t.true(close(byId.get('b')!.waitS, 2));
  t.true(close(byId.get('up-b')!.waitS, 1));
  t.true(close(report.simulatedEndS, 7.01));
  t.is(report.stopReason, 'empty');
});

test('per-node busy time and per-link bits and airtime add up', (t) => {
  const { report } = simulate(validateScenario(spec));
  const t0 = report.nodes.find((n) => n.id === 't0')!;
  t.true(close(t0.busyS, 3));
  t.is(t0.computeTasks, 2);
  t.is(t0.flops, 3e9);
  t.true(close(t0.utilization, 3 / 7.01));
  const up = report.links.find((l) => l.id === 't0->e0')!;
  t.is(up.bits, 16e6);
  t.true(close(up.airtimeS, 4));
  t.is(up.messages, 2);
  const down = report.links.find((l) => l.id === 'e0->t0')!;
  t.is(down.messages, 0);
  t.is(report.events.byType['compute.end'], 3);
  t.is(report.events.byType['rx'], 2);
  t.is(report.events.byType['task.end'], 5);
});

test('a horizon cuts the run and reports where unfinished tasks stood', (t) => {
  const { report } = simulate(validateScenario({ ...spec, horizonS: 3.5 }));
  const status = Object.fromEntries(report.tasks.map((x) => [x.id, x.status]));
  t.deepEqual(status, { a: 'done', b: 'done', 'up-a': 'in-service', 'up-b': 'queued', agg: 'blocked' });
  t.is(report.simulatedEndS, 3.5);
  t.is(report.stopReason, 'until');
  const agg = report.tasks.find((x) => x.id === 'agg')!;
  t.deepEqual([agg.readyS, agg.startS, agg.endS, agg.waitS, agg.durationS], [null, null, null, null, null]);
});

test('same scenario and seed ⇒ byte-identical report.json', (t) => {
  const a = renderJson(simulate(validateScenario(spec)).report);
  const b = renderJson(simulate(validateScenario(spec)).report);
  t.is(a, b);
  t.true(a.endsWith('\n'));
  t.is(JSON.parse(a).schema, 'edgesim.report/1');
});

test('utilization is busy core-seconds over the capacity of every core: a 4-core task for 1 s in 2 s is 50%', (t) => {
  // 4 cores × 1 GHz × 2 FLOP/cycle = 8 GFLOP/s; 8 GFLOP on all 4 cores takes 1 s (4 core-seconds);
  // then 1 s of nothing (the task waits on notBeforeS); utilization = 4 / (4 × 2) = 0.5.
  const { report } = simulate(
    validateScenario({
      name: 'cores',
      nodes: [{ id: 'n', kind: 'edge', cpu: { cores: 4, freqHz: 1e9, flopsPerCycle: 2 } }],
      tasks: [{ id: 'c', type: 'compute', node: 'n', flops: 8e9, threads: 4, notBeforeS: 1 }],
    }),
  );
  const n = report.nodes[0]!;
  t.is(report.simulatedEndS, 2);
  t.true(Math.abs(n.busyS - 4) < 1e-9, `${n.busyS}`);
  t.true(Math.abs(n.utilization! - 0.5) < 1e-9, `${n.utilization}`);
});
