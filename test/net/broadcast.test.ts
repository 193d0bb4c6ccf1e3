import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { friisLossDb } from '../../src/radio/pathLoss.js';
import { noisePowerDbm } from '../../src/radio/budget.js';

// One transmission from the edge (43 dBm, 8 dBi) to two terminals (0 dBi, NF 7 dB) at 100 m and
// 300 m, free space, no fading, the whole 20 MHz downlink: each decodes at its own Shannon rate.
const B = 20e6;
const rate = (d: number): number => B * Math.log2(1 + 10 ** ((43 + 8 - friisLossDb(d, 3.5e9) - noisePowerDbm(B, 7)) / 10));
// Times agree to the clock's resolution: it counts whole nanoseconds and a reception's completion is
// rounded up to the next one (so an event never lands on the present), ≤ 1 ns per completion.
const close = (a: number | null | undefined, b: number): boolean => a !== null && a !== undefined && Math.abs(a - b) <= 3e-9 + 1e-9 * Math.abs(b);

test('a broadcast ends for each receiver at its own rate; the sender is on air until the last', (t) => {
  const S = 80e6;
  const { report } = simulate(
    validateScenario({
      name: 'bc',
      radio: { pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'none' }, bandwidthHz: B, maxSpectralEfficiencyBpsPerHz: null },
      nodes: [
        { id: 'e0', kind: 'edge', positionM: [0, 0, 10], cpuFlopsPerS: 1e12, power: { idleW: 0, rxW: 0 } },
        { id: 'near', kind: 'terminal', positionM: [100, 0, 10], cpuFlopsPerS: 1e9, power: { idleW: 0, rxW: 2 } },
        { id: 'far', kind: 'terminal', positionM: [300, 0, 10], cpuFlopsPerS: 1e9, power: { idleW: 0, rxW: 2 } },
      ],
      links: [
        { from: 'e0', to: 'near', wireless: true },
        { from: 'e0', to: 'far', wireless: true },
      ],
      tasks: [{ id: 'model', type: 'broadcast', from: 'e0', to: ['near', 'far'], bits: S }],
    }),
  );
  const byTo = Object.fromEntries(report.transfers.map((x) => [x.to, x]));
  t.true(close(byTo.near!.airtimeS, S / rate(100)));
  t.true(close(byTo.far!.airtimeS, S / rate(300)));
  t.true(byTo.near!.endS < byTo.far!.endS);
  const [e0, near, far] = report.nodes;
  t.true(close(e0!.airtimeS, S / rate(300))); // one transmission, counted once
  t.is(e0!.bitsSent, S);
  // Energies as time on air: energy / power (W).
  t.true(close(e0!.energyJ.tx / 10 ** ((43 - 30) / 10), S / rate(300)));
  t.true(close(near!.energyJ.rx / 2, S / rate(100)));
  t.true(close(far!.energyJ.rx / 2, S / rate(300)));
  t.is(report.tasks[0]!.status, 'done');
  t.deepEqual(report.tasks[0]!.receivers, ['near', 'far']);
});

test('a broadcast to a node without a wireless link is refused at validation', (t) => {
  t.throws(
    () =>
      validateScenario({
        name: 'bc',
        nodes: [
          { id: 'e0', kind: 'edge', cpuFlopsPerS: 1 },
          { id: 'x', kind: 'terminal', cpuFlopsPerS: 1 },
        ],
        tasks: [{ id: 'b', type: 'broadcast', from: 'e0', to: ['x'], bits: 1 }],
      }),
    { message: /tasks\[0\]\.to\[0\]: no wireless link from 'e0' to 'x' to broadcast over/ },
  );
});
