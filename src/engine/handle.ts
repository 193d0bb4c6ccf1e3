/**
 * The handle of a scheduled callback.
 * @module
 */
import { nsToSeconds } from './time.js';

/** What a handle needs of its simulator. */
export interface SlotCanceller {
  /** cancels the callback queued in `slot` if `gen` is still its generation */
  cancelSlot(slot: number, gen: number): void;
}

// The time is kept as two small integers (high and low 30 bits), which V8 stores in the object
// itself: a number field beyond 2^31 would cost a separate heap number per handle, and a handle is
// made for every scheduled callback (most are dropped at once).
const LOW_SPAN = 2 ** 30;

/** A scheduled callback; cancel it with {@link EventHandle.cancel} (O(1), idempotent). */
export class EventHandle {
  private cancelCalled = false;
  private readonly timeHigh: number; // −1: never (Infinity)
  private readonly timeLow: number;

  /**
   * @param sim - the simulator holding the callback
   * @param slot - its slot in the queue (−1: never scheduled, the handle is inert)
   * @param gen - the slot's generation while the callback is queued
   * @param timeNs - when it fires, in ns (an integer, or Infinity)
   */
  constructor(
    private readonly sim: SlotCanceller,
    private readonly slot: number,
    private readonly gen: number,
    timeNs: number,
  ) {
    if (timeNs === Infinity) {
      this.timeHigh = -1;
      this.timeLow = 0;
    } else {
      this.timeHigh = Math.floor(timeNs / LOW_SPAN);
      this.timeLow = timeNs - this.timeHigh * LOW_SPAN;
    }
  }

  /** When it fires, in ns (Infinity: never). */
  get timeNs(): number {
    return this.timeHigh < 0 ? Infinity : this.timeHigh * LOW_SPAN + this.timeLow;
  }

  /** When it fires, in seconds. */
  get timeS(): number {
    return nsToSeconds(this.timeNs);
  }

  /** Whether {@link cancel} was called. */
  get cancelled(): boolean {
    return this.cancelCalled;
  }

  /**
   * Cancels the callback: it is skipped when reached. Idempotent; a no-op once the callback ran.
   */
  cancel(): void {
    if (this.cancelCalled) return;
    this.cancelCalled = true;
    if (this.slot >= 0) this.sim.cancelSlot(this.slot, this.gen);
  }
}
