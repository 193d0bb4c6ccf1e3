import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { canonicalValue } from '../../src/report/provenance.js';
import { renderJson } from '../../src/report/formats.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { selectBackend, currentBackend } from '../../src/learning/backend.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';

test.before(async () => {
  await selectBackend('auto');
});

// Two clients on wired links; QSGD and Dirichlet given without their parameters, no local section:
// every default must show in the report.
const spec = (): ScenarioSpec => ({
  name: 'prov',
  seed: 4,
  nodes: [
    { id: 'ps', kind: 'server', cpuFlopsPerS: 1e12 },
    { id: 'a', kind: 'terminal', cpuFlopsPerS: 1e9 },
    { id: 'b', kind: 'terminal', cpuFlopsPerS: 1e9 },
  ],
  links: [
    { from: 'ps', to: 'a', rateBps: 10e6, delayS: 0.005 },
    { from: 'ps', to: 'b', rateBps: 10e6, delayS: 0.005 },
  ],
  training: {
    model: 'softmax',
    dataset: { name: 'mnist' },
    server: 'ps',
    clients: 'terminals',
    rounds: 1,
    samplesPerClient: 40,
    partition: { name: 'dirichlet' },
    compression: { name: 'qsgd' },
  },
});

test('report.json records the resolved configuration (defaults filled in) and its provenance; report.md summarises it', (t) => {
  const origin = { scenarioFile: 'scenarios/prov.ts', overrides: ['training.rounds=1', 'links[0].rateBps=1e7'], seedFromCommandLine: false };
  const { report } = simulate(validateScenario(spec()), { origin });
  // The documented defaults (docs/learning.md, spec.ts), written out here.
  t.deepEqual(report.configuration.training, {
    algorithm: 'fedavg',
    clients: ['a', 'b'],
    compression: { levels: 4, name: 'qsgd' },
    dataset: { name: 'mnist', testFraction: 0.2 },
    deadlineS: null,
    fusion: null,
    onHandover: 'drop',
    optimalityGap: false,
    l2: 1e-4,
    protocol: { name: 'sync', overSelection: 1 },
    local: { batchSize: 10, epochs: 1, learningRate: 0.05, momentum: 0 },
    model: 'softmax',
    partition: { alpha: 0.5, name: 'dirichlet' },
    rounds: 1,
    samplesPerClient: 40,
    selection: { policy: 'all' },
    server: 'ps',
    serverLearningRate: null,
    targetAccuracy: 0.9,
    mode: 'real',
    calibration: null,
  });
  t.is(report.configuration.seed, 4);
  t.deepEqual(Object.keys(report.configuration), [...Object.keys(report.configuration)].sort(), 'keys sorted');
  t.deepEqual((report.configuration.links as { id: string }[]).map((l) => l.id), ['ps->a', 'a->ps', 'ps->b', 'b->ps']);
  const backend = currentBackend()!.name;
  t.deepEqual(report.provenance, {
    edgesimVersion: '0.1.0',
    scenarioFile: 'scenarios/prov.ts',
    overrides: ['training.rounds=1', 'links[0].rateBps=1e7'],
    seed: 4,
    seedFromCommandLine: false,
    backend,
    rerun: `edgesim run scenarios/prov.ts --set training.rounds=1 --set 'links[0].rateBps=1e7' --backend ${backend}`,
  });
  const md = renderMarkdown(report);
  for (const s of ['## Configuration', '| compression | qsgd (levels 4) |', '| partition | dirichlet (α 0.5); a sample of at most 40 examples per client |', 'learning rate 0.05', `| TF.js backend | ${backend} |`, '`links[0].rateBps=1e7`']) t.true(md.includes(s), s);
  // Deterministic: the same again gives the same bytes.
  t.is(renderJson(simulate(validateScenario(spec()), { origin }).report), renderJson(report));
});

test('without a scenario file there is no rerun command; a scenario without training has no backend', (t) => {
  const s = spec();
  delete s.training;
  const { report } = simulate(validateScenario(s));
  t.is(report.provenance.scenarioFile, null);
  t.is(report.provenance.rerun, null);
  t.is(report.provenance.backend, null);
  t.is(report.configuration.training, null);
});

test('canonicalValue: sorted keys, functions and non-finite numbers named, absolute paths relative, cycles cut', (t) => {
  const cyc: Record<string, unknown> = { b: 1 };
  cyc.self = cyc;
  function rate(): number {
    return 1;
  }
  const input = {
    z: [1, undefined, Infinity],
    a: { y: '/data/traces/x.ns2', x: 'relative/y.csv', w: undefined },
    m: new Map<string, unknown>([['k2', 2], ['k1', new Set([NaN])]]),
    f: rate,
    g: () => 0,
    t: new Float32Array([0.5, 2]),
    c: cyc,
    n: -Infinity,
    big: 3n,
  };
  t.is(
    JSON.stringify(canonicalValue(input, '/data/scenarios')),
    JSON.stringify({
      a: { x: 'relative/y.csv', y: '../traces/x.ns2' },
      big: '3',
      c: { b: 1, self: '[circular]' },
      f: '[function rate]',
      g: '[function g]',
      m: { k1: ['NaN'], k2: 2 },
      n: '-Infinity',
      t: [0.5, 2],
      z: [1, null, 'Infinity'],
    }),
  );
});

test('canonicalValue: objects of one shape in a row, then another shape and key order at the same depth, each sorted on its own', (t) => {
  // The walk reuses the last sorted key order of a depth when the next object there has the same
  // keys in the same order; a different order or set of keys must be sorted afresh.
  const input = [
    { b: 1, a: 2 },
    { b: 3, a: 4 },
    { a: 5, b: 6 },
    { c: 7, b: 8, a: 9 },
    { b: 10, a: 11, x: [{ z: 1, y: 2 }, { y: 3, z: 4 }, { z: 5, y: 6, w: undefined }] },
    { b: 12, a: 13 },
  ];
  t.is(
    JSON.stringify(canonicalValue(input, '/')),
    '[{"a":2,"b":1},{"a":4,"b":3},{"a":5,"b":6},{"a":9,"b":8,"c":7},{"a":11,"b":10,"x":[{"y":2,"z":1},{"y":3,"z":4},{"y":6,"z":5}]},{"a":13,"b":12}]',
  );
  // A shared object met twice, not on its own path, is written twice; on its path it is a cycle.
  const shared = { q: 1, p: 2 };
  const loop: Record<string, unknown> = { k: shared };
  loop.self = [loop];
  t.is(JSON.stringify(canonicalValue({ u: shared, v: shared, w: loop }, '/')), '{"u":{"p":2,"q":1},"v":{"p":2,"q":1},"w":{"k":{"p":2,"q":1},"self":["[circular]"]}}');
});
