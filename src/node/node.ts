/**
 * A node of the simulated network: its identity, role, mobility, CPU and energy account, and its
 * failure (a battery running out, later failure processes).
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import { Cpu, type CpuParams } from './cpu.js';
import { EnergyMeter } from './energy.js';
import type { NodeKind } from './kinds.js';
import type { MobilityModel } from '../mobility/model.js';
import type { Vec3 } from '../mobility/vec.js';

/** Payload of `node.failed`. */
export interface NodeFailedTrace {
  /** node id */
  node: string;
  /** why */
  reason: string;
}

declare module '../engine/trace.js' {
  interface TraceEventMap {
    /** a node failed: its work in flight is lost and it takes no more */
    'node.failed': NodeFailedTrace;
    /** a failed node works again */
    'node.repaired': NodeFailedTrace;
  }
}

/** Parameters of a {@link SimNode}. */
export interface SimNodeParams {
  /** unique id */
  id: string;
  /** role */
  kind: NodeKind;
  /** CPU */
  cpu: CpuParams;
  /** how the node moves */
  mobility: MobilityModel;
  /** power while idle (W) */
  idleW: number;
  /** battery capacity (J), or null for mains power */
  batteryJ: number | null;
}

/** A node on the timeline. */
export class SimNode {
  /** unique id */
  readonly id: string;
  /** role */
  readonly kind: NodeKind;
  /** how the node moves */
  readonly mobility: MobilityModel;
  /** the node's energy account */
  readonly energy: EnergyMeter;
  /** the node's CPU */
  readonly cpu: Cpu;
  private readonly sim: Simulator;
  private failure: string | undefined;
  private readonly onFail: ((reason: string) => void)[] = [];

  /**
   * @param sim - the simulator
   * @param params - identity, role, CPU, mobility, power and battery
   */
  constructor(sim: Simulator, params: SimNodeParams) {
    this.id = params.id;
    this.kind = params.kind;
    this.mobility = params.mobility;
    this.sim = sim;
    this.energy = new EnergyMeter(sim, params.id, params.idleW, params.batteryJ, () => this.fail('battery empty'));
    this.cpu = new Cpu(sim, params.id, params.cpu, this.energy);
  }

  /** Position now (m). */
  get positionM(): Vec3 {
    return this.mobility.positionAt(this.sim.now);
  }

  /** Whether the node exists now (a vehicle on the road, a node within its trace's span). */
  get present(): boolean {
    return this.mobility.presentAt(this.sim.now);
  }

  /** Why the node failed, or undefined while it works. */
  get failed(): string | undefined {
    return this.failure;
  }

  /** Registers what to do when the node fails (links interrupt their transfers). */
  whenFailed(callback: (reason: string) => void): void {
    this.onFail.push(callback);
  }

  /**
   * Fails the node now: emits `node.failed`, stops its energy account, loses its work in flight.
   * Idempotent.
   * @param reason - why
   */
  fail(reason: string): void {
    if (this.failure !== undefined) return;
    this.failure = reason;
    this.sim.trace.emit('node.failed', { node: this.id, reason });
    this.energy.stop();
    this.cpu.fail(reason);
    for (const cb of this.onFail) cb(reason);
  }

  /**
   * Brings a failed node back (a repair, coverage regained, an availability interval): it takes
   * work again and its energy account resumes. A node whose battery is empty stays down.
   */
  repair(): void {
    if (this.failure === undefined || this.failure === 'battery empty') return;
    const reason = this.failure;
    this.failure = undefined;
    this.energy.resume();
    this.cpu.repair();
    this.sim.trace.emit('node.repaired', { node: this.id, reason });
  }
}
