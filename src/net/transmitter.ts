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

/** The radio of one sending node. */
export class Transmitter {
  private readonly bands = new Map<TransmitterUser, number>();
  private readonly planned = new Map<TransmitterUser, number>();
  private totalHz = 0;
  private activity: Activity | undefined;
  private readonly settled: SettledCallback;

  /**
   * @param sim - the simulator
   * @param node - the sending node's id
   * @param powerW - the node's transmit power (W), the most it radiates in total
   * @param drawnW - the power the transmit chain draws from the node while on the air (W)
   * @param meter - the node's energy meter, when energy is kept
   */
  constructor(
    sim: Simulator,
    readonly node: string,
    readonly powerW: number,
    private readonly drawnW: number,
    private readonly meter?: EnergyMeter,
  ) {
    this.settled = new SettledCallback(sim, () => this.flush());
  }

  /** Transmissions on the air now. */
  get onAir(): number {
    return this.bands.size;
  }

  /**
   * A transmission's bandwidth on the air changed (0: off the air). The others whose share of the
   * power changes are told once the change has settled (medium re-splits touch every user).
   * @param user - the transmission
   * @param bandwidthHz - its bandwidth now (Hz)
   */
  use(user: TransmitterUser, bandwidthHz: number): void {
    const before = this.bands.get(user) ?? 0;
    if (bandwidthHz > 0) this.bands.set(user, bandwidthHz);
    else {
      this.bands.delete(user);
      this.planned.delete(user);
    }
    this.totalHz += bandwidthHz - before;
    if (this.bands.size === 0) this.totalHz = 0; // no float residue once the radio is idle
    this.setCharging(this.bands.size > 0);
    if (this.bands.size > 1) this.settled.request();
  }

  /**
   * The share of the node's power `user` radiates now, recorded as what it planned with.
   * @returns a fraction in [0, 1]; 0 off the air
   */
  shareFor(user: TransmitterUser): number {
    const b = this.bands.get(user);
    const share = b === undefined || this.totalHz <= 0 ? 0 : Math.min(1, b / this.totalHz);
    if (b !== undefined) this.planned.set(user, share);
    return share;
  }

  private flush(): void {
    for (const [user, plannedShare] of [...this.planned]) {
      const b = this.bands.get(user);
      const now = b === undefined || this.totalHz <= 0 ? 0 : Math.min(1, b / this.totalHz);
      if (Math.abs(now - plannedShare) > SAME_SHARE) user.powerShareChanged();
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
