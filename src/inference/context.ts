/**
 * What inference serving may use of the world: the simulator, the network (routes, sends, serving
 * edge centers) and each node's CPU, energy and failure state. The scenario layer provides it;
 * inference never sees the world itself.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import type { SimNode } from '../node/node.js';
import type { Topology } from '../net/routes.js';

/** The world as inference serving sees it. */
export interface InferenceContext {
  /** the simulator: clock, processes, events, random streams, trace bus */
  readonly sim: Simulator;
  /** links, routes and serving edge centers */
  readonly topology: Topology;
  /**
   * A node: its CPU, energy meter and failure state.
   * @throws Error for an unknown id (validation prevents this)
   */
  node(id: string): SimNode;
  /**
   * What a deployment optimizer may expect of the route from `from` to `to` now (through the
   * serving edge center when `from` or `to` is a terminal with one): its effective rate (store and
   * forward: 1/Σ 1/rate of the hops; a wireless hop at its ergodic rate over the whole band, as if
   * alone: contention is what the optimizer's model misses), or undefined without a route.
   */
  expectedRateBps(from: string, to: string): number | undefined;
  /** A node's draw while transmitting at full power and while receiving. */
  radioPowerW(id: string): RadioPowerW;
}

/** A node's radio draws. */
export interface RadioPowerW {
  /** while transmitting at full power: radiated / PA efficiency + circuit (W) */
  txW: number;
  /** while receiving (W) */
  rxW: number;
}

/** The work one request brings, as its deployment and its sample decide (a multi-exit model may stop early). */
export interface RequestWork {
  /** FLOPs on the terminal (layers up to the split, and any exit head it evaluates there) */
  terminalFlops: number;
  /** bits sent up: the (quantized) activation at the split with its header; 0 when it ends on the terminal */
  uplinkBits: number;
  /** FLOPs on the edge server; 0 when it ends on the terminal */
  edgeFlops: number;
  /** bits of the result sent back; 0 when it ends on the terminal */
  resultBits: number;
  /** the predicted class was right (decided on the real test sample) */
  correct: boolean;
  /** the exit it left by (0-based, the final classifier last), or null for a single-exit model */
  exit: number | null;
}
