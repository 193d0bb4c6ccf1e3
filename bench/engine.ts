/**
 * Engine throughput: the classic hold model (pop one event, schedule one with an exponential
 * increment) at several queue sizes, through the real `Simulator` API, next to the same loop on a
 * plain typed-array 4-ary heap (the reference) and on heap-js with an object comparator (why the
 * engine does not use it; see docs/performance.md). Each variant first runs ops/10 (at least 1e5)
 * untimed operations on the same queue (JIT warm-up, steady state), then times `ops` operations.
 * Prints one JSON line per size.
 *
 * Usage: npm run bench:engine [-- --ops N --sizes 1000,100000,1000000]
 */
import { Heap } from 'heap-js';
import { Simulator } from '../src/engine/simulator.js';
import { RandomStream } from '../src/engine/random.js';

const args = process.argv.slice(2);
const argValue = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const OPS = Number(argValue('--ops') ?? 3e6);
const SIZES = (argValue('--sizes') ?? '1000,100000,1000000').split(',').map(Number);

// Exponential increments (mean 1 s) drawn once, so every variant does the same queue work.
const MASK = (1 << 16) - 1;
const rng = new RandomStream('bench', 'bench/0/hold');
const incS = new Float64Array(MASK + 1).map(() => rng.exponential(1));
const incNs = incS.map((s) => Math.round(s * 1e9));

/** Untimed operations run first on the same queue: JIT warm-up and a steady-state queue. */
const warmupOps = (ops: number): number => Math.max(100_000, Math.round(ops / 10));

function holdSimulator(pending: number, ops: number): number {
  const sim = new Simulator();
  let k = 0;
  const handler = (): void => {
    sim.schedule(incS[k++ & MASK]!, handler);
  };
  for (let i = 0; i < pending; i++) sim.schedule(incS[(i * 7919) & MASK]! * 3, handler);
  sim.run({ maxEvents: warmupOps(ops) });
  const t0 = performance.now();
  sim.run({ maxEvents: ops });
  return ops / ((performance.now() - t0) / 1000);
}

function holdReference(pending: number, ops: number): number {
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
  const t0 = performance.now();
  hold(0, ops);
  return ops / ((performance.now() - t0) / 1000);
}

interface ObjEvent {
  t: number;
  s: number;
}
function holdHeapJs(pending: number, ops: number): number {
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
  const t0 = performance.now();
  hold(0, ops);
  return ops / ((performance.now() - t0) / 1000);
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
for (const pending of SIZES) {
  const eventsPerS = holdSimulator(pending, OPS);
  const referenceEventsPerS = holdReference(pending, OPS);
  const heapJsEventsPerS = holdHeapJs(pending, OPS);
  console.log(
    JSON.stringify({
      pending,
      ops: OPS,
      eventsPerS: round(eventsPerS),
      referenceEventsPerS: round(referenceEventsPerS),
      ratio: Number((eventsPerS / referenceEventsPerS).toFixed(3)),
      heapJsEventsPerS: round(heapJsEventsPerS),
    }),
  );
}
