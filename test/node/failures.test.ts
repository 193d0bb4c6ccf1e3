import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { readAvailability } from '../../src/node/failures.js';
import { InputError } from '../../src/engine/errors.js';
import { friisLossDb } from '../../src/radio/pathLoss.js';
import { noisePowerDbm } from '../../src/radio/budget.js';
import { fixture } from '../mobility/helpers.js';
import { Simulator } from '../../src/engine/simulator.js';
import { SimNode } from '../../src/node/node.js';
import { StaticMobility } from '../../src/mobility/simple.js';

test('exponential fail/repair: the fraction of time down is MTTR/(MTBF + MTTR)', (t) => {
  const { report } = simulate(validateScenario({ name: 'f', horizonS: 50_000, nodes: [{ id: 'n', kind: 'terminal', cpuFlopsPerS: 1e9, failures: { mtbfS: 10, mttrS: 2 } }] }));
  const n = report.nodes[0]!;
  t.true(Math.abs(n.downS / 50_000 - 2 / 12) < 0.01, `down ${n.downS / 50_000}`);
  t.true(Math.abs(n.failures / (50_000 / 12) - 1) < 0.05, `${n.failures} failures`);
});

test('a failure without repair is permanent; a failure with no horizon does not keep the run alive', (t) => {
  const { report } = simulate(validateScenario({ name: 'f', nodes: [{ id: 'n', kind: 'terminal', cpuFlopsPerS: 1e9, failures: { mtbfS: 10 } }], tasks: [{ id: 'c', type: 'compute', node: 'n', flops: 1e9 }] }));
  t.is(report.stopReason, 'empty');
  t.is(report.simulatedEndS, 1); // the task ended at 1 s; the pending failure is a daemon
});

test('availability trace: work on a node that goes off is lost; it works again when back on', (t) => {
  const csv = fixture('avail.csv', '# off intervals\nnode,offS,onS\nn,2,5\nm,1,\n');
  t.deepEqual(readAvailability(csv), [
    { node: 'n', offS: 2, onS: 5 },
    { node: 'm', offS: 1, onS: null },
  ]);
  const { report } = simulate(
    validateScenario(
      {
        name: 'a',
        availability: csv,
        nodes: [
          { id: 'n', kind: 'terminal', cpuFlopsPerS: 1e9 },
          { id: 'm', kind: 'terminal', cpuFlopsPerS: 1e9 },
        ],
        tasks: [
          { id: 'cut', type: 'compute', node: 'n', flops: 10e9 },
          { id: 'later', type: 'compute', node: 'n', flops: 1e9, notBeforeS: 6 },
        ],
      },
      { file: csv },
    ),
  );
  t.is(report.tasks[0]!.status, 'failed');
  t.regex(report.tasks[0]!.failure!, /node 'n' failed \(unavailable\)/);
  t.deepEqual([report.tasks[1]!.status, report.tasks[1]!.endS], ['done', 7]);
  t.deepEqual([report.nodes[0]!.failures, report.nodes[0]!.downS, report.nodes[0]!.failed], [1, 3, null]);
  t.deepEqual([report.nodes[1]!.failed, report.nodes[1]!.downS], ['unavailable', 6]);
});

test('availability trace errors name the line', (t) => {
  t.throws(() => readAvailability(fixture('a.csv', 'node,offS,onS\nn,5,2\n')), { instanceOf: InputError, message: /:2: expected onS > offS or empty, got '2'/ });
  t.throws(() => readAvailability(fixture('a.csv', 'node,off\n')), { instanceOf: InputError, message: /:1: expected the header node,offS,onS/ });
  t.throws(() => validateScenario({ name: 'a', availability: fixture('a.csv', 'node,offS,onS\nghost,1,2\n'), nodes: [{ id: 'n', kind: 'terminal', cpuFlopsPerS: 1 }] }), {
    message: /availability: node 'ghost' of the availability trace is not in the scenario/,
  });
});

test('leaving coverage: SNR below the threshold for forS drops the terminal out (hand-computed time)', (t) => {
  // Free space at 3.5 GHz; edge 43 dBm + 8 dBi; terminal 0 dBi, NF 7 dB over 20 MHz. SNR falls to
  // 40 dB at d where 43 + 8 − FSPL(d) − N = 40; the terminal starts 1000 m away driving off at 50 m/s.
  const noise = noisePowerDbm(20e6, 7);
  let lo = 1000;
  let hi = 10_000;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (51 - friisLossDb(Math.hypot(mid, 0), 3.5e9) - noise > 40) lo = mid;
    else hi = mid;
  }
  const tCross = (lo - 1000) / 50;
  // Measurements every 0.1 s: the first below the threshold is the first after tCross; the terminal
  // drops out forS = 1 s later, at a measurement too.
  const firstBelow = (Math.floor(tCross / 0.1) + 1) * 0.1;
  const dropAt = firstBelow + 1;
  const { report } = simulate(
    validateScenario({
      name: 'cov',
      horizonS: 20,
      radio: { pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'none' }, association: {}, coverage: { minSnrDb: 40, forS: 1 } },
      nodes: [
        { id: 'e0', kind: 'edge', positionM: [0, 0, 10], cpuFlopsPerS: 1e12 },
        { id: 'car', kind: 'terminal', positionM: [1000, 0, 10], cpuFlopsPerS: 1e9, mobility: { model: 'constant-velocity', velocityMps: [50, 0, 0] } },
      ],
      links: [{ from: 'car', to: 'e0', wireless: true }],
    }),
  );
  const car = report.nodes[1]!;
  t.is(car.failed, 'out of coverage');
  t.true(Math.abs(20 - car.downS - dropAt) < 1e-6, `dropped at ${20 - car.downS}, expected ${dropAt} (crossing at ${tCross})`);
  t.is(report.events.byType['dropout'], 1);
});

test('reasons to be down add up: a repair from one cause does not bring back a node another keeps down', (t) => {
  // Hand-built timeline: unavailable 2–10 s, an exponential-style failure 3–4 s inside it.
  const sim = new Simulator();
  const node = new SimNode(sim, { id: 'n', kind: 'terminal', cpu: { cores: 1, freqHz: 1e9, flopsPerCycle: 1, kappa: 1e-28 }, mobility: new StaticMobility({ x: 0, y: 0, z: 0 }), idleW: 0.5, batteryJ: null });
  const seen: string[] = [];
  sim.trace.on('node.failed', (p, tS) => seen.push(`${tS} down ${p.reason}`));
  sim.trace.on('node.repaired', (p, tS) => seen.push(`${tS} up ${p.reason}`));
  sim.at(2, () => node.fail('unavailable'));
  sim.at(3, () => node.fail('failure'));
  sim.at(4, () => (node.repair('failure'), seen.push(`4 still ${node.failed}`)));
  sim.at(10, () => node.repair('unavailable'));
  sim.at(11, () => node.repair('unavailable')); // nothing to lift
  sim.run();
  t.deepEqual(seen, ['2 down unavailable', '4 still unavailable', '10 up unavailable']);
  t.is(node.failed, undefined);
  // Idle power only while up: 0.5 W × (2 + 1) s (0–2 s and 10–11 s).
  t.true(Math.abs(node.energy.read().total - 0.5 * 3) < 1e-9, `${node.energy.read().total} J`);
});

test('a trace node exists only within its presence window: absent before it enters and after it leaves, as if down', (t) => {
  // A vehicle sampled from 5 s to 20 s (CSV traces: present from the first to the last sample).
  const trace = fixture('window.csv', 't,id,x,y\n5,v,0,0\n20,v,150,0\n');
  const { report } = simulate(
    validateScenario(
      {
        name: 'presence',
        horizonS: 30,
        nodes: [{ id: 'v', kind: 'terminal', cpuFlopsPerS: 1e9, power: { idleW: 1 }, mobility: { trace: trace, id: 'v' } }],
        tasks: [
          { id: 'early', type: 'compute', node: 'v', flops: 1e9 },
          { id: 'on-road', type: 'compute', node: 'v', flops: 1e9, notBeforeS: 6 },
          { id: 'late', type: 'compute', node: 'v', flops: 1e9, notBeforeS: 25 },
        ],
      },
      { file: trace },
    ),
  );
  const [early, onRoad, late] = report.tasks;
  t.is(early!.status, 'failed');
  t.regex(early!.failure!, /node 'v' has failed \(absent\)/);
  t.deepEqual([onRoad!.status, onRoad!.endS], ['done', 7]);
  t.is(late!.status, 'failed');
  const v = report.nodes[0]!;
  // Down 0–5 s and 20–30 s: 15 s; the idle baseline (1 W) is drawn only over the 15 s on the road.
  t.is(v.downS, 15);
  t.true(Math.abs(v.energyJ.idle - 15) < 1e-9, `idle ${v.energyJ.idle} J`);
  t.is(v.failed, 'absent');
  t.is(v.mobility.presentS, 15);
});
