/**
 * Validation benchmark: a scenario of N terminals (random waypoint, phone profile), 20 edge
 * centers on a 2.5 km × 2 km grid and N one-way wireless links, each terminal to its nearest edge
 * at the start (the shape of bench/radio.ts's scenario, without tasks), timed through
 * `validateScenario`. The sizes are interleaved over the repeats (load on a shared machine then
 * biases every size alike) and the median of the repeats is printed. One JSON line per N:
 *   {"nodes":…,"links":…,"validateS":…,"perNodeUs":…,"cpuS":…}
 * `validateS` is wall time; `cpuS` the process's CPU time over the same span (user + system,
 * including the garbage collector's threads), less sensitive to other load on a shared machine.
 *
 * Usage: npm run bench:validate [-- --sizes 10000,100000 --repeats 3]
 */
import { validateScenario } from '../src/scenario/validate.js';
import { RandomStreams } from '../src/engine/random.js';
import type { LinkSpec, NodeSpec, ScenarioSpec } from '../src/scenario/types.js';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const sizes = (arg('--sizes') ?? '10000,100000').split(',').map(Number);
const repeats = Number(arg('--repeats') ?? 3);

/** The scenario with `n` terminals (a fresh object each call: validation must not see a cached one). */
function scenario(n: number): ScenarioSpec {
  const rng = new RandomStreams(7).stream('bench/validate');
  const edges: NodeSpec[] = [];
  for (let i = 0; i < 5; i++) for (let j = 0; j < 4; j++) edges.push({ id: `e${edges.length}`, kind: 'edge', profile: 'edge-server', positionM: [250 + 500 * i, 250 + 500 * j, 10] });
  const terminals: NodeSpec[] = [];
  const links: LinkSpec[] = [];
  const bounds = { xM: [0, 2500] as [number, number], yM: [0, 2000] as [number, number] };
  for (let k = 0; k < n; k++) {
    const start: [number, number, number] = [rng.uniform(0, 2500), rng.uniform(0, 2000), 1.5];
    let nearest = edges[0]!;
    for (const e of edges) if (Math.hypot(e.positionM![0] - start[0], e.positionM![1] - start[1]) < Math.hypot(nearest.positionM![0] - start[0], nearest.positionM![1] - start[1])) nearest = e;
    const id = `t${k}`;
    terminals.push({ id, kind: 'terminal', profile: 'phone', mobility: { model: 'random-waypoint', boundsM: bounds, startM: start } });
    links.push({ from: id, to: nearest.id, wireless: true, duplex: false });
  }
  return { name: `validate-${n}`, radio: { access: 'ofdma' }, nodes: [...edges, ...terminals], links };
}

const times = new Map<number, number[]>(sizes.map((n) => [n, []]));
const cpuTimes = new Map<number, number[]>(sizes.map((n) => [n, []]));
validateScenario(scenario(100)); // warm-up: module initialisation and JIT, outside every timing
for (let r = 0; r < repeats; r++) {
  for (const n of sizes) {
    const raw = scenario(n);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const s = validateScenario(raw);
    times.get(n)!.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpuTimes.get(n)!.push((c.user + c.system) / 1e6);
    if (s.nodes.length !== n + 20) throw new Error(`expected ${n + 20} nodes, got ${s.nodes.length}`);
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const n of sizes) {
  const validateS = median(times.get(n)!);
  console.log(JSON.stringify({ nodes: n + 20, links: n, validateS: Number(validateS.toFixed(3)), perNodeUs: Number(((validateS / (n + 20)) * 1e6).toFixed(2)), cpuS: Number(median(cpuTimes.get(n)!).toFixed(3)) }));
}
