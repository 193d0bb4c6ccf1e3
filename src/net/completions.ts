/**
 * What a transmission's last full plan fixed, and its receptions' planned completions. A full plan
 * rates every reception (O(K) for a broadcast to K receivers); until one of its inputs changes —
 * a new radio step, the interference at a receiver, the node's power share, the shared clock's
 * duty, or a reception paused in outage — every rate and completion holds, so a reception's end
 * accounts and delivers only the receptions due (each accrues on its own, see `accrueTo`), in
 * O(log K) each through a {@link ReceptionHeap}, instead of accounting and replanning all K.
 * @module
 */
import { NS_PER_S } from '../engine/time.js';
import { ReceptionHeap } from './receptionHeap.js';
import { accrueTo, aheadNs, type Reception } from './reception.js';

/** Below this many bits a message counts as delivered (float residue). */
export const DONE_BITS = 1e-6;

/**
 * A completion is rounded up to the next ns, so a reception due by now has ≤ 0 bits left up to
 * float residue, which a nanosecond's worth of bits covers: it then has 0 bits left.
 * @param r - the reception, accounted up to now
 * @param duty - the fraction of the time it sends
 */
export function settleResidue(r: Reception, duty: number): void {
  if (r.remainingBits <= (r.rateBps * duty) / NS_PER_S + DONE_BITS) r.remainingBits = 0;
}

/** A clock that time-shared receptions complete on, as the plans see it. */
export interface VirtualClock {
  /** the fraction of the time each user is on the air */
  readonly duty: number;
  /** its virtual time now (s) */
  virtualS(): number;
}

/** The planned completions of one transmission's receptions and what its last full plan assumed. */
export class PlannedCompletions {
  /** receptions by planned completion (ns, or the shared clock's virtual s) */
  readonly heap = new ReceptionHeap<Reception>();
  /** the interference at a receiver changed since the last full plan */
  stale = true;
  /** receptions in outage (rate 0) at the last full plan */
  paused = 0;
  /** the node's power share at the last full plan */
  share = Number.NaN;
  /** the shared clock's duty then (1 when not taking turns) */
  duty = Number.NaN;

  /** the array `takeDue` fills, reused from one call to the next (made on its first) */
  private due: Reception[] | undefined = undefined;
  /** whether `due` is free (its last list released) */
  private dueFree = true;

  /**
   * Done with a list `takeDue` returned: its array may be filled again.
   * @param due - the list
   */
  release(due: Reception[]): void {
    if (due !== this.due) return;
    while (due.length > 0) due.pop();
    this.dueFree = true;
  }

  /** A full plan begins: nothing planned yet. */
  reset(): void {
    this.stale = false;
    this.paused = 0;
    this.heap.clear();
  }

  /**
   * Whether the last full plan still holds now (inside its step, same interference, share and duty).
   * @param nowNs - now (ns)
   * @param stepEndNs - the end of the planned step (ns)
   * @param duty - the shared clock's duty now (1 when not taking turns)
   * @param share - the node's power share now (read only if the rest holds)
   */
  holds(nowNs: number, stepEndNs: number, duty: number, share: () => number): boolean {
    if (this.stale || this.paused > 0 || !(nowNs < stepEndNs) || duty !== this.duty) return false;
    return share() === this.share;
  }

  /**
   * Takes out the receptions due now (whatever completes within the next nanosecond, as the full
   * plan's residue test), each accounted up to now; those within a nanosecond's bits of the end
   * are set to 0 bits left.
   * @param nowNs - now (ns)
   * @param clock - the shared clock when taking turns
   * @param radiatedW - the power radiated since the last plan (W)
   */
  takeDue(nowNs: number, clock: VirtualClock | undefined, radiatedW: number): Reception[] {
    const vS = clock?.virtualS() ?? Number.NaN;
    const duty = clock?.duty ?? 1;
    // Its one array while no earlier list is being worked through (see `release`), else a new one.
    const into = this.dueFree ? (this.due ??= []) : [];
    this.dueFree = false;
    const due = this.heap.popDue(clock === undefined ? nowNs + 1 : vS + (2 * duty) / NS_PER_S, into);
    for (const r of due) {
      accrueTo(r, nowNs, vS, radiatedW, true);
      settleResidue(r, duty);
    }
    return due;
  }

  /**
   * Plans a reception's completion at its current rate from its bits left now.
   * @param r - the reception (accounted up to now)
   * @param nowNs - now (ns)
   * @param clock - the shared clock when taking turns
   */
  replan(r: Reception, nowNs: number, clock: VirtualClock | undefined): void {
    this.heap.set(r, clock === undefined ? nowNs + aheadNs(r.remainingBits / r.rateBps) : clock.virtualS() + r.remainingBits / r.rateBps);
  }
}
