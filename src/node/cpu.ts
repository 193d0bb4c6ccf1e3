/**
 * The CPU of a node: tasks of C FLOPs queue first-come-first-served and take C / (FLOP/s) seconds
 * each. (Cores, DVFS and energy arrive with the energy model.)
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import { FifoServer, type FifoJob } from '../engine/fifo.js';

/** Payload of `compute.start` and `compute.end`. */
export interface ComputeTrace {
  /** node id */
  node: string;
  /** label of the work (task id) */
  task: string;
  /** work in FLOPs */
  flops: number;
  /** service time in seconds */
  durationS: number;
}

declare module '../engine/trace.js' {
  interface TraceEventMap {
    /** a computation begins service on a CPU */
    'compute.start': ComputeTrace;
    /** a computation ends */
    'compute.end': ComputeTrace;
  }
}

interface ComputeJob {
  task: string;
  flops: number;
}

/** A FIFO CPU with a fixed rate in FLOP/s. */
export class Cpu {
  private readonly server: FifoServer<ComputeJob>;

  /**
   * @param sim - the simulator
   * @param nodeId - the owning node's id (for traces)
   * @param flopsPerS - processing rate in FLOP/s, > 0
   */
  constructor(
    sim: Simulator,
    readonly nodeId: string,
    readonly flopsPerS: number,
  ) {
    if (!(flopsPerS > 0) || !Number.isFinite(flopsPerS)) throw new RangeError(`CPU rate must be a finite number > 0 FLOP/s, got ${flopsPerS}`);
    const trace = (name: 'compute.start' | 'compute.end') => (job: ComputeJob, durationS: number) => {
      if (sim.trace.wants(name)) sim.trace.emit(name, { node: nodeId, task: job.task, flops: job.flops, durationS });
    };
    this.server = new FifoServer(sim, { onStart: trace('compute.start'), onEnd: trace('compute.end') });
  }

  /** Total busy time so far, in seconds. */
  get busyS(): number {
    return this.server.busyS;
  }

  /**
   * Queues a computation.
   * @param flops - work in FLOPs, ≥ 0
   * @param task - label for traces
   */
  compute(flops: number, task: string): FifoJob {
    if (!(flops >= 0)) throw new RangeError(`FLOPs must be ≥ 0, got ${flops}`);
    return this.server.submit({ task, flops }, flops / this.flopsPerS);
  }
}
