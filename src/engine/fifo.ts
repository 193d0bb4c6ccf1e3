/**
 * A first-come-first-served queue in front of one or more servers: jobs wait in order, each holds
 * a server for its service time. CPUs (one server per core; a job may be split into parts, one per
 * core) and link transmitters are built on it.
 *
 * A job of `parts` parts is served exactly as `parts` jobs of its own would be, one after the
 * other: parts wait in order, each starts when a server frees and ends its service time later; the
 * hooks are called once per part, in the same order. What differs is the cost: parts of one job
 * that start at the same instant end at the same instant, so their completions are one engine
 * event (a job over four idle cores: one event, not four), and a job has one `started` and one
 * `done` event, not one of each per part plus a join (issue 15: these were half the events of a
 * 10 000-client training round).
 *
 * Order. A job of several parts signals `done` one event later than its last part's end, as the
 * join of the parts' own `done` events did, so whoever waits on it resumes at the same place among
 * the events due at that instant. A job of one part is served as before (one completion event).
 * @module
 */
import type { Simulator } from './simulator.js';
import type { SimEvent } from './events.js';
import type { EventHandle } from './simulator.js';

/** A job handed to a {@link FifoServer}: its two milestones as events. */
export interface FifoJob {
  /** succeeds (with the start time in s) when service begins (its first part's) */
  started: SimEvent<number>;
  /** succeeds (with the end time in s) when service ends (its last part's) */
  done: SimEvent<number>;
}

/** Hooks a {@link FifoServer} calls at service start and end (once per part). */
export interface FifoHooks<J> {
  /** called when `job` (one part of it) begins service; `first`: no part of it had begun */
  onStart?(job: J, serviceS: number, first: boolean): void;
  /** called when `job` (one part of it) ends service; `last`: every other part of it had ended */
  onEnd?(job: J, serviceS: number, last: boolean): void;
}

/** A job in the queue or in service. */
interface Entry<J> {
  job: J;
  /** service time of each part (s) */
  serviceS: number;
  /** parts not yet started */
  toStart: number;
  /** parts not yet ended */
  toEnd: number;
  started: SimEvent<number>;
  /** succeeds when the last part ends (a multi-part job: relayed to the caller's `done` one event later) */
  done: SimEvent<number>;
  /** whether `done` already failed (an abort reaches a job through each of its groups) */
  failed: boolean;
}

/** Parts of one job that started together, and so end together: one engine event. */
interface Group<J> {
  entry: Entry<J>;
  parts: number;
  startS: number;
  handle: EventHandle | undefined;
}

/**
 * A first-come-first-served queue in front of `servers` identical servers (one by default).
 * @typeParam J - the job descriptor passed to the hooks
 */
export class FifoServer<J> {
  private readonly waiting: (Entry<J> | undefined)[] = [];
  private head = 0;
  // The groups in service, made at the first start (most of a population's CPUs never serve).
  private inService: Set<Group<J>> | undefined;
  private busyServers = 0;
  private busyTotalS = 0;

  /**
   * @param sim - the simulator
   * @param hooks - start/end callbacks (tracing), called once per part
   * @param servers - number of parallel servers (CPU cores); default 1
   */
  constructor(
    private readonly sim: Simulator,
    private readonly hooks: FifoHooks<J> = {},
    readonly servers = 1,
  ) {
    if (!Number.isInteger(servers) || servers < 1) throw new RangeError(`servers must be a positive integer, got ${servers}`);
  }

  /** Total service time delivered so far (all servers, all parts), in seconds. */
  get busyS(): number {
    return this.busyTotalS;
  }

  /** Jobs waiting with at least one part not yet started. */
  get queueLength(): number {
    return this.waiting.length - this.head;
  }

  /** Servers busy (parts in service). */
  get serving(): number {
    return this.busyServers;
  }

  /**
   * Queues a job of `parts` parts needing `serviceS` seconds of service each.
   * @param job - descriptor passed to the hooks
   * @param serviceS - each part's service time in seconds, finite and ≥ 0
   * @param parts - an integer ≥ 1 (default 1; more than the servers wait for one another)
   * @returns its start (the first part's) and its end (the last part's)
   */
  submit(job: J, serviceS: number, parts = 1): FifoJob {
    if (!(serviceS >= 0) || !Number.isFinite(serviceS)) throw new RangeError(`service time must be finite and ≥ 0 s, got ${serviceS}`);
    if (!Number.isInteger(parts) || parts < 1) throw new RangeError(`parts must be a positive integer, got ${parts}`);
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
   * Fails every job, in service or waiting, with `error` (the node failed): their `done` events
   * fail; `started` fails for jobs none of whose parts had started. Service already given counts
   * in busyS.
   */
  abortAll(error: unknown): void {
    const now = this.sim.now;
    for (const g of this.inService ?? []) {
      g.handle?.cancel();
      for (let i = 0; i < g.parts; i++) this.busyTotalS += now - g.startS;
      this.failDone(g.entry, error);
    }
    this.inService?.clear();
    this.busyServers = 0;
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
    while (this.busyServers < this.servers && this.head < this.waiting.length) {
      const e = this.waiting[this.head]!;
      const m = Math.min(this.servers - this.busyServers, e.toStart);
      const g: Group<J> = { entry: e, parts: m, startS: this.sim.now, handle: undefined };
      for (let i = 0; i < m; i++) {
        this.hooks.onStart?.(e.job, e.serviceS, i === 0 && !e.started.triggered);
        if (i === 0) {
          if (!e.started.triggered) e.started.succeed(this.sim.now);
          g.handle = this.sim.schedule(e.serviceS, () => this.end(g));
        }
      }
      (this.inService ??= new Set()).add(g);
      this.busyServers += m;
      e.toStart -= m;
      if (e.toStart === 0) this.waiting[this.head++] = undefined; // let the job be collected
    }
    if (this.head === this.waiting.length) {
      this.waiting.length = 0;
      this.head = 0;
    }
  }

  /** A group's parts end, one after the other, each freeing its server to whoever waits. */
  private end(g: Group<J>): void {
    this.inService!.delete(g);
    const e = g.entry;
    for (let i = 0; i < g.parts; i++) {
      this.busyTotalS += e.serviceS;
      this.busyServers--;
      this.hooks.onEnd?.(e.job, e.serviceS, e.toEnd === 1);
      if (--e.toEnd === 0) e.done.succeed(this.sim.now);
      this.startWaiting();
    }
  }
}
