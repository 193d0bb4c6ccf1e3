/**
 * A node's transmitter: one radio whose total radiated power is bounded by the node's transmit
 * power and split across its concurrent transmissions in proportion to the bandwidth each uses
 * (constant power spectral density over the band the node transmits on). One transmission on its
 * own radiates the full power; two OFDMA downlinks of equal shares radiate half each, so neither
 * gains SNR from the other's power. The transmit chain's energy is charged once per node while at
 * least one of its transmissions is on the air.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import { SettledCallback } from '../engine/settle.js';
import type { Activity, EnergyMeter } from '../node/energy.js';

/** A transmission as its transmitter sees it. */
export interface TransmitterUser {
  /** called (at the same instant, after a change settles) when this user's share of the power changed */
  powerShareChanged(): void;
}

/** Below this, two shares are the same (float residue of sums). */
const SAME_SHARE = 1e-12;
// Scratch lists of a transmitter's flush (users and the shares they planned with), and whether a
// flush is under way (a replan that flushes again lists into fresh arrays).
const FLUSH_USERS: TransmitterUser[] = [];
const FLUSH_SHARES: number[] = [];
let flushing = false;

/** The radio of one sending node. */
export class Transmitter {
  // Made at the first transmission (most terminals of a population never send): the bandwidth each
  // user has on the air, the share each planned with, and the coalescing of share changes.
  private bands: Map<TransmitterUser, number> | undefined;
  private planned: Map<TransmitterUser, number> | undefined;
  private settled: SettledCallback | undefined;
  private totalHz = 0;
  private activity: Activity | undefined;

  /**
   * @param sim - the simulator
   * @param node - the sending node's id
   * @param powerW - the node's transmit power (W), the most it radiates in total
   * @param drawnW - the power the transmit chain draws from the node while on the air (W)
   * @param meter - the node's energy meter, when energy is kept
   */
  constructor(
    readonly sim: Simulator,
    readonly node: string,
    readonly powerW: number,
    private readonly drawnW: number,
    private readonly meter?: EnergyMeter,
  ) {}

  /** Transmissions on the air now. */
  get onAir(): number {
    return this.bands === undefined ? 0 : this.bands.size;
  }

  /**
   * A transmission's bandwidth on the air changed (0: off the air). The others whose share of the
   * power changes are told once the change has settled (medium re-splits touch every user).
   * @param user - the transmission
   * @param bandwidthHz - its bandwidth now (Hz)
   */
  use(user: TransmitterUser, bandwidthHz: number): void {
    if (this.bands === undefined && !(bandwidthHz > 0)) return; // never on the air: nothing to take off
    const bands = (this.bands ??= new Map<TransmitterUser, number>());
    const before = bands.get(user) ?? 0;
    if (bandwidthHz > 0) bands.set(user, bandwidthHz);
    else {
      bands.delete(user);
      this.planned?.delete(user);
    }
    this.totalHz += bandwidthHz - before;
    if (bands.size === 0) this.totalHz = 0; // no float residue once the radio is idle
    this.setCharging(bands.size > 0);
    if (bands.size > 1) (this.settled ??= new SettledCallback(this.sim, () => this.flush())).request();
  }

  /**
   * The share of the node's power `user` radiates now, recorded as what it planned with.
   * @returns a fraction in [0, 1]; 0 off the air
   */
  shareFor(user: TransmitterUser): number {
    const b = this.bands?.get(user);
    const share = b === undefined || this.totalHz <= 0 ? 0 : Math.min(1, b / this.totalHz);
    if (b !== undefined) (this.planned ??= new Map<TransmitterUser, number>()).set(user, share);
    return share;
  }

  private flush(): void {
    const planned = this.planned;
    if (planned === undefined) return;
    // The planned shares as they are now, listed before any user replans (a replan records its
    // share anew): into the module's scratch lists, or fresh ones if a replan flushes again.
    const nested = flushing;
    const users = nested ? [] : FLUSH_USERS;
    const shares = nested ? [] : FLUSH_SHARES;
    let n = 0;
    for (const user of planned.keys()) {
      users[n] = user;
      shares[n++] = planned.get(user)!;
    }
    flushing = true;
    try {
      for (let i = 0; i < n; i++) {
        const b = this.bands?.get(users[i]!);
        const now = b === undefined || this.totalHz <= 0 ? 0 : Math.min(1, b / this.totalHz);
        if (Math.abs(now - shares[i]!) > SAME_SHARE) users[i]!.powerShareChanged();
      }
    } finally {
      flushing = nested;
      if (!nested) users.fill(undefined as unknown as TransmitterUser, 0, n); // hold no user past the flush
    }
  }

  private setCharging(on: boolean): void {
    if (this.meter === undefined || on === (this.activity !== undefined)) return;
    if (on) this.activity = this.meter.begin('tx', this.drawnW);
    else {
      this.meter.end(this.activity!);
      this.activity = undefined;
    }
  }
}
