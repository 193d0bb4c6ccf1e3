/**
 * `deployment.plan: 'optimize'`: the eq. 5 optimizer plans each terminal's split and reserved
 * share from the world when serving starts, serving simulates that plan, and the report sets the
 * plan's predictions beside the measured figures. On fixed-rate links with one request in the
 * system at a time the optimizer's model is exact, so predicted equals measured (checked against a
 * hand computation too); two terminals on one server show a reserved share isolating them.
 */
import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { selectBackend } from '../../src/learning/backend.js';
import { prepareScenarioInference } from '../../src/inference/deploy.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';

const cacheRoot = mkdtempSync(join(tmpdir(), 'edgesim-plan-'));

test.before(async () => {
  await selectBackend('cpu');
});

/** A slow terminal (10 MFLOP/s) and a fast one (10 GFLOP/s) behind 1 Mbit/s links to a 1 GFLOP/s server; the 2NN. */
function spec(deadlineS: number): ScenarioSpec {
  return {
    name: 'plan',
    seed: 5,
    nodes: [
      { id: 'e', kind: 'edge', cpu: { cores: 1, freqHz: 1e9, flopsPerCycle: 1 } },
      { id: 'slow', kind: 'terminal', cpu: { cores: 1, freqHz: 1e7, flopsPerCycle: 1 } },
      { id: 'fast', kind: 'terminal', cpu: { cores: 1, freqHz: 1e10, flopsPerCycle: 1 } },
    ],
    links: [
      { from: 'slow', to: 'e', rateBps: 1e6, delayS: 0 },
      { from: 'fast', to: 'e', rateBps: 1e6, delayS: 0 },
    ],
    inference: {
      model: { name: '2nn', trainExamples: 1000, testExamples: 200, epochs: 1 },
      workload: [{ arrivals: { name: 'periodic', periodS: 1, count: 10 }, deadlineS }],
      deployment: { plan: 'optimize', optimizer: { solver: { solver: 'exhaustive' }, weights: { energyPerJ: 0, latencyPerS: 1, sharePerUnit: 0.001 }, shares: [0.5, 1] } },
    },
  };
}

async function run(deadlineS: number) {
  const s = validateScenario(spec(deadlineS));
  await prepareScenarioInference(s, cacheRoot).then((x) => x!);
  return simulate(s).report;
}

test("the plan: the slow terminal offloads everything, the fast one runs the model itself; predicted and measured as hand-computed", async (t) => {
  const report = await run(1);
  const plan = report.inference!.plan!;
  t.true(plan.feasible);
  // 2NN FLOPs: 313 800 + 80 200 + 4 010 = 398 010. Slow on device: 398 010 / 1e7 = 39.8 ms; offloaded
  // (k = 0): 25 088 bit / 1 Mbit/s = 25.088 ms up, 398 010 / (0.5 · 1e9) = 0.796 ms at share 0.5
  // (1 share costs 0.001 more for 0.398 ms less: 0.000398 < 0.0005 — share 0.5 wins), 64 µs down.
  // Fast on device: 398 010 / 1e10 = 39.8 µs, nothing sent, share 0.
  const slow = plan.terminals.find((x) => x.terminal === 'slow')!;
  const fast = plan.terminals.find((x) => x.terminal === 'fast')!;
  t.deepEqual([slow.split, slow.share, fast.split, fast.share], [0, 0.5, 3, 0]);
  const slowS = 25088 / 1e6 + 398010 / (0.5 * 1e9) + 64 / 1e6;
  const fastS = 398010 / 1e10;
  // The optimizer's queue is M/D/1 at λ = 1/s (it takes the rate, not the periodicity): it adds the
  // Pollaczek–Khinchine wait ρ·s/(2(1 − ρ)), s = 0.796 ms; periodic requests one second apart never wait.
  const s = 398010 / (0.5 * 1e9);
  const wait = (s * s) / (2 * (1 - s));
  t.true(Math.abs(slow.predictedLatencyS - (slowS + wait)) < 1e-12, `${slow.predictedLatencyS}`);
  t.true(Math.abs(slow.measuredMeanLatencyS! - slowS) < 1e-9, `${slow.measuredMeanLatencyS}`);
  t.true(Math.abs(fast.predictedLatencyS - fastS) < 1e-12 && Math.abs(fast.measuredMeanLatencyS! - fastS) < 1e-9);
  t.deepEqual([slow.violations, fast.violations], [[], []]);
  // The server's busy core-seconds: a share b computing F FLOPs for F/(b·rate) s counts b·F/(b·rate) = F/rate,
  // whatever the share: 10 requests × 398 010 FLOPs / 1 GFLOP/s = 3.9801 ms.
  t.true(Math.abs(report.nodes.find((n) => n.id === 'e')!.busyS - (10 * 398010) / 1e9) < 1e-12);
  // The requests ran the plan: the slow terminal's at split 0 on the server, the fast one's on the device.
  for (const r of report.requests!) t.deepEqual([r.split, r.server], r.terminal === 'slow' ? [0, 'e'] : [3, null]);
});

test('an impossible latency bound: the plan is infeasible, says why, and terminals keep their fixed choice', async (t) => {
  const report = await run(1e-6);
  const plan = report.inference!.plan!;
  t.false(plan.feasible);
  t.true(plan.infeasible.some((i) => i.id === 'slow' && /latency/.test(i.reason)), JSON.stringify(plan.infeasible));
  t.deepEqual(plan.terminals, []);
  for (const r of report.requests!) t.is(r.split, 0); // the fixed default: everything on the edge
});
