/**
 * A first-come-first-served single server on the timeline: jobs wait in order, each holds the
 * server for its service time. CPUs and link transmitters are built on it.
 * @module
 */
import type { Simulator } from './simulator.js';
import type { SimEvent } from './events.js';

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
 * A FIFO single server.
 * @typeParam J - the job descriptor passed to the hooks
 */
export class FifoServer<J> {
  private readonly waiting: (Waiting<J> | undefined)[] = [];
  private head = 0;
  private busy = false;
  private busyTotalS = 0;

  /**
   * @param sim - the simulator
   * @param hooks - start/end callbacks (tracing)
   */
  constructor(
    private readonly sim: Simulator,
    private readonly hooks: FifoHooks<J> = {},
  ) {}

  /** Total service time delivered so far, in seconds. */
  get busyS(): number {
    return this.busyTotalS;
  }

  /** Jobs waiting (not in service). */
  get queueLength(): number {
    return this.waiting.length - this.head;
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
    if (!this.busy) this.startNext();
    return milestones;
  }

  private startNext(): void {
    if (this.head === this.waiting.length) {
      this.busy = false;
      this.waiting.length = 0;
      this.head = 0;
      return;
    }
    const w = this.waiting[this.head]!;
    this.waiting[this.head++] = undefined; // let the job be collected
    this.busy = true;
    this.hooks.onStart?.(w.job, w.serviceS);
    w.milestones.started.succeed(this.sim.now);
    this.sim.schedule(w.serviceS, () => {
      this.busyTotalS += w.serviceS;
      this.hooks.onEnd?.(w.job, w.serviceS);
      w.milestones.done.succeed(this.sim.now);
      this.startNext();
    });
  }
}
