// Abandoning transfers (TransferScope, WirelessTransmission.cancel): a cancelled transmission leaves
// its medium at once, its receptions end `interrupted` with the bits sent so far, and nothing of it
// happens afterwards. References: Shannon rates on a constant free-space channel, by hand.
import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { Simulator } from '../../src/engine/simulator.js';
import { buildWorld } from '../../src/scenario/world.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';
import { friisLossDb } from '../../src/radio/pathLoss.js';
import { noisePowerDbm } from '../../src/radio/budget.js';
import { TransferScope, type TransferEndTrace } from '../../src/net/transfer.js';
import { sendRouted, type Topology } from '../../src/net/routes.js';
import { multicast } from '../../src/net/multicast.js';

// Edge: 8 dBi; terminals: 23 dBm, 0 dBi, noise figure 5 dB (kind defaults); 3.5 GHz, 20 MHz.
const B = 20e6;
const PROP_S = 100 / 299_792_458;
/** Shannon rate (b/s) of an upload over 100 m on `bandwidthHz`. */
const uplinkRate = (bandwidthHz: number): number => bandwidthHz * Math.log2(1 + 10 ** ((23 + 0 + 8 - friisLossDb(100, 3.5e9) - noisePowerDbm(bandwidthHz, 5)) / 10));
const close = (a: number, b: number, rel = 1e-9): boolean => Math.abs(a - b) <= 3e-9 + rel * Math.abs(b);

function world(): { sim: Simulator; topology: Topology; scope: TransferScope; ends: TransferEndTrace[] } {
  const spec: ScenarioSpec = {
    name: 'cancel',
    radio: { pathLoss: { model: 'free-space' }, fading: { model: 'none' }, shadowing: false, access: 'ofdma', bandwidthHz: B, maxSpectralEfficiencyBpsPerHz: null },
    nodes: [
      { id: 'e0', kind: 'edge', positionM: [0, 0, 10], cpuFlopsPerS: 1e12 },
      { id: 't0', kind: 'terminal', positionM: [100, 0, 10], cpuFlopsPerS: 1e9 },
      { id: 't1', kind: 'terminal', positionM: [0, 100, 10], cpuFlopsPerS: 1e9 },
    ],
    links: ['t0', 't1'].map((t) => ({ from: t, to: 'e0', wireless: true })), // both directions
  };
  const scenario = validateScenario(spec);
  const sim = new Simulator({ seed: scenario.seed });
  const w = buildWorld(sim, scenario);
  const scope = new TransferScope();
  const ends: TransferEndTrace[] = [];
  sim.trace.on('tx.end', (p) => ends.push(p));
  return { sim, topology: { ...w.topology, scope }, scope, ends };
}

test('cancelled uploads end interrupted with the bits sent so far, and the run ends at the cut', (t) => {
  const { sim, topology, scope, ends } = world();
  const [S0, S1] = [40e6, 60e6];
  const cutS = 0.05;
  const p0 = sim.process(sendRouted(topology, 't0', 'e0', S0, 'a'), 'a');
  p0.defused = true; // its failure is what the test reads
  sim.process(sendRouted(topology, 't1', 'e0', S1, 'b'), 'b').defused = true;
  sim.schedule(cutS, () => scope.close('training ended'));
  sim.run();
  // Both at half the band until the cut (equal distances, equal rates), then b alone on all of it.
  const half = uplinkRate(B / 2);
  t.true(cutS * half < S0, 'the cut comes before a would have finished');
  const a = ends.find((e) => e.task === 'a')!;
  t.is(a.outcome, 'interrupted');
  t.true(close(a.airtimeS, cutS), `${a.airtimeS}`);
  t.true(close(a.bitsSent, cutS * half, 1e-6), `${a.bitsSent} vs ${cutS * half}`);
  t.false(p0.ok);
  t.regex(String((p0.error as { cause?: Error }).cause?.message ?? p0.error), /training ended/);
  // b was registered too: the scope abandons everything in it.
  const b = ends.find((e) => e.task === 'b')!;
  t.is(b.outcome, 'interrupted');
  t.true(close(b.bitsSent, cutS * half, 1e-6));
  t.true(close(sim.now, cutS), `the run ends at the cut: ${sim.now}`);
  t.is(scope.size, 0);
});

test('a transfer outside the scope is not cancelled and gets the whole band after the cut', (t) => {
  const { sim, topology, scope, ends } = world();
  const [S0, S1] = [40e6, 60e6];
  const cutS = 0.05;
  const p0 = sim.process(sendRouted(topology, 't0', 'e0', S0, 'a'), 'a');
  p0.defused = true;
  const { scope: _s, ...unscoped } = topology;
  sim.process(sendRouted(unscoped, 't1', 'e0', S1, 'b'), 'b');
  sim.schedule(cutS, () => scope.close('training ended'));
  sim.run();
  const half = uplinkRate(B / 2);
  const full = uplinkRate(B);
  const b = ends.find((e) => e.task === 'b')!;
  t.is(b.outcome, 'delivered');
  // Half the band until the cut, the whole band after it.
  const endB = cutS + (S1 - cutS * half) / full;
  t.true(close(sim.now, endB + PROP_S), `${sim.now} vs ${endB + PROP_S}`);
  t.is(ends.find((e) => e.task === 'a')!.outcome, 'interrupted');
});

test('a broadcast is abandoned for every receiver still receiving; a transfer registered after the close is cancelled at once', (t) => {
  const { sim, topology, scope, ends } = world();
  const S = 40e6;
  const cutS = 0.01;
  const m = multicast(sim, topology, 'e0', ['t0', 't1'], S, 'm', (c) => `m to ${c}`);
  const outcomes: string[] = [];
  for (const c of ['t0', 't1']) m.arrivals.get(c)!.addCallback((ev) => outcomes.push(`${c} ${ev.ok ? 'ok' : (ev.error as Error).message}`));
  sim.schedule(cutS, () => scope.close('training ended'));
  sim.schedule(2 * cutS, () => {
    const late = sim.process(sendRouted(topology, 't0', 'e0', S, 'late'), 'late');
    late.defused = true;
  });
  sim.run();
  t.deepEqual(
    ends.map((e) => [e.task, e.to, e.outcome]),
    [
      ['m e0->clients', 't0', 'interrupted'],
      ['m e0->clients', 't1', 'interrupted'],
      ['late', 'e0', 'interrupted'],
    ],
  );
  t.deepEqual(outcomes, ['t0 training ended', 't1 training ended']);
  // The late send never went on air: it ended at its start, with nothing sent.
  const late = ends[2]!;
  t.is(late.bitsSent, 0);
  t.is(late.airtimeS, 0);
  t.true(close(sim.now, 2 * cutS));
});
