/**
 * An alarm clock over the engine: many alarms, each due at most at one instant, and only the
 * earliest instant of all holds an engine event. The radio's transmissions (their next step or
 * completion, `src/net/stepClock.ts`) and the batteries (the instant each runs out,
 * `src/node/energy.ts`) each keep one per simulator.
 *
 * Why. Those instants move all the time — an OFDMA re-split gives every user of a medium a new
 * completion, every activity's start and end gives a battery a new empty instant — and cancelling
 * and rescheduling an engine event for each made most of the events of a large run (issue 15:
 * quadratic in a medium's users; 31 % of a 10 000-client round for the batteries). Here moving an
 * alarm costs no engine event (and no allocation: the alarm is the caller's, reused): the engine is
 * touched only when the earliest instant of all moves earlier, or when nothing is left. When it
 * moves later the armed event is kept: it rings for nobody and arms the next.
 *
 * Order. An alarm set again (even for the instant it had) goes behind every alarm due then, as a
 * rescheduled event would; alarms due at one instant ring in the order they were last set, in one
 * engine event. An alarm set for the present while they ring waits for an event scheduled then,
 * behind those already due. Against other kinds of event due at the very same nanosecond the order
 * can differ: the clock's event was scheduled when its instant became the earliest.
 * @module
 */
import type { EventHandle, Simulator } from './simulator.js';
import { IndexedHeap, type HeapEntry } from '../util/indexedHeap.js';

/** An alarm: the caller's object, reused for each of its instants. */
export interface Alarm extends HeapEntry {
  /** the instant it is due (ns), Infinity while not set (the clock keeps it) */
  atNs: number;
  /** the order it was last set in (the clock keeps it): among alarms due at one instant, the earlier rings first */
  seq: number;
  /** called at its instant (it is off the clock by then) */
  ring(): void;
}

/** Earlier instant first; at one instant, in the order they were last set. */
function earlier(a: Alarm, b: Alarm): boolean {
  return a.atNs < b.atNs || (a.atNs === b.atNs && a.seq < b.seq);
}

/** The options of a daemon clock's events (one object, not one per arming). */
const DAEMON = Object.freeze({ daemon: true });

const clocks = new WeakMap<Simulator, Map<string, AlarmClock>>();

/** Alarms in a binary heap by (instant, order set); only the earliest instant is armed in the engine. */
export class AlarmClock {
  private readonly heap = new IndexedHeap<Alarm>(earlier);
  private armed: EventHandle | undefined;
  private armedNs = Infinity;
  private ringing = false;
  private seq = 0;
  private readonly ringFn = (): void => this.ring();

  /**
   * @param sim - the simulator
   * @param daemon - its engine events are daemons (they do not keep a run without horizon going)
   */
  constructor(
    private readonly sim: Simulator,
    private readonly daemon = false,
  ) {}

  /**
   * The clock named `name` of `sim`, made on first use.
   * @param sim - the simulator
   * @param name - which clock (one per purpose)
   * @param daemon - see the constructor (used when it is made)
   */
  static of(sim: Simulator, name: string, daemon = false): AlarmClock {
    let byName = clocks.get(sim);
    if (byName === undefined) clocks.set(sim, (byName = new Map()));
    let c = byName.get(name);
    if (c === undefined) byName.set(name, (c = new AlarmClock(sim, daemon)));
    return c;
  }

  /** Alarms set. */
  get pending(): number {
    return this.heap.size;
  }

  /**
   * Sets `alarm` for `atNs` (or moves it there), behind every alarm already due then.
   * @param alarm - the alarm
   * @param atNs - its instant (ns, an integer ≥ now)
   */
  set(alarm: Alarm, atNs: number): void {
    const heap = this.heap;
    if (alarm.heapAt >= 0) {
      heap.remove(alarm);
      if (atNs === alarm.atNs) {
        alarm.seq = this.seq++;
        heap.push(alarm);
        return;
      }
      alarm.atNs = Infinity;
      if (heap.size === 0 && !this.ringing) this.disarm(); // nothing left: no event for nobody
    }
    alarm.atNs = atNs;
    alarm.seq = this.seq++;
    heap.push(alarm);
    // Not ringing, every instant set is at or after the armed one: an earlier one is new.
    if (atNs < this.armedNs && !this.ringing) this.arm(atNs);
  }

  /**
   * Takes `alarm` off the clock (if set). The armed event stays unless nothing is left.
   * @param alarm - the alarm
   */
  clear(alarm: Alarm): void {
    if (alarm.heapAt < 0) return;
    this.heap.remove(alarm);
    alarm.atNs = Infinity;
    if (this.heap.size === 0 && !this.ringing) this.disarm();
  }

  private arm(atNs: number): void {
    this.armed?.cancel();
    this.armedNs = atNs;
    this.armed = this.sim.atNs(atNs, this.ringFn, this.daemon ? DAEMON : undefined);
  }

  private disarm(): void {
    this.armed?.cancel();
    this.armed = undefined;
    this.armedNs = Infinity;
  }

  /**
   * Rings, in order, the alarms due now that were set before it rang (each taken off just before
   * it rings, so one moved away by an earlier one does not ring); then arms the next instant.
   */
  private ring(): void {
    const atNs = this.armedNs;
    this.armed = undefined;
    this.armedNs = Infinity;
    const heap = this.heap;
    const before = this.seq;
    this.ringing = true;
    try {
      for (let a = heap.top(); a !== undefined && a.atNs === atNs && a.seq < before; a = heap.top()) {
        heap.remove(a);
        a.atNs = Infinity;
        a.ring();
      }
    } finally {
      this.ringing = false;
    }
    const next = heap.top();
    if (next !== undefined && next.atNs < this.armedNs) this.arm(next.atNs);
  }
}
