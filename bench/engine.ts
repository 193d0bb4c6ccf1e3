/**
 * Engine throughput: the classic hold model (pop one event, schedule one with an exponential
 * increment) at several queue sizes, through the real `Simulator` API, next to the same loop on a
 * plain typed-array 4-ary heap (the reference) and on heap-js with an object comparator (why the
 * engine does not use it; see docs/performance.md), and the same model with N generator processes
 * each looping `yield sim.timeout(increment)`, next to SimPy's processes doing the same
 * (bench/simpy-hold.py, run by a Python that imports simpy: $SIMPY_PYTHON, /usr/bin/python3 or
 * python3). Each variant first runs ops/10 (at least 1e5) untimed operations on the same queue (JIT
 * warm-up, steady state); then the `ops` timed operations of the in-process variants are run in
 * {@link ROUNDS} interleaved chunks (rotating the order, with an untimed young-generation garbage
 * collection before each chunk), so load on a shared machine biases no ratio. SimPy runs in a child process just before. Prints one JSON line per size.
 *
 * Usage: npm run bench:engine [-- --ops N --sizes 1000,100000,1000000 --no-simpy]
 */
import { spawnSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
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
/** Chunks the timed operations of each in-process variant are interleaved in. */
const ROUNDS = 10;

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

/** SimPy's figure for the same process hold model, or null and why not. */
interface SimpyResult {
  eventsPerS: number | null;
  cpuEventsPerS?: number;
  reason?: string;
  version?: string;
}

let simpyPython: string | null | undefined;
/** The first interpreter that imports simpy: $SIMPY_PYTHON, /usr/bin/python3, python3. */
function findSimpyPython(): string | null {
  if (simpyPython !== undefined) return simpyPython;
  const candidates = [process.env.SIMPY_PYTHON, '/usr/bin/python3', 'python3'].filter((c): c is string => c !== undefined && c !== '');
  simpyPython = candidates.find((py) => spawnSync(py, ['-c', 'import simpy'], { stdio: 'ignore' }).status === 0) ?? null;
  return simpyPython;
}

function holdSimpy(pending: number, ops: number): SimpyResult {
  if (NO_SIMPY) return { eventsPerS: null, reason: '--no-simpy' };
  const py = findSimpyPython();
  if (py === null) return { eventsPerS: null, reason: 'no python3 that imports simpy (Debian: apt-get install python3-simpy3; or set SIMPY_PYTHON)' };
  const script = fileURLToPath(new URL('./simpy-hold.py', import.meta.url));
  const r = spawnSync(py, [script, '--pending', String(pending), '--ops', String(ops), '--warmup', String(warmupOps(ops))], { encoding: 'utf8' });
  if (r.status !== 0) return { eventsPerS: null, reason: `simpy-hold.py failed: ${(r.stderr || String(r.error ?? r.status)).trim().slice(0, 200)}` };
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { simpyEventsPerS: number; simpyCpuEventsPerS: number; simpyVersion: string };
  return { eventsPerS: out.simpyEventsPerS, cpuEventsPerS: out.simpyCpuEventsPerS, version: out.simpyVersion };
}

// A young-generation collection before each timed chunk (untimed), so that a variant does not pay
// for copying and promoting the survivors of the variant that ran before it: the variants share one
// JS heap, and an allocation-free variant (the reference) would otherwise never pay while the
// others pay for everyone's. (A full collection instead made the process variant 40% slower at 1e3
// pending: V8 then hands back the young generation's pages, and the next allocations fault them in.)
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (options: { type: 'minor' }) => void;
const collectGarbage = (): void => gc({ type: 'minor' });

/**
 * Runs each variant's `ops` timed operations in {@link ROUNDS} interleaved chunks (a young-generation
 * collection, untimed, before each); events per wall-clock second each, then events per CPU second
 * each.
 */
function interleaved(variants: Chunk[], ops: number): [number[], number[]] {
  const ms = variants.map(() => 0);
  const cpuMs = variants.map(() => 0);
  const chunk = Math.ceil(ops / ROUNDS);
  for (let r = 0; r < ROUNDS; r++) {
    const n = Math.min(chunk, ops - r * chunk);
    if (n <= 0) break;
    for (let j = 0; j < variants.length; j++) {
      const v = (j + r) % variants.length; // rotate who goes first
      collectGarbage();
      ms[v] += variants[v]!(n);
      cpuMs[v] += lastCpuMs;
    }
  }
  return [ms.map((t) => ops / (t / 1000)), cpuMs.map((t) => ops / (t / 1000))];
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
makeEngineCallSitesMegamorphic();

const round = (x: number): number => Math.round(x);
const ratio = (a: number, b: number | null): number | null => (b === null ? null : Number((a / b).toFixed(3)));
for (const pending of SIZES) {
  const simpy = holdSimpy(pending, OPS);
  const [[eventsPerS, referenceEventsPerS, heapJsEventsPerS, processEventsPerS], cpu] = interleaved(
    [holdSimulator(pending, OPS), holdReference(pending, OPS), holdHeapJs(pending, OPS), holdProcesses(pending, OPS)],
    OPS,
  );
  console.log(
    JSON.stringify({
      pending,
      ops: OPS,
      eventsPerS: round(eventsPerS!),
      referenceEventsPerS: round(referenceEventsPerS!),
      ratio: ratio(eventsPerS!, referenceEventsPerS!),
      heapJsEventsPerS: round(heapJsEventsPerS!),
      processEventsPerS: round(processEventsPerS!),
      simpyEventsPerS: simpy.eventsPerS,
      ...(simpy.reason === undefined ? { simpyVersion: simpy.version } : { simpyReason: simpy.reason }),
      processOverSimpy: ratio(processEventsPerS!, simpy.eventsPerS),
      processOverCallback: ratio(processEventsPerS!, eventsPerS!),
      // per CPU second (less sensitive to other load than wall-clock figures taken at other times)
      processCpuEventsPerS: round(cpu[3]!),
      simpyCpuEventsPerS: simpy.cpuEventsPerS ?? null,
      processOverSimpyCpu: ratio(cpu[3]!, simpy.cpuEventsPerS ?? null),
      cpuRatio: ratio(cpu[0]!, cpu[1]!),
    }),
  );
}
