import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { renderJson } from '../../src/report/formats.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';
import type { DatacenterSpec } from '../../src/datacenter/spec.js';
import { registerProbeKind } from './probeKind.js';
import { dcJobsMarkdown, type DcJobRecord } from '../../src/datacenter/records.js';

registerProbeKind();

// 2 leaves × 2 servers, 2 spines; every link 10 Gbit/s with 1 µs delay; servers at 1 TFLOP/s.
const RATE_BPS = 10e9;
const DELAY_S = 1e-6;
const FLOPS_PER_S = 1e12;
const SEGMENT_BYTES = 262144;

function spec(jobs: Record<string, unknown>[], seed = 7): ScenarioSpec {
  const dc = {
    id: 'dc',
    topology: { name: 'leaf-spine', leaves: 2, spines: 2, serversPerLeaf: 2, serverRateBps: RATE_BPS, uplinkRateBps: RATE_BPS, delayS: DELAY_S, servers: [{ cpuFlopsPerS: FLOPS_PER_S, memoryBytes: 1e9 }] },
    jobs,
  } as unknown as DatacenterSpec;
  return { name: 'dc-run', seed, nodes: [{ id: 'cloud', kind: 'server', cpuFlopsPerS: 1e9 }], datacenters: [dc] };
}

const probe = (name: string, o: Record<string, unknown> = {}): Record<string, unknown> => ({ name, kind: 'probe', model: '2nn', steps: 3, batch: 8, mode: 'timing', flops: 2e9, bytes: 1e6, servers: ['dc.s0', 'dc.s2'], ...o });

// Hand-computed step of a probe from dc.s0 (leaf0) to dc.s2 (leaf1): H = 4 hops (s0→leaf0→spine→leaf1→s2).
// Compute: F / FLOP/s. Transfer, n = 1e6 bytes in m = ⌈n/s⌉ = 4 segments (3 of s bytes, the last of
// n − 3s = 213 568 bytes) over 4 equal links of B bytes/s: hop 1 sends all segments back to back; every
// later hop is free when each full segment arrives, and the last (smaller) one waits there for the one
// before it, so the last leaves hop h at (m + h − 2)·s/B + last/B + (h − 1)·d: arrival at hop H's end
// T = (m + H − 2)·s/B + last/B + H·d.
const H = 4;
const BYTES_PER_S = RATE_BPS / 8;
const m = Math.ceil(1e6 / SEGMENT_BYTES);
const last = 1e6 - (m - 1) * SEGMENT_BYTES;
const TRANSFER_S = ((m + H - 2) * SEGMENT_BYTES) / BYTES_PER_S + last / BYTES_PER_S + H * DELAY_S;
const COMPUTE_S = 2e9 / FLOPS_PER_S;
const STEP_S = COMPUTE_S + TRANSFER_S;
// The clock counts integer nanoseconds: each of a step's ≈ 10 transmissions and delays is rounded to 1 ns.
const CLOCK_TOL_S = 2e-8;

test('a timing-mode leaf-spine job: steps take compute + α–β of the route; all four sections present', (t) => {
  const { report } = simulate(validateScenario(spec([probe('a')])));
  t.is(report.dcSteps!.length, 3);
  for (const [k, s] of report.dcSteps!.entries()) {
    t.is(s.step, k);
    t.true(Math.abs(s.stepS - STEP_S) < CLOCK_TOL_S, `step ${k}: ${s.stepS} vs ${STEP_S}`);
    t.true(Math.abs(s.startS - k * STEP_S) < CLOCK_TOL_S);
  }
  t.is(report.dcNodes!.length, 2);
  t.deepEqual(report.dcNodes!.map((n) => n.node), ['dc.s0', 'dc.s2']);
  const job = report.dcJobs![0]!;
  t.like(job, { dc: 'dc', job: 'a', kind: 'probe', scheme: 'probe', model: '2nn', mode: 'timing', servers: 2, steps: 3, outcome: 'done', error: null });
  t.true(Math.abs(job.meanStepS! - STEP_S) < CLOCK_TOL_S);
  t.true(Math.abs(job.computeS! - COMPUTE_S) < CLOCK_TOL_S);
  t.true(Math.abs(job.endS - 3 * STEP_S) < CLOCK_TOL_S);
  t.true(Math.abs(job.maxMemoryShare - 0) < 1e-15);
});

test('dcLinks: the route’s 4 links, each carrying 3 × 8·10⁶ bits, busy bits/rate, utilization busy/duration', (t) => {
  const { report } = simulate(validateScenario(spec([probe('a')])));
  const links = report.dcLinks!;
  t.is(links.length, H);
  const durationS = 3 * STEP_S;
  for (const l of links) {
    t.is(l.bits, 3 * 8e6);
    t.is(l.rateBps, RATE_BPS);
    t.true(Math.abs(l.busyS - l.bits / l.rateBps) < CLOCK_TOL_S);
    t.true(Math.abs(l.utilization - l.busyS / durationS) < 1e-5);
  }
  t.is(links[0]!.from, 'dc.s0');
  t.true(links.some((l) => l.from === 'dc.leaf1' && l.to === 'dc.s2'));
});

test('jobs run in sequence: the second starts when the first ends', (t) => {
  const { report } = simulate(validateScenario(spec([probe('a'), probe('b', { steps: 2, servers: ['dc.s1', 'dc.s0'] })])));
  const [a, b] = report.dcJobs!;
  t.is(b!.startS, a!.endS);
  // s1 → s0 share leaf0: 2 hops.
  const sameLeafS = COMPUTE_S + ((m + 2 - 2) * SEGMENT_BYTES) / BYTES_PER_S + last / BYTES_PER_S + 2 * DELAY_S;
  t.true(Math.abs(b!.meanStepS! - sameLeafS) < CLOCK_TOL_S);
  t.true(Math.abs(b!.endS - a!.endS - 2 * sameLeafS) < CLOCK_TOL_S);
  t.deepEqual(report.dcSteps!.map((s) => `${s.job}${s.step}`), ['a0', 'a1', 'a2', 'b0', 'b1']);
  t.is(report.dcLinks!.filter((l) => l.job === 'b').length, 2);
});

test('the report is byte-identical across two runs with the same seed', (t) => {
  const one = renderJson(simulate(validateScenario(spec([probe('a'), probe('b')]))).report);
  const two = renderJson(simulate(validateScenario(spec([probe('a'), probe('b')]))).report);
  t.is(one, two);
  t.true(one.includes('"dcJobs"'));
  t.true(one.includes('"datacenters"'));
});

test('a scenario without datacenters has no dc* keys', (t) => {
  const { report } = simulate(validateScenario({ name: 'plain', nodes: [{ id: 'a', kind: 'server', cpuFlopsPerS: 1e9 }], tasks: [{ id: 't', type: 'compute', node: 'a', flops: 1e9 }] }));
  t.deepEqual(Object.keys(report).filter((k) => k.startsWith('dc')), []);
  t.false('datacenters' in report.configuration);
});

test('a failed job is recorded as failed with its steps so far, and the next job still runs', (t) => {
  const { report } = simulate(validateScenario(spec([probe('a', { failAtStep: 2 }), probe('b', { steps: 1 })])));
  const [a, b] = report.dcJobs!;
  t.like(a, { outcome: 'failed', error: "probe 'a' failed at step 2", steps: 2 });
  t.like(b, { outcome: 'done', steps: 1 });
  t.is(b!.startS, a!.endS);
  t.true(Math.abs(a!.endS - 2 * STEP_S) < CLOCK_TOL_S);
});

test('the dcJobs Markdown puts placements side by side with the random/optimized ratio, then DP jobs by collective', (t) => {
  const row = (job: string, kind: string, scheme: string, meanStepS: number): DcJobRecord => ({
    dc: 'dc', job, kind, model: 'cnn', scheme, shape: kind === 'pipeline' ? '3 stages × 8 micro-batches' : '', mode: 'timing', servers: 4, steps: 2, startS: 0, endS: 1,
    meanStepS, computeS: 0.1, commExposedS: 0.05, bubbleS: kind === 'pipeline' ? 0.02 : null, predictedStepS: kind === 'pipeline' ? meanStepS * 0.9 : null, finalAccuracy: kind === 'pipeline' ? null : 0.91, maxMemoryShare: 0.5, outcome: 'done', error: null,
  });
  const md = dcJobsMarkdown([row('pp-r', 'pipeline', 'random', 0.6), row('dp', 'data-parallel', 'ring', 0.2), row('pp-o', 'pipeline', 'optimized', 0.2)]);
  t.true(md.includes('**dc: pipeline of cnn, 3 stages × 8 micro-batches**'));
  t.true(md.includes('| random | 0.54 | 0.6 | 0.05 | 0.02 | 50.0% |'));
  t.true(md.includes('| optimized | 0.18 | 0.2 | 0.05 | 0.02 | 50.0% |'));
  t.true(md.includes('random / optimized placement: 3×'));
  t.true(md.includes('| ring | dp | 0.2 | 0.05 | 91.0% |'));
  t.true(md.indexOf('pipeline of cnn') < md.indexOf('Data-parallel jobs by collective'));
});

test("an explicit topology runs over the scenario's own servers, switch and links", (t) => {
  const s: ScenarioSpec = {
    name: 'explicit',
    nodes: [
      { id: 'a', kind: 'server', cpuFlopsPerS: FLOPS_PER_S },
      { id: 'b', kind: 'server', cpuFlopsPerS: FLOPS_PER_S },
      { id: 'sw', kind: 'switch', cpuFlopsPerS: 1e9 },
    ],
    links: [
      { from: 'a', to: 'sw', rateBps: RATE_BPS, delayS: DELAY_S },
      { from: 'sw', to: 'b', rateBps: RATE_BPS, delayS: DELAY_S },
    ],
    datacenters: [{ id: 'x', topology: { name: 'explicit', servers: ['a', 'b'] }, jobs: [probe('p', { servers: ['a', 'b'], steps: 1 }) as never] }],
  };
  const scenario = validateScenario(s);
  t.deepEqual(scenario.datacenters![0]!.layout.racks, [['a', 'b']]);
  const { report } = simulate(scenario);
  const twoHopsS = COMPUTE_S + (m * SEGMENT_BYTES) / BYTES_PER_S + last / BYTES_PER_S + 2 * DELAY_S;
  t.true(Math.abs(report.dcJobs![0]!.meanStepS! - twoHopsS) < CLOCK_TOL_S);
  t.deepEqual(report.dcLinks!.map((l) => l.link), ['a->sw', 'sw->b']);
});

test('the horizon cuts a job: it is recorded as cut with the steps it finished, the next as not started', (t) => {
  const s = spec([probe('a'), probe('b')]);
  const { report } = simulate(validateScenario({ ...s, horizonS: 1.5 * STEP_S }));
  t.is(report.dcSteps!.length, 1);
  t.deepEqual(
    report.dcJobs!.map((j) => [j.job, j.outcome, j.steps]),
    [
      ['a', 'cut', 1],
      ['b', 'cut', 0],
    ],
  );
  t.regex(report.dcJobs![0]!.error!, /cut by the horizon at .* after 1 of 3 steps/);
  t.regex(report.dcJobs![1]!.error!, /not started/);
  t.true(Math.abs(report.dcJobs![0]!.meanStepS! - STEP_S) < CLOCK_TOL_S);
  // the link traffic of the cut job so far is recorded: the first step's message crossed 4 hops, the second's is under way
  t.true(report.dcLinks!.filter((l) => l.job === 'a').length >= 4);
});
