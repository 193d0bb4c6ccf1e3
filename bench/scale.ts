/**
 * Scale benchmark (issue 15): timing-only training (`training.mode: 'timing'`, no TF.js) of large
 * populations. Three cases, each (case, size) in its own child process so its peak RSS is its own:
 *
 * 1. `mobile-ofdma`: N mobile phones (random waypoint) in cells of a faded (Rayleigh, Jakes) OFDMA
 *    uplink and downlink with association, N/100 selected at random per round, `--rounds` sync
 *    FedAvg rounds of softmax regression (issue target: N = 100 000, 1 000 a round, 100 rounds,
 *    < 60 s wall, < 4 GB RSS). The world grows with N (see WORLD): one cell per 2 500 phones.
 * 2. `all-participate`: the same world, every client in every round (target: 10 000 clients × 100
 *    rounds < 60 s). Its terminals are static, spread over the cells: the target does not say they
 *    move, and 10⁴ walkers transmitting at once would each step their channel, rate and
 *    interference every 0.1 s (~10⁷–10⁸ steps per 100 rounds) — the cost of mobility is the
 *    mobile-ofdma case's to measure. This case measures 2 500 concurrent users per cell: more than
 *    a 20 MHz medium's 111 resource blocks, so they take turns on one shared clock per medium.
 * 3. `fedbuff`: FedBuff (K = 10) over the same cells (the phones move too), with concurrency N/100 until
 *    N updates (target: N = 100 000, concurrency 1 000, 100 000 updates < 60 s).
 *
 * Each run prints one JSON line:
 *   {"case":…,"clients":…,"cells":…,"selected":…,"rounds":…,"updates":…,"wallS":…,"cpuS":…,"buildS":…,"simulateS":…,"events":…,"scheduled":…,"cancelledSkipped":…,"cancelledPerScheduled":…,"peakRssMB":…,"simulatedS":…,"topEvents":{…}}
 * (wallS: validation + simulation + report, in the child; cpuS: the child's CPU time, user + system,
 * GC threads included — the figure to compare on a loaded machine; buildS: building and validating the
 * scenario; simulateS: `simulate()`'s own wall clock; topEvents: the four most frequent event types;
 * `fedbuff` adds lastAppliedS — training's end, which simulatedS should equal —, meanDownloadS,
 * maxDownloadS and abandonedTransfers: see fedbuffFigures.)
 * After the runs of a case at two or more sizes, a line with the cost exponents between the two
 * largest: log(x2/x1)/log(N2/N1) of wallS (`wall`, the issue's figure; 1 = linear), cpuS (`cpu`), the
 * events processed (`events`: the work) and simulate()'s seconds (`simulate`), and
 * `simulateTimePerEventRatio` (simulate seconds per event at the larger size over the smaller: how
 * much more each event costs — more interferers per cell, more cells per phone, a deeper queue,
 * caches and GC).
 *
 * Association runs with `idle: 'reselect'`: a terminal is measured every `measurementPeriodS`
 * (default 0.1 s) only while RRC_CONNECTED (a transfer, or within the 10 s inactivity timer) — and,
 * between transfers, once per 0.32 s DRX cycle (`drxCycleS`; `EDGESIM_SCALE_DRX=0` turns it off);
 * idle ones cost no event and re-rank their cells when selected. `EDGESIM_SCALE_IDLE=measure`
 * measures every terminal every period instead (N × simulated time / period events whatever
 * training does); `--measurement-period-s` sets the period. `EDGESIM_SCALE_WORLD=fixed` runs the
 * first sessions' world (4 cells whatever N, every phone linked to all four).
 *
 * Usage: npm run bench:scale -- [--sizes 10000,100000] [--rounds 100] [--cases mobile-ofdma,all-participate,fedbuff] [--measurement-period-s 1]
 *        small (CI smoke, < 30 s): npm run bench:scale -- --sizes 100,300 --rounds 2
 *        the world's heap bytes per terminal: npm run bench:scale -- --world-bytes [--cases fedbuff,mobile-ofdma] [--sizes 10000,30000]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { validateScenario } from '../src/scenario/validate.js';
import { simulate } from '../src/report/simulate.js';
import { Simulator } from '../src/engine/simulator.js';
import { buildWorld } from '../src/scenario/world.js';
import type { ScenarioSpec } from '../src/scenario/types.js';

const args = process.argv.slice(2);
const argValue = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

/** The cases. */
export type Case = 'mobile-ofdma' | 'all-participate' | 'fedbuff';
const CASES: Case[] = ['mobile-ofdma', 'all-participate', 'fedbuff'];
/**
 * Each case's sizes without `--sizes`: the target size and a tenth of it (for the cost
 * exponent). About 4 minutes in all on an idle 2-core machine at 100 rounds.
 */
const DEFAULT_SIZES: Record<Case, number[]> = { 'mobile-ofdma': [10_000, 100_000], 'all-participate': [1_000, 10_000], fedbuff: [10_000, 100_000] };

/** A learning curve for the surrogate (its values do not affect the timeline). */
const CURVE = { accuracy: { a: 0.9, b: -0.8, d: 0.5 }, loss: { a: 0.3, b: 2, d: 0.5 } };
/** Phones per cell when the world grows with the population (`EDGESIM_SCALE_WORLD=grow`, the default). */
const PHONES_PER_CELL = 2_500;
/**
 * The world: `grow` (default) — one cell per 2 500 phones (at least 4) on a line 800 m apart, each
 * phone walking within ±600 m of its home cell's centre (so it crosses into both neighbours and
 * hands over) and linked to its home cell and the two next to it; per-cell load, round length and
 * each phone's work stay the same as N grows, so the benchmark measures the simulator rather than
 * an ever more congested cell. `fixed` — 4 cells whatever N, every phone walking anywhere and
 * linked to every cell (the first sessions' world: at 10⁵, 250 selected phones share each cell and
 * a round lasts ≈ 11 s).
 */
const WORLD: 'grow' | 'fixed' = process.env['EDGESIM_SCALE_WORLD'] === 'fixed' ? 'fixed' : 'grow';
/** How many cells a world of N phones has. */
const cellsFor = (clients: number): number => (WORLD === 'fixed' ? 4 : Math.max(4, Math.round(clients / PHONES_PER_CELL)));
/**
 * Association's idle behaviour: `reselect` (idle terminals cost no event; those taking part are
 * measured while connected); `EDGESIM_SCALE_IDLE=measure` measures every terminal every period.
 */
const IDLE: 'measure' | 'reselect' = process.env['EDGESIM_SCALE_IDLE'] === 'measure' ? 'measure' : 'reselect';
const HALF_WIDTH_M = 400;
/**
 * Connected-mode DRX cycle of the phones (s): between transfers a connected phone is measured once
 * a cycle (`radio.association.drxCycleS`); 0.32 s, a common long DRX cycle. `EDGESIM_SCALE_DRX=0`
 * measures it every period until its inactivity timer expires, as before DRX was modelled.
 */
const DRX_CYCLE_S = Number(process.env['EDGESIM_SCALE_DRX'] ?? 0.32);
/**
 * How far interference reaches in the growing world (m): the cells whose edge centers lie within
 * 3 km of a cell's (3 each side) hear its transmissions; beyond, where an NLOS phone arrives 30 dB
 * below the noise floor (a LOS one, p = 0.6 %, 11 dB below), they do not (docs/models.md
 * "Interference range" says what this neglects).
 */
const INTERFERENCE_RANGE_M = 3_000;
/** How far a phone of the growing world walks from its home cell's centre (m, along the line). */
const ROAM_M = 600;

/** The world of every case: N phones in cells on a line, a server behind the edge centers. */
export function scenario(kind: Case, clients: number, rounds: number, measurementPeriodS: number | undefined): ScenarioSpec {
  const cells = cellsFor(clients);
  const centreM = (e: number): number => (e - (cells - 1) / 2) * 2 * HALF_WIDTH_M;
  const edges = Array.from({ length: cells }, (_, e) => ({ id: `e${e}`, kind: 'edge' as const, profile: 'edge-server', positionM: [centreM(e), 0, 10] as [number, number, number] }));
  const span = cells * HALF_WIDTH_M;
  const startM = (i: number): [number, number, number] => [((i + 0.5) / clients) * 2 * span - span, 0, 1.5];
  /** a phone's home cell: the one its start lies in */
  const homeOf = (i: number): number => Math.min(cells - 1, Math.floor(((i + 0.5) / clients) * cells));
  /** the cells a phone is linked to (and measures) */
  const cellsOf = (i: number): number[] => {
    if (WORLD === 'fixed') return edges.map((_, e) => e);
    const h = homeOf(i);
    return [h - 1, h, h + 1].filter((e) => e >= 0 && e < cells);
  };
  const boundsOf = (i: number): { xM: [number, number]; yM: [number, number] } =>
    WORLD === 'fixed' ? { xM: [-span, span], yM: [-200, 200] } : { xM: [centreM(homeOf(i)) - ROAM_M, centreM(homeOf(i)) + ROAM_M], yM: [-200, 200] };
  const phones = Array.from({ length: clients }, (_, i) => ({
    id: `c${i}`,
    kind: 'terminal' as const,
    profile: 'phone',
    ...(kind === 'all-participate'
      ? // static, spread over the cells' width too (a deterministic scatter in y within ±200 m)
        { positionM: [startM(i)[0], ((i * 7919) % 401) - 200, 1.5] as [number, number, number] }
      : { mobility: { model: 'random-waypoint' as const, boundsM: boundsOf(i), startM: startM(i) } }),
  }));
  const selected = kind === 'all-participate' ? clients : Math.max(1, Math.round(clients / 100));
  // EDGESIM_SCALE_UPDATES caps FedBuff's updates (to profile a large population on part of its run).
  const updates = Math.min(clients, Number(process.env['EDGESIM_SCALE_UPDATES'] ?? Infinity));
  const protocol = kind === 'fedbuff' ? { name: 'fedbuff', bufferSize: 10, concurrency: selected, serverSteps: Math.ceil(updates / 10), evalEverySteps: 100 } : { name: 'sync' };
  return {
    name: `scale-${kind}-${clients}`,
    seed: 1,
    radio: { fading: { model: 'rayleigh', process: 'jakes' }, access: 'ofdma', ...(WORLD === 'grow' ? { interferenceRangeM: INTERFERENCE_RANGE_M } : {}), association: { idle: IDLE, ...(measurementPeriodS === undefined ? {} : { measurementPeriodS }), ...(IDLE === 'reselect' && DRX_CYCLE_S > 0 ? { drxCycleS: DRX_CYCLE_S } : {}) } },
    // Everyone each round: the report's per-transfer and per-computation rows are the only memory
    // that grows with rounds (heap after GC, 10³ clients: 64 → 69 MB from 2 to 8 rounds with them,
    // 62 → 62 MB without); EDGESIM_SCALE_OMIT=0 keeps them.
    ...(kind === 'all-participate' && process.env['EDGESIM_SCALE_OMIT'] !== '0' ? { report: { omit: ['transfers', 'computations'] } } : {}),
    nodes: [{ id: 'ps', kind: 'server', positionM: [0, 500, 30], cpuFlopsPerS: 1e12 }, ...edges, ...phones],
    links: [...edges.map((e) => ({ from: 'ps', to: e.id, rateBps: 10e9, delayS: 0.005 })), ...phones.flatMap((p, i) => cellsOf(i).map((e) => ({ from: p.id, to: `e${e}`, wireless: true })))],
    training: {
      mode: 'timing',
      calibration: CURVE,
      model: 'softmax',
      // Validation caps a synthetic data set at 2^28 values (samples × dim) even in timing mode, where
      // none is generated: 10 samples a client up to 342 392 (from 34 240 clients on, fewer than 10 each).
      dataset: { name: 'gaussian-mixture', samples: Math.min(10 * clients, Math.floor(2 ** 28 / 784)), classes: 10, dim: 784 },
      server: 'ps',
      clients: 'terminals',
      rounds,
      samplesPerClient: 8,
      local: { epochs: 1, batchSize: 8 },
      selection: kind === 'all-participate' ? { policy: 'all' } : { policy: 'random', fraction: selected / clients },
      compression: { name: 'top-k', density: 0.1 },
      protocol,
    },
  } as ScenarioSpec;
}

/**
 * FedBuff's own figures: when the last update was applied (training ends then: the run must end
 * with it, its leftover transfers abandoned), the mean and largest download time of the updates
 * and how many transfers training abandoned (`interrupted` after the last update applied).
 */
function fedbuffFigures(report: ReturnType<typeof simulate>['report']): Record<string, number | null> {
  const updates = report.updates ?? [];
  let lastAppliedS = 0;
  let downloadSumS = 0;
  let maxDownloadS = 0;
  for (const u of updates) {
    if (u.outcome === 'applied' && u.endS > lastAppliedS) lastAppliedS = u.endS;
    downloadSumS += u.downloadS;
    if (u.downloadS > maxDownloadS) maxDownloadS = u.downloadS;
  }
  let abandoned = 0;
  for (const x of report.transfers) if (x.outcome === 'interrupted' && x.endS >= lastAppliedS - 1e-9) abandoned++;
  const r3 = (x: number): number => Number(x.toFixed(3));
  return { lastAppliedS: r3(lastAppliedS), meanDownloadS: updates.length > 0 ? r3(downloadSumS / updates.length) : null, maxDownloadS: r3(maxDownloadS), abandonedTransfers: abandoned };
}

/** The figures of a child's JSON line that the exponents use. */
interface ChildFigures {
  wallS: number;
  cpuS: number;
  simulateS: number;
  events: number;
}

/** One run (in a child process). */
function child(kind: Case, clients: number, rounds: number, measurementPeriodS: number | undefined): void {
  const t0 = performance.now();
  const spec = scenario(kind, clients, rounds, measurementPeriodS);
  const s = validateScenario(spec);
  const t1 = performance.now();
  const { report, runInfo } = simulate(s);
  const wallS = (performance.now() - t0) / 1000;
  // EDGESIM_SCALE_HEAP=1 (with node --expose-gc): the heap still in use after a full GC, on stderr.
  if (process.env['EDGESIM_SCALE_HEAP'] === '1') {
    (globalThis as { gc?: () => void }).gc?.();
    console.error(JSON.stringify({ heapUsedMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20) }));
  }
  const r3 = (x: number): number => Number(x.toFixed(3));
  const ev = report.events;
  console.log(
    JSON.stringify({
      case: kind,
      clients,
      cells: cellsFor(clients),
      selected: kind === 'all-participate' ? clients : Math.max(1, Math.round(clients / 100)),
      rounds: kind === 'fedbuff' ? null : report.rounds.length,
      updates: kind === 'fedbuff' ? (report.training?.updates?.applied ?? 0) + (report.training?.updates?.buffered ?? 0) : report.rounds.reduce((a, r) => a + r.participants, 0),
      wallS: r3(wallS),
      cpuS: r3((process.cpuUsage().user + process.cpuUsage().system) / 1e6),
      buildS: r3((t1 - t0) / 1000),
      simulateS: r3(runInfo.wallS),
      events: ev.processed,
      scheduled: ev.scheduled,
      cancelledSkipped: ev.cancelledSkipped,
      cancelledPerScheduled: ev.scheduled > 0 ? r3(ev.cancelledSkipped / ev.scheduled) : null,
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      simulatedS: r3(report.simulatedEndS),
      topEvents: Object.fromEntries(Object.entries(ev.byType).sort((a, b) => b[1] - a[1]).slice(0, 4)),
      ...(kind === 'fedbuff' ? fedbuffFigures(report) : {}),
    }),
  );
}

/**
 * The heap a built world holds (in a child run with --expose-gc): validates and builds case `kind`'s
 * world of `clients` terminals, collects garbage, prints {"heapMB":…,"nodes":…} with the world (and the
 * validated scenario) still referenced.
 */
function childWorld(kind: Case, clients: number): void {
  const s = validateScenario(scenario(kind, clients, 2, undefined));
  const world = buildWorld(new Simulator({ seed: 1 }), s);
  (globalThis as { gc?: () => void }).gc?.();
  console.log(JSON.stringify({ heapMB: process.memoryUsage().heapUsed / 2 ** 20, nodes: world.nodes.size }));
}

/**
 * `--world-bytes [--cases fedbuff] [--sizes 10000,30000]`: the world's heap bytes per terminal, the
 * growth of the heap after a full GC between the two sizes over the terminals added (fixed costs —
 * code, the edge centres — cancel out). Prints {"case":"world-bytes",…,"bytesPerTerminal":…}.
 */
function worldBytes(): void {
  const self = fileURLToPath(import.meta.url);
  const kinds = (argValue('--cases')?.split(',') ?? ['fedbuff']) as Case[];
  const [n1, n2] = (argValue('--sizes')?.split(',').map(Number) ?? [10_000, 30_000]) as [number, number];
  for (const kind of kinds) {
    const heap = [n1, n2].map((n) => {
      const r = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', self, '--child-world', kind, String(n)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      return (JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { heapMB: number }).heapMB;
    }) as [number, number];
    console.log(JSON.stringify({ case: 'world-bytes', kind, from: n1, to: n2, heapMB: heap.map((h) => Math.round(h)), bytesPerTerminal: Math.round(((heap[1] - heap[0]) * 2 ** 20) / (n2 - n1)) }));
  }
}

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (!invokedDirectly) {
  // imported (e.g. to build its scenarios elsewhere): run nothing
} else if (args[0] === '--child-world') {
  childWorld(args[1] as Case, Number(args[2]));
} else if (args.includes('--world-bytes')) {
  worldBytes();
} else if (args[0] === '--child') {
  child(args[1] as Case, Number(args[2]), Number(args[3]), args[4] === undefined ? undefined : Number(args[4]));
} else {
  const cases = (argValue('--cases')?.split(',') ?? CASES) as Case[];
  const rounds = Number(argValue('--rounds') ?? 100);
  const sizesArg = argValue('--sizes')?.split(',').map(Number);
  const period = argValue('--measurement-period-s');
  const self = fileURLToPath(import.meta.url);
  for (const kind of cases) {
    if (!CASES.includes(kind)) throw new Error(`unknown case '${kind}'; known: ${CASES.join(', ')}`);
    const sizes = sizesArg ?? DEFAULT_SIZES[kind];
    const runs: [number, ChildFigures][] = [];
    for (const n of sizes) {
      const r = spawnSync(process.execPath, [...process.execArgv, '--max-old-space-size=4096', self, '--child', kind, String(n), String(rounds), ...(period === undefined ? [] : [period])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      const line = r.stdout.trim().split('\n').pop() ?? '';
      if (r.status !== 0 || !line.startsWith('{')) {
        console.log(JSON.stringify({ case: kind, clients: n, error: `child exited ${r.status ?? r.signal}` }));
        continue;
      }
      console.log(line);
      runs.push([n, JSON.parse(line) as ChildFigures]);
    }
    if (runs.length >= 2) {
      const [[n1, a], [n2, b]] = runs.slice(-2) as [[number, ChildFigures], [number, ChildFigures]];
      const exp = (x1: number, x2: number): number => Number((Math.log(x2 / x1) / Math.log(n2 / n1)).toFixed(3));
      console.log(
        JSON.stringify({
          case: kind,
          exponent: { from: n1, to: n2, wall: exp(a.wallS, b.wallS), cpu: exp(a.cpuS, b.cpuS), events: exp(a.events, b.events), simulate: exp(a.simulateS, b.simulateS) },
          // simulate() seconds per event at the larger size over the smaller (1 = each event costs the same)
          simulateTimePerEventRatio: Number((b.simulateS / b.events / (a.simulateS / a.events)).toFixed(3)),
        }),
      );
    }
  }
}
