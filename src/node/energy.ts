/**
 * A node's energy account, integrated between state changes. Power is additive: the node draws its
 * baseline (idle) power always, plus what each active component adds — CPU dynamic power (κ·f³ per
 * busy core, so a task costs κ·cycles·f²), the transmit chain (each transmission's power amplifier
 * input, plus the chain's circuit power once while any transmission is on air) and the receive
 * chain (drawn once while at least one reception is active: one radio, many subcarriers). With a
 * battery it predicts, from the total draw, the instant the energy runs out and calls back then.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import { AlarmClock, type Alarm } from '../engine/alarmClock.js';
import { MAX_TIME_NS, NS_PER_S } from '../engine/time.js';

/** Energy categories of activities (the baseline is always drawn and is not an activity). */
export type EnergyCategory = 'compute' | 'tx' | 'rx';

/** Energy per category (J). */
export interface EnergyJ {
  /** CPU dynamic energy */
  compute: number;
  /** transmit chain: power-amplifier input and circuit power while on air */
  tx: number;
  /** receive chain: receive power while at least one reception is active */
  rx: number;
  /** baseline: idle power × the time metered (drawn whether or not anything is active) */
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
  /** its additive power (W); for `rx`, the receive chain's power, drawn once however many receptions */
  powerW: number;
  /** power drawn once while any activity of its category carrying it is active (W), e.g. a transmit chain's circuit power */
  sharedW: number;
}

/**
 * Activities of one category in progress. A node has one activity of a category at a time far more
 * often than several (a phone's upload, its download, its computation), and most of a population's
 * nodes have none for most of a run: a lone activity is kept in a field, the set and the counts of
 * shared powers exist only while two or more are live (a world of 10⁵ phones would otherwise hold
 * 3·10⁵ sets and maps, ≈ 2 KB a node). The sums are the same in either form: the powers are added
 * and subtracted in the same order.
 */
class Category {
  /** the live activity while exactly one is (and no set) */
  private one: Activity | null = null;
  /** the live activities while two or more are (null otherwise) */
  private many: Set<Activity> | null = null;
  private sumW = 0;
  private sharedMaxW = 0;
  /** with `many`: how many live activities carry each shared power: the largest is drawn, found again only when its last carrier ends */
  private sharedCounts: Map<number, number> | null = null;

  /** how many activities are live */
  get size(): number {
    return this.many !== null ? this.many.size : this.one !== null ? 1 : 0;
  }

  add(a: Activity): void {
    if (this.many === null) {
      if (this.one === null) this.one = a;
      else {
        this.many = new Set([this.one, a]);
        this.sharedCounts = new Map([[this.one.sharedW, 1]]);
        this.one = null;
        this.sharedCounts.set(a.sharedW, (this.sharedCounts.get(a.sharedW) ?? 0) + 1);
      }
    } else {
      this.many.add(a);
      this.sharedCounts!.set(a.sharedW, (this.sharedCounts!.get(a.sharedW) ?? 0) + 1);
    }
    this.sumW += a.powerW;
    this.sharedMaxW = Math.max(this.sharedMaxW, a.sharedW);
  }

  remove(a: Activity): boolean {
    if (this.many === null) {
      if (this.one !== a) return false;
      this.one = null;
      this.sumW = this.sharedMaxW = 0; // no rounding residue
      return true;
    }
    if (!this.many.delete(a)) return false;
    const counts = this.sharedCounts!;
    const left = counts.get(a.sharedW)! - 1;
    if (left > 0) counts.set(a.sharedW, left);
    else counts.delete(a.sharedW);
    if (this.many.size === 0) {
      this.sumW = this.sharedMaxW = 0; // no rounding residue
      this.many = this.sharedCounts = null;
    } else {
      this.sumW -= a.powerW;
      if (left === 0 && a.sharedW >= this.sharedMaxW) this.sharedMaxW = Math.max(0, ...counts.keys());
    }
    return true;
  }

  clear(): void {
    this.one = null;
    this.many = this.sharedCounts = null;
    this.sumW = this.sharedMaxW = 0;
  }

  /** the power drawn now (W) */
  get drawW(): number {
    return this.sumW + this.sharedMaxW;
  }
}

/**
 * The instant (ns) a battery with `leftJ` joules left, drawing `powerW` watts, runs out, as the
 * engine would schedule `max(0, leftJ / powerW)` seconds from now (rounded to the nearest ns, so a
 * battery empties at the very nanosecond it did when each prediction was its own engine event):
 * −1 beyond the end of the clock.
 * @param nowNs - now (ns)
 * @param leftJ - energy left (J)
 * @param powerW - draw (W), > 0
 */
export function emptyInstantNs(nowNs: number, leftJ: number, powerW: number): number {
  const delayNs = Math.round(Math.max(0, leftJ / powerW) * NS_PER_S);
  return delayNs <= MAX_TIME_NS - nowNs ? nowNs + delayNs : -1;
}

/** A meter's place on the batteries' alarm clock: its empty instant and what to do then. */
class BatteryAlarm implements Alarm {
  atNs = Infinity;
  seq = 0;
  heapAt = -1;

  /** @param meter - the meter whose battery it watches */
  constructor(private readonly meter: EnergyMeter) {}

  /** The battery ran out (the meter's, not a closure per meter). */
  ring(): void {
    this.meter.batteryEmptied();
  }
}

/** A meter's activities in progress, by category. */
interface Categories {
  compute: Category;
  tx: Category;
  rx: Category;
}

/** The energy meter of one node. */
export class EnergyMeter {
  private readonly energy = { compute: 0, tx: 0, rx: 0, idle: 0 };
  /** the activities in progress by category: made at the first activity (most of a population's meters never see one) */
  private categories: Categories | null = null;
  private receiving = 0;
  private lastS = 0;
  /** the batteries' shared clock and this meter's place on it (mains power: none) */
  private readonly clock: AlarmClock | undefined;
  private readonly alarm: BatteryAlarm | undefined;
  private stopped = false;

  /**
   * @param sim - the simulator
   * @param nodeId - the node (for traces)
   * @param idleW - baseline power, drawn always while the node is up (W)
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
    if (batteryJ !== null) {
      // A battery draining does not keep a run without horizon going: the clock's events are daemons.
      this.clock = AlarmClock.of(sim, 'batteries', true);
      this.alarm = new BatteryAlarm(this);
    }
    this.predictEmpty();
  }

  private integrate(): void {
    const now = this.sim.now;
    const dt = now - this.lastS;
    if (dt > 0 && !this.stopped) {
      const c = this.categories;
      this.energy.idle += this.idleW * dt;
      // Without categories nothing was active: each sum would add 0.
      if (c !== null) {
        this.energy.compute += c.compute.drawW * dt;
        this.energy.tx += c.tx.drawW * dt;
        this.energy.rx += c.rx.drawW * dt;
        if (c.rx.size > 0) this.receiving += dt;
      }
    }
    this.lastS = now;
  }

  /** The node's total power draw now (W): baseline plus every active component. */
  drawW(): number {
    if (this.stopped) return 0;
    const c = this.categories;
    return c === null ? this.idleW : this.idleW + c.compute.drawW + c.tx.drawW + c.rx.drawW;
  }

  /**
   * Predicts again the instant the battery runs out, from the energy left and the draw now (at
   * every change of the draw). It moves this meter on the batteries' clock: no engine event unless
   * it becomes the earliest of all.
   */
  private predictEmpty(): void {
    if (this.alarm === undefined) return;
    const p = this.stopped ? 0 : this.drawW();
    const atNs = p <= 0 ? -1 : emptyInstantNs(this.sim.nowNs, this.batteryJ! - this.totalJ(), p);
    if (atNs < 0) this.clock!.clear(this.alarm);
    else this.clock!.set(this.alarm, atNs);
  }

  /** The battery ran out (its alarm calls this at the predicted instant). @internal */
  batteryEmptied(): void {
    this.integrate();
    this.sim.trace.emit('battery.empty', { node: this.nodeId });
    this.onEmpty();
  }

  private totalJ(): number {
    return this.energy.compute + this.energy.tx + this.energy.rx + this.energy.idle;
  }

  /**
   * An activity starts. `compute` and `tx` powers add up over concurrent activities; a `tx`
   * activity's `sharedW` (the transmit chain's circuit power) is drawn once while any is on air.
   * An `rx` activity's `powerW` is the receive chain's power: drawn once while at least one
   * reception is active (the largest, if they differ), not once per reception.
   * @param category - what draws
   * @param powerW - its power (W)
   * @param sharedW - power shared with the other activities of its category (W); default 0
   * @returns its handle, for {@link end}
   */
  begin(category: EnergyCategory, powerW: number, sharedW = 0): Activity {
    const a: Activity = category === 'rx' ? { category, powerW: 0, sharedW: Math.max(powerW, sharedW) } : { category, powerW, sharedW };
    if (this.stopped) return a;
    this.integrate();
    (this.categories ??= { compute: new Category(), tx: new Category(), rx: new Category() })[category].add(a);
    this.predictEmpty();
    return a;
  }

  /** The activity stops drawing power (an activity lost to a failure, or already ended, is ignored). */
  end(activity: Activity): void {
    if (this.stopped) return; // the node failed: the activity was lost with it
    this.integrate();
    if (this.categories !== null && this.categories[activity.category].remove(activity)) this.predictEmpty();
  }

  /** Stops metering (the node failed): nothing more is drawn. */
  stop(): void {
    this.integrate();
    this.stopped = true;
    if (this.alarm !== undefined) this.clock!.clear(this.alarm);
  }

  /** Resumes metering after a repair (nothing was drawn while stopped; the activities were lost). */
  resume(): void {
    this.integrate();
    this.stopped = false;
    this.categories = null; // the activities were lost
    this.predictEmpty();
  }

  /** Energy so far (J), integrated to now. */
  read(): EnergyJ {
    this.integrate();
    const e = this.energy;
    return { compute: e.compute, tx: e.tx, rx: e.rx, idle: e.idle, total: e.compute + e.tx + e.rx + e.idle };
  }

  /** Energy used so far (J): {@link EnergyMeter.read}'s `total`, without making the breakdown. */
  usedJ(): number {
    this.integrate();
    const e = this.energy;
    return e.compute + e.tx + e.rx + e.idle;
  }

  /**
   * Active energy so far (J): compute, transmit and receive, integrated to now, without the
   * baseline (the sum {@link EnergyMeter.read} would give, without making the breakdown).
   */
  activeJ(): number {
    this.integrate();
    const e = this.energy;
    return e.compute + e.tx + e.rx;
  }

  /** Time the receive chain has been on (at least one reception active) so far (s). */
  receivingS(): number {
    this.integrate();
    return this.receiving;
  }

  /**
   * Battery energy left (J), or null for mains power.
   * @param usedJ - the energy used so far, when the caller has just read it ({@link EnergyMeter.read}'s total)
   */
  batteryLeftJ(usedJ?: number): number | null {
    if (this.batteryJ === null) return null;
    return Math.max(0, this.batteryJ - (usedJ ?? this.read().total));
  }
}
