/**
 * Inference serving cost: how the wall time of a run grows with the number of terminals sending
 * requests. N static terminals (phones, all on the edge: every request uploads its 25 kbit input
 * and queues at a server) around N/50 edge servers over 3GPP UMi + Rayleigh + OFDMA, Poisson
 * requests at 5/s each, simulated for `--seconds`. Prints one JSON line per size:
 *   {"case":"inference-serving","terminals":…,"servers":…,"requests":…,"events":…,"wallS":…,"requestsPerWallS":…}
 * and a last line with the growth exponent of wall time against terminals between the smallest and
 * the largest size (1 = linear).
 *
 * Usage: npm run bench:inference -- [--sizes 50,200,800 --seconds 5]
 */
import { validateScenario } from '../src/scenario/validate.js';
import { simulate } from '../src/report/simulate.js';
import { selectBackend } from '../src/learning/backend.js';
import { prepareScenarioInference } from '../src/inference/deploy.js';
import type { LinkSpec, NodeSpec, ScenarioSpec } from '../src/scenario/types.js';

const args = process.argv.slice(2);
const argValue = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const SIZES = (argValue('--sizes') ?? '50,200,800').split(',').map(Number);
const SECONDS = Number(argValue('--seconds') ?? 5);

await selectBackend((process.env.EDGESIM_BACKEND as 'auto') ?? 'auto');

function scenario(n: number): ScenarioSpec {
  const servers = Math.max(1, Math.round(n / 50));
  const nodes: NodeSpec[] = Array.from({ length: servers }, (_, j): NodeSpec => ({ id: `e${j}`, kind: 'edge', profile: 'edge-server', positionM: [500 * j, 0, 10] }));
  const links: LinkSpec[] = [];
  for (let i = 0; i < n; i++) {
    const j = i % servers;
    nodes.push({ id: `t${i}`, kind: 'terminal', profile: 'phone', positionM: [500 * j + 20 + (i % 97), 10 + (i % 13), 1.5] });
    links.push({ from: `t${i}`, to: `e${j}`, wireless: true });
  }
  return {
    name: `bench-inference-${n}`,
    seed: 1,
    horizonS: SECONDS,
    radio: { pathLoss: { model: '3gpp-umi' }, fading: { model: 'rayleigh' }, bandwidthHz: 20e6, access: 'ofdma', association: {} },
    nodes,
    links,
    inference: { model: { name: '2nn' }, overheadS: 0.0005, workload: [{ arrivals: { name: 'poisson', ratePerS: 5 } }], deployment: { split: 'edge' } },
  };
}

const points: { n: number; wallS: number }[] = [];
for (const n of SIZES) {
  const s = validateScenario(scenario(n));
  await prepareScenarioInference(s);
  const t0 = performance.now();
  const { report } = simulate(s);
  const wallS = (performance.now() - t0) / 1000;
  const requests = report.requests?.length ?? 0;
  points.push({ n, wallS });
  console.log(JSON.stringify({ case: 'inference-serving', terminals: n, servers: Math.max(1, Math.round(n / 50)), requests, events: report.events.processed, wallS: +wallS.toFixed(3), requestsPerWallS: Math.round(requests / wallS) }));
}
if (points.length >= 2) {
  const a = points[0]!;
  const b = points[points.length - 1]!;
  console.log(JSON.stringify({ case: 'inference-serving-growth', fromTerminals: a.n, toTerminals: b.n, exponent: +(Math.log(b.wallS / a.wallS) / Math.log(b.n / a.n)).toFixed(3) }));
}
