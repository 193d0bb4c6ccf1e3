/**
 * Partitioners: how a dataset's examples are dealt to clients. Each returns, per client, the list
 * of example indices; the lists are disjoint and (except for memory caps) cover every example.
 * @module
 */
import { Registry } from '../engine/registry.js';
import type { RandomStream } from '../engine/random.js';

/** Example indices per client. */
export type Partition = number[][];

/** IID: shuffle, then deal equal shares (the first n mod k clients get one more). */
export function iidPartition(n: number, clients: number, rng: RandomStream): Partition {
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const out: Partition = Array.from({ length: clients }, () => []);
  order.forEach((ex, k) => out[k % clients]!.push(ex));
  return out;
}

/** A Gamma(shape, 1) draw (Marsaglia & Tsang 2000; shape < 1 by the U^(1/α) boost). */
export function gammaDraw(shape: number, rng: RandomStream): number {
  if (!(shape > 0)) throw new RangeError(`gamma shape must be > 0, got ${shape}`);
  if (shape < 1) return gammaDraw(shape + 1, rng) * Math.pow(rng.random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * Dirichlet(α) label skew (Hsu et al. 2019): for each class, proportions over clients drawn from
 * Dir(α); the class's examples are dealt by them. Small α: each client sees few classes.
 */
export function dirichletPartition(labels: ArrayLike<number>, classes: number, clients: number, alpha: number, rng: RandomStream): Partition {
  const out: Partition = Array.from({ length: clients }, () => []);
  for (let c = 0; c < classes; c++) {
    const members: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === c) members.push(i);
    rng.shuffle(members);
    const g = Array.from({ length: clients }, () => gammaDraw(alpha, rng));
    const total = g.reduce((a, b) => a + b, 0);
    let start = 0;
    let cum = 0;
    for (let k = 0; k < clients; k++) {
      cum += g[k]! / total;
      const end = k === clients - 1 ? members.length : Math.round(cum * members.length);
      out[k]!.push(...members.slice(start, end));
      start = end;
    }
  }
  return out;
}

/**
 * Shards (McMahan et al. 2017): sort by label, cut into clients × `perClient` shards, give each
 * client `perClient` random shards — so each sees about `perClient` classes.
 */
export function shardPartition(labels: ArrayLike<number>, clients: number, rng: RandomStream, perClient = 2): Partition {
  const order = Array.from({ length: labels.length }, (_, i) => i).sort((a, b) => labels[a]! - labels[b]! || a - b);
  const shards = clients * perClient;
  const shardIds = rng.shuffle(Array.from({ length: shards }, (_, i) => i));
  const out: Partition = Array.from({ length: clients }, () => []);
  shardIds.forEach((s, k) => {
    const from = Math.round((s * order.length) / shards);
    const to = Math.round(((s + 1) * order.length) / shards);
    out[Math.floor(k / perClient)]!.push(...order.slice(from, to));
  });
  return out;
}

/** Quantity skew: client sizes ∝ lognormal(0, σ²) weights, examples shuffled. */
export function quantitySkewPartition(n: number, clients: number, rng: RandomStream, sigma = 1): Partition {
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  return splitByShares(order, Array.from({ length: clients }, () => rng.lognormal(0, sigma)));
}

/**
 * Memory-proportional: client sizes ∝ memory, each capped at memory / bytes per example.
 * @param memoryBytes - each client's memory
 * @param bytesPerExample - memory an example takes
 */
export function memoryPartition(n: number, memoryBytes: readonly number[], bytesPerExample: number, rng: RandomStream): Partition {
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const shares = splitByShares(order, [...memoryBytes]);
  return shares.map((p, k) => p.slice(0, Math.floor(memoryBytes[k]! / bytesPerExample)));
}

function splitByShares(order: number[], weights: number[]): Partition {
  const total = weights.reduce((a, b) => a + b, 0);
  const out: Partition = [];
  let start = 0;
  let cum = 0;
  weights.forEach((w, k) => {
    cum += w / total;
    const end = k === weights.length - 1 ? order.length : Math.round(cum * order.length);
    out.push(order.slice(start, end));
    start = end;
  });
  return out;
}

/**
 * Each client's local data: its share, or a seeded uniform sample of `perClient` of it when the
 * share is larger. Partitioners list a share in no particular order of examples (Dirichlet and
 * shards list it class by class), so taking a share's first `perClient` would keep a biased,
 * often single-class, subset; a sample keeps the share's label proportions (up to sampling noise).
 * @param partition - the shares
 * @param perClient - the most examples a client keeps (Infinity: all)
 * @param rng - the stream the samples are drawn from
 */
export function sampleShares(partition: Partition, perClient: number, rng: RandomStream): Partition {
  return partition.map((share) => (share.length <= perClient ? share.slice() : rng.shuffle(share.slice()).slice(0, perClient)));
}

/** Label histogram of each client (counts per class). */
export function labelHistograms(partition: Partition, labels: ArrayLike<number>, classes: number): number[][] {
  return partition.map((idx) => {
    const h = new Array<number>(classes).fill(0);
    for (const i of idx) h[labels[i]!]!++;
    return h;
  });
}

/** Descriptor of a partitioner. */
export interface PartitionerInfo {
  /** its parameters' names */
  parameters: string[];
}

/** The registry of partitioners (for `edgesim list`; parameters in the scenario's data section). */
export const partitioners = new Registry<PartitionerInfo>('partitioner')
  .register('iid', 'shuffled equal shares', { parameters: [] })
  .register('dirichlet', 'label skew: per-class proportions over clients from Dir(α)', { parameters: ['alpha'] })
  .register('shards', 'sorted by label, two shards per client (McMahan et al. 2017)', { parameters: ['perClient'] })
  .register('quantity', 'sizes ∝ lognormal(0, σ²)', { parameters: ['sigma'] })
  .register('memory', 'sizes ∝ node memory, capped by it', { parameters: ['bytesPerExample'] });
