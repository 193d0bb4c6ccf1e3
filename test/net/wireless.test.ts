import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import type { ScenarioSpec, TaskSpec } from '../../src/scenario/types.js';
import { friisLossDb } from '../../src/radio/pathLoss.js';
import { noisePowerDbm } from '../../src/radio/budget.js';

// A constant channel: static nodes, free space, no shadowing or fading. Terminal: 23 dBm, 0 dBi;
// edge: 8 dBi, noise figure 5 dB (the kind defaults). Carrier 3.5 GHz, 20 MHz.
const B = 20e6;
const snrAt = (distanceM: number, bandwidthHz: number): number => 10 ** ((23 + 0 + 8 - friisLossDb(distanceM, 3.5e9) - noisePowerDbm(bandwidthHz, 5)) / 10);
const rate = (distanceM: number, bandwidthHz: number): number => bandwidthHz * Math.log2(1 + snrAt(distanceM, bandwidthHz));

function scenario(access: 'ofdma' | 'tdma' | 'dedicated', sends: [string, number][], extra: Partial<ScenarioSpec> = {}): ScenarioSpec {
  return {
    name: 'w',
    radio: { pathLoss: { model: 'free-space' }, fading: { model: 'none' }, shadowing: false, access, bandwidthHz: B, maxSpectralEfficiencyBpsPerHz: null },
    nodes: [
      { id: 'e0', kind: 'edge', positionM: [0, 0, 10], cpuFlopsPerS: 1e12 },
      { id: 't0', kind: 'terminal', positionM: [100, 0, 10], cpuFlopsPerS: 1e9 },
      { id: 't1', kind: 'terminal', positionM: [0, 100, 10], cpuFlopsPerS: 1e9 },
      { id: 'far', kind: 'terminal', positionM: [3e7, 0, 10], cpuFlopsPerS: 1e9 },
    ],
    links: ['t0', 't1', 'far'].map((t) => ({ from: t, to: 'e0', wireless: true })),
    tasks: sends.map(([from, bits], i): TaskSpec => ({ id: `s${i}`, type: 'send', from, to: 'e0', bits })),
    ...extra,
  };
}

// Within `rel`, and for times within the clock's resolution: it counts whole nanoseconds and a
// transfer's completion is rounded up to the next one (an event never lands on the present).
const close = (a: number | null | undefined, b: number, rel = 1e-9): boolean => a !== null && a !== undefined && Math.abs(a - b) <= 3e-9 + rel * Math.abs(b);

test('a constant channel: transfer time = S / (B·log2(1 + SNR)), plus the light-speed delay', (t) => {
  const S = 50e6;
  const { report } = simulate(validateScenario(scenario('ofdma', [['t0', S]])));
  const tr = report.transfers[0]!;
  const airtime = S / rate(100, B);
  t.true(close(tr.airtimeS, airtime), `${tr.airtimeS} vs ${airtime}`);
  t.true(close(tr.endS, airtime + 100 / 299_792_458));
  t.is(tr.outcome, 'delivered');
  const expectedSnrDb = 10 * Math.log10(snrAt(100, B));
  t.true(close(tr.meanSnrDb, expectedSnrDb));
  const node = report.nodes.find((n) => n.id === 't0')!;
  t.true(close(node.meanSnrDb, expectedSnrDb));
  t.is(node.bitsSent, S);
});

test('OFDMA, two senders, one finishes first: each has half the band, then the other has it all', (t) => {
  // Equal distances, so equal rates. With half the band the noise halves: R½ = (B/2)·log2(1 + 2·SNR).
  const [S0, S1] = [20e6, 60e6];
  const { report } = simulate(validateScenario(scenario('ofdma', [['t0', S0], ['t1', S1]])));
  const half = rate(100, B / 2);
  const full = rate(100, B);
  const t0End = S0 / half;
  const t1End = t0End + (S1 - half * t0End) / full;
  const [a, b] = report.transfers;
  t.is(a!.task, 's0');
  t.true(close(a!.endS - 100 / 299_792_458, t0End), `${a!.endS} vs ${t0End}`);
  t.true(close(b!.endS - 100 / 299_792_458, t1End), `${b!.endS} vs ${t1End}`);
});

test('TDMA serves one at a time in arrival order; dedicated bands do not interact', (t) => {
  const [S0, S1] = [20e6, 60e6];
  const full = rate(100, B);
  const tdma = simulate(validateScenario(scenario('tdma', [['t0', S0], ['t1', S1]]))).report;
  const prop = 100 / 299_792_458;
  t.true(close(tdma.transfers[0]!.endS - prop, S0 / full));
  t.true(close(tdma.transfers[1]!.startS, S0 / full)); // waited for the first
  t.true(close(tdma.transfers[1]!.endS - prop, (S0 + S1) / full));
  const dedicated = simulate(validateScenario(scenario('dedicated', [['t0', S0], ['t1', S1]], {}))).report;
  t.true(close(dedicated.transfers[0]!.endS - prop, S0 / full));
  t.true(close(dedicated.transfers[1]!.endS - prop, S1 / full));
});

test('outage: a static link below the threshold fails; the fail policy fails at once; dependents fail too', (t) => {
  const spec = scenario('ofdma', [['far', 1e6]]);
  spec.tasks!.push({ id: 'after', type: 'compute', node: 'e0', flops: 1, after: ['s0'] });
  const { report } = simulate(validateScenario(spec));
  t.is(report.transfers[0]!.outcome, 'failed');
  t.is(report.tasks[0]!.status, 'failed');
  t.regex(report.tasks[0]!.failure!, /permanent outage on far->e0/);
  t.is(report.tasks[1]!.status, 'failed');
  t.is(report.tasks[1]!.failure, 'dependency failed: s0');
  t.is(report.nodes.find((n) => n.id === 'far')!.outages, 1);
});

test('a terminal driving into coverage pauses in outage, then delivers', (t) => {
  // Free space at 3.5 GHz with these radios: SNR = −5 dB at ≈ 1.9e5 m. Start 2.5e5 m away, drive
  // toward the edge at 30 m/s: in outage at first, delivered once close enough.
  const spec = scenario('ofdma', [['t0', 1e6]]);
  spec.nodes[1] = { id: 't0', kind: 'terminal', positionM: [2.5e5, 0, 10], cpuFlopsPerS: 1e9, mobility: { model: 'constant-velocity', velocityMps: [-30, 0, 0] } };
  spec.radio!.stepS = 10;
  const { report } = simulate(validateScenario(spec));
  const tr = report.transfers[0]!;
  t.is(tr.outcome, 'delivered');
  t.true(tr.outages > 0);
  // It cannot finish before it is within the −5 dB range.
  let dOutage = 1e5;
  for (let lo = 1e3, hi = 1e7, i = 0; i < 100; i++) {
    dOutage = (lo + hi) / 2;
    if (10 * Math.log10(snrAt(dOutage, B)) > -5) lo = dOutage;
    else hi = dOutage;
  }
  t.true(tr.endS >= (2.5e5 - dOutage) / 30 - 10, `ended ${tr.endS}`);
});

test('same scenario and seed ⇒ the same faded transfers; a finer step converges', (t) => {
  const faded = (stepS: number) => {
    const spec = scenario('ofdma', [['t0', 40e6], ['t1', 40e6]]);
    spec.radio = { fading: { model: 'rayleigh' }, bandwidthHz: B, stepS };
    spec.nodes[1] = { ...spec.nodes[1]!, mobility: { model: 'constant-velocity', velocityMps: [1.5, 0, 0] } } as never;
    return simulate(validateScenario(spec)).report;
  };
  t.deepEqual(faded(0.01).transfers, faded(0.01).transfers);
  const a = faded(0.01).transfers[0]!.endS;
  const b = faded(0.001).transfers[0]!.endS;
  t.true(Math.abs(a - b) / b < 0.02, `${a} vs ${b}`);
});

test('a 3GPP model used outside its validity range is reported once per link', (t) => {
  const spec = scenario('ofdma', [['t0', 1e6]]);
  spec.radio = { pathLoss: { model: '3gpp-umi' }, fading: { model: 'none' }, bandwidthHz: B };
  spec.nodes[1] = { id: 't0', kind: 'terminal', positionM: [5, 0, 1.5], cpuFlopsPerS: 1e9 };
  const { report } = simulate(validateScenario(spec));
  t.is(report.warnings.length, 1);
  t.regex(report.warnings[0]!, /e0\|t0: 3gpp-umi outside its validity range at t=0 s: 2-D distance 5\.0 m \(valid 10–5000 m\)/);
});
