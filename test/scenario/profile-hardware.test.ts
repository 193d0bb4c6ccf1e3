import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';

// Nodes that take all their hardware from one device profile are resolved once per (kind, profile)
// and share the result; a node that overrides any of it is resolved on its own. Expected values:
// the `phone` profile (src/node/profiles.ts: 4 cores at 2 GHz, 8 FLOPs a cycle; 23 dBm; 0.5 W idle,
// 1 W receiving; 55 440 J), written out here.

const spec = (): ScenarioSpec => ({
  name: 'profiles',
  nodes: [
    { id: 'p0', kind: 'terminal', profile: 'phone' },
    { id: 'p1', kind: 'terminal', profile: 'phone' },
    { id: 'r', kind: 'terminal', profile: 'phone', radio: { txPowerDbm: 10 } },
    { id: 'w', kind: 'terminal', profile: 'phone', power: { idleW: 2 } },
    { id: 'b', kind: 'terminal', profile: 'phone', batteryJ: 1000 },
    { id: 'e0', kind: 'edge', cpuFlopsPerS: 1e12 },
  ],
  links: [{ from: 'p0', to: 'e0', rateBps: 1e6 }],
});

test('profile nodes share one resolved hardware; an override gives a node its own, the rest still from the profile', (t) => {
  const s = validateScenario(spec());
  const [p0, p1, r, w, b] = s.nodes;
  for (const n of [p0!, p1!]) {
    t.deepEqual(n.cpu, { cores: 4, freqHz: 2e9, flopsPerCycle: 8, kappa: 1e-28 });
    t.is(n.cpuFlopsPerS, 4 * 2e9 * 8);
    t.is(n.radio.txPowerDbm, 23);
    t.deepEqual(n.power, { idleW: 0.5, rxW: 1 });
    t.is(n.batteryJ, 55_440);
  }
  t.is(p0!.radio, p1!.radio);
  t.is(p0!.power, p1!.power);
  // Overrides: its own value, the profile's for everything else.
  t.is(r!.radio.txPowerDbm, 10);
  t.is(r!.radio.noiseFigureDb, p0!.radio.noiseFigureDb);
  t.is(p0!.radio.txPowerDbm, 23);
  t.deepEqual(w!.power, { idleW: 2, rxW: 1 });
  t.deepEqual(p0!.power, { idleW: 0.5, rxW: 1 });
  t.is(b!.batteryJ, 1000);
  t.is(p0!.batteryJ, 55_440);
  // Key order as before (the report's configuration is sorted anyway, but the scenario object is public).
  t.deepEqual(Object.keys(p0!), ['id', 'kind', 'positionM', 'mobility', 'profile', 'failures', 'cpu', 'cpuFlopsPerS', 'radio', 'power', 'batteryJ', 'memoryBytes']);
});
