/**
 * Generator processes (SimPy style): a process yields events and resumes when they are processed,
 * receiving their value (or having their failure thrown at the `yield`). A process is itself an
 * event that completes with the generator's return value.
 * @module
 */
import type { Simulator } from './simulator.js';
import { SimEvent, type EventCallback } from './events.js';
import { Timeout, type TimeoutOwner } from './timeout.js';
import { Interrupt, ProcessError } from './errors.js';

/** The generator a process runs: yields events, returns `R`. */
export type ProcessGenerator<R = unknown> = Generator<SimEvent<any>, R, any>;

/**
 * A running generator on the timeline.
 * @typeParam R - the generator's return type, which is the process event's value
 */
export class Process<R = unknown> extends SimEvent<R> implements TimeoutOwner {
  private target: SimEvent<any> | null = null;
  // The callback that resumes this process when an event it waits on is processed; made on the
  // first wait on something other than a fresh timeout (most processes only ever wait on those).
  private resumeFn: EventCallback | null = null;
  // A timeout whose place in the queue this process holds (see timeout.ts): its slot and
  // generation (slot −1: none) and value; the event object itself is not kept. While it holds a
  // place, the queue holds the process itself there, and processing that slot resumes it (see
  // `process`): no closure per process, one object less to reach per event.
  private heldSlot = -1;
  private heldGen = -1;
  private heldValue: unknown = undefined;

  /**
   * Starts the process at the current simulated time (its first step is an event).
   * @param sim - the simulator
   * @param generator - the generator to drive
   * @param name - a name for error messages and traces
   */
  constructor(
    sim: Simulator,
    private readonly generator: ProcessGenerator<R>,
    readonly name: string,
  ) {
    super(sim);
    // The first step holds a place in the queue as a timeout's would: the queue holds the process
    // itself, and processing that slot steps it with `undefined` (no closure, no handle).
    const slot = sim.scheduleEvent(0, this);
    if (slot >= 0) {
      this.heldSlot = slot;
      this.heldGen = sim.slotGeneration(slot);
    }
  }

  /** Whether the generator has not yet finished. */
  get isAlive(): boolean {
    return !this.triggered;
  }

  /**
   * The event the process is waiting on, if any; null also while it waits on a timeout it yielded
   * as soon as it was created (such a timeout is not kept, see `Timeout`).
   */
  get waitingOn(): SimEvent<any> | null {
    return this.target;
  }

  /**
   * Throws an {@link Interrupt} carrying `cause` into the generator at the current time (as an
   * event, after the events already due now); the process stops waiting on its current event.
   * @param cause - any value describing why
   * @throws Error when the process has already finished
   */
  interrupt(cause?: unknown): void {
    if (this.triggered) throw new Error(`cannot interrupt process "${this.name}": it has finished`);
    this.sim.schedule(0, () => {
      if (this.triggered) return;
      if (this.target !== null) {
        this.target.removeCallback(this.resumeCb());
        this.target = null;
      }
      if (this.heldSlot >= 0) {
        // The timeout still fires at its time, with nothing waiting on it.
        this.sim.replaceQueued(this.heldSlot, this.heldGen, noop);
        this.heldSlot = -1;
        this.heldValue = undefined;
      }
      this.step(false, new Interrupt(cause));
    });
  }

  /** Something else waits on the timeout this process holds the place of. @internal */
  reattach(ev: Timeout<any>): EventCallback | null {
    if (this.heldSlot !== ev.slot || this.heldGen !== ev.gen) return null;
    this.heldSlot = -1;
    this.heldValue = undefined;
    this.target = ev;
    return this.resumeCb();
  }

  /**
   * Processing of a queue slot holding this process: the place of the timeout it waits on (it
   * resumes with the timeout's value), else its own completion (its callbacks run). @internal
   */
  override process(): void {
    if (this.heldSlot >= 0 && this.sim.firingSlot === this.heldSlot) {
      this.heldSlot = -1;
      const value = this.heldValue;
      this.heldValue = undefined;
      this.step(true, value);
    } else super.process();
  }

  private resumeCb(): EventCallback {
    return (this.resumeFn ??= (ev: SimEvent<any>): void => this.resume(ev));
  }

  private resume(ev: SimEvent<any>): void {
    this.target = null;
    if (!ev.ok) ev.defused = true;
    this.step(ev.ok, ev.ok ? ev.value : ev.error);
  }

  private step(ok: boolean, input: unknown): void {
    for (;;) {
      let r: IteratorResult<SimEvent<any>, R>;
      const outer = this.sim.activeProcess;
      this.sim.activeProcess = this.name;
      try {
        r = ok ? this.generator.next(input) : this.generator.throw(input);
      } catch (err) {
        this.sim.activeProcess = outer;
        this.fail(err instanceof ProcessError ? err : new ProcessError(this.name, this.sim.now, err));
        return;
      }
      this.sim.activeProcess = outer;
      if (r.done) {
        this.succeed(r.value);
        return;
      }
      const ev = r.value;
      if (!(ev instanceof SimEvent)) {
        const what = ev === null ? 'null' : typeof ev;
        ok = false;
        input = new TypeError(`yielded ${what}; a process may only yield events (sim.timeout, a process, allOf, …)`);
        continue;
      }
      if (ev instanceof Timeout && ev.takePlace(this.sim, this, this)) {
        this.heldSlot = ev.slot;
        this.heldGen = ev.gen;
        this.heldValue = ev.value;
        return;
      }
      if (ev.addCallback(this.resumeCb())) {
        this.target = ev;
        return;
      }
      // Already processed: continue at once with its outcome.
      ok = ev.ok;
      if (!ok) ev.defused = true;
      input = ok ? ev.value : ev.error;
    }
  }
}

const noop = (): void => {};

/**
 * Waits for `ev` in a process; if the process stops waiting before `ev` is triggered (it was
 * interrupted: training ended, its node failed), `ev` is defused, so its later failure — nobody's
 * to handle any more — does not stop the run. Use it for work a process may walk away from: a
 * message on its way, a computation.
 * @param ev - the event to wait for
 * @returns its value
 */
export function* waitAbandonable<T>(ev: SimEvent<T>): ProcessGenerator<T> {
  try {
    return (yield ev) as T;
  } finally {
    if (!ev.triggered) ev.defused = true;
  }
}
