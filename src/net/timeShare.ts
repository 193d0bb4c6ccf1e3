/**
 * The progress clock of a time-shared OFDMA medium: with more users K than resource blocks N_RB,
 * users take turns (round robin over TTIs), each on one block for the fraction N_RB/K of the time.
 * Averaged over TTIs (1 ms, far below the radio's 0.1 s step), user i progresses at r_i·N_RB/K,
 * with r_i its rate on one block at its own SINR. A join or a leave scales every user's rate by the
 * same factor, so one virtual clock per medium carries them all:
 *
 *   V(t) = ∫ N_RB/K(τ) dτ   (seconds of one-block airtime each user has had)
 *
 * A user with b bits left at V₀ and one-block rate r completes at V₀ + b/r: that virtual instant
 * sits in a binary heap, and only the earliest is armed on the radio's {@link StepClock} (one
 * engine event at a time, as every transmission's wake-ups). A join or leave updates V and K and
 * re-arms: O(log K), instead of re-rating every user (O(K) per change, O(K²) per phase). A user's
 * own change (a new channel step, interference, power) moves only its own heap entry.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import { NS_PER_S } from '../engine/time.js';
import { StepClock, type Sleeper, type StepAlarm } from './stepClock.js';
import { IndexedHeap } from '../util/indexedHeap.js';

/** A user of a time-shared medium, woken when its virtual completion is reached. */
export interface TimeSharer {
  /** called at the instant its planned completion (in virtual time) is reached */
  progressDue(): void;
}

/** What a time-shared medium's clock tells whoever scales with it (the interference field). */
export interface DutyListener {
  /** the fraction of the time each user is on the air changed */
  dutyChanged(duty: number): void;
}

interface Entry {
  who: TimeSharer;
  dueS: number; // virtual instant (s)
  seq: number; // tie-break: order of (re)planning
  heapAt: number; // index in the heap
}

/** The shared progress clock of one OFDMA medium in its time-shared regime. */
export class TimeShare implements Sleeper {
  private vS = 0; // virtual time at lastNs (s)
  private lastNs: number;
  private usersNow = 0;
  private dutyNow = 1;
  private readonly heap = new IndexedHeap<Entry>((a, b) => a.dueS < b.dueS || (a.dueS === b.dueS && a.seq < b.seq));
  private readonly entries = new Map<TimeSharer, Entry>();
  private seq = 0;
  private dueNs = Infinity; // the armed wake-up (ns)
  private ringing = false;
  private readonly clock: StepClock;
  private readonly listeners: DutyListener[] = [];
  private readonly due: TimeSharer[] = []; // wake's list of those due, reused
  /** {@inheritDoc Sleeper.stepAlarm} */
  stepAlarm: StepAlarm | undefined = undefined;

  /**
   * @param sim - the simulator
   * @param resourceBlocks - N_RB, the medium's resource blocks (integer ≥ 1)
   */
  constructor(
    private readonly sim: Simulator,
    readonly resourceBlocks: number,
  ) {
    if (!(Number.isInteger(resourceBlocks) && resourceBlocks >= 1)) throw new RangeError(`a medium has an integer ≥ 1 of resource blocks, got ${resourceBlocks}`);
    this.lastNs = sim.nowNs;
    this.clock = StepClock.of(sim);
  }

  /** The fraction of the time each user is on the air: min(1, N_RB/K). */
  get duty(): number {
    return this.dutyNow;
  }

  /** Users sharing the medium (K). */
  get users(): number {
    return this.usersNow;
  }

  /** Users with a completion planned. */
  get planned(): number {
    return this.heap.size;
  }

  /** V now (s): the one-block airtime every user has had since the clock was made. */
  virtualS(): number {
    return this.vS + ((this.sim.nowNs - this.lastNs) / NS_PER_S) * this.dutyNow;
  }

  /**
   * Tells `listener` of every change of duty.
   * @param listener - e.g. the interference field's rescaling of this medium's users
   */
  onDuty(listener: DutyListener): void {
    this.listeners.push(listener);
  }

  /**
   * K users share the medium from now on: V is brought up to now at the old duty, then the duty
   * becomes min(1, N_RB/K) and the earliest completion is re-armed.
   * @param users - K (integer ≥ 0)
   */
  setUsers(users: number): void {
    this.sync();
    this.usersNow = users;
    const duty = users > this.resourceBlocks ? this.resourceBlocks / users : 1;
    if (duty === this.dutyNow) return;
    this.dutyNow = duty;
    for (const l of this.listeners) l.dutyChanged(duty);
    this.rearm();
  }

  /**
   * Plans (or moves, or with Infinity removes) `who`'s completion at virtual instant `dueS`.
   * @param who - the user
   * @param dueS - the virtual instant (s) it completes at, Infinity for none
   */
  schedule(who: TimeSharer, dueS: number): void {
    const e = this.entries.get(who);
    if (!Number.isFinite(dueS)) {
      if (e !== undefined) this.remove(e);
    } else if (e === undefined) {
      const n: Entry = { who, dueS, seq: this.seq++, heapAt: -1 };
      this.entries.set(who, n);
      this.heap.push(n);
    } else {
      // Moved (or planned again after it was due): its entry is reused, behind every earlier plan of the same instant.
      this.heap.remove(e);
      e.dueS = dueS;
      e.seq = this.seq++;
      this.heap.push(e);
    }
    this.rearm();
  }

  /** {@inheritDoc Sleeper.wake} */
  wake(): void {
    this.dueNs = Infinity;
    this.sync();
    // Due: whoever is within one nanosecond of progress (completions are rounded up to the ns).
    const limitS = this.vS + this.dutyNow / NS_PER_S;
    const due = this.due; // empty: wake is not re-entered (the step clock rings one instant at a time)
    for (let e = this.heap.top(); e !== undefined && e.dueS <= limitS; e = this.heap.top()) {
      this.heap.remove(e); // its entry stays listed for its next plan (its end removes it)
      due.push(e.who);
    }
    this.ringing = true;
    try {
      for (const who of due) who.progressDue();
    } finally {
      this.ringing = false;
      while (due.length > 0) due.pop();
    }
    this.rearm();
  }

  private sync(): void {
    const nowNs = this.sim.nowNs;
    if (nowNs === this.lastNs) return;
    this.vS += ((nowNs - this.lastNs) / NS_PER_S) * this.dutyNow;
    this.lastNs = nowNs;
  }

  /** Arms the earliest completion on the step clock (not while waking: once at the end). */
  private rearm(): void {
    if (this.ringing) return;
    let atNs = Infinity;
    const first = this.heap.top();
    if (first !== undefined) {
      const leftS = first.dueS - this.virtualS();
      atNs = this.sim.nowNs + Math.max(1, Math.ceil((leftS / this.dutyNow) * NS_PER_S));
    }
    // Later than armed (a user joined: everyone slows down): keep the armed wake-up, which then
    // finds nobody due and re-arms. A join costs no cancelled event; only an earlier instant moves it.
    if (atNs >= this.dueNs) return;
    this.clock.move(this, this.dueNs, atNs);
    this.dueNs = atNs;
  }

  private remove(e: Entry): void {
    this.entries.delete(e.who);
    this.heap.remove(e);
  }
}
