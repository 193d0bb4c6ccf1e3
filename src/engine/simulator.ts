/**
 * The simulator: the clock, the pending-event queue, schedule / cancel / run, process factories,
 * random streams and the trace bus.
 * @module
 */
import { EventQueue, orderKey, MIN_PRIORITY } from './queue.js';
import { secondsToNs, nsToSeconds, NS_PER_S, MAX_TIME_NS } from './time.js';
import { RandomStreams } from './random.js';
import { TraceBus } from './trace.js';
import { SimEvent, allOf, anyOf, type FirstOf } from './events.js';
import { Process, type ProcessGenerator } from './process.js';
import { SimulationError, describe } from './errors.js';
import { StuckDiagnosis, STUCK_SAMPLE, schedulingSite } from './stuck.js';
import { EventHandle } from './handle.js';
import type { ScheduleOptions, RunOptions, StopReason, EventCounters, SimulatorOptions } from './options.js';
import { Timeout } from './timeout.js';

export { EventHandle } from './handle.js';

export type { ScheduleOptions, RunOptions, StopReason, EventCounters, SimulatorOptions } from './options.js';

/** Default of {@link SimulatorOptions.maxEventsPerInstant}. */
export const DEFAULT_MAX_EVENTS_PER_INSTANT = 1_000_000;

const DEFAULT_ORDER_BASE = orderKey(0, 0);

/** What the queue holds: a callback, or an event whose processing is due (no closure per event). */
type Queued = (() => void) | SimEvent<any>;
const CHUNK_DONE = 'chunk';

/** A discrete-event simulator. */
export class Simulator {
  /** The named random streams of this run. */
  readonly rng: RandomStreams;
  /** The typed trace bus. */
  readonly trace: TraceBus;
  private readonly queue = new EventQueue<Queued>();
  private clockNs = 0;
  private seq = 0;
  private topPending = false;
  private running = false;
  private stopRequested = false;
  private processCount = 0;
  private liveCount = 0;
  private processedCount = 0;
  private skippedCount = 0;
  private instantCount = 0;
  private beyondClock = 0;
  private readonly maxPerInstant: number;
  private stuck: StuckDiagnosis | undefined;
  /** The queue slot of the event being (or last) processed; −1 before the first. @internal */
  firingSlot = -1;
  /** The process whose generator is running, if any (for diagnostics). @internal */
  activeProcess: string | undefined;

  /** @param options - seed and run index */
  constructor(options: SimulatorOptions = {}) {
    this.rng = new RandomStreams(options.seed ?? 1, options.run ?? 0);
    const limit = options.maxEventsPerInstant ?? DEFAULT_MAX_EVENTS_PER_INSTANT;
    if (!(Number.isInteger(limit) && limit >= 1)) throw new RangeError(`maxEventsPerInstant must be an integer ≥ 1, got ${limit}`);
    this.maxPerInstant = limit;
    this.trace = new TraceBus(() => this.now);
  }

  /** Current simulated time in seconds. */
  get now(): number {
    return nsToSeconds(this.clockNs);
  }

  /** Current simulated time in ns (integer). */
  get nowNs(): number {
    return this.clockNs;
  }

  /** Cancels the queued callback in `slot` if `gen` is still its generation. @internal */
  cancelSlot(slot: number, gen: number): void {
    if (this.queue.cancel(slot, gen) && !this.queue.isDaemon(slot)) this.liveCount--;
  }

  /** Callbacks pending that are neither cancelled nor daemons. */
  get livePending(): number {
    return this.liveCount;
  }

  /** Callbacks pending in the queue (cancelled ones included until reached). */
  get pending(): number {
    return this.queue.size;
  }

  /** Event counters. */
  get counters(): EventCounters {
    return { scheduled: this.seq, processed: this.processedCount, cancelledSkipped: this.skippedCount };
  }

  /**
   * Schedules `fn` after `delayS` seconds.
   * @param delayS - delay in seconds, ≥ 0 (rounded to the nearest ns)
   * @param fn - the callback
   * @param options - priority, daemon
   * @returns its handle; an event beyond the end of the clock (2^53 ns) is never scheduled and its
   *   handle is inert (the first that is not a daemon emits a `warning`)
   * @throws RangeError on a negative or NaN delay
   */
  schedule(delayS: number, fn: () => void, options?: ScheduleOptions): EventHandle {
    const timeNs = this.dueNs(delayS, options !== undefined && options.daemon === true);
    if (timeNs < 0) return new EventHandle(this, -1, -1, Infinity);
    const slot = this.enqueue(timeNs, fn, options);
    return new EventHandle(this, slot, this.queue.generation(slot), timeNs);
  }

  /**
   * Schedules `fn` after `delayS` seconds, exactly as {@link schedule} does (same order, same
   * counters, same warning beyond the end of the clock), for a caller that never cancels it: no
   * handle is made.
   * @param delayS - delay in seconds, ≥ 0 (rounded to the nearest ns)
   * @param fn - the callback
   * @throws RangeError on a negative or NaN delay
   */
  post(delayS: number, fn: () => void): void {
    const timeNs = this.dueNs(delayS, false);
    if (timeNs >= 0) this.enqueue(timeNs, fn, undefined);
  }

  /**
   * Schedules the processing of `ev` after `delayS` seconds, exactly as `schedule(delayS, () =>
   * ev.process())` would (same order, same counters) but without a closure or a handle. @internal
   */
  scheduleEvent(delayS: number, ev: SimEvent<any>): number {
    const timeNs = this.dueNs(delayS, false);
    return timeNs >= 0 ? this.enqueue(timeNs, ev, undefined) : -1;
  }

  /** The generation of a queue slot (see {@link EventQueue.generation}). @internal */
  slotGeneration(slot: number): number {
    return this.queue.generation(slot);
  }

  /** Whether the item queued in `slot` with generation `gen` is still waiting (not yet run). @internal */
  isQueued(slot: number, gen: number): boolean {
    return slot >= 0 && this.queue.generation(slot) === gen && !this.queue.isCancelled(slot);
  }

  /** Puts `item` in place of the item still waiting in `slot` with generation `gen` (same time and order). @internal */
  replaceQueued(slot: number, gen: number, item: (() => void) | SimEvent<any>): void {
    if (this.isQueued(slot, gen)) this.queue.setItem(slot, item);
  }

  /**
   * The time (ns) an event `delayS` from now is due, or −1 when it falls beyond the end of the clock.
   * @throws RangeError on a negative or NaN delay
   */
  private dueNs(delayS: number, daemon: boolean): number {
    const delayNs = Math.round(delayS * NS_PER_S);
    if (!(delayS >= 0)) throw new RangeError(`delay must be ≥ 0 s, got ${delayS}`); // negative or NaN
    if (delayNs <= MAX_TIME_NS - this.clockNs) return this.clockNs + delayNs;
    // Beyond the end of the clock (2^53 ns ≈ 104 days), infinite included, an event never
    // happens: a battery that would empty, a failure that would come, a computation that would
    // end only after the end of time. The first such event that is not a daemon is reported as
    // a warning, naming who scheduled it: whatever waits on it will never go on.
    if (!daemon && this.beyondClock++ === 0) {
      this.trace.emit('warning', {
        message: `an event due ${delayS.toPrecision(3)} s after t=${this.now} s falls after the end of the clock (2^53 ns ≈ 104 days) and never happens; what waits on it never ends (scheduled from ${schedulingSite(new Error().stack ?? '')})`,
      });
    }
    return -1;
  }

  /**
   * Schedules `fn` at an absolute time given in integer nanoseconds (for components that plan in
   * the clock's own unit, so a planned instant is never rounded onto the present).
   * @param timeNs - time in ns, an integer ≥ now
   * @param fn - the callback
   * @param options - priority
   * @throws RangeError when `timeNs` is in the past, not an integer, or beyond the clock's range
   */
  atNs(timeNs: number, fn: () => void, options?: ScheduleOptions): EventHandle {
    if (!(Number.isInteger(timeNs) && timeNs >= this.clockNs && timeNs <= MAX_TIME_NS)) {
      throw new RangeError(`cannot schedule at ${timeNs} ns: now is ${this.clockNs} ns and the clock ends at ${MAX_TIME_NS} ns`);
    }
    const slot = this.enqueue(timeNs, fn, options);
    return new EventHandle(this, slot, this.queue.generation(slot), timeNs);
  }

  /**
   * Schedules `fn` at absolute time `timeS`.
   * @param timeS - time in seconds, ≥ now
   * @param fn - the callback
   * @param options - priority
   * @throws RangeError when `timeS` is in the past
   */
  at(timeS: number, fn: () => void, options?: ScheduleOptions): EventHandle {
    const t = secondsToNs(timeS);
    if (t < this.clockNs) throw new RangeError(`cannot schedule at ${timeS} s: now is ${this.now} s`);
    const slot = this.enqueue(t, fn, options);
    return new EventHandle(this, slot, this.queue.generation(slot), t);
  }

  /** Queues `item` at `timeNs`; returns its slot. */
  private enqueue(timeNs: number, item: Queued, options: ScheduleOptions | undefined): number {
    const s = this.seq++;
    const order = options === undefined || options.priority === undefined ? DEFAULT_ORDER_BASE + s : orderKey(options.priority, s);
    const q = this.queue;
    const daemon = options !== undefined && options.daemon === true;
    let slot: number;
    if (this.topPending) {
      // The event being processed is still at the top: replace it (one sift instead of two).
      this.topPending = false;
      slot = q.replaceTop(timeNs, order, item, daemon);
    } else {
      slot = q.push(timeNs, order, item, daemon);
    }
    if (!daemon) this.liveCount++;
    if (this.stuck !== undefined) this.stuck.scheduledAt(slot, this.activeProcess);
    return slot;
  }

  /**
   * Processes the next event.
   * @returns false when the queue is empty
   */
  step(): boolean {
    if (this.running) throw new Error('step() called while the simulator is running');
    if (this.queue.size === 0) return false;
    this.running = true;
    try {
      this.processNext();
    } finally {
      this.running = false;
    }
    return true;
  }

  /**
   * Runs events in order until the queue is empty, `untilS`, `maxEvents`, or {@link stop}.
   * @param options - limits and progress callback
   * @returns why it stopped
   * @throws SimulationError when a callback or process fails (the message names the time)
   */
  run(options: RunOptions = {}): StopReason {
    if (this.running) throw new Error('run() called while the simulator is running');
    const untilNs = options.untilS === undefined ? Infinity : secondsToNs(options.untilS);
    if (untilNs < this.clockNs) throw new RangeError(`untilS ${options.untilS} is before now (${this.now} s)`);
    const endCount = this.processedCount + (options.maxEvents ?? Infinity);
    const every = options.onProgress === undefined ? Infinity : (options.progressEvery ?? 65536);
    this.running = true;
    this.stopRequested = false;
    try {
      for (;;) {
        // Run in chunks between progress calls; the chunk loop is kept small for the JIT.
        const chunkEnd = Math.min(endCount, this.processedCount + every);
        const reason = this.runChunk(untilNs, chunkEnd);
        if (reason !== CHUNK_DONE) return reason;
        if (this.processedCount >= endCount) return 'maxEvents';
        options.onProgress!(this);
      }
    } finally {
      this.running = false;
    }
  }

  private runChunk(untilNs: number, endCount: number): StopReason | typeof CHUNK_DONE {
    const q = this.queue;
    while (this.processedCount < endCount) {
      if (this.liveCount === 0 && untilNs === Infinity) return 'empty'; // only daemons (or nothing) left
      const t = q.peekTimeNs(); // Infinity when empty
      if (t > untilNs || t === Infinity) {
        if (untilNs === Infinity) return 'empty';
        this.clockNs = untilNs; // with a horizon the clock ends there, even when nothing is left to do
        return 'until';
      }
      this.processNext();
      if (this.stopRequested) return 'stopped';
    }
    return CHUNK_DONE;
  }

  /** Makes a running {@link run} return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  private processNext(): void {
    const q = this.queue;
    const slot = q.peekSlot();
    const state = q.stateOf(slot);
    if ((state & 1) !== 0) {
      // Cancelled: skipped without touching the clock (a cancelled event is not something that happened).
      q.pop();
      this.skippedCount++;
      return;
    }
    if ((state & 2) === 0) this.liveCount--; // not a daemon
    q.setCancelled(slot, state); // consumed: cancelling its handle from now on is a no-op
    const t = q.peekTimeNs();
    if (t !== this.clockNs) {
      this.clockNs = t;
      this.instantCount = 0;
      this.stuck = undefined;
    } else if (++this.instantCount > this.maxPerInstant) this.diagnoseStuck(slot);
    const item = q.itemAt(slot)!;
    this.topPending = true;
    this.firingSlot = slot;
    try {
      if (typeof item === 'function') item();
      else item.process();
    } catch (err) {
      this.afterCallback();
      if (err instanceof SimulationError) throw err;
      throw new SimulationError(`error at t=${this.now} s: ${describe(err)}`, this.now, err);
    }
    this.afterCallback();
    this.processedCount++;
  }

  /**
   * Called for each event past the per-instant limit. The first call starts recording where each
   * new event is scheduled from (a stack, only while diagnosing); after {@link STUCK_SAMPLE} more
   * events at the same instant (at most the limit again) the run stops with the callback and
   * process seen most often.
   */
  private diagnoseStuck(slot: number): void {
    if (this.stuck === undefined) {
      this.stuck = new StuckDiagnosis();
      return;
    }
    if (this.stuck.processed(slot) < Math.min(STUCK_SAMPLE, this.maxPerInstant)) return;
    const culprit = this.stuck.mostFrequent();
    throw new SimulationError(
      `the run is stuck at t=${this.now} s: more than ${this.maxPerInstant} events ran without the clock advancing (a livelock). ` +
        `Most frequent: ${culprit}. (The limit is the scenario's maxEventsPerInstant.)`,
      this.now,
    );
  }

  /** Removes the processed event if its callback did not replace it. */
  private afterCallback(): void {
    if (this.topPending) {
      this.topPending = false;
      this.queue.pop();
    }
  }

  /** A new pending event, to be triggered with `succeed` or `fail`. */
  event<T = unknown>(): SimEvent<T> {
    return new SimEvent<T>(this);
  }

  /**
   * An event processed after `delayS` seconds, carrying `value`.
   * @param delayS - seconds, ≥ 0
   * @param value - the value a waiting process receives
   */
  timeout<T = undefined>(delayS: number, value?: T): Timeout<T> {
    return new Timeout<T>(this, delayS, value);
  }

  /**
   * Starts a process now.
   * @param generator - a generator object (call your generator function first)
   * @param name - a name for messages; default `process#N`
   */
  process<R>(generator: ProcessGenerator<R>, name?: string): Process<R> {
    return new Process<R>(this, generator, name ?? `process#${this.processCount++}`);
  }

  /** An event that succeeds with every value once all `events` succeed (see {@link allOf}). */
  allOf(events: readonly SimEvent<any>[]): SimEvent<unknown[]> {
    return allOf(this, events);
  }

  /** An event that succeeds with the first of `events` to be processed (see {@link anyOf}). */
  anyOf(events: readonly SimEvent<any>[]): SimEvent<FirstOf> {
    return anyOf(this, events);
  }
}

/** The lowest priority value, for events that must run before others at the same time. */
export const URGENT_PRIORITY = MIN_PRIORITY;
