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

/** A scheduled callback; cancel it with {@link EventHandle.cancel} (O(1), idempotent). */
export class EventHandle {
  private cancelCalled = false;

  /**
   * @param sim - the simulator holding the callback
   * @param slot - its slot in the queue (−1: never scheduled, the handle is inert)
   * @param gen - the slot's generation while the callback is queued
   * @param timeNs - when it fires, in ns
   */
  constructor(
    private readonly sim: SlotCanceller,
    private readonly slot: number,
    private readonly gen: number,
    readonly timeNs: number,
  ) {}

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
