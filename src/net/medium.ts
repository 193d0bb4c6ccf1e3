/**
 * A shared medium: the bandwidth of one node's uplink (transfers it receives) or downlink
 * (transfers it sends), divided among the transfers on it by the access scheme — OFDMA (equal
 * split, re-split whenever one starts or finishes), TDMA (first come first served, one at a time,
 * full band) or dedicated (each its own fixed band).
 * @module
 */

import type { MediumBand } from './interference.js';

/** A transfer as a medium sees it. */
export interface MediumUser {
  /** called when the transfer's share changes (it accounts progress, then replans) */
  reallocated(bandwidthHz: number): void;
}

/** Multiple access schemes. */
export type AccessScheme = 'ofdma' | 'tdma' | 'dedicated';

/** One node's shared bandwidth in one direction. */
export class Medium {
  private readonly users: MediumUser[] = [];

  /**
   * @param id - e.g. `e0/uplink`
   * @param access - the access scheme
   * @param bandwidthHz - the medium's bandwidth (Hz)
   * @param dedicatedHz - with `dedicated`: each transfer's bandwidth (Hz)
   * @param spectrum - the band it occupies, for interference between cells; none: no interference
   */
  constructor(
    readonly id: string,
    readonly access: AccessScheme,
    readonly bandwidthHz: number,
    readonly dedicatedHz: number,
    readonly spectrum?: MediumBand,
  ) {}

  /** Transfers on the medium (served or waiting). */
  get load(): number {
    return this.users.length;
  }

  /** Adds a transfer and reallocates. */
  join(user: MediumUser): void {
    this.users.push(user);
    if (this.access === 'dedicated') user.reallocated(this.dedicatedHz);
    else if (this.access === 'tdma') {
      if (this.users.length === 1) user.reallocated(this.bandwidthHz);
      else user.reallocated(0);
    } else this.split();
  }

  /** Removes a transfer and reallocates. */
  leave(user: MediumUser): void {
    const i = this.users.indexOf(user);
    if (i < 0) return;
    this.users.splice(i, 1);
    if (this.access === 'tdma') {
      if (i === 0 && this.users.length > 0) this.users[0]!.reallocated(this.bandwidthHz);
    } else if (this.access === 'ofdma') this.split();
  }

  private split(): void {
    const share = this.users.length > 0 ? this.bandwidthHz / this.users.length : 0;
    for (const u of this.users) u.reallocated(share);
  }
}
