import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import type { ScenarioSpec, TaskSpec } from '../../src/scenario/types.js';
import { friisLossDb } from '../../src/radio/pathLoss.js';
import { noisePowerDbm } from '../../src/radio/budget.js';

const close = (a: number | null | undefined, b: number, tol = 1e-9): boolean => a !== null && a !== undefined && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

const cpuNode = (extra: object = {}) => ({ id: 'n', kind: 'terminal' as const, cpu: { cores: 1, freqHz: 1e9, flopsPerCycle: 4, kappa: 1e-28 }, power: { idleW: 0, rxW: 0 }, ...extra });
const run = (spec: Omit<ScenarioSpec, 'name'>) => simulate(validateScenario({ name: 'e', ...spec })).report;

test('compute energy is κ·cycles·f² (Yang et al. 2021); DVFS trades time for energy', (t) => {
  // 4e9 FLOPs at 4 FLOP/cycle = 1e9 cycles: at 1 GHz, 1 s and 1e-28·1e9·(1e9)² = 0.1 J; at 0.5 GHz, 2 s and 0.025 J.
  const r = run({ nodes: [cpuNode()], tasks: [{ id: 'full', type: 'compute', node: 'n', flops: 4e9 }, { id: 'slow', type: 'compute', node: 'n', flops: 4e9, freqHz: 0.5e9, after: ['full'] }] });
  t.true(close(r.tasks[0]!.durationS, 1));
  t.true(close(r.tasks[1]!.durationS, 2));
  t.true(close(r.nodes[0]!.energyJ.compute, 0.1 + 0.025));
  t.deepEqual(r.nodes[0]!.energyJ.idle, 0);
});

test('cores serve tasks in parallel, first come first served', (t) => {
  const tasks: TaskSpec[] = ['a', 'b', 'c'].map((id) => ({ id, type: 'compute', node: 'n', flops: 4e9 }));
  const r = run({ nodes: [cpuNode({ cpu: { cores: 2, freqHz: 1e9, flopsPerCycle: 4 } })], tasks });
  t.deepEqual(r.tasks.map((x) => [x.startS, x.endS]), [[0, 1], [0, 1], [1, 2]]);
  t.is(r.nodes[0]!.cpuFlopsPerS, 8e9);
  t.true(close(r.nodes[0]!.busyS, 3));
});

test('baseline energy is idle power × the whole run; transmit energy is (p / η_PA + circuit) × airtime; receive energy rx power × airtime', (t) => {
  const B = 20e6;
  const snr = 10 ** ((23 + 8 - friisLossDb(100, 3.5e9) - noisePowerDbm(B, 5)) / 10);
  const airtime = 50e6 / (B * Math.log2(1 + snr));
  const r = run({
    radio: { pathLoss: { model: 'free-space' }, fading: { model: 'none' }, shadowing: false, bandwidthHz: B, maxSpectralEfficiencyBpsPerHz: null },
    horizonS: 10,
    nodes: [
      { id: 'e0', kind: 'edge', positionM: [0, 0, 10], cpuFlopsPerS: 1e12, power: { idleW: 0, rxW: 3 } },
      { id: 't0', kind: 'terminal', positionM: [100, 0, 10], cpuFlopsPerS: 1e9, power: { idleW: 0.5, rxW: 0 } },
    ],
    links: [{ from: 't0', to: 'e0', wireless: true }],
    tasks: [{ id: 'up', type: 'send', from: 't0', to: 'e0', bits: 50e6 }],
  });
  const [e0, t0] = r.nodes;
  t.true(close(t0!.airtimeS, airtime));
  t.true(close(t0!.radioAirtimeS, airtime));
  t.is(t0!.wiredBusyS, 0);
  // 23 dBm = 10^(-0.7) W = 0.1995 W radiated; a handset's PA at η = 0.3 plus 0.1 W of circuit draws 0.7651 W.
  t.true(close(t0!.energyJ.tx, (10 ** -0.7 / 0.3 + 0.1) * airtime));
  t.true(close(t0!.meanTxPowerW, (10 ** -0.7 * airtime) / 10)); // radiated, not drawn
  t.true(close(t0!.energyJ.idle, 0.5 * 10)); // the baseline does not stop while transmitting
  t.true(close(e0!.energyJ.rx, 3 * airtime));
  t.true(close(e0!.receivingS, airtime));
  t.true(close(t0!.energyJ.total, t0!.energyJ.tx + t0!.energyJ.idle));
  t.true(close(t0!.meanPowerW, (0.5 * 10 + (10 ** -0.7 / 0.3 + 0.1) * airtime) / 10));
});

test('a battery runs out at capacity / power; the node fails and its work is lost', (t) => {
  // Idle 2 W on a 10 J battery: empty at 5 s. A 1 J battery computing at κ·f³ = 0.1 W: empty at 10 s,
  // in the middle of a 40 s task.
  const idle = run({ nodes: [{ ...cpuNode(), power: { idleW: 2 }, batteryJ: 10 }], horizonS: 20 });
  t.is(idle.nodes[0]!.failed, 'battery empty');
  t.true(close(idle.nodes[0]!.energyJ.total, 10));
  t.is(idle.nodes[0]!.batteryJ, 0);
  t.is(idle.events.byType['battery.empty'], 1);
  const busy = run({ nodes: [{ ...cpuNode(), batteryJ: 1 }], tasks: [{ id: 'long', type: 'compute', node: 'n', flops: 160e9 }, { id: 'next', type: 'compute', node: 'n', flops: 1, after: ['long'] }] });
  t.is(busy.nodes[0]!.failed, 'battery empty');
  t.true(close(busy.nodes[0]!.energyJ.compute, 1));
  t.is(busy.tasks[0]!.status, 'failed');
  t.regex(busy.tasks[0]!.failure!, /node 'n' failed \(battery empty\)/);
  t.is(busy.tasks[1]!.status, 'failed');
  t.true(close(busy.simulatedEndS, 10));
});

test('maximum and average transmit power: the first bounds the power, the second is a budget the report checks', (t) => {
  t.throws(() => validateScenario({ name: 'p', nodes: [{ id: 'n', kind: 'terminal', cpuFlopsPerS: 1, radio: { txPowerDbm: 30, maxTxPowerDbm: 23 } }] }), {
    message: /nodes\[0\]\.radio: txPowerDbm 30 exceeds maxTxPowerDbm 23/,
  });
  const r = run({
    radio: { pathLoss: { model: 'free-space' }, fading: { model: 'none' }, shadowing: false },
    horizonS: 10,
    nodes: [
      { id: 'e0', kind: 'edge', positionM: [0, 0, 10], cpuFlopsPerS: 1e12 },
      { id: 't0', kind: 'terminal', positionM: [100, 0, 10], cpuFlopsPerS: 1e9, radio: { avgTxPowerDbm: 0 } },
    ],
    links: [{ from: 't0', to: 'e0', wireless: true }],
    tasks: [{ id: 'up', type: 'send', from: 't0', to: 'e0', bits: 50e6 }],
  });
  const t0 = r.nodes[1]!;
  t.true(close(t0.meanTxPowerW, (10 ** -0.7 * t0.radioAirtimeS) / 10)); // 23 dBm radiated while on air, over 10 s
  t.is(r.warnings.length, 1);
  t.regex(r.warnings[0]!, /^t0: mean transmit power .* W exceeds its average budget 0\.001000 W \(avgTxPowerDbm 0\)$/);
});
