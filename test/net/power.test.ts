import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { friisLossDb } from '../../src/radio/pathLoss.js';
import { noisePowerDbm } from '../../src/radio/budget.js';
import type { TaskSpec } from '../../src/scenario/types.js';

// A transmitter's power is bounded by its transmit power and split across its concurrent
// transmissions in proportion to their bandwidth (constant power spectral density; DESIGN §5).
// Edge: 43 dBm (19.95 W), 8 dBi; terminals 0 dBi, NF 7 dB; free space at 3.5 GHz, no fading,
// static ends, 20 MHz OFDMA downlink. Two terminals at the same distance: each downlink has B/2
// and P/2, so its SNR is that of one full-band transmission and neither gains from the other's power.
const B = 20e6;
const P_W = 10 ** ((43 - 30) / 10);
const snrFullBand = (d: number): number => 10 ** ((43 + 8 - friisLossDb(d, 3.5e9) - noisePowerDbm(B, 7)) / 10);
const close = (a: number, b: number, rel = 1e-9): boolean => Math.abs(a - b) <= 3e-9 + rel * Math.abs(b);

function run(tasks: TaskSpec[]) {
  const txPowerW = new Map<string, number>(); // receiver → mean radiated power of its transfer (tx.end)
  const { report } = simulate(
    validateScenario({
      name: 'split',
      radio: { pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'none' }, bandwidthHz: B, maxSpectralEfficiencyBpsPerHz: null }, // pure Shannon
      nodes: [
        { id: 'e0', kind: 'edge', positionM: [0, 0, 10], cpuFlopsPerS: 1e12, power: { idleW: 0, rxW: 0 }, radio: { paEfficiency: 0.25, txCircuitW: 10 } },
        { id: 'a', kind: 'terminal', positionM: [200, 0, 10], cpuFlopsPerS: 1e9, power: { idleW: 0, rxW: 0 } },
        { id: 'b', kind: 'terminal', positionM: [0, 200, 10], cpuFlopsPerS: 1e9, power: { idleW: 0, rxW: 0 } },
      ],
      links: [
        { from: 'e0', to: 'a', wireless: true },
        { from: 'e0', to: 'b', wireless: true },
      ],
      tasks,
    }),
    { onTrace: (bus) => void bus.on('tx.end', (p) => txPowerW.set(p.to, p.txPowerW)) },
  );
  return { report, txPowerW };
}

test('two concurrent OFDMA downlinks share the transmitter: half the band and half the power each', (t) => {
  const S = 40e6;
  const { report, txPowerW } = run([
    { id: 'toA', type: 'send', from: 'e0', to: 'a', bits: S },
    { id: 'toB', type: 'send', from: 'e0', to: 'b', bits: S },
  ]);
  // Each: (B/2)·log2(1 + (P/2)·g / (N0·B/2)) = (B/2)·log2(1 + SNR_fullband). The old model gave
  // each the full 19.95 W: (B/2)·log2(1 + 2·SNR_fullband), 3 dB better, 39.9 W radiated.
  const rate = (B / 2) * Math.log2(1 + snrFullBand(200));
  for (const tr of report.transfers) {
    t.true(close(tr.airtimeS, S / rate), `${tr.airtimeS} vs ${S / rate}`);
    t.true(close(tr.meanSnrDb!, 10 * Math.log10(snrFullBand(200))), `${tr.meanSnrDb}`);
    t.true(close(txPowerW.get(tr.to)!, P_W / 2));
  }
  // The transmit chain draws for one radio radiating P in all: P/η + circuit = 4P + 10 W over the
  // time on air, not twice that.
  const e0 = report.nodes.find((n) => n.id === 'e0')!;
  t.true(close(e0.energyJ.tx, (4 * P_W + 10) * (S / rate), 1e-8), `${e0.energyJ.tx} vs ${(4 * P_W + 10) * (S / rate)}`);
});

test('one transmission alone radiates the full power; its share grows back when the other ends', (t) => {
  // a gets 10 Mbit, b 40 Mbit: together until a is done (half band, half power each), then b alone.
  const [Sa, Sb] = [10e6, 40e6];
  const { report, txPowerW } = run([
    { id: 'toA', type: 'send', from: 'e0', to: 'a', bits: Sa },
    { id: 'toB', type: 'send', from: 'e0', to: 'b', bits: Sb },
  ]);
  const half = (B / 2) * Math.log2(1 + snrFullBand(200));
  const full = B * Math.log2(1 + snrFullBand(200));
  const tA = Sa / half;
  const tB = tA + (Sb - half * tA) / full;
  const byTo = Object.fromEntries(report.transfers.map((x) => [x.to, x]));
  t.true(close(byTo.a!.airtimeS, tA));
  t.true(close(byTo.b!.airtimeS, tB), `${byTo.b!.airtimeS} vs ${tB}`);
  // b's mean radiated power: P/2 for tA, then P.
  t.true(close(txPowerW.get('b')!, ((P_W / 2) * tA + P_W * (tB - tA)) / tB, 1e-8));
});
