import test from 'ava';
import { issuesOf } from './issues.js';
import { validateScenario, ScenarioError, formatPath } from '../../src/scenario/validate.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';

const base = (): ScenarioSpec => ({
  name: 'tiny',
  nodes: [
    { id: 't0', kind: 'terminal', cpuFlopsPerS: 1e9 },
    { id: 'e0', kind: 'edge', cpuFlopsPerS: 1e12 },
  ],
  links: [{ from: 't0', to: 'e0', rateBps: 1e6 }],
  tasks: [
    { id: 'train', type: 'compute', node: 't0', flops: 1e9 },
    { id: 'up', type: 'send', from: 't0', to: 'e0', bits: 8e6, after: ['train'] },
  ],
});


test('a valid scenario gets its defaults, and duplex links become two directions', (t) => {
  const s = validateScenario(base());
  t.is(s.seed, 1);
  t.is(s.horizonS, null);
  t.is(s.description, '');
  t.deepEqual(s.nodes[0]!.positionM, [0, 0, 0]);
  t.deepEqual(
    s.links.map((l) => [l.id, l.from, l.to, l.delayS]),
    [
      ['t0->e0', 't0', 'e0', 0],
      ['e0->t0', 'e0', 't0', 0],
    ],
  );
  t.deepEqual(s.tasks[0]!.after, []);
});

test('a negative CPU rate names the field, what was expected and what was found', (t) => {
  const raw = base();
  raw.nodes[1]!.cpuFlopsPerS = -5;
  t.deepEqual(issuesOf(raw), ['nodes[1].cpuFlopsPerS: expected a number > 0, got -5']);
});

test('an unknown node kind lists the known kinds', (t) => {
  const raw = base() as unknown as { nodes: { kind: string }[] };
  raw.nodes[0]!.kind = 'satellite';
  t.deepEqual(issuesOf(raw), ["nodes[0].kind: unknown node kind 'satellite'; known: terminal, edge, server, switch"]);
});

test('a link to an unknown node lists the known nodes', (t) => {
  const raw = base();
  raw.links![0]!.to = 'e9';
  t.deepEqual(issuesOf(raw), [
    "links[0].to: unknown node 'e9'; known nodes: t0, e0",
    "tasks[1].to: no link from 't0' to 'e0'; declare one in links", // true, and a consequence
  ]);
});

test('missing fields, unknown fields and wrong types are all reported', (t) => {
  const raw = { name: 'x', nodes: [{ id: 'a', kind: 'terminal', cpuFlops: 1 }], seed: 'one' };
  t.deepEqual(issuesOf(raw), ["seed: expected a number, got 'one'", "nodes[0].cpuFlops: unknown field 'cpuFlops'"]);
  t.deepEqual(issuesOf({ name: 'x', nodes: [{ id: 'a', kind: 'terminal' }] }), ['nodes[0].cpuFlopsPerS: missing; give cpuFlopsPerS, cpu, accelerator or a device profile']);
  t.deepEqual(issuesOf({ name: 'x', nodes: [{ id: 'a', kind: 'terminal', cpuFlopsPerS: 1, cpu: { freqHz: 1 } }] }), ['nodes[0].cpu: give cpuFlopsPerS or cpu, not both']);
  t.deepEqual(issuesOf({ name: 'x', nodes: [{ id: 'a', kind: 'terminal', profile: 'toaster' }] }), [
    "nodes[0].profile: unknown device profile 'toaster'; known: iot-sensor, phone, raspberry-pi-4, vehicle-unit, edge-server, a100-server",
  ]);
});

test('cross-references: duplicates, self links, sends without a link, unknown dependencies, cycles', (t) => {
  const dup = base();
  dup.nodes.push({ id: 't0', kind: 'terminal', cpuFlopsPerS: 1 });
  t.deepEqual(issuesOf(dup), ["nodes[2].id: duplicate node id 't0' (first at nodes[0])"]);

  const self = base();
  self.links!.push({ from: 'e0', to: 'e0', rateBps: 1 });
  t.deepEqual(issuesOf(self), ["links[1].to: a link needs two different nodes, got 'e0' at both ends"]);

  const twice = base();
  twice.links!.push({ from: 'e0', to: 't0', rateBps: 1 });
  t.deepEqual(issuesOf(twice), ["links[1]: a second link between 'e0' and 't0' (the first is links[0])"]);

  const sameId = base();
  sameId.nodes.push({ id: 'e1', kind: 'edge', cpuFlopsPerS: 1 });
  sameId.links = [
    { id: 'wire', from: 't0', to: 'e0', rateBps: 1, duplex: false },
    { id: 'wire', from: 't0', to: 'e1', rateBps: 1, duplex: false },
  ];
  sameId.tasks = [];
  t.deepEqual(issuesOf(sameId), ["links[1].id: duplicate link id 'wire'"]);

  const oneWay = base();
  oneWay.links![0]!.duplex = false;
  oneWay.tasks!.push({ id: 'down', type: 'send', from: 'e0', to: 't0', bits: 1 });
  t.deepEqual(issuesOf(oneWay), ["tasks[2].to: no link from 'e0' to 't0'; declare one in links"]);

  const unknownDep = base();
  unknownDep.tasks![1]!.after = ['trian'];
  t.deepEqual(issuesOf(unknownDep), ["tasks[1].after[0]: unknown task 'trian'"]);

  const cycle = base();
  cycle.tasks![0]!.after = ['up'];
  t.deepEqual(issuesOf(cycle), ['tasks[0].after: dependency cycle: train → up → train']);
});

test('a long dependency chain is validated without deep recursion', (t) => {
  const raw = base();
  raw.tasks = Array.from({ length: 50_000 }, (_, i) => ({ id: `c${i}`, type: 'compute' as const, node: 't0', flops: 1, after: i === 0 ? [] : [`c${i - 1}`] }));
  t.is(validateScenario(raw).tasks.length, 50_000);
});

test('an unknown task type is named', (t) => {
  const raw = base() as unknown as { tasks: { type: string }[] };
  raw.tasks[0]!.type = 'fly';
  t.deepEqual(issuesOf(raw), ["tasks[0].type: unknown type 'fly'; known: compute, send, broadcast"]);
});

test('with the source text, the message names the line of the field', (t) => {
  const text = [
    "import { defineScenario } from 'edgesim';", // 1
    'export default defineScenario({', // 2
    "  name: 'tiny',", // 3
    '  nodes: [', // 4
    "    { id: 't0', kind: 'terminal', cpuFlopsPerS: 1e9 },", // 5
    '    {', // 6
    "      id: 'e0',", // 7
    "      kind: 'edge',", // 8
    '      cpuFlopsPerS: -5,', // 9
    '    },', // 10
    '  ],', // 11
    '});', // 12
  ].join('\n');
  const raw = { name: 'tiny', nodes: [{ id: 't0', kind: 'terminal', cpuFlopsPerS: 1e9 }, { id: 'e0', kind: 'edge', cpuFlopsPerS: -5 }] };
  const err = t.throws(() => validateScenario(raw, { file: 'scenarios/tiny.ts', text }), { instanceOf: ScenarioError });
  t.is(err!.message, 'scenarios/tiny.ts:9: nodes[1].cpuFlopsPerS: expected a number > 0, got -5');
  t.is(err!.where.line, 9);
});

test('training clients need a route to the server both ways, of any number of hops', (t) => {
  const scenario = (links: ScenarioSpec['links']): unknown => ({
    name: 'routes',
    nodes: [
      { id: 'ps', kind: 'server', cpuFlopsPerS: 1e12 },
      { id: 'e0', kind: 'edge', cpuFlopsPerS: 1e12 },
      { id: 'e1', kind: 'edge', cpuFlopsPerS: 1e12 },
      { id: 't0', kind: 'terminal', cpuFlopsPerS: 1e9 },
      { id: 't1', kind: 'terminal', cpuFlopsPerS: 1e9 },
    ],
    links,
    training: { model: 'softmax', dataset: { name: 'mnist' }, server: 'ps', clients: ['t0', 't1'] },
  });
  const twoHop = [
    { from: 'ps', to: 'e0', rateBps: 1e9 },
    { from: 'e0', to: 't0', rateBps: 1e6 },
    { from: 'e0', to: 't1', rateBps: 1e6 },
  ];
  t.deepEqual(issuesOf(scenario(twoHop)), []);
  // t1 hangs off an edge center reached through another: three hops is a route.
  const threeHop = [...twoHop.slice(0, 2), { from: 'e1', to: 't1', rateBps: 1e6 }, { from: 'e0', to: 'e1', rateBps: 1e6 }];
  t.deepEqual(issuesOf(scenario(threeHop)), []);
  // An edge center with no backhaul at all: no route.
  const islanded = [...twoHop.slice(0, 2), { from: 'e1', to: 't1', rateBps: 1e6 }];
  t.deepEqual(issuesOf(scenario(islanded)), ["training.clients[1]: no route between 'ps' and 't1' (links from one to the other, each way, through any nodes)"]);
  // One way only (simplex uplink): the model cannot come down.
  const oneWay = [{ from: 't0', to: 'ps', rateBps: 1e6, duplex: false }, ...twoHop.slice(0, 1), twoHop[2]!];
  t.deepEqual(issuesOf(scenario(oneWay)), ["training.clients[0]: no route between 'ps' and 't0' (links from one to the other, each way, through any nodes)"]);
});

test('a CPU whose cores × clock × FLOPs a cycle exceed an exascale machine is refused as a whole', (t) => {
  const raw = base();
  raw.nodes[0] = { id: 't0', kind: 'terminal', cpu: { cores: 1e7, freqHz: 1e11, flopsPerCycle: 2 } };
  t.deepEqual(issuesOf(raw), ['nodes[0].cpu: expected cores × freqHz × flopsPerCycle ≤ 1e18 FLOP/s (an exascale machine), got 2e18']);
});

test('a task longer than the clock can count is refused before the run, naming the rate it was computed from', (t) => {
  const raw = base();
  const [compute, send] = raw.tasks as unknown as [{ flops: number }, { bits: number }];
  compute.flops = 1e16; // 1e7 s on t0's 1e9 FLOP/s
  send.bits = 1e13; // 1e7 s over the 1e6 bit/s link
  t.deepEqual(issuesOf(raw), [
    "tasks[0].flops: takes 1e7 s on a core of 't0' (1e9 FLOP/s); expected a task that ends within 9.0e6 s, the clock's range (2^53 ns ≈ 104 days)",
    "tasks[1].bits: takes 1e7 s over the 1e6 bit/s link; expected a send that ends within 9.0e6 s, the clock's range (2^53 ns ≈ 104 days)",
  ]);
  compute.flops = 9e15; // 9e6 s: fits
  send.bits = 8e6;
  t.deepEqual(issuesOf(raw), []);
});

test("a data set must fit the model: its features the model's input, its classes the model's outputs", (t) => {
  // softmax and 2nn take 784 inputs (28 × 28 MNIST digits) and give 10 classes (models.ts).
  const scenario = (model: string, dataset: object): unknown => ({
    name: 'fit',
    nodes: [
      { id: 'ps', kind: 'server', cpuFlopsPerS: 1e12 },
      { id: 't0', kind: 'terminal', cpuFlopsPerS: 1e9 },
    ],
    links: [{ from: 'ps', to: 't0', rateBps: 1e6 }],
    training: { model, dataset, server: 'ps', clients: ['t0'] },
  });
  t.deepEqual(issuesOf(scenario('softmax', { name: 'gaussian-mixture', samples: 100, classes: 10, dim: 784 })), []);
  t.deepEqual(issuesOf(scenario('2nn', { name: 'mnist' })), []);
  t.deepEqual(issuesOf(scenario('softmax', { name: 'gaussian-mixture', samples: 100, classes: 10, dim: 1568 })), [
    "training.dataset.dim: expected 784 features, the input size of model 'softmax', got 1568",
  ]);
  t.deepEqual(issuesOf(scenario('2nn', { name: 'gaussian-mixture', samples: 100, classes: 20, dim: 784 })), [
    "training.dataset.classes: expected at most 10 classes, the outputs of model '2nn', got 20",
  ]);
});

test('link schemas shared by every link report each link by its own index and fields', (t) => {
  const raw = base() as unknown as { nodes: unknown[]; links: unknown[]; tasks?: unknown };
  delete raw.tasks;
  raw.nodes.push({ id: 'e1', kind: 'edge', cpuFlopsPerS: 1e12 });
  raw.links = [
    { from: 't0', to: 'e0', wireless: true, rateBps: 1e6 }, // a wireless link takes no rate
    { from: 't0', to: 'e1', rateBps: 0 }, // below 1 bit/s
    { from: 'e0', to: 'e1', wireless: true, duplex: 'yes' },
    { from: 'e1', to: 't0' }, // a wired link needs its rate
  ];
  t.deepEqual(issuesOf(raw), [
    "links[0].rateBps: unknown field 'rateBps'",
    'links[1].rateBps: expected at least 1 bit/s (1 bit/s to 1 Pbit/s), got 0',
    "links[2].duplex: expected true or false, got 'yes'",
    'links[3].rateBps: missing; expected a number',
  ]);
});

test("'@serving' needs a wireless link to an edge center; a broadcast needs a wireless link to each receiver", (t) => {
  const raw = (links: unknown[], tasks: unknown[]): unknown => ({
    name: 'serving',
    radio: { association: {} },
    nodes: [
      { id: 'e0', kind: 'edge', cpuFlopsPerS: 1e12 },
      { id: 't0', kind: 'terminal', cpuFlopsPerS: 1e9 },
      { id: 't1', kind: 'terminal', cpuFlopsPerS: 1e9 },
    ],
    links,
    tasks,
  });
  const d2d = [{ from: 't0', to: 't1', wireless: true }];
  t.deepEqual(issuesOf(raw(d2d, [{ id: 'up', type: 'send', from: 't0', to: '@serving', bits: 8 }])), ["tasks[0].to: 't0' has no wireless link to an edge center to be served by"]);
  // The edge center at the other end of a link declared from it counts too.
  const fromEdge = [...d2d, { from: 'e0', to: 't0', wireless: true }];
  t.deepEqual(issuesOf(raw(fromEdge, [{ id: 'up', type: 'send', from: 't0', to: '@serving', bits: 8 }, { id: 'down', type: 'send', from: '@serving', to: 't0', bits: 8 }])), []);
  // One way from t1 to t0: a broadcast from t0 reaches nobody over it; from e0 it reaches t0 only.
  const oneWay = [{ from: 't1', to: 't0', wireless: true, duplex: false }, { from: 'e0', to: 't0', wireless: true }];
  t.deepEqual(issuesOf(raw(oneWay, [{ id: 'b', type: 'broadcast', from: 't0', to: ['t1', 'e0'], bits: 8 }, { id: 'c', type: 'broadcast', from: 'e0', to: ['t0', 't1'], bits: 8 }])), [
    "tasks[0].to[0]: no wireless link from 't0' to 't1' to broadcast over",
    "tasks[1].to[1]: no wireless link from 'e0' to 't1' to broadcast over",
  ]);
});
