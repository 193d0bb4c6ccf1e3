/**
 * A node's energy account, integrated between state changes: compute (κ·f³ per busy core, so a
 * task costs κ·cycles·f²), transmit (transmit power × airtime), receive (receive power × airtime)
 * and idle (idle power while nothing is active). With a battery it predicts the instant the
 * energy runs out and calls back then.
 * @module
 */
import type { EventHandle, Simulator } from '../engine/simulator.js';

/** Energy categories. */
export type EnergyCategory = 'compute' | 'tx' | 'rx';

/** Energy per category (J). */
export interface EnergyJ {
  /** CPU dynamic energy */
  compute: number;
  /** transmit power × airtime */
  tx: number;
  /** receive power × airtime */
  rx: number;
  /** idle power × idle time */
  idle: number;
  /** the sum */
  total: number;
}

/** Payload of `battery.empty`. */
export interface BatteryTrace {
  /** node id */
  node: string;
}

declare module '../engine/trace.js' {
  interface TraceEventMap {
    /** a node's battery ran out (it fails next) */
    'battery.empty': BatteryTrace;
  }
}

/** A handle on an activity that draws power. */
export interface Activity {
  /** its category */
  category: EnergyCategory;
  /** its power (W) */
  powerW: number;
}

/** The energy meter of one node. */
export class EnergyMeter {
  private readonly energy = { compute: 0, tx: 0, rx: 0, idle: 0 };
  private readonly powerW = { compute: 0, tx: 0, rx: 0 };
  private active = 0;
  private lastS = 0;
  private emptyAt: EventHandle | undefined;
  private stopped = false;

  /**
   * @param sim - the simulator
   * @param nodeId - the node (for traces)
   * @param idleW - power while nothing is active (W)
   * @param batteryJ - battery capacity (J), or null for mains power
   * @param onEmpty - called when the battery runs out
   */
  constructor(
    private readonly sim: Simulator,
    readonly nodeId: string,
    readonly idleW: number,
    readonly batteryJ: number | null,
    private readonly onEmpty: () => void,
  ) {
    this.predictEmpty();
  }

  private integrate(): void {
    const now = this.sim.now;
    const dt = now - this.lastS;
    if (dt > 0 && !this.stopped) {
      if (this.active === 0) this.energy.idle += this.idleW * dt;
      this.energy.compute += this.powerW.compute * dt;
      this.energy.tx += this.powerW.tx * dt;
      this.energy.rx += this.powerW.rx * dt;
    }
    this.lastS = now;
  }

  private drawW(): number {
    return (this.active === 0 ? this.idleW : 0) + this.powerW.compute + this.powerW.tx + this.powerW.rx;
  }

  private predictEmpty(): void {
    this.emptyAt?.cancel();
    this.emptyAt = undefined;
    if (this.batteryJ === null || this.stopped) return;
    const left = this.batteryJ - this.totalJ();
    const p = this.drawW();
    if (p <= 0) return;
    this.emptyAt = this.sim.schedule(
      Math.max(0, left / p),
      () => {
        this.emptyAt = undefined;
        this.integrate();
        this.sim.trace.emit('battery.empty', { node: this.nodeId });
        this.onEmpty();
      },
      { daemon: true }, // an idle battery draining does not keep a run without horizon going
    );
  }

  private totalJ(): number {
    return this.energy.compute + this.energy.tx + this.energy.rx + this.energy.idle;
  }

  /**
   * An activity starts drawing `powerW`.
   * @returns its handle, for {@link end}
   */
  begin(category: EnergyCategory, powerW: number): Activity {
    if (this.stopped) return { category, powerW: 0 };
    this.integrate();
    this.active++;
    this.powerW[category] += powerW;
    this.predictEmpty();
    return { category, powerW };
  }

  /** The activity stops drawing power. */
  end(activity: Activity): void {
    if (this.stopped) return; // the node failed: the activity was lost with it
    this.integrate();
    this.active--;
    this.powerW[activity.category] -= activity.powerW;
    if (this.active === 0) this.powerW.compute = this.powerW.tx = this.powerW.rx = 0; // no rounding residue
    this.predictEmpty();
  }

  /** Stops metering (the node failed): nothing more is drawn. */
  stop(): void {
    this.integrate();
    this.stopped = true;
    this.emptyAt?.cancel();
  }

  /** Resumes metering after a repair (nothing was drawn while stopped). */
  resume(): void {
    this.integrate();
    this.stopped = false;
    this.active = 0;
    this.powerW.compute = this.powerW.tx = this.powerW.rx = 0;
    this.predictEmpty();
  }

  /** Energy so far (J), integrated to now. */
  read(): EnergyJ {
    this.integrate();
    const e = this.energy;
    return { compute: e.compute, tx: e.tx, rx: e.rx, idle: e.idle, total: e.compute + e.tx + e.rx + e.idle };
  }

  /** Battery energy left (J), or null for mains power. */
  batteryLeftJ(): number | null {
    if (this.batteryJ === null) return null;
    return Math.max(0, this.batteryJ - this.read().total);
  }
}
