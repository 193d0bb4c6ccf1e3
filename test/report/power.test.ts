import test from 'ava';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validateScenario } from '../../src/scenario/validate.js';
import { loadScenario } from '../../src/scenario/load.js';
import { parseOverride } from '../../src/scenario/overrides.js';
import { simulate } from '../../src/report/simulate.js';
import { renderCsv } from '../../src/report/csv.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { friisLossDb } from '../../src/radio/pathLoss.js';
import { noisePowerDbm } from '../../src/radio/budget.js';
import { selectBackend } from '../../src/learning/backend.js';
import { prepareScenarioInference } from '../../src/inference/deploy.js';

test.before(async () => {
  await selectBackend('auto');
});

const close = (a: number | null | undefined, b: number, tol = 1e-9): boolean => a !== null && a !== undefined && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

test('a node’s radio airtime and wired busy time are reported apart, in JSON, Markdown and CSV', (t) => {
  // t0 sends 8 Mbit over a 4 Mbit/s wire to s0 (2 s busy) and 50 Mbit over the air to e0 (Shannon, hand-computed).
  const B = 20e6;
  const snr = 10 ** ((23 + 8 - friisLossDb(100, 3.5e9) - noisePowerDbm(B, 5)) / 10);
  const airtime = 50e6 / (B * Math.log2(1 + snr));
  const { report } = simulate(
    validateScenario({
      name: 'split',
      radio: { pathLoss: { model: 'free-space' }, fading: { model: 'none' }, shadowing: false, bandwidthHz: B, maxSpectralEfficiencyBpsPerHz: null }, // pure Shannon
      nodes: [
        { id: 'e0', kind: 'edge', positionM: [0, 0, 10], cpuFlopsPerS: 1e12 },
        { id: 't0', kind: 'terminal', positionM: [100, 0, 10], cpuFlopsPerS: 1e9 },
        { id: 's0', kind: 'server', cpuFlopsPerS: 1e12 },
      ],
      links: [
        { from: 't0', to: 'e0', wireless: true },
        { from: 't0', to: 's0', rateBps: 4e6 },
      ],
      tasks: [
        { id: 'air', type: 'send', from: 't0', to: 'e0', bits: 50e6 },
        { id: 'wire', type: 'send', from: 't0', to: 's0', bits: 8e6 },
      ],
    }),
  );
  const t0 = report.nodes.find((n) => n.id === 't0')!;
  t.true(close(t0.radioAirtimeS, airtime));
  t.true(close(t0.wiredBusyS, 2));
  t.true(close(t0.airtimeS, airtime + 2));
  const csv = renderCsv(report)['nodes.csv']!.split('\n');
  const header = csv[0]!.split(',');
  const row = csv.find((l) => l.startsWith('t0,'))!.split(',');
  t.true(close(Number(row[header.indexOf('radioAirtimeS')]), airtime));
  t.is(Number(row[header.indexOf('wiredBusyS')]), 2);
  t.true(close(Number(row[header.indexOf('meanPowerW')]), t0.meanPowerW!));
  const md = renderMarkdown(report);
  t.regex(md, /\| radio airtime \(s\) \| wired busy \(s\) \|/);
  t.regex(md, /mean power \(W\)/);
});

// Every example scenario, run briefly: no node's mean power falls below its idle power (scaled by the
// time it was up), and no receive chain is on longer than the run.
const SCENARIOS = join(import.meta.dirname, '..', '..', 'scenarios');
const SHORT: Record<string, string[]> = { 'highway.ts': ['horizonS=5'], 'split-inference.ts': ['horizonS=2'], 'deploy-optimize.ts': ['horizonS=2'], 'datacenter.ts': ['horizonS=0.05'] };
const TRAINING = ['horizonS=2', 'training.rounds=1'];

for (const file of readdirSync(SCENARIOS).filter((f) => f.endsWith('.ts'))) {
  test(`mean power ≥ idle power for every node of scenarios/${file}`, async (t) => {
    const { scenario } = await loadScenario(join(SCENARIOS, file), (SHORT[file] ?? TRAINING).map(parseOverride));
    await prepareScenarioInference(scenario);
    const { report } = simulate(scenario);
    t.true(report.simulatedEndS > 0);
    for (const n of report.nodes) {
      const idleW = scenario.nodes.find((x) => x.id === n.id)!.power.idleW;
      const upFraction = 1 - n.downS / report.simulatedEndS;
      t.true(n.meanPowerW! >= idleW * upFraction * (1 - 1e-12), `${n.id}: mean ${n.meanPowerW} W < idle ${idleW} W`);
      t.true(n.receivingS <= report.simulatedEndS * (1 + 1e-12), `${n.id}: receiving ${n.receivingS} s`);
      t.true(n.energyJ.idle <= idleW * report.simulatedEndS * (1 + 1e-12));
    }
  });
}
