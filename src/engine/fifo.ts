/**
 * A first-come-first-served queue in front of one or more servers: jobs wait in order, each holds
 * a server for its service time. CPUs (one server per core) and link transmitters are built on it.
 * @module
 */
import type { Simulator } from './simulator.js';
import type { SimEvent } from './events.js';
import type { EventHandle } from './simulator.js';

/** A job handed to a {@link FifoServer}: its two milestones as events. */
export interface FifoJob {
  /** succeeds (with the start time in s) when service begins */
  started: SimEvent<number>;
  /** succeeds (with the end time in s) when service ends */
  done: SimEvent<number>;
}

/** Hooks a {@link FifoServer} calls at service start and end. */
export interface FifoHooks<J> {
  /** called when `job` begins service */
  onStart?(job: J, serviceS: number): void;
  /** called when `job` ends service */
  onEnd?(job: J, serviceS: number): void;
}

interface Waiting<J> {
  job: J;
  serviceS: number;
  milestones: FifoJob;
}

/**
 * A first-come-first-served queue in front of `servers` identical servers (one by default).
 * @typeParam J - the job descriptor passed to the hooks
 */
export class FifoServer<J> {
  private readonly waiting: (Waiting<J> | undefined)[] = [];
  private head = 0;
  private readonly inService = new Map<Waiting<J>, EventHandle>();
  private busyTotalS = 0;

  /**
   * @param sim - the simulator
   * @param hooks - start/end callbacks (tracing)
   * @param servers - number of parallel servers (CPU cores); default 1
   */
  constructor(
    private readonly sim: Simulator,
    private readonly hooks: FifoHooks<J> = {},
    readonly servers = 1,
  ) {
    if (!Number.isInteger(servers) || servers < 1) throw new RangeError(`servers must be a positive integer, got ${servers}`);
  }

  /** Total service time delivered so far (all servers), in seconds. */
  get busyS(): number {
    return this.busyTotalS;
  }

  /** Jobs waiting (not in service). */
  get queueLength(): number {
    return this.waiting.length - this.head;
  }

  /** Jobs in service. */
  get serving(): number {
    return this.inService.size;
  }

  /**
   * Queues a job needing `serviceS` seconds of service.
   * @param job - descriptor passed to the hooks
   * @param serviceS - service time in seconds, ≥ 0
   */
  submit(job: J, serviceS: number): FifoJob {
    if (!(serviceS >= 0) || !Number.isFinite(serviceS)) throw new RangeError(`service time must be finite and ≥ 0 s, got ${serviceS}`);
    const milestones: FifoJob = { started: this.sim.event<number>(), done: this.sim.event<number>() };
    this.waiting.push({ job, serviceS, milestones });
    this.startWaiting();
    return milestones;
  }

  /**
   * Fails every job, in service or waiting, with `error` (the node failed): their `done` events
   * fail; `started` fails for jobs that had not started. Service already given counts in busyS.
   */
  abortAll(error: unknown): void {
    const now = this.sim.now;
    for (const [w, handle] of this.inService) {
      handle.cancel();
      this.busyTotalS += now - w.milestones.started.value;
      w.milestones.done.fail(error);
    }
    this.inService.clear();
    for (let i = this.head; i < this.waiting.length; i++) {
      const w = this.waiting[i]!;
      w.milestones.started.defused = true;
      w.milestones.started.fail(error);
      w.milestones.done.fail(error);
    }
    this.waiting.length = 0;
    this.head = 0;
  }

  private startWaiting(): void {
    while (this.inService.size < this.servers && this.head < this.waiting.length) {
      const w = this.waiting[this.head]!;
      this.waiting[this.head++] = undefined; // let the job be collected
      this.hooks.onStart?.(w.job, w.serviceS);
      w.milestones.started.succeed(this.sim.now);
      const handle = this.sim.schedule(w.serviceS, () => {
        this.inService.delete(w);
        this.busyTotalS += w.serviceS;
        this.hooks.onEnd?.(w.job, w.serviceS);
        w.milestones.done.succeed(this.sim.now);
        this.startWaiting();
      });
      this.inService.set(w, handle);
    }
    if (this.head === this.waiting.length) {
      this.waiting.length = 0;
      this.head = 0;
    }
  }
}
