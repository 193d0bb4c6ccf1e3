/**
 * The alarm clock of the radio's transmissions: each transmission has at most one instant at
 * which it must next be woken (its step's end or a completion), and every transmission due at the
 * same nanosecond shares one engine event.
 *
 * Why. An OFDMA re-split gives every user of the medium a new share, and each replans. Cancelling
 * and rescheduling an engine event for each made a join or a leave cost one cancelled event per
 * user on the medium — quadratic in the concurrent users (issue 15). Here a replan costs no engine
 * event: only the earliest instant is armed in the engine.
 *
 * Order. A replan used to cancel and reschedule, which put the transmission behind every event
 * already due at that instant. The clock keeps that order among transmissions: the wake-ups due at
 * one instant run in the order of their latest (re)planning, a replan that stays put moving to the
 * back. They run together, in one engine event. (Against other kinds of event due at the very same
 * nanosecond the order can differ: that event was scheduled when the instant became the earliest.)
 * @module
 */
import type { EventHandle, Simulator } from '../engine/simulator.js';
import { IndexedHeap, type HeapEntry } from '../util/indexedHeap.js';

/** Something the clock wakes at an instant. */
export interface Sleeper {
  /** called at the instant it was due */
  wake(): void;
  /**
   * The clock's record of its wake-up, made by the clock on its first one and reused for every
   * later one (no allocation per replan). An implementing class declares it, initialised to
   * `undefined`, so that its objects keep one shape.
   */
  stepAlarm?: StepAlarm | undefined;
}

/** A sleeper's wake-up on the clock: its instant and its place among those due then. */
export interface StepAlarm extends HeapEntry {
  /** whom it wakes */
  readonly who: Sleeper;
  /** the instant it is due (ns), Infinity when none is */
  atNs: number;
  /** the order of its latest (re)planning: among wake-ups due at one instant, the earlier rings first */
  seq: number;
}

/** Earlier instant first; at one instant, in the order of their latest (re)planning. */
function earlier(a: StepAlarm, b: StepAlarm): boolean {
  return a.atNs < b.atNs || (a.atNs === b.atNs && a.seq < b.seq);
}

const clocks = new WeakMap<Simulator, StepClock>();

/**
 * One per simulator: the pending wake-ups of its transmissions, in one binary heap ordered by
 * instant and then by planning order, each sleeper's record reused for all its wake-ups (a replan
 * allocates nothing). Only the earliest instant holds an engine event. A re-split that moves every
 * user's completion later leaves it armed (if its instant emptied it rings for nobody and arms the
 * next: one event); one that moves completions earlier re-arms only when one becomes the earliest
 * of all.
 */
export class StepClock {
  /** every pending wake-up, earliest instant first, ties in planning order */
  private readonly heap = new IndexedHeap<StepAlarm>(earlier);
  private armed: EventHandle | undefined;
  private armedNs = Infinity;
  private ringing = false;
  private seq = 0;
  private readonly ringFn = (): void => this.ring();

  /** @param sim - the simulator */
  private constructor(private readonly sim: Simulator) {}

  /** The clock of `sim` (made on first use). */
  static of(sim: Simulator): StepClock {
    let c = clocks.get(sim);
    if (c === undefined) clocks.set(sim, (c = new StepClock(sim)));
    return c;
  }

  /** Wake-ups pending (one at most per sleeper). */
  get pending(): number {
    return this.heap.size;
  }

  /**
   * Moves the wake-up of `who` from `fromNs` to `toNs` (Infinity: none, before or after). Planned
   * again for the same instant, it goes behind the others due then, as a rescheduled event would.
   * @param who - the sleeper
   * @param fromNs - the instant it was due (ns), Infinity if none
   * @param toNs - the instant it is due now (ns, an integer ≥ now), Infinity if none
   */
  move(who: Sleeper, fromNs: number, toNs: number): void {
    if (fromNs === Infinity && toNs === Infinity) return; // none due, none to be (a user taking turns on a static link)
    let a = who.stepAlarm;
    if (a === undefined) {
      if (!Number.isFinite(toNs)) return;
      a = who.stepAlarm = { who, atNs: Infinity, seq: 0, heapAt: -1 };
    }
    const heap = this.heap;
    if (a.heapAt >= 0) {
      heap.remove(a);
      if (toNs === a.atNs) {
        a.seq = this.seq++;
        heap.push(a);
        return;
      }
      a.atNs = Infinity;
      if (heap.size === 0) this.disarm(); // nothing left: no event for nobody at the end
    }
    if (!Number.isFinite(toNs)) return;
    a.atNs = toNs;
    a.seq = this.seq++;
    heap.push(a);
    // Not ringing, every pending instant is at or after the armed one: an earlier one is new.
    if (toNs < this.armedNs && !this.ringing) this.arm(toNs);
  }

  private arm(atNs: number): void {
    this.armed?.cancel();
    this.armedNs = atNs;
    this.armed = this.sim.atNs(atNs, this.ringFn);
  }

  private disarm(): void {
    this.armed?.cancel();
    this.armed = undefined;
    this.armedNs = Infinity;
  }

  /** Wakes, in order, whoever is due now; one woken may take a later one off the list. Then arms the next instant. */
  private ring(): void {
    const atNs = this.armedNs;
    this.armed = undefined;
    this.armedNs = Infinity;
    const heap = this.heap;
    // Each is taken off just before it wakes, so that a wake-up due now and moved away by an
    // earlier one does not ring (nobody plans for the present: a new one is due at least 1 ns later).
    this.ringing = true;
    try {
      for (let a = heap.top(); a !== undefined && a.atNs === atNs; a = heap.top()) {
        heap.remove(a);
        a.atNs = Infinity;
        a.who.wake();
      }
    } finally {
      this.ringing = false;
    }
    const next = heap.top();
    if (next !== undefined && next.atNs < this.armedNs) this.arm(next.atNs);
  }
}
