/**
 * The CPU of a node: `cores` cores at `freqHz`, each doing `flopsPerCycle` FLOPs a cycle, so
 * FLOP/s = cores·freqHz·flopsPerCycle. Tasks queue first come first served over the cores; a task
 * of C FLOPs at frequency f takes C/(f·flopsPerCycle) s on one core and costs κ·cycles·f² J of
 * dynamic energy (cycles = C/flopsPerCycle; κ ≈ 1e-28 for mobile CPUs, Yang et al. 2021). A task
 * may run at a lower frequency than the core's (DVFS).
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import { FifoServer, type FifoJob } from '../engine/fifo.js';
import { WorkFailure } from '../engine/errors.js';
import type { Activity, EnergyMeter } from './energy.js';

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

/** A CPU's parameters. */
export interface CpuParams {
  /** cores (parallel servers); default 1 */
  cores: number;
  /** clock frequency (Hz) */
  freqHz: number;
  /** FLOPs per cycle per core */
  flopsPerCycle: number;
  /** effective switched capacitance κ (J/(cycle·Hz²)); default 1e-28 */
  kappa: number;
}

interface ComputeJob {
  task: string;
  flops: number;
  freqHz: number;
  activity?: Activity;
}

/** A FIFO multi-core CPU. */
export class Cpu {
  private readonly server: FifoServer<ComputeJob>;
  private failed: string | undefined;

  /**
   * @param sim - the simulator
   * @param nodeId - the owning node's id (for traces)
   * @param params - cores, frequency, FLOPs per cycle, κ
   * @param meter - the node's energy meter, if it keeps one
   */
  constructor(
    sim: Simulator,
    readonly nodeId: string,
    readonly params: CpuParams,
    private readonly meter?: EnergyMeter,
  ) {
    const { cores, freqHz, flopsPerCycle } = params;
    if (!(freqHz > 0 && flopsPerCycle > 0) || !Number.isFinite(freqHz * flopsPerCycle)) throw new RangeError(`CPU rate must be a finite number > 0 FLOP/s, got ${freqHz * flopsPerCycle}`);
    const trace = (name: 'compute.start' | 'compute.end', job: ComputeJob, durationS: number): void => {
      if (sim.trace.wants(name)) sim.trace.emit(name, { node: nodeId, task: job.task, flops: job.flops, durationS });
    };
    this.server = new FifoServer(
      sim,
      {
        onStart: (job, durationS) => {
          job.activity = this.meter?.begin('compute', this.params.kappa * job.freqHz ** 3);
          trace('compute.start', job, durationS);
        },
        onEnd: (job, durationS) => {
          if (job.activity !== undefined) this.meter!.end(job.activity);
          trace('compute.end', job, durationS);
        },
      },
      cores,
    );
  }

  /** Total rate, cores·freqHz·flopsPerCycle (FLOP/s). */
  get flopsPerS(): number {
    return this.params.cores * this.params.freqHz * this.params.flopsPerCycle;
  }

  /** Total busy time so far over all cores (s). */
  get busyS(): number {
    return this.server.busyS;
  }

  /**
   * Queues a computation on the next free core.
   * @param flops - work in FLOPs, ≥ 0
   * @param task - label for traces
   * @param freqHz - DVFS: run at this frequency (≤ the core's); default the core's
   */
  compute(flops: number, task: string, freqHz = this.params.freqHz): FifoJob {
    if (!(flops >= 0)) throw new RangeError(`FLOPs must be ≥ 0, got ${flops}`);
    if (!(freqHz > 0 && freqHz <= this.params.freqHz)) throw new RangeError(`frequency must be in (0, ${this.params.freqHz}] Hz, got ${freqHz}`);
    const job = this.server.submit({ task, flops, freqHz }, flops / (freqHz * this.params.flopsPerCycle));
    if (this.failed !== undefined) this.server.abortAll(new WorkFailure(`node '${this.nodeId}' has failed (${this.failed})`));
    return job;
  }

  /** The dynamic energy of `flops` FLOPs at `freqHz` (J): κ·cycles·f². */
  energyJ(flops: number, freqHz = this.params.freqHz): number {
    return this.params.kappa * (flops / this.params.flopsPerCycle) * freqHz ** 2;
  }

  /** Accepts work again (the node was repaired). */
  repair(): void {
    this.failed = undefined;
  }

  /** Loses all work in service or queued, and refuses new work (the node failed). */
  fail(reason: string): void {
    this.failed = reason;
    this.server.abortAll(new WorkFailure(`node '${this.nodeId}' failed (${reason}) with this work in progress`));
  }
}
