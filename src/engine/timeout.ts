/**
 * Timeouts: events processed after a delay. A process that yields a fresh timeout does not keep
 * the event object alive while it waits: the queue holds the process itself in the timeout's slot
 * instead, and processing that slot resumes it (one long-lived object less per pending timeout, so
 * a timeout dies young and the garbage collector does not copy and promote every pending one). The event's state is then
 * read from the queue (processed once its slot has fired); anything else that waits on it later
 * puts the event back in its slot, with the process's callback first, as if it had never been
 * taken out. The order of events, their values and the simulator's counters are unchanged.
 * @module
 */
import type { Simulator } from './simulator.js';
import { SimEvent, type EventCallback } from './events.js';

/** A process that has taken a timeout's place in the queue. @internal */
export interface TimeoutOwner {
  /**
   * The timeout `ev` is waited on by something else: returns the callback to register first (the
   * owner's resume callback), or null when the owner no longer waits on it (it was interrupted).
   */
  reattach(ev: Timeout<any>): EventCallback | null;
}

/**
 * An event processed after a delay, created by {@link Simulator.timeout}.
 * @typeParam T - the value type
 */
export class Timeout<T = undefined> extends SimEvent<T> {
  /** Queue slot while queued (−1: never queued, beyond the end of the clock). @internal */
  slot = -1;
  /** The slot's generation while queued. @internal */
  gen = -1;
  /** The process queued in this timeout's place, or null. @internal */
  owner: TimeoutOwner | null = null;

  /**
   * @param sim - the simulator
   * @param delayS - seconds until processing, ≥ 0
   * @param value - the value waiters receive
   */
  constructor(sim: Simulator, delayS: number, value: T | undefined) {
    super(sim);
    this.presetOutcome(true, value);
    this.slot = sim.scheduleEvent(delayS, this);
    if (this.slot >= 0) this.gen = sim.slotGeneration(this.slot);
  }

  /** Whether the callbacks have run. */
  override get processed(): boolean {
    return this.owner === null ? super.processed : !this.sim.isQueued(this.slot, this.gen);
  }

  /**
   * Runs `callback` when this timeout is processed.
   * @returns false (and does not register) when it is already processed
   */
  override addCallback(callback: EventCallback): boolean {
    const owner = this.owner;
    if (owner !== null) {
      if (!this.sim.isQueued(this.slot, this.gen)) return false; // fired while a process held its place
      this.owner = null;
      const first = owner.reattach(this);
      this.sim.replaceQueued(this.slot, this.gen, this);
      if (first !== null) super.addCallback(first);
    }
    return super.addCallback(callback);
  }

  /** Unregisters a callback added with {@link addCallback}. */
  override removeCallback(callback: EventCallback): void {
    if (this.owner === null) super.removeCallback(callback);
  }

  /**
   * Lets `owner` wait on this timeout through `resume` (a callback, or an event whose processing
   * resumes the owner), queued in the timeout's place, if the
   * timeout is queued, belongs to this simulator and nothing else waits on it yet. @internal
   * @returns whether the owner now holds the place
   */
  takePlace(sim: Simulator, owner: TimeoutOwner, resume: (() => void) | SimEvent<any>): boolean {
    if (this.owner !== null || this.sim !== sim || !this.hasNoCallbacks() || !sim.isQueued(this.slot, this.gen)) return false;
    this.owner = owner;
    sim.replaceQueued(this.slot, this.gen, resume);
    return true;
  }
}
