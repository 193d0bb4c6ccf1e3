/**
 * The processor of a node: `cores` cores at `freqHz`, each doing `flopsPerCycle` FLOPs a cycle, so
 * FLOP/s = cores·freqHz·flopsPerCycle (the headline rate: all cores together). Tasks queue first
 * come first served over the cores; a task of C FLOPs split over `threads` cores at frequency f
 * takes C/(threads·f·flopsPerCycle) s.
 *
 * Energy: a CPU core draws κ·f³ while busy, so C FLOPs cost κ·cycles·f² J (cycles =
 * C/flopsPerCycle; κ ≈ 1e-28 for mobile CPUs, Yang et al. 2021) however many threads share them.
 * An accelerator (GPU/NPU, `energyPerFlopJ` set) is one device charged its energy per FLOP (board
 * power ÷ FLOP/s) instead: while busy it draws energyPerFlopJ × its FLOP/s. A task may run at a
 * lower frequency than the clock (DVFS): slower, and on a CPU cheaper.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import type { FifoHooks, FifoJob } from '../engine/fifo.js';
import { FifoServer } from '../engine/fifo.js';
import { WorkFailure } from '../engine/errors.js';
import type { Activity, EnergyMeter } from './energy.js';

/** Payload of `compute.start` and `compute.end`. */
export interface ComputeTrace {
  /** node id */
  node: string;
  /** label of the work (task id) */
  task: string;
  /** work in FLOPs (the whole task, all threads) */
  flops: number;
  /** service time of each thread in seconds (flops / (threads · per-core FLOP/s)) */
  durationS: number;
  /** cores the task is split over (absent: 1; a fraction b·cores for a reserved share b of the processor, inference's `reserved` queue); core-seconds of service = durationS · threads */
  threads?: number;
}

declare module '../engine/trace.js' {
  interface TraceEventMap {
    /** a computation begins service (its first thread starts) */
    'compute.start': ComputeTrace;
    /** a computation ends (its last thread ends) */
    'compute.end': ComputeTrace;
  }
}

/** A processor's parameters: a CPU (κ·f³ per busy core) or, with `energyPerFlopJ`, an accelerator. */
export interface CpuParams {
  /** cores (parallel servers); an accelerator is 1 device */
  cores: number;
  /** clock frequency (Hz) */
  freqHz: number;
  /** FLOPs per cycle per core */
  flopsPerCycle: number;
  /** effective switched capacitance κ (J/(cycle·Hz²)) of a CPU core; ignored with `energyPerFlopJ` */
  kappa: number;
  /** accelerator: energy per FLOP (J), board power ÷ FLOP/s; unset for a CPU (κ·f² per cycle) */
  energyPerFlopJ?: number;
}

/** The energy per FLOP of a processor at frequency `freqHz` (J/FLOP): κ·f²/flopsPerCycle, or an accelerator's figure. */
export function energyPerFlopJ(p: CpuParams, freqHz = p.freqHz): number {
  return p.energyPerFlopJ ?? (p.kappa * freqHz ** 2) / p.flopsPerCycle;
}

interface ComputeJob {
  task: string;
  flops: number;
  freqHz: number;
  threads: number;
  activities: Activity[];
}

/**
 * What a CPU does at each part's start and end: its energy activity and the traces. A class, not
 * closures: a population makes one CPU per node, and each named closure (under esbuild's
 * `keepNames`, which tsx applies) carries a property dictionary of its own (≈ 290 B).
 */
class CpuHooks implements FifoHooks<ComputeJob> {
  constructor(
    private readonly sim: Simulator,
    private readonly nodeId: string,
    private readonly params: CpuParams,
    private readonly meter: EnergyMeter | undefined,
  ) {}

  onStart(job: ComputeJob, durationS: number, first: boolean): void {
    // Power of one busy core at f: κ·f³ (CPU) or energyPerFlop · f · flopsPerCycle (accelerator).
    const powerW = energyPerFlopJ(this.params, job.freqHz) * job.freqHz * this.params.flopsPerCycle;
    const a = this.meter?.begin('compute', powerW);
    if (a !== undefined) job.activities.push(a);
    if (first) this.trace('compute.start', job, durationS);
  }

  onEnd(job: ComputeJob, durationS: number, last: boolean): void {
    const a = job.activities.pop();
    if (a !== undefined) this.meter!.end(a);
    if (last) this.trace('compute.end', job, durationS);
  }

  private trace(name: 'compute.start' | 'compute.end', job: ComputeJob, durationS: number): void {
    if (this.sim.trace.wants(name)) this.sim.trace.emit(name, { node: this.nodeId, task: job.task, flops: job.flops, durationS, threads: job.threads });
  }
}

/** A FIFO multi-core processor (CPU or accelerator). */
export class Cpu {
  private readonly server: FifoServer<ComputeJob>;
  private failed: string | undefined;

  /**
   * @param sim - the simulator
   * @param nodeId - the owning node's id (for traces)
   * @param params - cores, frequency, FLOPs per cycle, κ or energy per FLOP
   * @param meter - the node's energy meter, if it keeps one
   */
  constructor(
    private readonly sim: Simulator,
    readonly nodeId: string,
    readonly params: CpuParams,
    private readonly meter?: EnergyMeter,
  ) {
    const { cores, freqHz, flopsPerCycle } = params;
    if (!(freqHz > 0 && flopsPerCycle > 0) || !Number.isFinite(freqHz * flopsPerCycle)) throw new RangeError(`CPU rate must be a finite number > 0 FLOP/s, got ${freqHz * flopsPerCycle}`);
    if (params.energyPerFlopJ !== undefined && !(params.energyPerFlopJ > 0 && Number.isFinite(params.energyPerFlopJ))) throw new RangeError(`energy per FLOP must be finite and > 0 J, got ${params.energyPerFlopJ}`);
    this.server = new FifoServer<ComputeJob>(sim, new CpuHooks(sim, nodeId, params, meter), cores);
  }

  /** Total rate, cores·freqHz·flopsPerCycle (FLOP/s). */
  get flopsPerS(): number {
    return this.params.cores * this.params.freqHz * this.params.flopsPerCycle;
  }

  /** Cores (1 for an accelerator). */
  get cores(): number {
    return this.params.cores;
  }

  /** Total busy time so far over all cores (core-seconds). */
  get busyS(): number {
    return this.server.busyS;
  }

  /**
   * Queues a computation split evenly over `threads` cores (each part waits for a free core, first
   * come first served). Time C/(threads·f·flopsPerCycle) once all parts run; energy as one thread.
   * @param flops - work in FLOPs, ≥ 0
   * @param task - label for traces
   * @param freqHz - DVFS: run at this frequency (≤ the core's); default the core's
   * @param threads - cores to use, an integer ≥ 1; more than the node's cores run as many as it has; default 1
   */
  compute(flops: number, task: string, freqHz = this.params.freqHz, threads = 1): FifoJob {
    if (!(flops >= 0)) throw new RangeError(`FLOPs must be ≥ 0, got ${flops}`);
    if (!(freqHz > 0 && freqHz <= this.params.freqHz)) throw new RangeError(`frequency must be in (0, ${this.params.freqHz}] Hz, got ${freqHz}`);
    if (!(Number.isInteger(threads) && threads >= 1)) throw new RangeError(`threads must be an integer ≥ 1, got ${threads}`);
    const k = Math.min(threads, this.params.cores);
    const descriptor: ComputeJob = { task, flops, freqHz, threads: k, activities: [] };
    const partS = flops / (k * freqHz * this.params.flopsPerCycle);
    const job = this.server.submit(descriptor, partS, k);
    if (this.failed !== undefined) this.server.abortAll(new WorkFailure(`node '${this.nodeId}' has failed (${this.failed})`));
    return job;
  }

  /**
   * Queues a computation over every core (training and aggregation, as TF.js/BLAS thread pools do).
   * @param flops - work in FLOPs, ≥ 0
   * @param task - label for traces
   */
  computeOnAllCores(flops: number, task: string): FifoJob {
    return this.compute(flops, task, this.params.freqHz, this.params.cores);
  }

  /** The energy of `flops` FLOPs at `freqHz` (J): κ·cycles·f² on a CPU, energyPerFlopJ·flops on an accelerator. */
  energyJ(flops: number, freqHz = this.params.freqHz): number {
    return energyPerFlopJ(this.params, freqHz) * flops;
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
