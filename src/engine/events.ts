/**
 * Waitable events (SimPy style). An event is pending, then triggered (its outcome is fixed and its
 * processing scheduled), then processed (its callbacks have run). Processes wait on events by
 * yielding them.
 * @module
 */
import type { Simulator } from './simulator.js';
import { SimulationError, describe } from './errors.js';

/** A function called when an event is processed. */
export type EventCallback = (event: SimEvent<any>) => void;

const PENDING = 0;
const TRIGGERED = 1;
const PROCESSED = 2;

/**
 * An event that processes can wait on and that carries a value (or an error) once triggered.
 * @typeParam T - the value type
 */
export class SimEvent<T = unknown> {
  // The callbacks to run when processed: the first alone in `cb0` (most events have one waiter, so
  // no array is allocated); from the second on, all of them in order in `cbs` (and `cb0` is null).
  private cb0: EventCallback | null = null;
  private cbs: EventCallback[] | null = null;
  /** Set when a waiter has taken charge of this event's failure (so the run does not stop). */
  defused = false;
  private state = PENDING;
  private okFlag = true;
  private payload: unknown = undefined;

  /** @param sim - the simulator this event belongs to */
  constructor(readonly sim: Simulator) {}

  /** Whether the outcome is fixed (triggered or processed). */
  get triggered(): boolean {
    return this.state !== PENDING;
  }

  /** Whether the callbacks have run. */
  get processed(): boolean {
    return this.state === PROCESSED;
  }

  /** Whether the event succeeded (meaningful once triggered). */
  get ok(): boolean {
    return this.okFlag;
  }

  /** The success value (undefined before success). */
  get value(): T {
    return (this.okFlag ? this.payload : undefined) as T;
  }

  /** The failure (undefined unless failed). */
  get error(): unknown {
    return this.okFlag ? undefined : this.payload;
  }

  /**
   * Triggers success; the event is processed after `delayS` (default now).
   * @param value - the value waiters receive
   * @param delayS - seconds until processing; default 0
   */
  succeed(value?: T, delayS = 0): this {
    this.trigger(true, value, delayS);
    return this;
  }

  /**
   * Triggers failure: waiting processes get `error` thrown at their `yield`.
   * @param error - the failure
   * @param delayS - seconds until processing; default 0
   */
  fail(error: unknown, delayS = 0): this {
    this.trigger(false, error, delayS);
    return this;
  }

  /**
   * Runs `callback` when this event is processed.
   * @returns false (and does not register) when the event is already processed
   */
  addCallback(callback: EventCallback): boolean {
    if (this.state === PROCESSED) return false;
    if (this.cbs !== null) this.cbs.push(callback);
    else if (this.cb0 === null) this.cb0 = callback;
    else {
      this.cbs = [this.cb0, callback];
      this.cb0 = null;
    }
    return true;
  }

  /** Whether no callback is registered. @internal */
  hasNoCallbacks(): boolean {
    return this.cb0 === null && this.cbs === null;
  }

  /** Unregisters a callback added with {@link addCallback}. */
  removeCallback(callback: EventCallback): void {
    if (this.state === PROCESSED) return;
    if (this.cb0 === callback) {
      this.cb0 = null;
      return;
    }
    const cbs = this.cbs;
    if (cbs === null) return;
    const i = cbs.indexOf(callback);
    if (i >= 0) cbs.splice(i, 1);
  }

  /** Fixes the outcome and schedules processing. @internal */
  trigger(ok: boolean, payload: unknown, delayS: number): void {
    if (this.state !== PENDING) throw new Error('event already triggered');
    this.state = TRIGGERED;
    this.okFlag = ok;
    this.payload = payload;
    this.sim.scheduleEvent(delayS, this);
  }

  /** Fixes the outcome without scheduling (the caller schedules {@link process}). @internal */
  presetOutcome(ok: boolean, payload: unknown): void {
    this.state = TRIGGERED;
    this.okFlag = ok;
    this.payload = payload;
  }

  /** Runs the callbacks; an unhandled failure stops the run. @internal */
  process(): void {
    this.state = PROCESSED;
    let called = 0;
    const cb0 = this.cb0;
    const cbs = this.cbs;
    this.cb0 = null;
    this.cbs = null;
    if (cbs !== null) {
      for (let i = 0; i < cbs.length; i++) cbs[i]!(this);
      called = cbs.length;
    } else if (cb0 !== null) {
      cb0(this);
      called = 1;
    }
    if (!this.okFlag && called === 0 && !this.defused) {
      const err = this.payload;
      if (err instanceof SimulationError) throw err;
      throw new SimulationError(`unhandled event failure at t=${this.sim.now} s: ${describe(err)}`, this.sim.now, err);
    }
  }
}

/** The value an {@link anyOf} event succeeds with: which event fired first, and its value. */
export interface FirstOf<T = unknown> {
  /** index of the first processed event in the array given to `anyOf` */
  index: number;
  /** its value */
  value: T;
}

/**
 * An event that succeeds with all values (in order) once every event has succeeded, or fails with
 * the first failure.
 * @param sim - the simulator
 * @param events - the events to wait for (an empty array succeeds at once)
 */
export function allOf(sim: Simulator, events: readonly SimEvent<any>[]): SimEvent<unknown[]> {
  const out = new SimEvent<unknown[]>(sim);
  const values = new Array<unknown>(events.length);
  let remaining = events.length;
  if (remaining === 0) return out.succeed(values);
  events.forEach((ev, i) => {
    const on = (e: SimEvent<any>): void => {
      if (!e.ok) e.defused = true;
      if (out.triggered) return;
      if (!e.ok) {
        out.fail(e.error);
        return;
      }
      values[i] = e.value;
      if (--remaining === 0) out.succeed(values);
    };
    if (!ev.addCallback(on)) on(ev);
  });
  return out;
}

/**
 * An event that succeeds with the first event to be processed (its index and value), or fails if
 * that event failed.
 * @param sim - the simulator
 * @param events - a non-empty array of events
 */
export function anyOf(sim: Simulator, events: readonly SimEvent<any>[]): SimEvent<FirstOf> {
  if (events.length === 0) throw new RangeError('anyOf needs at least one event');
  const out = new SimEvent<FirstOf>(sim);
  events.forEach((ev, index) => {
    const on = (e: SimEvent<any>): void => {
      if (!e.ok) e.defused = true;
      if (out.triggered) return;
      if (e.ok) out.succeed({ index, value: e.value });
      else out.fail(e.error);
    };
    if (!ev.addCallback(on)) on(ev);
  });
  return out;
}
