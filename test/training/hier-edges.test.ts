import test from 'ava';
import { join } from 'node:path';
import { validateScenario, ScenarioError } from '../../src/scenario/validate.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';
import type { TrainingSpec } from '../../src/training/spec.js';
import { edgesim, tmp } from '../cli/helpers.js';

// Validation of training.protocol.edges for the hierarchical protocols: each named edge center
// must not be the cloud and must have a route from the cloud and one back over the declared links
// (any length, simplex links one way only), or the run would fail at start (edgeCenters).

type Link = NonNullable<ScenarioSpec['links']>[number];

/** ps, edges e0 (wired to ps, serving client a) and e1, a relay r, and the given extra links. */
function spec(protocol: 'hierarchical' | 'hierarchical-async', edges: string[], extra: Link[]): ScenarioSpec {
  const training: TrainingSpec = { model: 'softmax', dataset: { name: 'gaussian-mixture', samples: 200, classes: 10, dim: 784 }, server: 'ps', clients: ['a'], rounds: 1, samplesPerClient: 50, protocol: { name: protocol, edges } };
  return {
    name: 'hier-edges',
    nodes: [
      { id: 'ps', kind: 'server', cpuFlopsPerS: 1e12 },
      { id: 'e0', kind: 'edge', cpuFlopsPerS: 1e11 },
      { id: 'e1', kind: 'edge', cpuFlopsPerS: 1e11 },
      { id: 'r', kind: 'edge', cpuFlopsPerS: 1e11 },
      { id: 'a', kind: 'terminal', cpuFlopsPerS: 1e9 },
    ],
    links: [{ from: 'ps', to: 'e0', rateBps: 1e9, delayS: 0.001 }, { from: 'e0', to: 'a', rateBps: 1e8, delayS: 0.001 }, ...extra],
    training,
  };
}

/** The issues validation reports for training.protocol.edges, as `path: message`. */
function edgeIssues(s: ScenarioSpec): string[] {
  try {
    validateScenario(s);
    return [];
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    return err.issues.filter((i) => i.path.slice(0, 3).join('.') === 'training.protocol.edges').map((i) => `${i.path.join('.')}: ${i.message}`);
  }
}

const wired = (from: string, to: string, duplex = true): Link => ({ from, to, rateBps: 1e9, delayS: 0.001, ...(duplex ? {} : { duplex: false }) });

for (const protocol of ['hierarchical', 'hierarchical-async'] as const) {
  test(`${protocol}: an edge center with no link, one reachable only one way, and the cloud itself are refused at their index`, (t) => {
    t.deepEqual(edgeIssues(spec(protocol, ['e0', 'e1'], [])), [
      "training.protocol.edges.1: expected a route from the cloud 'ps' to edge center 'e1' and one back (links through any nodes, each way); found none from 'ps' to 'e1' and none from 'e1' to 'ps'",
    ]);
    // A simplex link ps → e1 only: down but not back.
    t.deepEqual(edgeIssues(spec(protocol, ['e1', 'e0'], [wired('ps', 'e1', false)])), [
      "training.protocol.edges.0: expected a route from the cloud 'ps' to edge center 'e1' and one back (links through any nodes, each way); found none from 'e1' to 'ps'",
    ]);
    // Simplex e1 → ps only: back but not down.
    t.deepEqual(edgeIssues(spec(protocol, ['e1'], [wired('e1', 'ps', false)])), [
      "training.protocol.edges.0: expected a route from the cloud 'ps' to edge center 'e1' and one back (links through any nodes, each way); found none from 'ps' to 'e1'",
    ]);
    t.deepEqual(edgeIssues(spec(protocol, ['e0', 'ps'], [])), ["training.protocol.edges.1: expected an edge center between the clients and the cloud, found the cloud itself ('ps' is training.server)"]);
  });

  test(`${protocol}: routes of any length count — ps → r → e1 by duplex links, or a simplex ring ps → e1 → r → ps — and the edge is accepted`, (t) => {
    t.deepEqual(edgeIssues(spec(protocol, ['e0', 'e1'], [wired('ps', 'r'), wired('r', 'e1')])), []);
    t.deepEqual(edgeIssues(spec(protocol, ['e1'], [wired('ps', 'e1', false), wired('e1', 'r', false), wired('r', 'ps', false)])), []);
    // Break the ring's way back (r → ps missing): refused again.
    t.is(edgeIssues(spec(protocol, ['e1'], [wired('ps', 'e1', false), wired('e1', 'r', false)])).length, 1);
  });
}

test('the CLI exits 2 for a scenario file naming an unreachable edge center, with the file, field and expected/found message', async (t) => {
  const r = await edgesim('run', 'test/training/fixtures/hier-unreachable-edge.ts', '--backend', 'cpu', '--quiet', '--out', join(tmp(), 'never-written'));
  t.is(r.code, 2, r.stderr);
  t.regex(r.stderr, /hier-unreachable-edge\.ts:\d+: training\.protocol\.edges\[1\]: expected a route from the cloud 'ps' to edge center 'e1' and one back/);
  t.regex(r.stderr, /found none from 'ps' to 'e1' and none from 'e1' to 'ps'/);
});
