/**
 * A node of the simulated network: its identity, role, mobility and CPU.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import { Cpu } from './cpu.js';
import type { NodeKind } from './kinds.js';
import type { MobilityModel } from '../mobility/model.js';
import type { Vec3 } from '../mobility/vec.js';

/** Parameters of a {@link SimNode}. */
export interface SimNodeParams {
  /** unique id */
  id: string;
  /** role */
  kind: NodeKind;
  /** CPU rate in FLOP/s */
  cpuFlopsPerS: number;
  /** how the node moves */
  mobility: MobilityModel;
}

/** A node on the timeline. */
export class SimNode {
  /** unique id */
  readonly id: string;
  /** role */
  readonly kind: NodeKind;
  /** how the node moves */
  readonly mobility: MobilityModel;
  /** the node's CPU */
  readonly cpu: Cpu;
  private readonly sim: Simulator;

  /**
   * @param sim - the simulator
   * @param params - identity, role, CPU rate and mobility
   */
  constructor(sim: Simulator, params: SimNodeParams) {
    this.id = params.id;
    this.kind = params.kind;
    this.mobility = params.mobility;
    this.sim = sim;
    this.cpu = new Cpu(sim, params.id, params.cpuFlopsPerS);
  }

  /** Position now (m). */
  get positionM(): Vec3 {
    return this.mobility.positionAt(this.sim.now);
  }

  /** Whether the node exists now (a vehicle on the road, a node within its trace's span). */
  get present(): boolean {
    return this.mobility.presentAt(this.sim.now);
  }
}
