/**
 * Inference requests on the timeline, against hand computations and queueing closed forms. The
 * world is built from a scenario without an inference section; serving is started directly on it
 * with a fixed plan (the model's split profile comes later in the pipeline).
 */
import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { Simulator } from '../../src/engine/simulator.js';
import { buildWorld } from '../../src/scenario/world.js';
import { inferenceContext } from '../../src/scenario/inferenceContext.js';
import { startInference, type ServingPlan } from '../../src/inference/service.js';
import type { RequestRecord } from '../../src/inference/records.js';
import type { RequestWork } from '../../src/inference/context.js';
import type { ArrivalSpec } from '../../src/inference/arrivals.js';
import { RandomStreams } from '../../src/engine/random.js';

/** One terminal t and one edge server e over 1 Mbit/s wired links with 1 ms delay each way. */
function run(work: (sample: number) => RequestWork, arrivals: ArrivalSpec, queue: { name: string } & Record<string, unknown> = { name: 'fifo' }, horizonS?: number): RequestRecord[] {
  const scenario = validateScenario({
    name: 'req',
    horizonS,
    nodes: [
      { id: 't', kind: 'terminal', cpu: { cores: 1, freqHz: 1e9, flopsPerCycle: 1 } },
      { id: 'e', kind: 'edge', cpu: { cores: 1, freqHz: 1e10, flopsPerCycle: 1 } },
    ],
    links: [{ from: 't', to: 'e', rateBps: 1e6, delayS: 0.001 }], // one link each way
  });
  const sim = new Simulator({ seed: 7 });
  const world = buildWorld(sim, scenario);
  const records: RequestRecord[] = [];
  sim.trace.on('inference.request', (r) => records.push(r));
  const plan: ServingPlan = { split: 1, variant: 'test', share: null, work };
  startInference(inferenceContext(world), {
    servers: [{ node: 'e', queue, overheadS: 0 }],
    workload: [{ terminals: ['t'], arrivals, deadlineS: 0.3, priority: 0 }],
    onHandover: 'drop',
    plan: () => plan,
    samples: 100,
    resolvePath: (p) => p,
  });
  sim.run(horizonS === undefined ? {} : { untilS: horizonS });
  return records;
}

test('split latency of a hand-built case is the hand-computed sum of its phases', (t) => {
  // Terminal: 2e8 FLOP at 1 GFLOP/s = 0.2 s. Up: 1e5 bit at 1 Mbit/s + 1 ms = 0.101 s.
  // Edge: 5e8 FLOP at 10 GFLOP/s = 0.05 s. Down: 64 bit at 1 Mbit/s + 1 ms = 0.001064 s.
  // Total 0.352064 s > the 0.3 s deadline: missed. One request a second: no queueing.
  const work = (): RequestWork => ({ terminalFlops: 2e8, uplinkBits: 1e5, edgeFlops: 5e8, resultBits: 64, correct: true, exit: null });
  const rs = run(work, { name: 'periodic', periodS: 1, count: 3 });
  t.is(rs.length, 3);
  for (const [i, r] of rs.entries()) {
    t.is(r.outcome, 'done');
    t.is(r.arrivalS, i);
    t.true(Math.abs(r.latencyS! - 0.352064) < 1e-9, `${r.latencyS}`);
    t.true(Math.abs(r.terminalComputeS - 0.2) < 1e-12 && Math.abs(r.uplinkS - 0.101) < 1e-12 && Math.abs(r.edgeComputeS - 0.05) < 1e-12 && Math.abs(r.downlinkS - 0.001064) < 1e-12);
    t.deepEqual([r.queueS, r.terminalWaitS, r.batchSize, r.server, r.missed, r.bits], [0, 0, 1, 'e', true, 1e5 + 64]);
  }
});

test('M/D/1: Poisson requests with a fixed edge part wait ρ/(2μ(1−ρ)) on average (Pollaczek–Khinchine)', (t) => {
  // λ = 5/s, service D = 1e9 FLOP / 1e10 FLOP/s = 0.1 s (μ = 10/s), ρ = 0.5: W = 0.5/(2·10·0.5) = 0.05 s.
  // Nothing to send (0 bits) but the links' 1 ms each way, which does not change the queue.
  const work = (): RequestWork => ({ terminalFlops: 0, uplinkBits: 0, edgeFlops: 1e9, resultBits: 0, correct: true, exit: null });
  const rs = run(work, { name: 'poisson', ratePerS: 5, count: 40_000 });
  const meanWait = rs.reduce((a, r) => a + r.queueS, 0) / rs.length;
  t.is(rs.length, 40_000);
  t.true(Math.abs(meanWait / 0.05 - 1) < 0.05, `mean wait ${meanWait} s against 0.05 s`);
});

test('M/M/1: exponential edge work gives the mean time at the server 1/(μ − λ)', (t) => {
  // λ = 5/s, exponential service of mean 0.1 s (μ = 10/s): queue + service = 1/(10 − 5) = 0.2 s.
  const rng = new RandomStreams(3).stream('service');
  const work = (): RequestWork => ({ terminalFlops: 0, uplinkBits: 0, edgeFlops: 1e10 * rng.exponential(10), resultBits: 0, correct: true, exit: null });
  const rs = run(work, { name: 'poisson', ratePerS: 5, count: 40_000 });
  const sojourn = rs.reduce((a, r) => a + r.queueS + r.edgeComputeS, 0) / rs.length;
  t.true(Math.abs(sojourn / 0.2 - 1) < 0.05, `mean sojourn ${sojourn} s against 0.2 s`);
});

test('the terminal works on one request at a time: a burst queues on its processor', (t) => {
  // Three requests at 0 (trace times), 0.2 s of terminal compute each: they start at 0, 0.2, 0.4.
  const work = (): RequestWork => ({ terminalFlops: 2e8, uplinkBits: 0, edgeFlops: 0, resultBits: 0, correct: false, exit: null });
  const rs = run(work, { name: 'periodic', periodS: 1e-9, count: 3 });
  t.deepEqual(
    rs.map((r) => [+r.terminalWaitS.toFixed(6), r.server, r.correct]),
    [
      [0, null, false],
      [0.2, null, false],
      [0.4, null, false],
    ],
  );
});
