/**
 * Wireless links: a {@link RadioChannel} between two nodes through a shared {@link Medium}. A
 * message sent on a link is a unicast {@link WirelessTransmission} (the stepping, outage, energy and
 * tracing live there, shared with broadcasts); the link keeps what is in flight on it so that a
 * handover or a failure can interrupt it.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import type { FifoJob } from '../engine/fifo.js';
import type { RadioChannel, ChannelEnd, ChannelState } from '../radio/channel.js';
import type { RadioEnvironment } from '../radio/environment.js';
import type { Medium } from './medium.js';
import type { EnergyMeter } from '../node/energy.js';
import type { Link } from './transfer.js';
import type { Transmitter } from './transmitter.js';
import { WirelessTransmission } from './transmission.js';

/** Payload of `outage`. */
export interface OutageTrace {
  /** link id */
  link: string;
  /** task */
  task: string;
  /** SINR that was too low (dB): the SNR with the interference of co-channel cells counted */
  sinrDb: number;
}

declare module '../engine/trace.js' {
  interface TraceEventMap {
    /** a transfer's SNR fell below the outage threshold for a step */
    outage: OutageTrace;
  }
}

/** Energy accounts a wireless link charges: the receiver's receive power while on air (the sender's transmit chain is its {@link Transmitter}'s). */
export interface LinkEnergy {
  /** the sender's meter */
  tx: EnergyMeter;
  /** the receiver's meter */
  rx: EnergyMeter;
  /** the receiver's receive power (W) */
  rxPowerW: number;
  /** whether either end has failed (then nothing is sent) */
  failed(): string | undefined;
}

/** Something in flight on a link that a handover or a failure can stop. */
export interface Interruptible {
  /** stops it, with the reason */
  interrupt(reason: string): void;
}

/** A wireless link from one node to another. */
export class WirelessLink implements Link {
  // A population has several links a terminal, most never used: a link keeps only what it cannot
  // ask its channel or transmitter for (the simulator is its transmitter's, the environment its
  // channel's), and its in-flight set is made at its first transfer.
  private active: Set<Interruptible> | undefined;

  /**
   * @param sim - the simulator (its transmitter's: kept there, not here)
   * @param id - link id
   * @param tx - sending end
   * @param rx - receiving end
   * @param channel - the channel between them
   * @param medium - the medium the transfer shares
   * @param transmitter - the sending node's transmitter (shared by all its links)
   * @param env - the radio environment (its channel's: kept there, not here)
   * @param energy - the ends' energy accounts, when kept
   */
  constructor(
    sim: Simulator,
    readonly id: string,
    readonly tx: ChannelEnd,
    readonly rx: ChannelEnd,
    readonly channel: RadioChannel,
    readonly medium: Medium,
    readonly transmitter: Transmitter,
    env: RadioEnvironment,
    readonly energy?: LinkEnergy,
  ) {
    if (transmitter.sim !== sim) throw new Error(`link ${id}: its transmitter belongs to another simulator`);
    if (channel.env !== env) throw new Error(`link ${id}: its channel is in another radio environment`);
  }

  /** the simulator */
  get sim(): Simulator {
    return this.transmitter.sim;
  }

  /** the radio environment */
  get env(): RadioEnvironment {
    return this.channel.env;
  }

  /** sending node */
  get from(): string {
    return this.tx.id;
  }

  /** receiving node */
  get to(): string {
    return this.rx.id;
  }

  /** {@inheritDoc Link.send} */
  send(bits: number, task: string): FifoJob {
    const t = new WirelessTransmission([this], this.medium, bits, task, 'unicast');
    t.begin();
    return t.job;
  }

  /**
   * The channel from the sender at `nowS` for a rate used `useForS` seconds
   * ({@link RadioChannel.stateAt}). A time-invariant channel (static ends, no fading in time
   * blocks) is in the same state at every instant: asked for its whole life (`useForS` Infinity),
   * it is evaluated once per link, not once per message (path loss, shadowing and fading each time).
   * @param nowS - now (s)
   * @param useForS - how long the rate will be used (s); Infinity for a time-invariant link
   */
  stateAt(nowS: number, useForS: number): ChannelState {
    return useForS === Infinity && this.channel.timeInvariant ? this.channel.invariantStateFrom(this.tx, nowS) : this.channel.stateAt(this.tx, nowS, useForS);
  }

  /** Registers something in flight on this link (a transmission's reception) so that {@link interruptAll} reaches it. */
  track(item: Interruptible): () => void {
    const active = (this.active ??= new Set<Interruptible>());
    active.add(item);
    return () => active.delete(item);
  }

  /** Interrupts every transfer in flight on this link (a handover, a failure). */
  interruptAll(reason: string): void {
    if (this.active === undefined || this.active.size === 0) return;
    for (const t of [...this.active]) t.interrupt(reason);
  }
}
