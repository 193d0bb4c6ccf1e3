/**
 * What a training protocol may use of the world: the simulator, the network (routes, sends,
 * multicast), each node's CPU and energy, association, and notifications of failures, repairs and
 * handovers. The scenario layer implements it (`src/scenario/trainingContext.ts`); training never
 * sees the world itself.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import type { SimNode } from '../node/node.js';
import type { Topology } from '../net/routes.js';

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
}
