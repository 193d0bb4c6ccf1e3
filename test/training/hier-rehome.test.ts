/**
 * Edge centers that fail: the association re-homes their terminals at once to the strongest working
 * edge that covers them (a radio-link failure and re-establishment, no A3 wait), and hands them back
 * by the A3 rule (hysteresis, time to trigger) once the edge works again; hierarchical training
 * follows: the failed edge's subtree drops out of the cloud round, its clients train in the other
 * edge's later edge rounds. Free space, no fading: powers are deterministic (hand-computable).
 */
import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { Simulator } from '../../src/engine/simulator.js';
import { buildWorld } from '../../src/scenario/world.js';
import { selectBackend } from '../../src/learning/backend.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';
import { fixture } from '../mobility/helpers.js';

test.before(async () => {
  await selectBackend('cpu');
});

/** A slow backhaul (0.1 Mbit/s: the 251 kbit model takes 2.5 s a hop) makes a cloud round last several seconds. e0 at x = 0 and e1 at x = 1000 m; static terminals at x = 100 and 150 m (e0 is ≈ 16–19 dB stronger: 20·log10(900/100)). e0 is off from 5 s to 30 s. */
function spec(training: boolean): ScenarioSpec {
  const availability = fixture('e0-off.csv', 'node,offS,onS\ne0,5,30\n');
  return {
    name: 'rehome',
    horizonS: training ? undefined : 40,
    availability,
    radio: { bandwidthHz: 1e6, pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'none' }, association: { hysteresisDb: 3, timeToTriggerS: 0.16, measurementPeriodS: 0.1 } },
    nodes: [
      { id: 'ps', kind: 'server', cpuFlopsPerS: 1e12 },
      { id: 'e0', kind: 'edge', positionM: [0, 0, 1.5], cpuFlopsPerS: 1e12 },
      { id: 'e1', kind: 'edge', positionM: [1000, 0, 1.5], cpuFlopsPerS: 1e12 },
      { id: 't0', kind: 'terminal', positionM: [100, 0, 1.5], cpuFlopsPerS: 1e9 },
      { id: 't1', kind: 'terminal', positionM: [150, 0, 1.5], cpuFlopsPerS: 1e9 },
    ],
    links: [
        { from: 'ps', to: 'e0', rateBps: 1e5, delayS: 0.001 },
      { from: 'ps', to: 'e1', rateBps: 1e5, delayS: 0.001 },
      ...['t0', 't1'].flatMap((c) => [
        { from: c, to: 'e0', wireless: true },
        { from: c, to: 'e1', wireless: true },
      ]),
    ],
    training: training
      ? { model: 'softmax', dataset: { name: 'gaussian-mixture', samples: 400, classes: 10, dim: 784 }, server: 'ps', clients: 'terminals', samplesPerClient: 100, rounds: 12, protocol: { name: 'hierarchical', tau2: 2 } }
      : undefined,
  };
}

test('a failed edge center hands its static terminals over at once; repaired, they return after the time to trigger', (t) => {
  const scenario = validateScenario(spec(false), { file: fixture('x.txt', '') });
  const sim = new Simulator({ seed: scenario.seed });
  const seen: string[] = [];
  sim.trace.on('attach', (p, tS) => seen.push(`${tS} attach ${p.node} ${p.to}`));
  sim.trace.on('handover', (p, tS) => seen.push(`${tS.toFixed(6)} ${p.node} ${p.from}→${p.to}`));
  const world = buildWorld(sim, scenario);
  sim.run({ untilS: 40 });
  t.is(world.association!.servingEdge('t0'), 'e0');
  // At 5 s e0 goes down: both re-attach to e1 at that instant. At 30 s it is back, 16+ dB stronger
  // than e1 (> 3 dB hysteresis): the trigger starts at 30 s and holds at the measurements of 30.1 s
  // (0.1 < 0.16 s) and 30.2 s (0.2 ≥ 0.16 s): they hand back at 30.2 s.
  t.deepEqual(seen, ['0 attach t0 e0', '0 attach t1 e0', '5.000000 t0 e0→e1', '5.000000 t1 e0→e1', '30.200000 t0 e1→e0', '30.200000 t1 e1→e0']);
});

test('hierarchical training: a failed edge drops its subtree from the cloud round; its clients train under the other edge meanwhile', (t) => {
  const { report } = simulate(validateScenario(spec(true), { file: fixture('y.txt', '') }));
  const rounds = report.edgeRounds!;
  const during = rounds.filter((e) => e.startS > 5 && e.startS < 30);
  const outside = rounds.filter((e) => e.startS < 5 || e.startS > 30.2);
  t.true(during.length > 0 && outside.length > 0, `${during.length} edge rounds while e0 is down, ${outside.length} outside`);
  // While e0 is down, both clients are e1's members; otherwise e0's.
  for (const e of during) t.deepEqual(e.members, e.edge === 'e1' ? ['t0', 't1'] : [], `edge round at ${e.startS} s`);
  for (const e of outside) t.deepEqual(e.members, e.edge === 'e0' ? ['t0', 't1'] : [], `edge round at ${e.startS} s`);
  // The cloud round in progress at 5 s lost e0's subtree: its clients' work is a dropout naming e0.
  const hit = report.rounds.find((r) => r.startS < 5 && r.endS >= 5)!;
  t.deepEqual(
    hit.dropouts.map((d) => [d.client, d.phase, /transfer on e0->ps lost: node 'e0' failed \(unavailable\)/.test(d.reason)]),
    [
      ['t0', 'upload', true],
      ['t1', 'upload', true],
    ],
  );
  // e0's model was on the wire to the cloud at 5 s (sent from ≈ 2.73 s, 2.512 s long): lost. The
  // cloud round ends when e1's model (no members in round 0) is back: 2 × (7 850 × 32 bit / 0.1 Mbit/s + 1 ms) = 5.026 s.
  t.true(Math.abs(hit.endS - 5.026) < 1e-9, `${hit.endS}`);
  t.is(report.rounds.length, 12);
});
