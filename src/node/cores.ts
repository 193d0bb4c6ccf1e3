/**
 * A processor's cores: a first-come-first-served queue of jobs in front of `cores` identical
 * cores, where a job is split into parts (threads) of equal service time, each holding one core.
 *
 * It serves exactly as a {@link FifoServer} given every part as a job of its own would: parts wait
 * in order, each starts when a core frees, each ends its service time later; the hooks are called
 * once per part, in the same order. What differs is the cost. Parts of one job that start at the
 * same instant end at the same instant, so they share one engine event (a job over four cores
 * that starts on an idle processor: one event, not four), and a job has one `started` and one
 * `done` event, not one of each per part plus a join (issue 15: these were half the events of a
 * 10 000-client training round).
 *
 * Order. A job of several parts signals `done` one event later than its last part's end, as the
 * join of the parts' own `done` events did, so whoever waits on it resumes at the same place among
 * the events due at that instant. Counters differ: fewer events are scheduled and processed.
 * @module
 */
import type { EventHandle, Simulator } from '../engine/simulator.js';
import type { SimEvent } from '../engine/events.js';
import type { FifoHooks, FifoJob } from '../engine/fifo.js';

/** A job in the queue or in service. */
interface Entry<J> {
  job: J;
  /** service time of each part (s) */
  serviceS: number;
  /** parts not yet started / not yet ended */
  toStart: number;
  toEnd: number;
  started: SimEvent<number>;
  /** succeeds when the last part ends (a multi-part job: relayed to the caller's `done` one event later) */
  done: SimEvent<number>;
  /** whether `done` already failed (an abort reaches a job through each of its groups) */
  failed: boolean;
}

/** Parts of one job that started together (and so end together). */
interface Group<J> {
  entry: Entry<J>;
  parts: number;
  startS: number;
  handle: EventHandle | undefined;
}

/**
 * Multi-core first-come-first-served service of jobs split into equal parts.
 * @typeParam J - the job descriptor passed to the hooks
 * @internal
 */
export class Cores<J> {
  private readonly waiting: (Entry<J> | undefined)[] = [];
  private head = 0;
  private readonly inService = new Set<Group<J>>();
  private busyCores = 0;
  private busyTotalS = 0;

  /**
   * @param sim - the simulator
   * @param hooks - called at each part's start and end
   * @param cores - parallel cores, an integer ≥ 1
   */
  constructor(
    private readonly sim: Simulator,
    private readonly hooks: FifoHooks<J>,
    readonly cores: number,
  ) {
    if (!Number.isInteger(cores) || cores < 1) throw new RangeError(`servers must be a positive integer, got ${cores}`);
  }

  /** Service delivered so far, all cores (core-seconds). */
  get busyS(): number {
    return this.busyTotalS;
  }

  /**
   * Queues a job of `parts` parts of `serviceS` seconds each.
   * @param job - descriptor passed to the hooks
   * @param serviceS - each part's service time (s), finite and ≥ 0
   * @param parts - an integer ≥ 1 (at most the cores: more would wait for one another)
   * @returns its start (the first part's) and its end (the last part's)
   */
  submit(job: J, serviceS: number, parts: number): FifoJob {
    if (!(serviceS >= 0) || !Number.isFinite(serviceS)) throw new RangeError(`service time must be finite and ≥ 0 s, got ${serviceS}`);
    const entry: Entry<J> = { job, serviceS, toStart: parts, toEnd: parts, started: this.sim.event<number>(), done: this.sim.event<number>(), failed: false };
    const done = parts === 1 ? entry.done : this.relay(entry.done);
    this.waiting.push(entry);
    this.startWaiting();
    return { started: entry.started, done };
  }

  /** The caller's `done` of a multi-part job: `inner`'s outcome, one event later. */
  private relay(inner: SimEvent<number>): SimEvent<number> {
    const out = this.sim.event<number>();
    inner.addCallback((e) => {
      if (e.ok) out.succeed(e.value as number);
      else {
        e.defused = true;
        out.fail(e.error);
      }
    });
    return out;
  }

  /**
   * Fails every job, in service or waiting, with `error` (the node failed): `done` fails, and
   * `started` for jobs none of whose parts had started. Service already given counts in busyS.
   */
  abortAll(error: unknown): void {
    const now = this.sim.now;
    for (const g of this.inService) {
      g.handle?.cancel();
      for (let i = 0; i < g.parts; i++) this.busyTotalS += now - g.startS;
      this.failDone(g.entry, error);
    }
    this.inService.clear();
    this.busyCores = 0;
    for (let i = this.head; i < this.waiting.length; i++) {
      const e = this.waiting[i]!;
      if (!e.started.triggered) {
        e.started.defused = true;
        e.started.fail(error);
      }
      this.failDone(e, error);
    }
    this.waiting.length = 0;
    this.head = 0;
  }

  private failDone(e: Entry<J>, error: unknown): void {
    if (e.failed) return;
    e.failed = true;
    e.done.fail(error);
  }

  private startWaiting(): void {
    while (this.busyCores < this.cores && this.head < this.waiting.length) {
      const e = this.waiting[this.head]!;
      const m = Math.min(this.cores - this.busyCores, e.toStart);
      const g: Group<J> = { entry: e, parts: m, startS: this.sim.now, handle: undefined };
      for (let i = 0; i < m; i++) {
        this.hooks.onStart?.(e.job, e.serviceS);
        if (i === 0) {
          if (!e.started.triggered) e.started.succeed(this.sim.now);
          g.handle = this.sim.schedule(e.serviceS, () => this.end(g));
        }
      }
      this.inService.add(g);
      this.busyCores += m;
      e.toStart -= m;
      if (e.toStart === 0) this.waiting[this.head++] = undefined; // let the job be collected
    }
    if (this.head === this.waiting.length) {
      this.waiting.length = 0;
      this.head = 0;
    }
  }

  /** A group's parts end, one after the other, each freeing its core to whoever waits. */
  private end(g: Group<J>): void {
    this.inService.delete(g);
    const e = g.entry;
    for (let i = 0; i < g.parts; i++) {
      this.busyTotalS += e.serviceS;
      this.busyCores--;
      this.hooks.onEnd?.(e.job, e.serviceS);
      if (--e.toEnd === 0) e.done.succeed(this.sim.now);
      this.startWaiting();
    }
  }
}
