/**
 * The placements registry (random, balanced, optimized) against brute force written here from the
 * design's objectives (§8.3), independently of the solvers: balanced = the least largest stage time
 * 3·M·mb·Σ fwd / F over all cut vectors on the first S servers; optimized = the least flow-shop step
 * over all cut vectors × ordered server choices. Memory comes from pieceBytes (checked by hand in
 * memory.test.ts).
 */
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { RandomStream } from '../../src/engine/random.js';
import { models, type LayerProfile, type ModelDef } from '../../src/learning/models.js';
import type { ServerInfo } from '../../src/datacenter/job.js';
import { pieceBytes } from '../../src/datacenter/memory.js';
import { placements } from '../../src/datacenter/partition/placement.js';
import { PlacementError, type Placement, type PlacementProblem } from '../../src/datacenter/partition/types.js';

const stream = (seed: number | string): RandomStream => new RandomStream('placement', `${seed}/0/placement`);
const toy = (layers: LayerProfile[], inputs = 8): ModelDef => ({ name: 'toy', inputShape: [inputs], classes: 2, layers, convolutional: false, l2: 0, build: () => tf.sequential() });

/** A random toy model of L layers. */
function randomModel(rng: RandomStream, L: number): ModelDef {
  return toy(Array.from({ length: L }, (_, l) => ({ name: `l${l}`, params: rng.integer(0, 400), forwardFlops: rng.integer(10, 2000), outputSize: rng.integer(1, 64) })));
}

/** A problem whose transfers are α(from, to) + bytes·β(from, to), from per-pair tables. */
function problemOf(def: ModelDef, servers: ServerInfo[], over: Partial<PlacementProblem>, rng: RandomStream): PlacementProblem {
  const alpha = servers.map(() => servers.map(() => rng.uniform(0.001, 0.2)));
  const beta = servers.map(() => servers.map(() => rng.uniform(1e-5, 1e-3)));
  const at = (id: string): number => servers.findIndex((s) => s.id === id);
  return {
    def, kind: 'pipeline', pieces: 2, servers, batch: 8, microbatches: 4, schedule: 'gpipe', activationBytesPerValue: 4, optimizerStateFactor: 1,
    transferS: (f, t, bytes) => (f === t ? 0 : alpha[at(f)]![at(t)]! + bytes * beta[at(f)]![at(t)]!),
    allGatherS: (nodes, bytes) => (nodes.length - 1) * (0.01 + bytes / nodes.length / 1e4),
    ...over,
  };
}

/** Every cut vector [0, …, L] of L layers into S non-empty stages (recursive, independent of the code's enumerator). */
function allCuts(L: number, S: number): number[][] {
  if (S === 1) return [[0, L]];
  const out: number[][] = [];
  for (let last = S - 1; last < L; last++) for (const head of allCuts(last, S - 1)) out.push([...head, L]);
  return out;
}

/** Every ordered choice of k distinct items. */
function arrangements<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  return items.flatMap((x, i) => arrangements([...items.slice(0, i), ...items.slice(i + 1)], k - 1).map((rest) => [x, ...rest]));
}

const stageBytes = (p: PlacementProblem, a: number, b: number, s: number): number =>
  pieceBytes(p.def, [a, b], p.batch / p.microbatches, p.schedule === 'gpipe' ? p.microbatches : Math.min(p.pieces - s, p.microbatches), p.optimizerStateFactor);

/**
 * §8.3's step: per direction Σ p + (M − 1)·max p over stages and transfers; each stage's update
 * after its last backward (the same form over the backward machines up to it); Infinity if a stage
 * does not fit.
 */
function flowShopObjective(p: PlacementProblem, cuts: readonly number[], nodes: readonly ServerInfo[]): number {
  const mb = p.batch / p.microbatches;
  const fwd: number[] = [];
  const bwd: number[] = []; // stage S − 1 first
  const updates: number[] = [];
  for (let s = 0; s < nodes.length; s++) {
    if (stageBytes(p, cuts[s]!, cuts[s + 1]!, s) > nodes[s]!.memoryBytes) return Infinity;
    const layers = p.def.layers.slice(cuts[s], cuts[s + 1]);
    const flops = layers.reduce((x, l) => x + l.forwardFlops, 0);
    fwd.push((flops * mb) / nodes[s]!.flopsPerS);
    bwd.unshift((2 * flops * mb) / nodes[s]!.flopsPerS);
    updates.push((2 * layers.reduce((x, l) => x + l.params, 0)) / nodes[s]!.flopsPerS);
    if (s + 1 < nodes.length) {
      const bytes = layers[layers.length - 1]!.outputSize * mb * p.activationBytesPerValue;
      fwd.push(p.transferS(nodes[s]!.id, nodes[s + 1]!.id, bytes));
      bwd.unshift(p.transferS(nodes[s + 1]!.id, nodes[s]!.id, bytes));
    }
  }
  const shop = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) + (p.microbatches - 1) * Math.max(...xs);
  // stage s's last backward leaves machine 2(S − 1 − s) of the backward shop: the shop of the machines up to it
  const S = nodes.length;
  return shop(fwd) + Math.max(...updates.map((u, s) => shop(bwd.slice(0, 2 * (S - 1 - s) + 1)) + u));
}

const place = (p: PlacementProblem, spec: { name: string; [k: string]: unknown }, seed: number | string = 1): Placement => {
  const e = placements.get(spec.name);
  return e.place(p, e.resolve(spec), stream(seed));
};
const cutsOf = (pl: Placement): number[] => [0, ...pl.pieces.map((x) => x.layers[1])];
const near = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));

test('balanced equals a brute force over all cuts (least largest stage time within memory)', (t) => {
  const rng = stream('balanced-bf');
  let infeasible = 0;
  for (let trial = 0; trial < 60; trial++) {
    const L = rng.integer(2, 7);
    const S = rng.integer(1, Math.min(L, 4));
    const def = randomModel(rng, L);
    const servers = Array.from({ length: S + rng.integer(0, 2) }, (_, i) => ({ id: `n${i}`, flopsPerS: rng.uniform(1e3, 1e4), memoryBytes: rng.uniform(2e3, 2e4) }));
    const p = problemOf(def, servers, { pieces: S, schedule: rng.random() < 0.5 ? 'gpipe' : '1f1b' }, rng);
    let best = Infinity;
    for (const cuts of allCuts(L, S)) {
      let worst = 0;
      for (let s = 0; s < S; s++) {
        const flops = def.layers.slice(cuts[s], cuts[s + 1]).reduce((x, l) => x + l.forwardFlops, 0);
        const time = stageBytes(p, cuts[s]!, cuts[s + 1]!, s) > servers[s]!.memoryBytes ? Infinity : (3 * p.microbatches * (p.batch / p.microbatches) * flops) / servers[s]!.flopsPerS;
        worst = Math.max(worst, time);
      }
      best = Math.min(best, worst);
    }
    if (best === Infinity) {
      infeasible++;
      t.throws(() => place(p, { name: 'balanced' }), { instanceOf: PlacementError });
      continue;
    }
    const pl = place(p, { name: 'balanced' });
    t.deepEqual(pl.pieces.map((x) => x.node), servers.slice(0, S).map((s) => s.id));
    const cuts = cutsOf(pl);
    const got = Math.max(...servers.slice(0, S).map((s, i) => (3 * p.batch * def.layers.slice(cuts[i], cuts[i + 1]).reduce((x, l) => x + l.forwardFlops, 0)) / s.flopsPerS));
    t.true(near(got, best), `trial ${trial}: ${got} vs ${best}`);
  }
  t.true(infeasible > 0 && infeasible < 40, `${infeasible} infeasible trials: both branches exercised`);
});

test('optimized equals a brute force over cuts × ordered servers (4–5 heterogeneous servers, non-uniform transfers)', (t) => {
  const rng = stream('optimized-bf');
  for (let trial = 0; trial < 25; trial++) {
    const L = rng.integer(3, 6);
    const S = rng.integer(2, 3);
    const def = randomModel(rng, L);
    const servers = Array.from({ length: rng.integer(4, 5) }, (_, i) => ({ id: `n${i}`, flopsPerS: rng.uniform(1e3, 1e4), memoryBytes: rng.uniform(1e4, 4e4) }));
    const p = problemOf(def, servers, { pieces: S, microbatches: rng.integer(1, 4), batch: 12, schedule: rng.random() < 0.5 ? 'gpipe' : '1f1b' }, rng);
    let best = Infinity;
    for (const cuts of allCuts(L, S)) for (const nodes of arrangements(servers, S)) best = Math.min(best, flowShopObjective(p, cuts, nodes));
    if (best === Infinity) {
      t.throws(() => place(p, { name: 'optimized' }), { instanceOf: PlacementError });
      continue;
    }
    const pl = place(p, { name: 'optimized' });
    const mine = flowShopObjective(p, cutsOf(pl), pl.pieces.map((x) => servers.find((s) => s.id === x.node)!));
    t.true(near(mine, best), `trial ${trial}: placement's objective ${mine} vs brute force ${best}`);
    t.true(near(pl.predictedStepS, best), `trial ${trial}: predicted ${pl.predictedStepS} vs ${best}`);
  }
});

/** The cnn on 16 servers in 4 racks (FLOP/s 1–4 ×10¹², fast links within a rack, slow across). */
function cnnProblem(over: Partial<PlacementProblem> = {}): PlacementProblem {
  const servers = Array.from({ length: 16 }, (_, i) => ({ id: `s${i}`, flopsPerS: (1 + (i % 4)) * 1e12, memoryBytes: 16e9 }));
  const rack = (id: string): number => Math.floor(Number(id.slice(1)) / 4);
  return {
    def: models.get('cnn')(), kind: 'pipeline', pieces: 3, servers, batch: 256, microbatches: 8, schedule: 'gpipe', activationBytesPerValue: 4, optimizerStateFactor: 1,
    transferS: (a, b, bytes) => (a === b ? 0 : rack(a) === rack(b) ? 5e-6 + bytes / 12.5e9 : 20e-6 + bytes / 1.25e9),
    allGatherS: (nodes, bytes) => (nodes.length - 1) * (10e-6 + bytes / nodes.length / 1.25e9),
    ...over,
  };
}

test('cnn, S = 3 on 16 servers: optimized ≤ balanced and ≤ random for 20 seeds; random deterministic per seed, different across seeds', (t) => {
  const p = cnnProblem();
  const opt = place(p, { name: 'optimized' });
  t.true(opt.predictedStepS <= place(p, { name: 'balanced' }).predictedStepS);
  const draws = new Set<string>();
  for (let seed = 0; seed < 20; seed++) {
    const r = place(p, { name: 'random' }, seed);
    t.true(opt.predictedStepS <= r.predictedStepS, `seed ${seed}`);
    t.deepEqual(place(p, { name: 'random' }, seed), r);
    draws.add(JSON.stringify(r.pieces));
  }
  t.true(draws.size >= 15, `${draws.size} distinct draws of 20`);
  // every used server's memory is the stage's pieceBytes
  for (const x of opt.pieces) t.is(opt.memoryBytes.get(x.node), stageBytes(p, x.layers[0], x.layers[1], x.index));
});

test('local search reaches the exhaustive optimum on the cnn, and on 20 random cases within 5% (the optimum in ≥ 90%), deterministically', (t) => {
  const p = cnnProblem({ microbatches: 4, schedule: '1f1b' });
  const ex = place(p, { name: 'optimized', solver: 'exhaustive' });
  const ls = place(p, { name: 'optimized', solver: 'local-search', restarts: 8 }, 3);
  t.true(near(ls.predictedStepS, ex.predictedStepS), `${ls.predictedStepS} vs ${ex.predictedStepS}`);
  t.deepEqual(place(p, { name: 'optimized', solver: 'local-search', restarts: 8 }, 3), ls);
  const rng = stream('ls-random');
  let equal = 0;
  for (let trial = 0; trial < 20; trial++) {
    const def = randomModel(rng, 8);
    const servers = Array.from({ length: 7 }, (_, i) => ({ id: `n${i}`, flopsPerS: rng.uniform(1e3, 1e4), memoryBytes: 1e9 }));
    const q = problemOf(def, servers, { pieces: 3 }, rng);
    const e = place(q, { name: 'optimized', solver: 'exhaustive' }).predictedStepS;
    const l = place(q, { name: 'optimized', solver: 'local-search' }, trial).predictedStepS;
    t.true(l >= e * (1 - 1e-9) && l <= e * 1.05, `trial ${trial}: ${l} vs ${e}`);
    if (near(l, e)) equal++;
  }
  t.true(equal >= 18, `${equal} of 20 equal to the optimum`); // measured: 20 of 20 (and 40 of 40)
});

test('a misfit names the node', (t) => {
  const servers = [
    { id: 'big', flopsPerS: 1e3, memoryBytes: 1e9 },
    { id: 'tiny', flopsPerS: 1e3, memoryBytes: 10 },
  ];
  const def = toy([{ name: 'a', params: 10, forwardFlops: 10, outputSize: 4 }, { name: 'b', params: 10, forwardFlops: 10, outputSize: 4 }]);
  const p = problemOf(def, servers, { pieces: 2 }, stream('misfit'));
  for (const name of ['random', 'balanced', 'optimized']) {
    const err = t.throws(() => place(p, { name }), { instanceOf: PlacementError })!;
    t.is((err as PlacementError).node, name === 'optimized' ? 'big' : 'tiny', name);
    t.regex(err.message, name === 'optimized' ? /'big'/ : /server 'tiny' offers 10\b/);
  }
  const tp = { ...p, kind: 'tensor' as const, microbatches: 1 };
  for (const name of ['random', 'balanced']) t.is((t.throws(() => place(tp, { name }), { instanceOf: PlacementError }) as PlacementError).node, 'tiny', `tensor ${name}`);
  // more stages than servers or layers
  t.throws(() => place({ ...p, pieces: 3 }, { name: 'optimized' }), { instanceOf: PlacementError, message: /3 distinct servers/ });
});

test('tensor slices: ∝ FLOP/s, capped by memory with the rest shared out (by hand)', (t) => {
  // one dense layer: q = 100 parameters, 4 inputs, 2 outputs; batch 1, SGD (k = 0)
  const def = toy([{ name: 'd', params: 100, forwardFlops: 200, outputSize: 2 }], 4);
  // a slice of share f needs 4·f·100·2 + 4·1·(4 + 2) = 800f + 24 bytes
  const servers = [
    { id: 'a', flopsPerS: 1, memoryBytes: 1e9 },
    { id: 'b', flopsPerS: 1, memoryBytes: 1e9 },
    { id: 'c', flopsPerS: 2, memoryBytes: 1e9 },
  ];
  const p = problemOf(def, servers, { kind: 'tensor', pieces: 3, batch: 1, microbatches: 1, optimizerStateFactor: 0 }, stream('tensor'));
  t.deepEqual(place(p, { name: 'balanced' }).pieces.map((x) => x.share), [0.25, 0.25, 0.5]);
  // cap c at share 0.3: 800·0.3 + 24 = 264 bytes; a and b split 0.7 equally
  const capped = place({ ...p, servers: [servers[0]!, servers[1]!, { ...servers[2]!, memoryBytes: 264 }] }, { name: 'balanced' });
  const shares = capped.pieces.map((x) => x.share);
  t.true(near(shares[0]!, 0.35) && near(shares[1]!, 0.35) && near(shares[2]!, 0.3), JSON.stringify(shares));
  t.true(capped.memoryBytes.get('c')! <= 264, 'the capped slice fits exactly, rounding included');
  t.true(Math.abs(shares.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  // the group is the w servers with most memory; optimized tries every group
  const four = [...servers, { id: 'd', flopsPerS: 8, memoryBytes: 1e3 }];
  t.deepEqual(place({ ...p, servers: four }, { name: 'balanced' }).pieces.map((x) => x.node), ['a', 'b', 'c']);
  t.true(place({ ...p, servers: four }, { name: 'optimized' }).pieces.some((x) => x.node === 'd'));
});

test('registry: defaults filled in, strict schemas', (t) => {
  t.deepEqual(placements.get('random').resolve({ name: 'random' }), { name: 'random', retries: 0 });
  t.deepEqual(placements.get('optimized').resolve({ name: 'optimized' }), { name: 'optimized', solver: 'auto', restarts: 8 });
  t.deepEqual(placements.get('balanced').resolve({ name: 'balanced' }), { name: 'balanced' });
  t.throws(() => placements.get('optimized').resolve({ name: 'optimized', solver: 'annealing' }));
  t.throws(() => placements.get('random').resolve({ name: 'random', retry: 2 }));
});

test('tensor optimized equals a brute force over groups (memory ample: shares ∝ FLOP/s)', (t) => {
  const rng = stream('tensor-bf');
  for (let trial = 0; trial < 10; trial++) {
    const def = toy([{ name: 'd0', params: 300, forwardFlops: 600, outputSize: 30 }, { name: 'pool', params: 0, forwardFlops: 90, outputSize: 30 }, { name: 'd1', params: 62, forwardFlops: 120, outputSize: 2 }], 10);
    const servers = Array.from({ length: 6 }, (_, i) => ({ id: `n${i}`, flopsPerS: rng.uniform(1e3, 1e4), memoryBytes: 1e9 }));
    const w = rng.integer(2, 4);
    // ring all-gather: w − 1 steps, each the slowest neighbour pair's α + (bytes/w)·β
    const base = problemOf(def, servers, { kind: 'tensor', pieces: w, batch: 4, microbatches: 1 }, rng);
    const p: PlacementProblem = {
      ...base,
      allGatherS: (nodes, bytes) => (nodes.length - 1) * Math.max(...nodes.map((a, i) => base.transferS(a, nodes[(i + 1) % nodes.length]!, bytes / nodes.length))),
    };
    const objective = (group: ServerInfo[]): number => {
      const F = group.reduce((a, s) => a + s.flopsPerS, 0); // f_i = F_i / ΣF: every slice takes fwd·mb/ΣF
      const ids = group.map((s) => s.id);
      // all-gather chunks ∝ f_i: as w chunks of the largest share; all-reduce: equal chunks
      const fMax = Math.max(...group.map((s) => s.flopsPerS)) / F;
      const ag = (values: number): number => p.allGatherS(ids, w * fMax * values * 4 * 4);
      const ar = (values: number): number => 2 * p.allGatherS(ids, values * 4 * 4);
      const slowest = Math.min(...group.map((s) => s.flopsPerS));
      // d0: 3·600·4/ΣF + AG(out 30); pool: 3·90·4/min F; d1: 3·120·4/ΣF + AG(out 2) + AR(in 30); update 2·362/ΣF
      return (3 * 600 * 4) / F + ag(30) + (3 * 90 * 4) / slowest + (3 * 120 * 4) / F + ag(2) + ar(30) + (2 * 362) / F;
    };
    let best = Infinity;
    for (const g of arrangements(servers, w)) if (g.every((s, i) => i === 0 || Number(s.id.slice(1)) > Number(g[i - 1]!.id.slice(1)))) best = Math.min(best, objective(g));
    const pl = place(p, { name: 'optimized' });
    t.true(near(pl.predictedStepS, best), `trial ${trial}: ${pl.predictedStepS} vs ${best}`);
    t.true(near(objective(pl.pieces.map((x) => servers.find((s) => s.id === x.node)!)), best));
  }
});

test('random: retries redraw until a draw fits; without them a misfit throws', (t) => {
  // two layers, the second heavy; two servers of which only 'big' holds the heavy layer
  const def = toy([{ name: 'light', params: 1, forwardFlops: 10, outputSize: 1 }, { name: 'heavy', params: 1000, forwardFlops: 10, outputSize: 1 }], 1);
  const servers = [
    { id: 'small', flopsPerS: 1, memoryBytes: 200 },
    { id: 'big', flopsPerS: 1, memoryBytes: 1e6 },
  ];
  const p = problemOf(def, servers, { pieces: 2, batch: 1, microbatches: 1 }, stream('retries'));
  // a draw fits iff 'big' holds stage 1 (probability 1/2): among 20 seeds both outcomes occur without retries
  let threw = 0;
  for (let seed = 0; seed < 20; seed++) {
    try {
      place(p, { name: 'random' }, seed);
    } catch (err) {
      t.true(err instanceof PlacementError && err.node === 'small');
      threw++;
    }
    const pl = place(p, { name: 'random', retries: 30 }, seed); // fails with probability 2⁻³¹
    t.is(pl.pieces[1]!.node, 'big');
  }
  t.true(threw > 0 && threw < 20, `${threw} of 20 first draws misfit`);
});
