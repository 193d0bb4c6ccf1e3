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

/** Something the clock wakes at an instant. */
export interface Sleeper {
  /** called at the instant it was due */
  wake(): void;
}

const clocks = new WeakMap<Simulator, StepClock>();

/**
 * One per simulator: the pending wake-ups of its transmissions, grouped by instant. Only the
 * earliest instant holds an engine event. A re-split that moves every user's completion later
 * leaves it armed (if its instant emptied it rings for nobody and arms the next: one event); one
 * that moves completions earlier re-arms only when one becomes the earliest of all.
 */
export class StepClock {
  /** wake-ups by instant (ns), each in the order they run: that of their latest (re)planning */
  private readonly instants = new Map<number, Set<Sleeper>>();
  /** a binary min-heap of the instants' times (ns), with stale entries dropped when they surface */
  private readonly heap: number[] = [];
  private armed: EventHandle | undefined;
  private armedNs = Infinity;
  private ringing = false;
  /** the instant's set being rung (never recycled while it is iterated) */
  private current: Set<Sleeper> | undefined;
  /** emptied sets, reused for new instants (most transmissions' instants are their own: one set each) */
  private readonly spare: Set<Sleeper>[] = [];
  private readonly ringFn = (): void => this.ring();

  /** @param sim - the simulator */
  private constructor(private readonly sim: Simulator) {}

  /** The clock of `sim` (made on first use). */
  static of(sim: Simulator): StepClock {
    let c = clocks.get(sim);
    if (c === undefined) clocks.set(sim, (c = new StepClock(sim)));
    return c;
  }

  /** Instants with at least one wake-up pending. */
  get pending(): number {
    return this.instants.size;
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
    const from = this.instants.get(fromNs);
    if (from !== undefined) {
      from.delete(who);
      if (toNs === fromNs) {
        from.add(who);
        return;
      }
      if (from.size === 0) {
        this.instants.delete(fromNs);
        this.recycle(from);
        if (this.instants.size === 0) this.disarm(); // nothing left: no event for nobody at the end
      }
    }
    if (!Number.isFinite(toNs)) return;
    let to = this.instants.get(toNs);
    if (to === undefined) {
      this.instants.set(toNs, (to = this.spare.pop() ?? new Set()));
      this.push(toNs);
      if (toNs < this.armedNs && !this.ringing) this.arm(toNs);
    }
    to.add(who);
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
    const due = this.instants.get(atNs);
    if (due !== undefined) {
      // It stays listed while it rings, so that a wake-up moved away by an earlier one is taken
      // off (nobody plans for the present: a new one is due at least 1 ns later).
      this.ringing = true;
      this.current = due;
      try {
        for (const who of due) {
          due.delete(who);
          who.wake();
        }
      } finally {
        this.ringing = false;
        this.current = undefined;
      }
      if (this.instants.get(atNs) === due) this.instants.delete(atNs);
      this.recycle(due);
    }
    const heap = this.heap;
    while (heap.length > 0 && !this.instants.has(heap[0]!)) this.pop();
    if (heap.length > 0 && heap[0]! < this.armedNs) this.arm(heap[0]!);
  }

  /** Keeps an emptied set for a later instant (not the one being rung, nor one still listed). */
  private recycle(set: Set<Sleeper>): void {
    if (set !== this.current && set.size === 0 && this.spare.length < 1024) this.spare.push(set);
  }

  private push(ns: number): void {
    const heap = this.heap;
    if (heap.length > 1024 && heap.length > 4 * this.instants.size) {
      // Mostly stale: rebuild from the live instants (sorted: a valid heap).
      heap.length = 0;
      for (const t of this.instants.keys()) heap.push(t);
      heap.sort((a, b) => a - b);
    }
    let i = heap.length;
    heap.push(ns);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]! <= ns) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = ns;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    const n = heap.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && heap[c + 1]! < heap[c]!) c++;
      if (heap[c]! >= last) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = last;
  }
}
