import test from 'ava';
import { issuesOf } from './issues.js';
import { validateScenario } from '../../src/scenario/validate.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';
import type { DatacenterSpec } from '../../src/datacenter/spec.js';
import { registerProbeKind } from '../datacenter/probeKind.js';

registerProbeKind();

const leafSpine = { name: 'leaf-spine', leaves: 2, spines: 2, serversPerLeaf: 2, serverRateBps: 10e9, uplinkRateBps: 10e9, servers: [{ cpuFlopsPerS: 1e12, memoryBytes: 1e9 }] };

function scenario(dc: Record<string, unknown>, extra: Partial<ScenarioSpec> = {}): ScenarioSpec {
  return { name: 'dc', nodes: [{ id: 'cloud', kind: 'server', cpuFlopsPerS: 1e9 }], datacenters: [{ id: 'dc', topology: leafSpine, ...dc } as unknown as DatacenterSpec], ...extra };
}

const probe = (o: Record<string, unknown> = {}): Record<string, unknown> => ({ name: 'p', kind: 'probe', model: '2nn', steps: 1, batch: 8, mode: 'timing', flops: 1e9, bytes: 1e6, servers: ['dc.s0', 'dc.s2'], ...o });

test('a valid data center expands into nodes, links and an attach link; defaults filled in', (t) => {
  const s = validateScenario(scenario({ attach: { node: 'cloud', rateBps: 1e9 }, jobs: [probe()] }));
  const ids = s.nodes.map((n) => n.id);
  // 2 leaves × 2 servers, 2 spines, 2 leaves
  t.deepEqual(ids.slice(1).sort(), ['dc.leaf0', 'dc.leaf1', 'dc.s0', 'dc.s1', 'dc.s2', 'dc.s3', 'dc.spine0', 'dc.spine1']);
  t.is(s.nodes.find((n) => n.id === 'dc.spine0')!.kind, 'switch');
  // 4 server links + 4 leaf–spine links + 1 attach, each duplex: 18 directions
  t.is(s.links.length, 18);
  const attach = s.links.find((l) => l.from === 'cloud')!;
  t.deepEqual([attach.to, attach.rateBps, attach.delayS], ['dc.spine0', 1e9, 1e-3]);
  const dc = s.datacenters![0]!;
  t.deepEqual(dc.fabric, { routing: 'ecmp', segmentBytes: 262144, messageOverheadS: 0 });
  t.is(dc.reduceFlopsPerValue, 1);
  t.deepEqual(dc.attach, { node: 'cloud', rateBps: 1e9, delayS: 1e-3, via: 'dc.spine0', aggregates: false });
  t.is((dc.topology as unknown as { oversubscription: number }).oversubscription, (2 * 10e9) / (2 * 10e9));
  const job = dc.jobs[0]!;
  t.like(job, { learningRate: 0.05, mode: 'timing', evaluateEvery: 1, optimizerStateFactor: 1, memoryFraction: 1, dataset: { name: 'mnist', testFraction: 0.2 } });
  const all = validateScenario(scenario({ jobs: [probe({ servers: undefined })] }));
  t.deepEqual(all.datacenters![0]!.jobs[0]!.servers, ['dc.s0', 'dc.s1', 'dc.s2', 'dc.s3']);
});

test('a scenario without datacenters has no datacenters key', (t) => {
  t.false('datacenters' in validateScenario({ name: 'x', nodes: [{ id: 'a', kind: 'server', cpuFlopsPerS: 1e9 }] }));
});

test('an unknown topology lists the known ones', (t) => {
  const issues = issuesOf(scenario({ topology: { name: 'torus', k: 4 } }));
  t.is(issues.length, 1);
  t.regex(issues[0]!, /^datacenters\[0\]\.topology\.name: unknown name 'torus'; known: fat-tree, leaf-spine, ring, star, explicit$/);
});

test('an unknown job kind lists the known ones', (t) => {
  const issues = issuesOf(scenario({ jobs: [{ ...probe(), kind: 'zeppelin' }] }));
  t.is(issues.length, 1);
  t.regex(issues[0]!, /^datacenters\[0\]\.jobs\[0\]\.kind: unknown kind 'zeppelin'; known: .*probe/);
});

test('an unknown model in a job lists the known models', (t) => {
  t.regex(issuesOf(scenario({ jobs: [probe({ model: 'gpt' })] }))[0]!, /^datacenters\[0\]\.jobs\[0\]\.model: unknown model 'gpt'; known: softmax, 2nn, cnn, cnn-deep/);
});

test('a data-center node id that collides with a scenario node is reported', (t) => {
  const s = scenario({});
  s.nodes.push({ id: 'dc.s1', kind: 'server', cpuFlopsPerS: 1e9 });
  const issues = issuesOf(s);
  t.is(issues.length, 1);
  t.is(issues[0], "datacenters[0].id: data center 'dc' declares node 'dc.s1', already a node (nodes[1]); choose another data-center id");
});

test('two data centers with one id are reported', (t) => {
  const s = scenario({});
  s.datacenters!.push({ id: 'dc', topology: { name: 'star', count: 2, rateBps: 1e9 } });
  t.true(issuesOf(s).some((i) => i.startsWith("datacenters[1].id: duplicate data center id 'dc'")));
});

test('a switch as a training client is refused', (t) => {
  const issues = issuesOf(scenario({ attach: { node: 'cloud', rateBps: 1e9 } }, { training: { model: '2nn', dataset: { name: 'mnist' }, server: 'cloud', clients: ['dc.s0', 'dc.leaf0'] } }));
  t.true(issues.includes("training.clients[1]: 'dc.leaf0' is a switch: it forwards traffic and computes nothing, so it cannot be a training client"), issues.join('\n'));
});

test('a switch as a compute task node is refused', (t) => {
  const issues = issuesOf(scenario({}, { tasks: [{ id: 't', type: 'compute', node: 'dc.spine1', flops: 1 }] }));
  t.deepEqual(issues, ["tasks[0].node: 'dc.spine1' is a switch: it forwards traffic and computes nothing, so it cannot be a compute task's node"]);
});

test('attach without via on a ring (no top node) is refused', (t) => {
  const issues = issuesOf(scenario({ topology: { name: 'ring', count: 4, rateBps: 1e9 }, attach: { node: 'cloud', rateBps: 1e9 } }));
  t.deepEqual(issues, ["datacenters[0].attach.via: required: topology 'ring' has no top node to land the attach link on; name one of the data center's nodes"]);
  // With via it validates and lands there.
  const ok = validateScenario(scenario({ topology: { name: 'ring', count: 4, rateBps: 1e9 }, attach: { node: 'cloud', rateBps: 1e9, via: 'dc.s2' } }));
  t.is(ok.datacenters![0]!.attach!.via, 'dc.s2');
});

test('attach to an unknown node, or to a switch, is refused', (t) => {
  t.deepEqual(issuesOf(scenario({ attach: { node: 'nowhere', rateBps: 1e9 } })), ["datacenters[0].attach.node: unknown node 'nowhere'; the attach node is a node of the rest of the scenario"]);
  const s = scenario({ attach: { node: 'sw', rateBps: 1e9 } });
  s.nodes.push({ id: 'sw', kind: 'switch', cpuFlopsPerS: 1e9 });
  t.deepEqual(issuesOf(s), ["datacenters[0].attach.node: 'sw' is a switch; attach a node that is not one"]);
});

test("job servers must be the data center's servers, without duplicates", (t) => {
  const issues = issuesOf(scenario({ jobs: [probe({ servers: ['dc.s0', 'dc.leaf0', 'dc.s0'] })] }));
  t.deepEqual(issues, [
    "datacenters[0].jobs[0].servers[1]: 'dc.leaf0' is not a server of data center 'dc'; its servers: dc.s0, dc.s1, dc.s2, dc.s3",
    "datacenters[0].jobs[0].servers[2]: 'dc.s0' is listed twice",
  ]);
});

test('duplicate job names are reported', (t) => {
  t.deepEqual(issuesOf(scenario({ jobs: [probe(), probe()] })), ["datacenters[0].jobs[1].name: duplicate job name 'p' (first at jobs[0])"]);
});

test("a memory misfit from the job kind's check names the node, with memoryFraction applied", (t) => {
  // 1 GB servers at memoryFraction 0.25 offer 250 MB; the probe needs 300 MB.
  const issues = issuesOf(scenario({ jobs: [probe({ needBytes: 3e8, memoryFraction: 0.25, servers: ['dc.s1', 'dc.s3'] })] }));
  t.deepEqual(issues, [
    "datacenters[0].jobs[0].servers: job 'p': a probe of '2nn' needs 300000000 bytes but 'dc.s1' offers 250000000 bytes",
    "datacenters[0].jobs[0].servers: job 'p': a probe of '2nn' needs 300000000 bytes but 'dc.s3' offers 250000000 bytes",
  ]);
});

test('a server mix that does not fit the slots is reported at the topology', (t) => {
  const issues = issuesOf(scenario({ topology: { ...leafSpine, servers: [{ count: 3, cpuFlopsPerS: 1e12 }] } }));
  t.deepEqual(issues, ['datacenters[0].topology.servers: server counts sum to 3 but the topology has 4 server slots']);
});

test('an unknown device profile in the server mix lists the known ones', (t) => {
  const issues = issuesOf(scenario({ topology: { ...leafSpine, servers: [{ profile: 'cray' }] } }));
  t.is(issues.length, 4);
  t.regex(issues[0]!, /^datacenters\[0\]\.topology\.servers: unknown device profile 'cray'; known: .*edge-server/);
});

test("a job's check sees its servers' speed and offered memory, the dataset's training examples, the seed and α–β transfer times over ECMP routes", (t) => {
  const dataset = { name: 'gaussian-mixture', samples: 1000, classes: 4, dim: 8, testFraction: 0.25 };
  const issues = issuesOf({ ...scenario({ segmentBytes: null, jobs: [probe({ describeEnv: true, dataset, memoryFraction: 0.5 })] }), seed: 42 });
  t.is(issues.length, 1);
  const m = /transferS (\S+); trainExamples (\d+); flopsPerS (.*); memoryBytes (.*); seed (\d+)$/.exec(issues[0]!)!;
  t.true(issues[0]!.startsWith("datacenters[0].jobs[0].bytes: job 'p': "));
  // dc.s0 → dc.s2: 4 hops of 10 Gbit/s and 1 µs (the leaf–spine default delay), whole message of 1e6 bytes: Σd + Σ n/B.
  t.true(Math.abs(Number(m[1]) - (4e-6 + (4 * 8e6) / 10e9)) < 1e-15);
  t.is(Number(m[2]), 750);
  t.is(m[3], '1000000000000 1000000000000');
  t.is(m[4], '500000000 500000000');
  t.is(m[5], '42');
});
