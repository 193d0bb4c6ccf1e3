/**
 * A callback that runs once a burst of changes at one instant has settled: however often it is
 * requested, it runs once, at the same simulated time, after the events already due then (a medium
 * re-split touches every transfer on it; whoever depends on the result looks once, at the end).
 * @module
 */
import type { Simulator } from './simulator.js';

/** Coalesces requests at one instant into one call. */
export class SettledCallback {
  private pending = false;
  // What the queue runs: made once, not a closure per request.
  private readonly run = (): void => {
    this.pending = false;
    this.fn();
  };

  /**
   * @param sim - the simulator
   * @param fn - what to run once the changes have settled
   */
  constructor(
    private readonly sim: Simulator,
    private readonly fn: () => void,
  ) {}

  /** Asks for one call at the current instant (a no-op while one is already pending). */
  request(): void {
    if (this.pending) return;
    this.pending = true;
    this.sim.post(0, this.run);
  }
}
