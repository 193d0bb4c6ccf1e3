/**
 * Engine throughput: the classic hold model (pop one event, schedule one with an exponential
 * increment) at several queue sizes, through the real `Simulator` API (the callback path), next to
 * the same loop on a plain typed-array 4-ary heap (the reference) and on heap-js with an object
 * comparator (why the engine does not use it; see docs/performance.md), and the same model with N
 * generator processes each looping `yield sim.timeout(increment)`, next to SimPy's processes doing
 * the same (bench/simpy-hold.py, run by a Python that imports simpy: $SIMPY_PYTHON, /usr/bin/python3
 * or python3).
 *
 * Each variant runs alone in a child process of its own (its own JS heap and caches: at 1e6 pending
 * the variants' data sets no longer compete with one another), first ops/10 (at least 1e5) untimed
 * operations on the same queue (JIT warm-up, steady state), then the `ops` timed ones. The
 * variants are alternated over {@link REPS} repetitions (the order reversed every other one, the
 * callback path always next to the reference and the processes next to SimPy), so load on a
 * shared machine biases no ratio; each ratio is the median of the per-repetition ratios, with its
 * spread. Prints one JSON line per size.
 *
 * Usage: npm run bench:engine [-- --ops N --sizes 1000,100000,1000000 --reps 5 --no-simpy]
 * (a child: bench/engine.ts --child <variant> --pending N --ops N; prints {wallMs, cpuMs})
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Heap } from 'heap-js';
import { Simulator } from '../src/engine/simulator.js';
import { RandomStream } from '../src/engine/random.js';
import type { SimEvent } from '../src/engine/events.js';

const args = process.argv.slice(2);
const argValue = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const OPS = Number(argValue('--ops') ?? 3e6);
const SIZES = (argValue('--sizes') ?? '1000,100000,1000000').split(',').map(Number);
const NO_SIMPY = args.includes('--no-simpy');
/** Repetitions: each variant runs once per repetition, in a child process of its own. */
const REPS = Number(argValue('--reps') ?? 5);
const CHILD = argValue('--child');

// Exponential increments (mean 1 s) drawn once, so every variant does the same queue work.
const MASK = (1 << 16) - 1;
const rng = new RandomStream('bench', 'bench/0/hold');
const incS = new Float64Array(MASK + 1).map(() => rng.exponential(1));
const incNs = incS.map((s) => Math.round(s * 1e9));

/** Untimed operations run first on the same queue: JIT warm-up and a steady-state queue. */
const warmupOps = (ops: number): number => Math.max(100_000, Math.round(ops / 10));

/** A variant set up and warmed up: runs `n` more timed operations and returns the ms taken. */
type Chunk = (n: number) => number;

/** CPU ms (user + system, this process) spent by the last {@link timed} call. */
let lastCpuMs = 0;
function timed(body: () => void): number {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  body();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  lastCpuMs = (c.user + c.system) / 1000;
  return ms;
}

function holdSimulator(pending: number, ops: number): Chunk {
  const sim = new Simulator();
  let k = 0;
  const handler = (): void => {
    sim.schedule(incS[k++ & MASK]!, handler);
  };
  for (let i = 0; i < pending; i++) sim.schedule(incS[(i * 7919) & MASK]! * 3, handler);
  sim.run({ maxEvents: warmupOps(ops) });
  return (n) => timed(() => sim.run({ maxEvents: n }));
}

/** The hold model with `pending` processes, each looping `yield sim.timeout(increment)`. */
function holdProcesses(pending: number, ops: number): Chunk {
  const sim = new Simulator();
  let k = 0;
  function* holder(i: number): Generator<SimEvent<undefined>, void, unknown> {
    yield sim.timeout(incS[(i * 7919) & MASK]! * 3);
    for (;;) yield sim.timeout(incS[k++ & MASK]!);
  }
  for (let i = 0; i < pending; i++) sim.process(holder(i), 'holder');
  sim.run({ maxEvents: pending + warmupOps(ops) }); // the starts, then the warm-up
  return (n) => timed(() => sim.run({ maxEvents: n }));
}

function holdReference(pending: number, ops: number): Chunk {
  let cap = 1024;
  let keys = new Float64Array(cap);
  let ids = new Float64Array(cap);
  let size = 0;
  const push = (key: number, id: number): void => {
    if (size === cap) {
      cap *= 2;
      const k2 = new Float64Array(cap);
      k2.set(keys);
      keys = k2;
      const i2 = new Float64Array(cap);
      i2.set(ids);
      ids = i2;
    }
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      if (keys[p]! <= key) break;
      keys[i] = keys[p]!;
      ids[i] = ids[p]!;
      i = p;
    }
    keys[i] = key;
    ids[i] = id;
  };
  const pop = (): number => {
    const top = keys[0]!;
    const key = keys[--size]!;
    const id = ids[size]!;
    let i = 0;
    for (;;) {
      const c = 4 * i + 1;
      if (c >= size) break;
      let m = c;
      let mk = keys[c]!;
      const end = c + 4 < size ? c + 4 : size;
      for (let j = c + 1; j < end; j++) {
        if (keys[j]! < mk) {
          mk = keys[j]!;
          m = j;
        }
      }
      if (mk >= key) break;
      keys[i] = mk;
      ids[i] = ids[m]!;
      i = m;
    }
    keys[i] = key;
    ids[i] = id;
    return top;
  };
  let seq = 0;
  for (let i = 0; i < pending; i++) push(incNs[(i * 7919) & MASK]! * 3, seq++);
  const hold = (from: number, to: number): void => {
    for (let k = from; k < to; k++) {
      const t = pop();
      push(t + incNs[k & MASK]!, seq++);
    }
  };
  hold(0, warmupOps(ops));
  let at = 0;
  return (n) => timed(() => hold(at, (at += n)));
}

interface ObjEvent {
  t: number;
  s: number;
}
function holdHeapJs(pending: number, ops: number): Chunk {
  const heap = new Heap<ObjEvent>((a, b) => a.t - b.t || a.s - b.s);
  let seq = 0;
  for (let i = 0; i < pending; i++) heap.add({ t: incNs[(i * 7919) & MASK]! * 3, s: seq++ });
  const hold = (from: number, to: number): void => {
    for (let k = from; k < to; k++) {
      const e = heap.pop()!;
      heap.add({ t: e.t + incNs[k & MASK]!, s: seq++ });
    }
  };
  hold(0, warmupOps(ops));
  let at = 0;
  return (n) => timed(() => hold(at, (at += n)));
}

let simpyPython: string | null | undefined;
/** The first interpreter that imports simpy: $SIMPY_PYTHON, /usr/bin/python3, python3. */
function findSimpyPython(): string | null {
  if (simpyPython !== undefined) return simpyPython;
  const candidates = [process.env.SIMPY_PYTHON, '/usr/bin/python3', 'python3'].filter((c): c is string => c !== undefined && c !== '');
  simpyPython = candidates.find((py) => spawnSync(py, ['-c', 'import simpy'], { stdio: 'ignore' }).status === 0) ?? null;
  return simpyPython;
}

/** SimPy's figure for the same process hold model, from a child process, or null and why not. */
function holdSimpy(pending: number, ops: number): RunResult {
  if (NO_SIMPY) return { eventsPerS: null, reason: '--no-simpy' };
  const py = findSimpyPython();
  if (py === null) return { eventsPerS: null, reason: 'no python3 that imports simpy (Debian: apt-get install python3-simpy3; or set SIMPY_PYTHON)' };
  const script = fileURLToPath(new URL('./simpy-hold.py', import.meta.url));
  const r = spawnSync(py, [script, '--pending', String(pending), '--ops', String(ops), '--warmup', String(warmupOps(ops))], { encoding: 'utf8' });
  if (r.status !== 0) return { eventsPerS: null, reason: `simpy-hold.py failed: ${(r.stderr || String(r.error ?? r.status)).trim().slice(0, 200)}` };
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { simpyEventsPerS: number; simpyCpuEventsPerS: number; simpyVersion: string };
  return { eventsPerS: out.simpyEventsPerS, cpuEventsPerS: out.simpyCpuEventsPerS, version: out.simpyVersion };
}

/**
 * A real simulation runs many kinds of callbacks, so the engine's call to a callback is
 * megamorphic and the JIT cannot inline one handler into the event loop. Run a few kinds first so
 * that the measurement reflects that, rather than the luck of a single inlined handler.
 */
function makeEngineCallSitesMegamorphic(): void {
  const sim = new Simulator();
  const kinds = [() => {}, () => void sim.now, () => void sim.pending, () => void sim.counters, () => sim.schedule(0, () => {}), () => void sim.rng];
  for (let i = 0; i < 60_000; i++) sim.schedule(i % 97, kinds[i % kinds.length]!);
  sim.run();
}
/** One variant's figure from one child process (or SimPy's), or null and why not. */
interface RunResult {
  eventsPerS: number | null;
  cpuEventsPerS?: number;
  reason?: string;
  version?: string;
}

/** The in-process variants, each run alone in a child process. */
const BUILDERS = { callback: holdSimulator, reference: holdReference, heapJs: holdHeapJs, process: holdProcesses } as const;
type NodeVariant = keyof typeof BUILDERS;
type Variant = NodeVariant | 'simpy';

/** Runs one variant in a child process of its own (this script with --child). */
function holdChild(variant: NodeVariant, pending: number, ops: number): RunResult {
  const script = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [...process.execArgv, script, '--child', variant, '--pending', String(pending), '--ops', String(ops)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`bench/engine.ts --child ${variant} failed: ${(r.stderr || String(r.error ?? r.status)).trim().slice(0, 400)}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { wallMs: number; cpuMs: number };
  return { eventsPerS: ops / (out.wallMs / 1000), cpuEventsPerS: ops / (out.cpuMs / 1000) };
}

/** The child: sets up and warms up one variant, then times `ops` operations. */
function runChild(variant: NodeVariant, pending: number, ops: number): void {
  makeEngineCallSitesMegamorphic();
  const chunk = BUILDERS[variant](pending, ops);
  const wallMs = chunk(ops);
  console.log(JSON.stringify({ variant, pending, ops, wallMs, cpuMs: lastCpuMs }));
}

/**
 * The order of one repetition: the callback path next to the reference and the processes next to
 * SimPy, reversed every other repetition (A B … then … B A), so neither of a pair always runs first.
 */
const ORDER: Variant[] = ['callback', 'reference', 'heapJs', 'process', 'simpy'];
const orderOf = (rep: number): Variant[] => (rep % 2 === 0 ? ORDER : [...ORDER].reverse());

const median = (xs: number[]): number => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const r3 = (x: number): number => Number(x.toFixed(3));
/** Per-repetition ratios a[i] / b[i] (where both exist), rounded. */
const pairRatios = (a: (number | null | undefined)[], b: (number | null | undefined)[]): number[] =>
  a.flatMap((x, i) => (x == null || b[i] == null ? [] : [r3(x / b[i]!)]));
const medianOrNull = (xs: number[]): number | null => (xs.length === 0 ? null : r3(median(xs)));
const spread = (xs: number[]): [number, number] | null => (xs.length === 0 ? null : [Math.min(...xs), Math.max(...xs)]);

function main(): void {
  for (const pending of SIZES) {
    const runs = new Map<Variant, RunResult[]>(ORDER.map((v) => [v, []]));
    for (let rep = 0; rep < REPS; rep++) {
      for (const v of orderOf(rep)) runs.get(v)!.push(v === 'simpy' ? holdSimpy(pending, OPS) : holdChild(v, pending, OPS));
    }
    const wall = (v: Variant): (number | null)[] => runs.get(v)!.map((r) => r.eventsPerS);
    const cpu = (v: Variant): (number | undefined)[] => runs.get(v)!.map((r) => r.cpuEventsPerS);
    const rounded = (xs: (number | null | undefined)[]): number | null => {
      const ok = xs.filter((x): x is number => x != null);
      return ok.length === 0 ? null : Math.round(median(ok));
    };
    const med = (v: Variant): number | null => rounded(wall(v));
    const medCpu = (v: Variant): number | null => rounded(cpu(v));
    const simpy = runs.get('simpy')!;
    const simpyOk = simpy.find((r) => r.eventsPerS !== null);
    const ratioRuns = pairRatios(wall('callback'), wall('reference'));
    const cpuRatioRuns = pairRatios(cpu('callback'), cpu('reference'));
    const processOverSimpyRuns = pairRatios(wall('process'), wall('simpy'));
    const processOverSimpyCpuRuns = pairRatios(cpu('process'), cpu('simpy'));
    console.log(
      JSON.stringify({
        pending,
        ops: OPS,
        eventsPerS: med('callback'),
        referenceEventsPerS: med('reference'),
        ratio: medianOrNull(ratioRuns),
        heapJsEventsPerS: med('heapJs'),
        processEventsPerS: med('process'),
        simpyEventsPerS: med('simpy'),
        ...(simpyOk !== undefined ? { simpyVersion: simpyOk.version } : { simpyReason: simpy[0]?.reason }),
        processOverSimpy: medianOrNull(processOverSimpyRuns),
        processOverCallback: medianOrNull(pairRatios(wall('process'), wall('callback'))),
        // per CPU second (less sensitive to other load than wall-clock figures)
        processCpuEventsPerS: medCpu('process'),
        simpyCpuEventsPerS: medCpu('simpy'),
        processOverSimpyCpu: medianOrNull(processOverSimpyCpuRuns),
        cpuRatio: medianOrNull(cpuRatioRuns),
        // how it was measured, and the spread of the per-repetition ratios
        isolation: 'child process per variant',
        reps: REPS,
        ratioRuns,
        ratioSpread: spread(ratioRuns),
        cpuRatioRuns,
        cpuRatioSpread: spread(cpuRatioRuns),
        processOverSimpyRuns,
        processOverSimpyCpuRuns,
        processOverSimpyCpuSpread: spread(processOverSimpyCpuRuns),
        cpuEventsPerS: medCpu('callback'),
        referenceCpuEventsPerS: medCpu('reference'),
      }),
    );
  }
}

if (CHILD !== undefined) {
  if (!(CHILD in BUILDERS)) throw new Error(`--child: unknown variant ${CHILD} (${Object.keys(BUILDERS).join(', ')})`);
  runChild(CHILD as NodeVariant, Number(argValue('--pending')), OPS);
} else {
  main();
}
