/**
 * Topology-aware hierarchical all-reduce. `rs-ar-ag` (the 2D ring of Horovod and NCCL): a ring
 * reduce-scatter inside each rack of g servers, the `inter` all-reduce among the same-index
 * servers of the racks on their 1/g shard, then a ring all-gather inside each rack; without
 * contention T = 2(g−1)(α_in + n/g·β_in) + T_inter(r, n/g) (+ γ). `leader`: a binomial reduce to
 * each rack's first server, `inter` among the leaders on the whole vector, then a binomial
 * broadcast; racks may differ in size.
 * @module
 */
import type { ProcessGenerator } from '../../engine/process.js';
import type { CollectiveBuffer, CollectiveComm, CollectiveGroup, CollectiveInstance, RangeAllReduce } from './collective.js';
import { rangeBounds, ringAllGather, ringAllReduce, ringReduceScatter } from './ring.js';
import { halvingDoublingAllReduce } from './halvingDoubling.js';
import { binomialBroadcast, binomialReduce, treeAllReduce } from './tree.js';

/** The flat algorithm run across racks. */
export type InterRackAlgorithm = 'ring' | 'halving-doubling' | 'tree';

/** Parameters of `hierarchical`. */
export interface HierarchicalCollectiveParams {
  /** registry name */
  name: 'hierarchical';
  /** `rs-ar-ag` (equal racks) or `leader` (any racks) */
  variant: 'rs-ar-ag' | 'leader';
  /** the all-reduce across racks */
  inter: InterRackAlgorithm;
  /** `topology` (the group's racks) or racks as lists of node ids */
  racks: 'topology' | readonly (readonly string[])[];
}

/** The flat all-reduce each {@link InterRackAlgorithm} names. */
export const INTER_RACK: Readonly<Record<InterRackAlgorithm, RangeAllReduce>> = {
  ring: ringAllReduce,
  'halving-doubling': halvingDoublingAllReduce,
  tree: treeAllReduce,
};

/** Racks resolved to ranks, with what is wrong with them. */
export interface HierarchicalRacks {
  /** each rack's ranks */
  racks: number[][];
  /** validation messages (none: fine) */
  issues: string[];
}

/**
 * The racks as lists of ranks, and what is wrong with them (every rank exactly once; `rs-ar-ag`
 * needs equal racks).
 * @param params - the resolved parameters
 * @param group - the ranks
 */
export function hierarchicalRacks(params: HierarchicalCollectiveParams, group: CollectiveGroup): HierarchicalRacks {
  const issues: string[] = [];
  const rankOf = new Map(group.nodes.map((n, r) => [n, r]));
  const racks: number[][] =
    params.racks === 'topology'
      ? group.racks.map((r) => [...r])
      : params.racks.map((rack) =>
          rack.map((n) => {
            const r = rankOf.get(n);
            if (r === undefined) issues.push(`racks: '${n}' is not in the collective's group`);
            return r ?? -1;
          }),
        );
  const seen = new Array<number>(group.nodes.length).fill(0);
  for (const rack of racks) for (const r of rack) if (r >= 0) seen[r]!++;
  seen.forEach((c, r) => {
    if (c !== 1) issues.push(`racks: '${group.nodes[r]}' appears in ${c} racks (each server exactly once)`);
  });
  if (racks.some((r) => r.length === 0)) issues.push('racks: a rack is empty');
  if (params.variant === 'rs-ar-ag' && new Set(racks.map((r) => r.length)).size > 1) {
    issues.push(`variant 'rs-ar-ag' needs racks of equal size, got ${racks.map((r) => r.length).join(', ')}; use variant 'leader'`);
  }
  return { racks, issues };
}

/**
 * A hierarchical all-reduce instance.
 * @param comm - the mailbox
 * @param params - resolved parameters
 * @param group - the ranks
 * @param values - values per buffer
 * @param label - unique per reduction
 * @throws RangeError when the racks are invalid (see {@link hierarchicalRacks})
 */
export function hierarchicalAllReduce(comm: CollectiveComm, params: HierarchicalCollectiveParams, group: CollectiveGroup, values: number, label: string): CollectiveInstance {
  const { racks, issues } = hierarchicalRacks(params, group);
  if (issues.length > 0) throw new RangeError(`hierarchical collective ${label}: ${issues.join('; ')}`);
  const where = new Map<number, [rack: number, index: number]>();
  racks.forEach((rack, j) => rack.forEach((r, i) => where.set(r, [j, i])));
  const inter = INTER_RACK[params.inter];
  const nodesOf = (ranks: readonly number[]): string[] => ranks.map((r) => group.nodes[r]!);
  return {
    *join(rank: number, buf: CollectiveBuffer): ProcessGenerator<void> {
      const [j, i] = where.get(rank)!;
      const rack = nodesOf(racks[j]!);
      if (params.variant === 'rs-ar-ag') {
        const g = rack.length;
        const bounds = rangeBounds(0, values, g);
        yield* ringReduceScatter(comm, rack, i, buf, bounds, `${label}/rack${j}`);
        const c = (i + 1) % g;
        const peers = racks.map((rk) => group.nodes[rk[i]!]!);
        yield* inter(comm, peers, j, buf, bounds[c]!, bounds[c + 1]!, `${label}/inter${i}`);
        yield* ringAllGather(comm, rack, i, buf, bounds, `${label}/rack${j}`);
      } else {
        yield* binomialReduce(comm, rack, i, buf, 0, values, `${label}/rack${j}`);
        if (i === 0) yield* inter(comm, nodesOf(racks.map((rk) => rk[0]!)), j, buf, 0, values, `${label}/leaders`);
        yield* binomialBroadcast(comm, rack, i, buf, 0, values, `${label}/rack${j}`);
      }
    },
  };
}
