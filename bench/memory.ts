/**
 * Memory of real training at scale: sync FedAvg of the 2NN (199 210 parameters, 0.8 MB an update)
 * on MNIST with N clients on a wired star (each client one link to the server), K selected at
 * random per round. Each case runs in its own child process (so its peak RSS is its own) and prints
 * one JSON line:
 *   {"case":"memory","clients":…,"selected":…,"rounds":…,"peakRssMB":…,"heapUsedMB":…,"arrayBuffersMB":…,"wallS":…,"accuracy":…}
 * peakRssMB: the child's maximum resident set (process.resourceUsage().maxRSS); heapUsedMB and
 * arrayBuffersMB: after a full GC at the end (V8 heap; typed-array backing stores, which hold the
 * weights, updates and data). Then, per pair of cases with the same `selected`, one line
 *   {"case":"memory-per-client","from":…,"to":…,"bytesPerClientHeap":…,"bytesPerClientRss":…}
 * with the growth per added client (after GC: heap + array buffers; and of the peak RSS).
 *
 * Target (issue 15): 10 000 clients, 100 selected a round, peak RSS < 4 GB.
 *
 * Usage: npm run bench:memory -- [--cases 1000x100,10000x100,1000xall --rounds 3 --timeout 600]
 * (`NxK`: N clients, K selected a round, or `all`.)
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ScenarioSpec, NodeSpec, LinkSpec } from '../src/scenario/types.js';

const args = process.argv.slice(2);
const argValue = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const ROUNDS = Number(argValue('--rounds') ?? 3);
const r3 = (x: number): number => Number(x.toFixed(3));
const MB = 2 ** 20;

/** One measured case, as its child prints it. */
interface MemoryCase {
  case: 'memory';
  clients: number;
  selected: number | 'all';
  rounds: number;
  peakRssMB: number;
  heapUsedMB: number;
  arrayBuffersMB: number;
  wallS: number;
  accuracy: number | null;
}

/** The scenario: N clients, each wired to the server; FedAvg of the 2NN on MNIST. */
function scenario(clients: number, selected: number | 'all', rounds: number): ScenarioSpec {
  const ids = Array.from({ length: clients }, (_, i) => `c${i}`);
  const nodes: NodeSpec[] = [{ id: 'ps', kind: 'server', positionM: [0, 0, 10], cpuFlopsPerS: 19.5e12 }, ...ids.map((id, i): NodeSpec => ({ id, kind: 'terminal', profile: 'phone', positionM: [i % 1000, Math.floor(i / 1000), 1.5] }))];
  const links: LinkSpec[] = ids.map((id) => ({ from: 'ps', to: id, rateBps: 1e8, delayS: 0.005 }));
  return {
    name: `memory-${clients}`,
    seed: 1,
    nodes,
    links,
    training: {
      model: '2nn',
      dataset: { name: 'mnist', testFraction: 0.2 },
      partition: { name: 'iid' },
      server: 'ps',
      clients: 'terminals',
      algorithm: 'fedavg',
      rounds,
      local: { epochs: 1, batchSize: 10, learningRate: 0.05 },
      selection: selected === 'all' ? { policy: 'all' } : { policy: 'random', fraction: selected / clients },
    },
  } as ScenarioSpec;
}

async function child(clients: number, selected: number | 'all'): Promise<void> {
  const { validateScenario } = await import('../src/scenario/validate.js');
  const { simulate } = await import('../src/report/simulate.js');
  const { selectBackend } = await import('../src/learning/backend.js');
  await selectBackend((process.env.EDGESIM_BACKEND as 'auto') ?? 'auto');
  const t0 = performance.now();
  const { report } = simulate(validateScenario(scenario(clients, selected, ROUNDS)));
  const wallS = (performance.now() - t0) / 1000;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  // Backing stores of dead typed arrays are freed by a sweeper after the GC: let it run.
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const mem = process.memoryUsage();
  const out: MemoryCase = {
    case: 'memory',
    clients,
    selected,
    rounds: ROUNDS,
    peakRssMB: r3(process.resourceUsage().maxRSS / 1024),
    heapUsedMB: r3(mem.heapUsed / MB),
    arrayBuffersMB: r3(mem.arrayBuffers / MB),
    wallS: r3(wallS),
    accuracy: report.rounds.at(-1)?.testAccuracy ?? null,
  };
  console.log(JSON.stringify(out));
}

const parseCase = (c: string): [number, number | 'all'] => {
  const [n, k] = c.split('x');
  return [Number(n), k === 'all' ? 'all' : Number(k)];
};

if (argValue('--child') !== undefined) {
  const [n, k] = parseCase(argValue('--child')!);
  await child(n, k);
} else {
  const cases = (argValue('--cases') ?? '1000x100,10000x100,1000xall').split(',').map(parseCase);
  const timeoutS = Number(argValue('--timeout') ?? 600);
  const results: MemoryCase[] = [];
  for (const [n, k] of cases) {
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', `${n}x${k}`, '--rounds', String(ROUNDS)], { encoding: 'utf8', timeout: timeoutS * 1000, maxBuffer: 64 * MB });
    const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
    if (line === undefined) {
      console.log(JSON.stringify({ case: 'memory', clients: n, selected: k, rounds: ROUNDS, error: r.error?.message ?? (r.signal !== null ? `killed by ${r.signal} (timeout ${timeoutS} s?)` : r.stderr.trim().split('\n').slice(-3).join(' | ')) }));
      continue;
    }
    console.log(line);
    results.push(JSON.parse(line) as MemoryCase);
  }
  for (let a = 0; a < results.length; a++) {
    for (let b = a + 1; b < results.length; b++) {
      const x = results[a]!;
      const y = results[b]!;
      if (x.selected !== y.selected || x.clients === y.clients) continue;
      const dn = y.clients - x.clients;
      console.log(
        JSON.stringify({
          case: 'memory-per-client',
          selected: x.selected,
          from: x.clients,
          to: y.clients,
          bytesPerClientHeap: Math.round((((y.heapUsedMB + y.arrayBuffersMB) - (x.heapUsedMB + x.arrayBuffersMB)) * MB) / dn),
          bytesPerClientRss: Math.round(((y.peakRssMB - x.peakRssMB) * MB) / dn),
        }),
      );
    }
  }
}
