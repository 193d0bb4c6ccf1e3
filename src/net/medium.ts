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
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
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

  /** The shared progress clock, once the medium has had more users than blocks. */
  get clock(): TimeShare | undefined {
    return this.share;
  }

  /**
   * Adds a transfer and reallocates.
   * @param user - the transfer
   * @param sim - its simulator (the shared clock of a time-shared medium runs on it)
   */
  join(user: MediumUser, sim?: Simulator): void {
    this.users.add(user);
    if (user.timeShared === undefined) this.legacy.add(user);
    if (this.access === 'dedicated') user.reallocated(this.dedicatedHz);
    else if (this.access === 'tdma') {
      if (this.users.size === 1) user.reallocated(this.bandwidthHz);
      else user.reallocated(0);
    } else this.resplit(user, sim);
  }

  /** Removes a transfer and reallocates. */
  leave(user: MediumUser): void {
    if (!this.users.has(user)) return;
    const first = this.users.values().next().value === user;
    this.users.delete(user);
    this.legacy.delete(user);
    if (this.access === 'tdma') {
      if (first && this.users.size > 0) this.users.values().next().value!.reallocated(this.bandwidthHz);
    } else if (this.access === 'ofdma') this.resplit(undefined, undefined);
  }

  /**
   * OFDMA: the equal split up to N_RB users, turns beyond. Within the time-shared regime a change
   * costs the joining user's plan, the clock's O(log K) and one call per user without a
   * time-shared mode; crossing N_RB costs at most N_RB + 1 replans.
   * @param joined - the user that just joined, if one did
   * @param sim - its simulator
   */
  private resplit(joined: MediumUser | undefined, sim: Simulator | undefined): void {
    const k = this.users.size;
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
      for (const u of this.users) u.reallocated(bw);
      return;
    }
    clock.setUsers(k);
    const equalHz = this.bandwidthHz / k;
    if (!this.timeShared) {
      this.timeShared = true;
      for (const u of this.users) {
        if (u.timeShared === undefined) u.reallocated(equalHz);
        else u.timeShared(this.blockHz, clock);
      }
      return;
    }
    if (joined?.timeShared !== undefined) joined.timeShared(this.blockHz, clock);
    for (const u of this.legacy) u.reallocated(equalHz);
  }
}
