/**
 * A node of the simulated network: its identity, role, position and CPU.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import { Cpu } from './cpu.js';
import type { NodeKind } from './kinds.js';

/** Parameters of a {@link SimNode}. */
export interface SimNodeParams {
  /** unique id */
  id: string;
  /** role */
  kind: NodeKind;
  /** position in metres */
  positionM: [number, number, number];
  /** CPU rate in FLOP/s */
  cpuFlopsPerS: number;
}

/** A node on the timeline. */
export class SimNode {
  /** unique id */
  readonly id: string;
  /** role */
  readonly kind: NodeKind;
  /** position in metres (static until mobility models arrive) */
  readonly positionM: readonly [number, number, number];
  /** the node's CPU */
  readonly cpu: Cpu;

  /**
   * @param sim - the simulator
   * @param params - identity, role, position and CPU rate
   */
  constructor(sim: Simulator, params: SimNodeParams) {
    this.id = params.id;
    this.kind = params.kind;
    this.positionM = params.positionM;
    this.cpu = new Cpu(sim, params.id, params.cpuFlopsPerS);
  }
}
