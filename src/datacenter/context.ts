/**
 * What a data center may use of the world it runs in (implemented by the scenario layer,
 * `src/scenario/datacenterContext.ts`): the simulator, the network whose wired links carry its
 * fabric, and its nodes.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import type { Topology } from '../net/routes.js';
import type { SimNode } from '../node/node.js';

/** The world as a data center sees it. */
export interface DatacenterContext {
  /** the simulator */
  readonly sim: Simulator;
  /** the world's network (a data center's links are FixedRateLinks in it) */
  readonly topology: Topology;
  /**
   * A node: its CPU (`cpu.computeOnAllCores`, `cpu.flopsPerS`), energy meter and failure state.
   * @throws Error when there is no such node
   */
  node(id: string): SimNode;
  /** A node's memory (bytes), as resolved from its profile or its own field. */
  memoryBytes(id: string): number;
}
