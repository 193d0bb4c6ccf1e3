/**
 * Radio benchmark: N mobile terminals (random waypoint, ns-3 defaults) and 20 edge centers on a
 * 2.5 km × 2 km grid; each terminal uploads 1 MB to the edge center nearest to it when the upload
 * starts, over a Jakes-faded
 * 3GPP UMi channel, sharing that edge's 20 MHz uplink by OFDMA, with the environment's default
 * resolution (step 0.1 s; ergodic rate when the step is longer than the coherence time). Uploads
 * start at uniform random times over N × 500 ms (an aggregate 2 uploads/s) under frequency reuse 4,
 * with inter-cell interference, so the load per edge stays bounded and the work grows with N. One
 * JSON line per N:
 *   {"terminals":N,"wallS":…,"validateS":…,"events":…,"eventsPerS":…,"peakRssMB":…}
 *
 * Usage: npm run bench:radio [-- --sizes 1000,10000,100000]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { validateScenario } from '../src/scenario/validate.js';
import { simulate } from '../src/report/simulate.js';
import { RandomStreams } from '../src/engine/random.js';
import { randomWaypoint } from '../src/mobility/randomWaypoint.js';
import { fromTuple } from '../src/mobility/vec.js';
import type { LinkSpec, NodeSpec, ScenarioSpec, TaskSpec } from '../src/scenario/types.js';

const args = process.argv.slice(2);
/**
 * Mean time between upload starts (s; env SPACING_S): 500 ms, an aggregate 2 uploads/s (16 Mbit/s
 * offered to 20 cells), a fifth of the ≈ 10 uploads/s they carry with interference (measured).
 * Beyond ~20 000 terminals the cost grows faster than N: walkers that drift into outage poll
 * every step (docs/performance.md).
 */
const SPACING_S = Number(process.env.SPACING_S ?? 0.5);
/**
 * Frequency reuse (env REUSE): 4. With reuse 1 and full-power terminals (no uplink power control
 * yet) co-channel interference keeps cell-edge SINRs near or below the outage threshold and the
 * cells carry far less; reuse 4 keeps the load per cell bounded, which is what this benchmark needs
 * to measure how cost grows with N.
 */
const REUSE = Number(process.env.REUSE ?? 4);
const arg = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

function scenario(n: number): ScenarioSpec {
  const rng = new RandomStreams(7).stream('bench/radio');
  const edges: NodeSpec[] = [];
  for (let i = 0; i < 5; i++) for (let j = 0; j < 4; j++) edges.push({ id: `e${edges.length}`, kind: 'edge', profile: 'edge-server', positionM: [250 + 500 * i, 250 + 500 * j, 10] });
  const terminals: NodeSpec[] = [];
  const links: LinkSpec[] = [];
  const tasks: TaskSpec[] = [];
  const bounds = { xM: [0, 2500] as [number, number], yM: [0, 2000] as [number, number] };
  const simStreams = new RandomStreams(1); // the streams the simulation will use (seed 1, run 0)
  for (let k = 0; k < n; k++) {
    const start: [number, number, number] = [rng.uniform(0, 2500), rng.uniform(0, 2000), 1.5];
    const id = `t${k}`;
    const at = rng.uniform(0, n * SPACING_S);
    // Upload to the edge nearest to where the terminal will be when it starts (its path is a
    // function of its own stream, so it can be known ahead).
    const p = randomWaypoint({ boundsM: bounds, speedMps: [0.3, 0.7], pauseS: [2, 2], startM: fromTuple(start) }, simStreams.stream(`mobility/${id}`)).positionAt(at);
    let nearest = edges[0]!;
    for (const e of edges) if (Math.hypot(e.positionM![0] - p.x, e.positionM![1] - p.y) < Math.hypot(nearest.positionM![0] - p.x, nearest.positionM![1] - p.y)) nearest = e;
    terminals.push({ id, kind: 'terminal', profile: 'phone', mobility: { model: 'random-waypoint', boundsM: bounds, startM: start } });
    links.push({ from: id, to: nearest.id, wireless: true, duplex: false });
    tasks.push({ id: `up${k}`, type: 'send', from: id, to: nearest.id, bits: 8e6, notBeforeS: at });
  }
  return { name: `radio-${n}`, radio: { fading: { model: 'rayleigh', process: 'jakes' }, access: 'ofdma', frequencyReuse: REUSE }, nodes: [...edges, ...terminals], links, tasks };
}

function runCase(n: number): void {
  const t0 = performance.now();
  const s = validateScenario(scenario(n));
  const validateS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const { report } = simulate(s);
  const wallS = (performance.now() - t1) / 1000;
  const delivered = report.transfers.filter((x) => x.outcome === 'delivered').length;
  console.log(
    JSON.stringify({
      terminals: n,
      wallS: Number(wallS.toFixed(3)),
      validateS: Number(validateS.toFixed(3)),
      events: report.events.processed,
      eventsPerS: Math.round(report.events.processed / wallS),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      simulatedS: Number(report.simulatedEndS.toFixed(3)),
      delivered,
    }),
  );
}

const kase = arg('--case');
if (kase !== undefined) runCase(Number(kase));
else {
  const self = fileURLToPath(import.meta.url);
  for (const n of (arg('--sizes') ?? '1000,10000,100000').split(',').map(Number)) {
    process.stdout.write(execFileSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', self, '--case', String(n)], { encoding: 'utf8' }));
  }
}
