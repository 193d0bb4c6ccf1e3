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

/** The reason a node whose battery ran out is down (never repaired). */
export const BATTERY_EMPTY = 'battery empty';

/** Payload of `node.failed`. */
export interface NodeFailedTrace {
  /** node id */
  node: string;
  /** why */
  reason: string;
}

/** Payload of `node.repaired`. */
export interface NodeRepairedTrace extends NodeFailedTrace {
  /** when it went down (its `node.failed`) (s) */
  downSinceS: number;
}

declare module '../engine/trace.js' {
  interface TraceEventMap {
    /** a node failed: its work in flight is lost and it takes no more */
    'node.failed': NodeFailedTrace;
    /** a failed node works again */
    'node.repaired': NodeRepairedTrace;
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
  /** why the node is down, in the order the reasons came; null while it works (made at the first failure) */
  private downReasons: string[] | null = null;
  private downSinceS = 0;
  /** the failure and repair listeners (null until one registers: most nodes of a population have none of the latter) */
  private onFail: ((reason: string) => void)[] | null = null;
  private onRepair: ((reason: string) => void)[] | null = null;

  /**
   * @param sim - the simulator
   * @param params - identity, role, CPU, mobility, power and battery
   */
  constructor(sim: Simulator, params: SimNodeParams) {
    this.id = params.id;
    this.kind = params.kind;
    this.mobility = params.mobility;
    this.sim = sim;
    this.energy = new EnergyMeter(sim, params.id, params.idleW, params.batteryJ, () => this.fail(BATTERY_EMPTY));
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

  /** Why the node is down (the first of its reasons still in force), or undefined while it works. */
  get failed(): string | undefined {
    return this.downReasons?.[0];
  }

  /** Registers what to do when the node fails (links interrupt their transfers). */
  whenFailed(callback: (reason: string) => void): void {
    (this.onFail ??= []).push(callback);
  }

  /**
   * Takes the node down for `reason`: on the first reason, emits `node.failed`, stops its energy
   * account and loses its work in flight. Reasons add up: the node works again only once every one
   * is lifted ({@link repair}), so a repair from one cause (an exponential failure's MTTR) does not
   * bring back a node another keeps down (an availability interval, a vehicle off the road).
   * Idempotent per reason.
   * @param reason - why (`failure`, `unavailable`, `out of coverage`, `absent`, `battery empty`, …)
   */
  fail(reason: string): void {
    const reasons = (this.downReasons ??= []);
    if (reasons.includes(reason)) return;
    reasons.push(reason);
    if (reasons.length > 1) return;
    this.downSinceS = this.sim.now;
    this.sim.trace.emit('node.failed', { node: this.id, reason });
    this.energy.stop();
    this.cpu.fail(reason);
    if (this.onFail !== null) for (const cb of this.onFail) cb(reason);
  }

  /**
   * Lifts one reason the node is down (a repair, coverage regained, the end of an availability
   * interval, a vehicle entering the road); when none is left, the node takes work again and its
   * energy account resumes. An empty battery is never lifted.
   * @param reason - the reason {@link fail} was called with
   */
  repair(reason: string): void {
    const reasons = this.downReasons;
    const i = reasons === null ? -1 : reasons.indexOf(reason);
    if (i < 0 || reason === BATTERY_EMPTY) return;
    reasons!.splice(i, 1);
    if (reasons!.length > 0) return;
    this.energy.resume();
    this.cpu.repair();
    this.sim.trace.emit('node.repaired', { node: this.id, reason, downSinceS: this.downSinceS });
    if (this.onRepair !== null) for (const cb of this.onRepair) cb(reason);
  }

  /** Registers what to do when the node works again after being down (association re-measures). */
  whenRepaired(callback: (reason: string) => void): void {
    (this.onRepair ??= []).push(callback);
  }
}
