/**
 * A/B helper for engine changes: the callback hold model (as in bench/engine.ts, callback kinds made
 * megamorphic first) of ONE engine copy next to the typed-array reference heap, interleaved in
 * chunks, per CPU second; prints the median per-chunk ratio. Run it alternately, one process per
 * copy, for the copies to compare (a copy of src/ elsewhere in the repo, so that its imports resolve):
 *
 *   A_SIM=/path/to/copy/engine/simulator.ts TAG=old node --import tsx bench/ab-engine.ts 1000000 16 150000
 *   TAG=new node --import tsx bench/ab-engine.ts 1000000 16 150000
 *
 * Arguments: pending, rounds, operations per chunk. QONLY=1 times the queue alone (EventQueue
 * replaceTop, no simulator) instead; PROC=1 the process hold model (N generator processes each
 * looping `yield sim.timeout(increment)`, as in bench/engine.ts). Two engine copies in one process were biased by ≈ 0.09 in
 * favour of the first, hence one process per copy.
 */
import { RandomStream } from '../src/engine/random.js';
const pending = Number(process.argv[2] ?? 1e6);
const ROUNDS = Number(process.argv[3] ?? 20);
const CH = Number(process.argv[4] ?? 200000);
const MASK = (1 << 16) - 1;
const rng = new RandomStream('bench', 'bench/0/hold');
const incS = new Float64Array(MASK + 1).map(() => rng.exponential(1));
const incNs = incS.map((s) => Math.round(s * 1e9));
type Chunk = (n: number) => number;
function cpu(body: () => void): number { const c0 = process.cpuUsage(); body(); const c = process.cpuUsage(c0); return (c.user + c.system) / 1000; }
function sim(S: any): Chunk {
  const sim = new S();
  let k = 0;
  const handler = (): void => { sim.schedule(incS[k++ & MASK]!, handler); };
  const kinds = [() => {}, () => void sim.now, () => void sim.pending, () => void sim.counters];
  const s2 = new S(); for (let i = 0; i < 60000; i++) s2.schedule(i % 97, kinds[i % 4]!); s2.run();
  for (let i = 0; i < pending; i++) sim.schedule(incS[(i * 7919) & MASK]! * 3, handler);
  sim.run({ maxEvents: 200000 });
  return (n) => cpu(() => sim.run({ maxEvents: n }));
}
/** The process hold model (as in bench/engine.ts): `pending` processes looping `yield sim.timeout(increment)`. */
function procs(S: any): Chunk {
  const sim = new S();
  let k = 0;
  function* holder(i: number): Generator<unknown, void, unknown> {
    yield sim.timeout(incS[(i * 7919) & MASK]! * 3);
    for (;;) yield sim.timeout(incS[k++ & MASK]!);
  }
  const kinds = [() => {}, () => void sim.now, () => void sim.pending, () => void sim.counters];
  const s2 = new S(); for (let i = 0; i < 60000; i++) s2.schedule(i % 97, kinds[i % 4]!); s2.run();
  for (let i = 0; i < pending; i++) sim.process(holder(i), 'holder');
  sim.run({ maxEvents: pending + 200000 });
  return (n) => cpu(() => sim.run({ maxEvents: n }));
}
function qonly(Q: any): Chunk {
  const q = new Q();
  let seq = 0; const f = (): void => {};
  for (let i = 0; i < pending; i++) q.push(incNs[(i * 7919) & MASK]! * 3, 2 ** 52 + seq++, f);
  let at = 0;
  const hold = (from: number, to: number): void => { for (let k = from; k < to; k++) { const t = q.peekTimeNs(); q.itemAt(q.peekSlot()); q.replaceTop(t + incNs[k & MASK]!, 2 ** 52 + seq++, f); } };
  hold(0, 200000); at = 200000;
  return (n) => cpu(() => hold(at, (at += n)));
}
function ref(): Chunk {
  let cap = 1024; let keys = new Float64Array(cap); let ids = new Float64Array(cap); let size = 0;
  const push = (key: number, id: number): void => {
    if (size === cap) { cap *= 2; const k2 = new Float64Array(cap); k2.set(keys); keys = k2; const i2 = new Float64Array(cap); i2.set(ids); ids = i2; }
    let i = size++;
    while (i > 0) { const p = (i - 1) >> 2; if (keys[p]! <= key) break; keys[i] = keys[p]!; ids[i] = ids[p]!; i = p; }
    keys[i] = key; ids[i] = id;
  };
  const pop = (): number => {
    const top = keys[0]!; const key = keys[--size]!; const id = ids[size]!; let i = 0;
    for (;;) { const c = 4 * i + 1; if (c >= size) break; let m = c; let mk = keys[c]!; const end = c + 4 < size ? c + 4 : size;
      for (let j = c + 1; j < end; j++) { if (keys[j]! < mk) { mk = keys[j]!; m = j; } }
      if (mk >= key) break; keys[i] = mk; ids[i] = ids[m]!; i = m; }
    keys[i] = key; ids[i] = id; return top;
  };
  let seq = 0;
  for (let i = 0; i < pending; i++) push(incNs[(i * 7919) & MASK]! * 3, seq++);
  let at = 0;
  const hold = (from: number, to: number): void => { for (let k = from; k < to; k++) { const t = pop(); push(t + incNs[k & MASK]!, seq++); } };
  hold(0, 200000); at = 200000;
  return (n) => cpu(() => hold(at, (at += n)));
}
const A = (await import(process.env.A_SIM ?? '../src/engine/simulator.js')).Simulator;
const Q = (await import((process.env.A_SIM ?? '../src/engine/simulator.js').replace('simulator', 'queue'))).EventQueue;
const vs: Chunk[] = [process.env.QONLY ? qonly(Q) : process.env.PROC ? procs(A) : sim(A), ref()];
const names = ['sim', 'ref'];
const ms = vs.map(() => [] as number[]);
for (let r = 0; r < ROUNDS; r++) for (let j = 0; j < vs.length; j++) { const v = (j + r) % vs.length; ms[v]!.push(vs[v]!(CH)); }
const med = (a: number[]): number => [...a].sort((x, y) => x - y)[a.length >> 1]!;
const out: Record<string, unknown> = { pending };
names.forEach((n, i) => { out[n + 'MperCpuS'] = Number((CH / med(ms[i]!) / 1000).toFixed(3)); });
// per-round ratios to the reference (same round), median
const rr = (i: number): number => med(ms[1]!.map((t, r) => t / ms[i]![r]!));
out.ratio = Number(rr(0).toFixed(3)); out.tag = process.env.TAG;
console.log(JSON.stringify(out));
