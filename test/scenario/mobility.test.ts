import test from 'ava';
import { join, resolve } from 'node:path';
import { validateScenario, ScenarioError, formatPath } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { nodesFromTrace, highwayNodes, freewayLanes } from '../../src/scenario/helpers.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';
import { fixture } from '../mobility/helpers.js';

const TRACES = resolve(import.meta.dirname, '../../traces');

function issuesOf(raw: unknown, file?: string): string[] {
  try {
    validateScenario(raw, file === undefined ? undefined : { file });
  } catch (err) {
    if (err instanceof ScenarioError) return err.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
    throw err;
  }
  return [];
}

const one = (mobility: unknown, extra: object = {}): unknown => ({ name: 'm', nodes: [{ id: 'a', kind: 'terminal', cpuFlopsPerS: 1, mobility, ...extra }] });

test('mobility specs are validated field by field, against the model the user named', (t) => {
  t.deepEqual(issuesOf(one({ model: 'teleport' })), ["nodes[0].mobility.model: unknown mobility model 'teleport'; known: static, constant-velocity, waypoints, random-waypoint, gauss-markov, highway, or { trace, id }"]);
  t.deepEqual(issuesOf(one({ model: 'random-waypoint', boundsM: { xM: [0, 10], yM: [0, 10] }, speedMps: [0, 1] })), ['nodes[0].mobility.speedMps[0]: expected a number > 0, got 0']);
  t.deepEqual(issuesOf(one({ model: 'gauss-markov', boundsM: { xM: [5, 0], yM: [0, 10] }, meanSpeedMps: 1 })), ['nodes[0].mobility.boundsM.xM: expected [min, max] with min ≤ max, got an array of 2']);
  t.deepEqual(issuesOf(one({ model: 'constant-velocity', velocity: [1, 0, 0] })), [
    'nodes[0].mobility.velocityMps: missing; expected a list',
    "nodes[0].mobility.velocity: unknown field 'velocity'",
  ]);
  t.deepEqual(issuesOf(one({ model: 'random-waypoint', boundsM: { xM: [0, 10], yM: [0, 10] } }, { positionM: [1, 1, 0] })), [
    'nodes[0].positionM: positionM has no effect with the \'random-waypoint\' model, which says where the node is (use mobility.startM for a start)',
  ]);
});

test('a trace reference must name a node the trace has; paths are relative to the scenario file', (t) => {
  const scenarioFile = join(TRACES, '..', 'scenarios', 'x.ts');
  t.deepEqual(issuesOf(one({ trace: '../traces/campus-rwp.ns2', id: '9' }), scenarioFile), ["nodes[0].mobility.id: node '9' is not in ../traces/campus-rwp.ns2 (its nodes: 0, 1, 2, 3, 4)"]);
  t.deepEqual(issuesOf(one({ trace: '../traces/campus-rwp.ns2', index: 7 }), scenarioFile), ['nodes[0].mobility.index: ../traces/campus-rwp.ns2 has 5 nodes; index 7 is out of range']);
  t.deepEqual(issuesOf(one({ trace: '../traces/campus-rwp.ns2' }), scenarioFile), ['nodes[0].mobility: give exactly one of id and index']);
  const missing = issuesOf(one({ trace: 'nowhere.ns2', id: '0' }), scenarioFile);
  t.is(missing.length, 1);
  t.regex(missing[0]!, /^nodes\[0\]\.mobility\.trace: cannot read the trace: .*nowhere\.ns2: trace file not found$/);
  const bad = fixture('bad.ns2', '$node_(0) set X_ 1\n$ns_ at 2 "$node_(0) setdest 1 2 -1"\n');
  t.deepEqual(issuesOf(one({ trace: bad, id: '0' })), [`nodes[0].mobility.trace: cannot read the trace: ${bad}:2: negative speed -1: "$ns_ at 2 \\"$node_(0) setdest 1 2 -1\\""`]);
  const ok = validateScenario(one({ trace: '../traces/campus-rwp.ns2', index: 2 }), { file: scenarioFile });
  t.deepEqual(ok.nodes[0]!.mobility, { trace: join(TRACES, 'campus-rwp.ns2'), id: '2', format: 'ns2' });
});

test('nodesFromTrace expands to one node per trace node; highwayNodes to one per vehicle', (t) => {
  const spec: ScenarioSpec = {
    name: 'expand',
    nodes: [
      nodesFromTrace(join(TRACES, 'hall-gm.one'), { kind: 'terminal', cpuFlopsPerS: 1e9, idPrefix: 'robot-' }),
      ...highwayNodes(3, { road: 'A', lengthM: 500, lanes: freewayLanes(70), arrivalRatePerS: 1, cpuFlopsPerS: 1e9 }),
    ],
  };
  const s = validateScenario(spec);
  t.deepEqual(s.nodes.map((n) => n.id), ['robot-r0', 'robot-r1', 'robot-r2', 'v0', 'v1', 'v2']);
  t.deepEqual(issuesOf({ ...spec, nodes: [nodesFromTrace(join(TRACES, 'hall-gm.one'), { kind: 'terminal', cpuFlopsPerS: 1, ids: ['r1', 'r7'] })] }), [
    "nodes[0].ids[1]: node 'r7' is not in " + join(TRACES, 'hall-gm.one') + ' (its nodes: r0, r1, r2)',
  ]);
  const twice = { ...spec, nodes: [spec.nodes[0]!, spec.nodes[0]!] };
  t.deepEqual(issuesOf(twice), ["nodes[1]: duplicate node id 'robot-r0' (first at nodes[0])", "nodes[1]: duplicate node id 'robot-r1' (first at nodes[0])", "nodes[1]: duplicate node id 'robot-r2' (first at nodes[0])"]);
});

test('the report gives each node its movement: start, end, distance, time present', (t) => {
  const spec: ScenarioSpec = {
    name: 'moving',
    horizonS: 100,
    nodes: [
      { id: 'walker', kind: 'terminal', cpuFlopsPerS: 1, positionM: [0, 0, 1.5], mobility: { model: 'constant-velocity', velocityMps: [1.2, 0, 0] } },
      { id: 'bus', kind: 'terminal', cpuFlopsPerS: 1, mobility: { model: 'waypoints', waypoints: [{ tS: 10, positionM: [0, 0, 0] }, { tS: 30, positionM: [300, 400, 0] }] } },
      ...highwayNodes(1, { road: 'R', lengthM: 1000, lanes: [{ yM: 0, direction: 1, speedMps: 20 }], arrivalRatePerS: 0.1, cpuFlopsPerS: 1 }),
    ],
  };
  const { report } = simulate(validateScenario(spec));
  const [walker, bus, car] = report.nodes;
  t.deepEqual(walker!.positionM, [0, 0, 1.5]);
  t.deepEqual(walker!.mobility, { model: 'constant-velocity', endPositionM: [120, 0, 1.5], distanceM: 120, presentS: 100 });
  t.deepEqual(bus!.mobility, { model: 'waypoints', endPositionM: [300, 400, 0], distanceM: 500, presentS: 100 });
  // The car enters at its Poisson arrival time a and drives 1000 m at 20 m/s: present for 50 s
  // (all within the 100 s horizon when a < 50), having driven 1000 m.
  t.is(car!.mobility.model, 'highway');
  const entered = car!.mobility.presentS;
  t.true(entered <= 50 && entered > 0);
  t.is(Math.round(car!.mobility.distanceM * 1e6) / 1e6, Math.round(20 * entered * 1e6) / 1e6);
});

test('notBeforeS holds a task until the given time', (t) => {
  const { report } = simulate(
    validateScenario({
      name: 'late',
      nodes: [{ id: 'a', kind: 'terminal', cpuFlopsPerS: 1e9 }],
      tasks: [
        { id: 'first', type: 'compute', node: 'a', flops: 1e9 },
        { id: 'second', type: 'compute', node: 'a', flops: 1e9, after: ['first'], notBeforeS: 5 },
      ],
    }),
  );
  t.deepEqual(report.tasks.map((x) => [x.readyS, x.startS, x.endS]), [
    [0, 0, 1],
    [5, 5, 6],
  ]);
});
