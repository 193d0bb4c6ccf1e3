/**
 * Radio benchmark: N mobile terminals (random waypoint, ns-3 defaults) and 20 edge centers on a
 * 2.5 km × 2 km grid; each terminal uploads 1 MB to the edge center nearest to it when the upload
 * starts, over a Jakes-faded
 * 3GPP UMi channel, sharing that edge's 20 MHz uplink by OFDMA, with the environment's default
 * resolution (step 0.1 s; ergodic rate when the step is longer than the coherence time). Uploads
 * start at uniform random times over N × 500 ms (an aggregate 2 uploads/s) under frequency reuse 4,
 * with inter-cell interference, so the load per edge stays bounded and the work grows with N. One
 * JSON line per N:
 *   {"terminals":N,"wallS":…,"validateS":…,"events":…,"scheduled":…,"cancelled":…,
 *    "cancelledPerScheduled":…,"scheduledPerTransfer":…,"eventsPerS":…,"peakRssMB":…}
 *
 * Then the shared-medium case (issue 15): K static terminals 100 m around one edge, each sending
 * 8 Mb, starting one after another over the first second, so that all K share the edge's uplink
 * by OFDMA at once and every start and end re-splits it among up to K users. The scheduled events
 * per transfer must not grow with K. One line per K:
 *   {"concurrent":K,"scheduled":…,"cancelled":…,"cancelledPerScheduled":…,"scheduledPerTransfer":…,…}
 *
 * Usage: npm run bench:radio [-- --sizes 1000,10000,100000] [--concurrent 100,1000]
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

/** K static terminals sharing one edge's uplink, all at once (see the header). */
function sharedScenario(k: number): ScenarioSpec {
  const nodes: NodeSpec[] = [{ id: 'e0', kind: 'edge', profile: 'edge-server', positionM: [0, 0, 10] }];
  const links: LinkSpec[] = [];
  const tasks: TaskSpec[] = [];
  for (let i = 0; i < k; i++) {
    const a = (2 * Math.PI * i) / k;
    nodes.push({ id: `t${i}`, kind: 'terminal', profile: 'phone', positionM: [100 * Math.cos(a), 100 * Math.sin(a), 1.5] });
    links.push({ from: `t${i}`, to: 'e0', wireless: true, duplex: false });
    tasks.push({ id: `up${i}`, type: 'send', from: `t${i}`, to: 'e0', bits: 8e6, notBeforeS: i / k });
  }
  return { name: `shared-${k}`, radio: { fading: { model: 'none' }, access: 'ofdma' }, nodes, links, tasks };
}

/** The engine's event counts of a report, per transfer. */
function eventCounts(events: { processed: number; scheduled: number; cancelledSkipped: number }, transfers: number): Record<string, number> {
  return {
    events: events.processed,
    scheduled: events.scheduled,
    cancelled: events.cancelledSkipped,
    cancelledPerScheduled: Number((events.cancelledSkipped / events.scheduled).toFixed(4)),
    scheduledPerTransfer: Number((events.scheduled / transfers).toFixed(2)),
  };
}

function runShared(k: number): void {
  const s = validateScenario(sharedScenario(k));
  const t1 = performance.now();
  const { report } = simulate(s);
  const wallS = (performance.now() - t1) / 1000;
  const delivered = report.transfers.filter((x) => x.outcome === 'delivered').length;
  console.log(JSON.stringify({ concurrent: k, wallS: Number(wallS.toFixed(3)), ...eventCounts(report.events, k), simulatedS: Number(report.simulatedEndS.toFixed(3)), delivered }));
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
      ...eventCounts(report.events, n),
      eventsPerS: Math.round(report.events.processed / wallS),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      simulatedS: Number(report.simulatedEndS.toFixed(3)),
      delivered,
    }),
  );
}

const kase = arg('--case');
const shared = arg('--shared');
if (kase !== undefined) runCase(Number(kase));
else if (shared !== undefined) runShared(Number(shared));
else {
  const self = fileURLToPath(import.meta.url);
  const run = (flag: string, n: number): void => {
    process.stdout.write(execFileSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', self, flag, String(n)], { encoding: 'utf8' }));
  };
  for (const n of (arg('--sizes') ?? '1000,10000,100000').split(',').map(Number)) run('--case', n);
  for (const k of (arg('--concurrent') ?? '100,1000').split(',').map(Number)) run('--shared', k);
}
