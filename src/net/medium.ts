/**
 * A shared medium: the bandwidth of one node's uplink (transfers it receives) or downlink
 * (transfers it sends), divided among the transfers on it by the access scheme — OFDMA, TDMA
 * (first come first served, one at a time, full band) or dedicated (each its own fixed band).
 *
 * OFDMA splits the band equally (B/K each, re-split whenever a transfer starts or finishes) down to
 * one resource block each: the band holds N_RB = floor(B / resourceBlockHz) blocks, and a user is
 * never given less than one (3GPP TS 36.211 §6.2.3 / TS 38.211 §4.4.4: allocations are whole
 * resource blocks). With more users than blocks they take turns, round robin over TTIs: each is
 * given one block for N_RB/K of the time, at its one-block rate (noise over one block), and they
 * all progress on one shared clock ({@link TimeShare}), so a join or a leave costs O(log K)
 * instead of re-rating every user. Users without a time-shared mode (an over-the-air slot) keep
 * the equal split B/K.
 *
 * An OFDMA split takes effect once per instant: joins and leaves at one nanosecond only mark the
 * medium, and the band is split once the instant's changes have settled (an engine
 * {@link SettledCallback}), with the users then on it. A band held for zero seconds by a transient
 * number of users carries no bits; splitting at each change re-rated every user once per change
 * and could even rate a static link over a transient band it never transmits on (issue 15). A user
 * that joins is on the air from that split (same instant); until then it has no bandwidth. Before
 * any user replans, every user takes its new bandwidth on its node's transmitter
 * ({@link MediumUser.willShare}), so that each plans with its node's power shared out as it will be.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import { SettledCallback } from '../engine/settle.js';
import type { MediumBand } from './interference.js';
import { TimeShare } from './timeShare.js';
import { DEFAULT_RESOURCE_BLOCK_HZ } from '../radio/environment.js';

/** A transfer as a medium sees it. */
export interface MediumUser {
  /** called when the transfer's share changes (it accounts progress, then replans) */
  reallocated(bandwidthHz: number): void;
  /**
   * With more users than resource blocks: the transfer uses one block (`resourceBlockHz`) for the
   * fraction `clock.duty` of the time and plans its progress on `clock`. Absent: the user is
   * given the equal split instead.
   */
  timeShared?(resourceBlockHz: number, clock: TimeShare): void;
  /**
   * A split is about to give it `bandwidthHz` (then `reallocated` or `timeShared` follows): it
   * takes that bandwidth on its node's transmitter now, before any user of the medium replans, so
   * that each plans with its node's power shared out as it will be.
   */
  willShare?(bandwidthHz: number): void;
}

/** Multiple access schemes. */
export type AccessScheme = 'ofdma' | 'tdma' | 'dedicated';

/** One node's shared bandwidth in one direction. */
export class Medium {
  // In order of arrival (TDMA serves the first); a Set makes a leave O(1).
  private readonly users = new Set<MediumUser>();
  /** N_RB: whole resource blocks in the band (≥ 1) */
  readonly resourceBlocks: number;
  /** the bandwidth of one block (Hz), what a time-shared user transmits on */
  readonly blockHz: number;
  private share: TimeShare | undefined;
  private timeShared = false;
  private readonly legacy = new Set<MediumUser>(); // users without a time-shared mode
  private readonly joiners = new Set<MediumUser>(); // joined since the last split (not yet on the air)
  private readonly joinedScratch: MediumUser[] = []; // the joiners of the split under way
  private sim: Simulator | undefined; // the simulator of its transmissions, once one has joined
  private settled: SettledCallback | undefined; // the split at the end of the instant
  private changed = false; // users joined or left since the last split
  private splitting = false; // inside a split (users replanning)
  private splits = 0;

  /**
   * @param id - e.g. `e0/uplink`
   * @param access - the access scheme
   * @param bandwidthHz - the medium's bandwidth (Hz)
   * @param dedicatedHz - with `dedicated`: each transfer's bandwidth (Hz)
   * @param spectrum - the band it occupies, for interference between cells; none: no interference
   * @param resourceBlockHz - with `ofdma`: the width of a resource block (Hz); default 180 kHz
   */
  constructor(
    readonly id: string,
    readonly access: AccessScheme,
    readonly bandwidthHz: number,
    readonly dedicatedHz: number,
    readonly spectrum?: MediumBand,
    resourceBlockHz = DEFAULT_RESOURCE_BLOCK_HZ,
  ) {
    if (!(resourceBlockHz > 0)) throw new RangeError(`a resource block is > 0 Hz wide, got ${resourceBlockHz}`);
    this.resourceBlocks = Math.max(1, Math.floor(bandwidthHz / resourceBlockHz));
    this.blockHz = Math.min(resourceBlockHz, bandwidthHz);
  }

  /** Transfers on the medium (served or waiting). */
  get load(): number {
    return this.users.size;
  }

  /** Whether its users take turns now (more than N_RB of them, time-shared). */
  get takingTurns(): boolean {
    return this.timeShared;
  }

  /** OFDMA splits of the band so far (at most one per instant at which users joined or left). */
  get splitCount(): number {
    return this.splits;
  }

  /** The shared progress clock, once the medium has had more users than blocks. */
  get clock(): TimeShare | undefined {
    return this.share;
  }

  /**
   * Adds a transfer and reallocates (OFDMA: once the instant has settled, see the module's notes).
   * @param user - the transfer
   * @param sim - its simulator (the shared clock of a time-shared medium runs on it, and the split
   *   waits for the instant to settle on it); none: OFDMA splits at once
   */
  join(user: MediumUser, sim?: Simulator): void {
    this.users.add(user);
    if (user.timeShared === undefined) this.legacy.add(user);
    if (this.access === 'dedicated') user.reallocated(this.dedicatedHz);
    else if (this.access === 'tdma') {
      if (this.users.size === 1) user.reallocated(this.bandwidthHz);
      else user.reallocated(0);
    } else {
      this.joiners.add(user);
      this.sim ??= sim;
      this.splitSoon(sim === undefined);
    }
  }

  /** Removes a transfer and reallocates (OFDMA: once the instant has settled). */
  leave(user: MediumUser): void {
    if (!this.users.has(user)) return;
    const first = this.users.values().next().value === user;
    this.users.delete(user);
    this.legacy.delete(user);
    this.joiners.delete(user);
    if (this.access === 'tdma') {
      if (first && this.users.size > 0) this.users.values().next().value!.reallocated(this.bandwidthHz);
    } else if (this.access === 'ofdma') this.splitSoon(false);
  }

  /**
   * Marks the OFDMA split stale: split once the instant has settled. At once without a simulator
   * (or when `now`), and while users take turns and keep taking them with no user on the equal
   * split (no split pending): that re-plans nobody but the joiner, whatever the instant brings.
   */
  private splitSoon(now: boolean): void {
    if (this.splitting) {
      this.changed = true; // a user left while replanning (e.g. failed): split again after this split
      return;
    }
    if (!this.changed && this.timeShared && this.users.size > this.resourceBlocks && this.legacy.size === 0) now = true;
    this.changed = true;
    if (now || this.sim === undefined) this.split();
    else this.requestSplit();
  }

  private requestSplit(): void {
    (this.settled ??= new SettledCallback(this.sim!, () => this.split())).request();
  }

  /** Splits the band among the users on it now, if any joined or left since the last split (never nested). */
  private split(): void {
    if (!this.changed || this.splitting) return;
    this.changed = false;
    this.splits++;
    this.splitting = true;
    const joined = this.joinedScratch;
    for (const u of this.joiners) joined.push(u);
    this.joiners.clear();
    try {
      this.resplit(joined);
    } finally {
      joined.length = 0;
      this.splitting = false;
    }
    if (!this.changed) return;
    this.changed = false;
    this.splitSoon(false); // users left while it replanned: split again (at once while taking turns)
  }

  /**
   * OFDMA: the equal split up to N_RB users, turns beyond. Within the time-shared regime a split
   * costs the joining users' plans, the clock's O(log K) and one call per user without a
   * time-shared mode; crossing N_RB costs at most N_RB + 1 replans.
   * @param joined - the users that joined since the last split
   */
  private resplit(joined: readonly MediumUser[]): void {
    const k = this.users.size;
    const sim = this.sim;
    if (this.share === undefined && k > this.resourceBlocks && sim !== undefined) {
      const clock = (this.share = new TimeShare(sim, this.resourceBlocks));
      const s = this.spectrum;
      if (s !== undefined) clock.onDuty({ dutyChanged: (duty) => s.field.rescale(s.band, clock, duty) });
    }
    const clock = this.share;
    if (k <= this.resourceBlocks || clock === undefined) {
      clock?.setUsers(k);
      this.timeShared = false;
      const bw = k > 0 ? this.bandwidthHz / k : 0;
      for (const u of this.users) u.willShare?.(bw);
      for (const u of this.users) u.reallocated(bw);
      return;
    }
    clock.setUsers(k);
    const equalHz = this.bandwidthHz / k;
    if (!this.timeShared) {
      this.timeShared = true;
      for (const u of this.users) u.willShare?.(u.timeShared === undefined ? equalHz : this.blockHz);
      for (const u of this.users) {
        if (u.timeShared === undefined) u.reallocated(equalHz);
        else u.timeShared(this.blockHz, clock);
      }
      return;
    }
    for (const u of joined) if (u.timeShared !== undefined) u.willShare?.(this.blockHz);
    for (const u of this.legacy) u.willShare?.(equalHz);
    for (const u of joined) if (u.timeShared !== undefined && this.users.has(u)) u.timeShared(this.blockHz, clock);
    for (const u of this.legacy) u.reallocated(equalHz);
  }
}
