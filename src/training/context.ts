/**
 * What a training protocol may use of the world: the simulator, the network (routes, sends,
 * multicast), each node's CPU and energy, association, and notifications of failures, repairs and
 * handovers, and the aggregation tier (a node's weighted means, which a data center attached with
 * `aggregates: true` shards over its servers). The scenario layer implements it (`src/scenario/trainingContext.ts`); training never
 * sees the world itself.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import type { SimNode } from '../node/node.js';
import type { Topology } from '../net/routes.js';
import type { ProcessGenerator } from '../engine/process.js';
import type { WeightedVector } from '../learning/aggregate.js';

/** The world as a training protocol sees it. */
export interface TrainingContext {
  /** the simulator: clock, processes, events, random streams, trace bus */
  readonly sim: Simulator;
  /** links, routes, serving edge centers and downlink media */
  readonly topology: Topology;
  /**
   * A node: its CPU (`cpu.computeOnAllCores`), energy meter, failure state and `whenFailed`.
   * @throws Error for an unknown id (validation prevents this)
   */
  node(id: string): SimNode;
  /** a node's memory (bytes), for memory-proportional partitions */
  memoryBytes(id: string): number;
  /** the energy every node has used so far (J) */
  energyUsedJ(): number;
  /** the strongest mean received power (dBm) now on any of a node's wireless links; -Infinity without one */
  bestRxPowerDbm(id: string): number;
  /**
   * Calls `callback` each time a node comes back after a failure (a repair, coverage regained, the
   * end of an unavailability interval).
   */
  onRepaired(callback: (id: string) => void): void;
  /**
   * Calls `callback` each time a node goes down (its first reason: a failure, coverage lost, an
   * unavailability interval, an empty battery), before the work it loses is failed.
   */
  onFailed(callback: (id: string) => void): void;
  /** Calls `callback` on each handover of a terminal between edge centers. */
  onHandover(callback: (terminal: string, fromEdge: string, toEdge: string) => void): void;
  /**
   * The weighted mean of `parts` at `node` (an aggregating tier: the cloud of `hierarchical`, an
   * edge center). By default: `weightedMean(parts)`, then 2·`values`·K FLOPs on the node's CPU
   * (K parts) under `label`, the order of operations the protocols always had. When a data center
   * is attached to `node` with `aggregates: true`, its servers each reduce a shard
   * (`src/datacenter/tier.ts`): the same values bit for bit, the time of the shards' transfers and
   * reductions. Returns a new array.
   * @param parts - contributions in the order they are summed (at least one of positive weight)
   * @param label - task label of the CPU work and messages
   * @param values - values per part (the model's parameter count: the vectors are empty in timing mode)
   */
  aggregateAt(node: string, parts: readonly WeightedVector[], label: string, values: number): ProcessGenerator<Float32Array>;
  /**
   * Whether a data center takes over {@link TrainingContext.aggregateAt} at `node`. A protocol that
   * folds contributions into a running sum as they arrive (an edge center) keeps them as parts
   * only then.
   */
  tierAt(node: string): boolean;
}
