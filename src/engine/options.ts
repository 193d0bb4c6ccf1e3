/**
 * The options and counters of the {@link Simulator}.
 * @module
 */
import type { Simulator } from './simulator.js';

/** Options of {@link Simulator.schedule} and {@link Simulator.at}. */
export interface ScheduleOptions {
  /** Tie-break at equal time: lower fires first; an integer in [−256, 255]; default 0. */
  priority?: number;
  /**
   * A daemon event does not keep a run without horizon alive: when only daemon events are left,
   * `run()` returns `empty` (periodic measurements, battery predictions). Default false.
   */
  daemon?: boolean;
}

/** Options of {@link Simulator.run}. */
export interface RunOptions {
  /** Stop before the first event later than this time (s); the clock is then set to it (also when the queue empties earlier). */
  untilS?: number;
  /** Stop after processing this many events (cancelled ones not counted). */
  maxEvents?: number;
  /** Called every {@link RunOptions.progressEvery} events (progress bars). */
  onProgress?: (sim: Simulator) => void;
  /** Events between `onProgress` calls; default 65 536. */
  progressEvery?: number;
}

/** Why {@link Simulator.run} returned. */
export type StopReason = 'empty' | 'until' | 'maxEvents' | 'stopped';

/** Counters of a simulator's events. */
export interface EventCounters {
  /** callbacks scheduled */
  scheduled: number;
  /** callbacks run */
  processed: number;
  /** cancelled callbacks skipped when reached */
  cancelledSkipped: number;
}

/** Options of the {@link Simulator} constructor. */
export interface SimulatorOptions {
  /** Root seed of the random streams; default 1. */
  seed?: number | string;
  /** Run index (replication); default 0. */
  run?: number;
  /**
   * Events that may run at one instant before the run is declared stuck (a livelock: callbacks that
   * keep rescheduling themselves without the clock advancing); default `DEFAULT_MAX_EVENTS_PER_INSTANT` (1 000 000).
   */
  maxEventsPerInstant?: number;
}
