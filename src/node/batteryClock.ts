/**
 * The alarm clock of the batteries: every energy meter with a battery has at most one instant at
 * which its battery runs out, and only the earliest of all of them holds an engine event.
 *
 * Why. A meter predicts its empty instant again at every activity's start and end (the draw
 * changes). Cancelling and rescheduling an engine event for each made 31 % of the events of a
 * 10 000-client round (issue 15), each with a closure and a handle. Here a new prediction moves
 * the meter in a binary heap (no engine event, no allocation); the engine is touched only when the
 * earliest instant of all moves earlier. When it moves later the armed event is kept: it rings
 * for nobody and arms the next (one event, and only if the run gets that far).
 *
 * Instants. A meter's instant is computed exactly as the engine would round its delay (`now` +
 * the delay rounded to the nearest ns; beyond the end of the clock, never), so a battery empties
 * at the very nanosecond it did when each prediction was its own engine event.
 *
 * Order. Batteries due at the same nanosecond empty in the order of their latest prediction, as
 * rescheduled events would, together in one engine event. A prediction made while they ring that
 * falls on the present (a battery with less than half a nanosecond left) waits for an event
 * scheduled then, behind those already due, as before. Against other kinds of event due at the
 * very same nanosecond the order can differ: the clock's event was scheduled when its instant
 * became the earliest.
 * @module
 */
import type { EventHandle, Simulator } from '../engine/simulator.js';
import { MAX_TIME_NS, NS_PER_S } from '../engine/time.js';

/** One meter's place on the clock: its empty instant and what to do then. @internal */
export class BatteryAlarm {
  /** the instant (ns), valid while listed */
  dueNs = Infinity;
  /** the clock's count of predictions when this one was made: orders alarms due at one instant */
  order = 0;
  /** its index in the clock's heap, −1 while not listed */
  index = -1;

  /** @param fire - called at the instant it was due (then it is no longer listed) */
  constructor(readonly fire: () => void) {}
}

const clocks = new WeakMap<Simulator, BatteryClock>();

/**
 * The instant (ns) a battery with `leftJ` joules left, drawing `powerW` watts, runs out, as the
 * engine would schedule `max(0, leftJ / powerW)` seconds from now: −1 beyond the end of the clock.
 * @param nowNs - now (ns)
 * @param leftJ - energy left (J)
 * @param powerW - draw (W), > 0
 */
export function emptyInstantNs(nowNs: number, leftJ: number, powerW: number): number {
  const delayNs = Math.round(Math.max(0, leftJ / powerW) * NS_PER_S);
  return delayNs <= MAX_TIME_NS - nowNs ? nowNs + delayNs : -1;
}

/**
 * One per simulator: the empty instants of its batteries in a heap ordered by (instant, order of
 * prediction). Only the earliest is armed in the engine, as a daemon event (a battery draining
 * does not keep a run without horizon going).
 * @internal
 */
export class BatteryClock {
  private readonly heap: BatteryAlarm[] = [];
  private armed: EventHandle | undefined;
  private armedNs = Infinity;
  private predictions = 0;
  private ringing = false;
  private readonly ringFn = (): void => this.ring();

  /** @param sim - the simulator */
  private constructor(private readonly sim: Simulator) {}

  /** The clock of `sim` (made on first use). */
  static of(sim: Simulator): BatteryClock {
    let c = clocks.get(sim);
    if (c === undefined) clocks.set(sim, (c = new BatteryClock(sim)));
    return c;
  }

  /** Batteries with an empty instant listed. */
  get pending(): number {
    return this.heap.length;
  }

  /**
   * Lists `alarm` at `dueNs` (or moves it there), behind every alarm already due then.
   * @param alarm - the meter's alarm
   * @param dueNs - its instant (ns, an integer ≥ now), or −1 for never
   */
  set(alarm: BatteryAlarm, dueNs: number): void {
    if (dueNs < 0) return this.clear(alarm);
    const heap = this.heap;
    const old = alarm.dueNs;
    alarm.dueNs = dueNs;
    alarm.order = this.predictions++;
    if (alarm.index < 0) {
      alarm.index = heap.length;
      heap.push(alarm);
      this.up(alarm.index);
    } else if (dueNs < old) this.up(alarm.index);
    else this.down(alarm.index); // same instant: its order grew
    if (dueNs < this.armedNs && !this.ringing) this.arm(dueNs);
  }

  /**
   * Takes `alarm` off the clock (its node failed, or it draws nothing). The armed event stays
   * unless nothing is left.
   * @param alarm - the meter's alarm
   */
  clear(alarm: BatteryAlarm): void {
    const i = alarm.index;
    if (i < 0) return;
    alarm.index = -1;
    alarm.dueNs = Infinity;
    const heap = this.heap;
    const last = heap.pop()!;
    if (i < heap.length) {
      heap[i] = last;
      last.index = i;
      this.down(i);
      this.up(last.index);
    }
    if (heap.length === 0 && !this.ringing) this.disarm();
  }

  private arm(atNs: number): void {
    this.armed?.cancel();
    this.armedNs = atNs;
    this.armed = this.sim.atNs(atNs, this.ringFn, { daemon: true });
  }

  private disarm(): void {
    this.armed?.cancel();
    this.armed = undefined;
    this.armedNs = Infinity;
  }

  /** Fires, in order, the alarms due now that were predicted before it rang; then arms the next. */
  private ring(): void {
    const atNs = this.armedNs;
    this.armed = undefined;
    this.armedNs = Infinity;
    const before = this.predictions;
    const heap = this.heap;
    this.ringing = true;
    try {
      while (heap.length > 0 && heap[0]!.dueNs === atNs && heap[0]!.order < before) {
        const a = heap[0]!;
        this.clear(a);
        a.fire();
      }
    } finally {
      this.ringing = false;
      if (heap.length > 0) this.arm(heap[0]!.dueNs);
    }
  }

  private less(a: BatteryAlarm, b: BatteryAlarm): boolean {
    return a.dueNs < b.dueNs || (a.dueNs === b.dueNs && a.order < b.order);
  }

  private up(i: number): void {
    const heap = this.heap;
    const a = heap[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const b = heap[p]!;
      if (!this.less(a, b)) break;
      heap[i] = b;
      b.index = i;
      i = p;
    }
    heap[i] = a;
    a.index = i;
  }

  private down(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const a = heap[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.less(heap[c + 1]!, heap[c]!)) c++;
      const b = heap[c]!;
      if (!this.less(b, a)) break;
      heap[i] = b;
      b.index = i;
      i = c;
    }
    heap[i] = a;
    a.index = i;
  }
}
