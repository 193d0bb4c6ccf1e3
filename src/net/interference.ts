/**
 * Inter-cell interference. Every medium of an edge center occupies a band: the cell's band under
 * the frequency-reuse plan (`radio.frequencyReuse`, cell i on band i mod K) in its direction (the
 * uplinks of co-channel cells share one band, their downlinks another). Within a medium the access
 * scheme keeps transmissions orthogonal; a transmission on another medium of the same band is
 * interference at every receiver of this one.
 *
 * The interference a reception sees from one co-channel transmission is that transmitter's mean
 * received power at the victim (path loss and shadowing, no fast fading), scaled by the share of
 * its node's power it radiates, times the fraction of the band the victim uses: an interferer
 * spreads its power over the band with constant spectral density, and the victim's subcarriers
 * fall anywhere in it (the expected overlap of random allocations). A transmitter does not
 * interfere with its own other transmissions (its power is already split across them).
 *
 * Whenever a co-channel transmission starts, ends or changes its bandwidth or power, the others
 * on the band replan at the same instant (once, after the change has settled), so SINR, rates and
 * completion times follow the interference as it comes and goes.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import type { ChannelEnd, RadioChannel } from '../radio/channel.js';

/** An on-air transmission as the interference field sees it. */
export interface Interferer {
  /** the sending node's end */
  readonly senderEnd: ChannelEnd;
  /** the power it radiates now (W) */
  readonly radiatedW: number;
  /** the node's whole transmit power (W), which its channels' mean received powers assume */
  readonly nodePowerW: number;
  /** called at the same instant, once a change on its band has settled: its interference changed */
  interferenceChanged(): void;
}

/** Where a medium sits in the spectrum: its band and the field that tracks the band. */
export interface MediumBand {
  /** the interference field of the run */
  field: InterferenceField;
  /** the band's key, e.g. `uplink/0` */
  band: string;
}

/** The on-air transmissions of every band of a run. */
export class InterferenceField {
  private readonly bands = new Map<string, Map<Interferer, object>>();
  private readonly dirty = new Set<string>();
  private flushPending = false;

  /**
   * @param sim - the simulator
   * @param channelBetween - the channel between two nodes (created on first use)
   * @param bandwidthHz - the width of a band (Hz): an interferer's power is spread over it
   */
  constructor(
    private readonly sim: Simulator,
    private readonly channelBetween: (a: string, b: string) => RadioChannel,
    readonly bandwidthHz: number,
  ) {}

  /**
   * A transmission went on the air on `band` through `medium` (or changed its bandwidth or power),
   * or left it (`on` false). The band's other transmissions replan once the change has settled.
   * @param band - the band key
   * @param who - the transmission
   * @param medium - the medium it shares (transmissions on the same medium do not interfere)
   * @param on - whether it is on the air now
   */
  update(band: string, who: Interferer, medium: object, on: boolean): void {
    let users = this.bands.get(band);
    if (on) {
      if (users === undefined) this.bands.set(band, (users = new Map()));
      users.set(who, medium);
    } else if (users === undefined || !users.delete(who)) return;
    if (users.size < 2 && on) return; // nobody else to tell
    this.dirty.add(band);
    if (!this.flushPending) {
      this.flushPending = true;
      this.sim.schedule(0, () => this.flush());
    }
  }

  /**
   * The interference power in a reception's band at its receiver (W).
   * @param band - the victim's band key
   * @param victim - the victim transmission
   * @param medium - the victim's medium
   * @param receiver - the receiving end
   * @param bandwidthHz - the victim's bandwidth (Hz)
   * @param tS - now (s)
   */
  interferenceW(band: string, victim: Interferer, medium: object, receiver: ChannelEnd, bandwidthHz: number, tS: number): number {
    const users = this.bands.get(band);
    if (users === undefined) return 0;
    let sumW = 0;
    for (const [other, otherMedium] of users) {
      if (other === victim || otherMedium === medium) continue;
      const from = other.senderEnd;
      if (from.id === receiver.id || from.id === victim.senderEnd.id || other.radiatedW <= 0) continue;
      const atFullPowerW = this.channelBetween(from.id, receiver.id).meanRxPowerW(from, tS);
      sumW += atFullPowerW * (other.radiatedW / other.nodePowerW);
    }
    return sumW * Math.min(1, bandwidthHz / this.bandwidthHz);
  }

  private flush(): void {
    this.flushPending = false;
    const bands = [...this.dirty];
    this.dirty.clear();
    for (const band of bands) for (const who of [...(this.bands.get(band)?.keys() ?? [])]) who.interferenceChanged();
  }
}
