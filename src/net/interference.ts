/**
 * Inter-cell interference. Every medium of an edge center occupies a band: the cell's band under
 * the frequency-reuse plan (`radio.frequencyReuse`, cell i on band i mod K) in its direction (the
 * uplinks of co-channel cells share one band, their downlinks another). Within a medium the access
 * scheme keeps transmissions orthogonal; a transmission on another medium of the same band is
 * interference at every receiver of this one.
 *
 * The interference one co-channel transmission causes at a receiver is its transmitter's mean
 * received power there (path loss and shadowing, no fast fading) scaled by the share of its node's
 * power it radiates; a victim using bandwidth b of the band's B sees the fraction b/B of it (the
 * interferer's power is spread over the band with constant spectral density, and the victim's
 * subcarriers fall anywhere in it: the expected overlap of random allocations).
 *
 * Cost. Interference is kept per *sink* — a receiver and the medium its receptions share — as a
 * running sum that each interferer updates when it starts, ends, changes bandwidth or power, and
 * at each of its own rate steps (so moving interferers are followed step by step). A change costs
 * one gain per sink on the band, a victim's rate evaluation costs nothing extra, and victims are
 * told to replan only when their sink's interference changed by more than 1 % of (noise + the
 * interference they last saw) over the band: many small, distant changes never cascade into
 * replanning every transmission of the band.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import { SettledCallback } from '../engine/settle.js';
import type { ChannelEnd, RadioChannel } from '../radio/channel.js';
import { noisePowerDbm } from '../radio/budget.js';
import { dbmToW } from '../radio/units.js';
import { NS_PER_S } from '../engine/time.js';

/** An on-air transmission as the interference field sees it. */
export interface Interferer {
  /** the sending node's end */
  readonly senderEnd: ChannelEnd;
  /** the power it radiates now (W) */
  readonly radiatedW: number;
  /** the node's whole transmit power (W), which its channels' mean received powers assume */
  readonly nodePowerW: number;
  /**
   * when it takes turns on a time-shared medium: that medium's clock, whose duty (the fraction of
   * the time each user is on the air) scales its mean power. It then radiates `radiatedW` while on
   * the air; its interference is the mean, `radiatedW` × duty, kept per medium so that a change of
   * duty costs one update per sink, not one per user.
   */
  readonly dutyGroup?: DutyGroup;
}

/** A time-shared medium's clock as the interference field sees it. */
export interface DutyGroup {
  /** the fraction of the time each of its users is on the air */
  readonly duty: number;
}

/** A medium as the interference field sees it. */
export interface TurnTaking {
  /** whether its users take turns now (more users than resource blocks) */
  readonly takingTurns?: boolean;
}

/** A reception as the interference field sees it. */
export interface Victim {
  /** called at the same instant, once a change on its band has settled: its interference changed materially */
  interferenceChanged(): void;
  /**
   * what it belongs to (a transmission with several receivers): told once per settled change,
   * at its first victim, however many of its receivers' sinks changed
   */
  readonly owner?: object;
  /** called at once whenever the interference at its sink changed, materially or not */
  touched?(): void;
}

/** Where a medium sits in the spectrum: its band and the field that tracks the band. */
export interface MediumBand {
  /** the interference field of the run */
  field: InterferenceField;
  /** the band's key, e.g. `uplink/0` */
  band: string;
}

/** A receiver and the medium its receptions share: where interference is summed. */
export class Sink {
  /** interference at the receiver over the whole band (W) */
  sumW = 0;
  /** what the victims last planned with (W) */
  seenW = 0;
  /** noise over the whole band at the receiver (W): the scale of a material change */
  readonly noiseW: number;
  /** the receptions that read this sink */
  readonly victims = new Set<Victim>();
  /** of those, the ones told of every change (`touched`): few, however many victims */
  readonly watchers = new Set<Victim>();
  /** removed from its band (no victim left) */
  dead = false;
  /** when its victims were last told of a change (ns): a time-shared medium's, at most once a step */
  toldNs = -Infinity;
  /** a telling is pending at the end of the step */
  deferred = false;

  /**
   * @param band - the band key
   * @param receiver - the receiving end
   * @param medium - the medium the victims share (its own transmissions are not interference)
   * @param bandwidthHz - the band's width (Hz)
   */
  constructor(
    readonly band: string,
    readonly receiver: ChannelEnd,
    readonly medium: object,
    bandwidthHz: number,
  ) {
    this.noiseW = dbmToW(noisePowerDbm(bandwidthHz, receiver.radio.noiseFigureDb));
  }
}

/** An on-air interferer's record: its medium, its duty group, and what it adds to each sink (W, before the duty). */
interface Entry {
  medium: object;
  group: DutyGroup | undefined;
  adds: Map<Sink, number>;
  /** the power it radiated when its contributions were last computed (W) */
  radiatedW: number;
}

/** A duty group's scale and the sum of its members' (unscaled) contributions at each sink (W). */
interface GroupState {
  factor: number;
  raw: Map<Sink, number>;
}

/**
 * The channel from one sender to one receiver, with its mean received power at the last instant
 * it was asked (W). Every transmission of a sender (an edge's OFDMA downlinks) reaches a receiver
 * through the same channel: at one instant its mean received power is evaluated once and shared by
 * all of them, and by every change of their power shares (a re-split announces each user).
 */
interface Path {
  readonly channel: RadioChannel;
  /** the instant `meanW` was evaluated at (ns); NaN before the first */
  atNs: number;
  /** the end it was evaluated from (the sender's end object) */
  from: ChannelEnd | undefined;
  /** the sender's mean received power at the receiver at `atNs`, at its node's full power (W) */
  meanW: number;
}

interface BandState {
  /** on-air interferers */
  interferers: Map<Interferer, Entry>;
  /** sinks whose receiver moves: while there are none, a static interferer's contributions hold */
  movingSinks: number;
  /** sinks by receiver id and medium */
  sinks: Map<string, Map<object, Sink>>;
}

/** Relative change of a sink's interference (against noise + what was seen) that makes victims replan. */
const MATERIAL = 0.01;

/** Whether a sink's interference moved by more than {@link MATERIAL} of (noise + what its victims saw). */
function material(sink: Sink): boolean {
  return Math.abs(sink.sumW - sink.seenW) > MATERIAL * (sink.noiseW + sink.seenW);
}

/** Tells a sink's victims that its sum changed (they rate with it at their next plan). */
function touch(sink: Sink): void {
  for (const v of sink.watchers) v.touched!();
}

/** The on-air transmissions and the interference sums of every band of a run. */
export class InterferenceField {
  private readonly bands = new Map<string, BandState>();
  private readonly paths = new Map<string, Map<string, Path>>(); // sender → receiver → path
  private readonly dirty = new Set<Sink>();
  private readonly groups = new Map<DutyGroup, GroupState>();
  private readonly settled: SettledCallback;

  /**
   * @param sim - the simulator
   * @param channelBetween - the channel between two nodes (created on first use)
   * @param bandwidthHz - the width of a band (Hz): an interferer's power is spread over it
   * @param stepS - the radio's step (s): victims on a time-shared medium learn of changes at most
   *   once a step
   */
  constructor(
    private readonly sim: Simulator,
    private readonly channelBetween: (a: string, b: string) => RadioChannel,
    readonly bandwidthHz: number,
    readonly stepS = 0.1,
  ) {
    this.settled = new SettledCallback(sim, () => this.flush());
  }

  private state(band: string): BandState {
    let s = this.bands.get(band);
    if (s === undefined) this.bands.set(band, (s = { interferers: new Map(), movingSinks: 0, sinks: new Map() }));
    return s;
  }

  /** The paths from sender `id` to each receiver. */
  private pathsFrom(id: string): Map<string, Path> {
    let row = this.paths.get(id);
    if (row === undefined) this.paths.set(id, (row = new Map()));
    return row;
  }

  /**
   * What `who` adds at `sink` now (W), its sender's paths being `row`. The mean received power at
   * full power is evaluated once per (sender, receiver, instant): the channel's value at one instant
   * is the same however often it is asked (its geometry, LOS draw and the distance its ends have
   * travelled by then do not depend on how often it is asked), so the product is bit for bit the one
   * a fresh evaluation gives.
   */
  private contribution(who: Interferer, medium: object, sink: Sink, row: Map<string, Path>): number {
    if (medium === sink.medium || who.radiatedW <= 0) return 0;
    const from = who.senderEnd;
    const rxId = sink.receiver.id;
    if (from.id === rxId) return 0;
    let path = row.get(rxId);
    if (path === undefined) row.set(rxId, (path = { channel: this.channelBetween(from.id, rxId), atNs: Number.NaN, from: undefined, meanW: 0 }));
    const nowNs = this.sim.nowNs;
    if (path.atNs !== nowNs || path.from !== from) {
      path.meanW = path.channel.meanRxPowerW(from, this.sim.now);
      path.atNs = nowNs;
      path.from = from;
    }
    return path.meanW * (who.radiatedW / who.nodePowerW);
  }

  /**
   * A transmission is on the air on `band` through `medium` (or changed its bandwidth or power, or
   * moved a step on), or left it (`on` false): its contributions to the band's sinks are updated.
   * @param band - the band key
   * @param who - the transmission
   * @param medium - the medium it shares
   * @param on - whether it is on the air now
   */
  update(band: string, who: Interferer, medium: object, on: boolean): void {
    const s = this.bands.get(band) ?? (on ? this.state(band) : undefined);
    if (s === undefined) return;
    let entry = s.interferers.get(who);
    if (!on && entry === undefined) return;
    // Still on at the same power, static, towards static receivers: every contribution is as it was
    // (a re-split of its medium re-announces each user, most with unchanged power).
    if (on && entry !== undefined && entry.radiatedW === who.radiatedW && entry.group === who.dutyGroup && s.movingSinks === 0 && who.senderEnd.mobility.name === 'static') return;
    if (entry !== undefined && entry.group !== who.dutyGroup) {
      // It changed between the equal split and taking turns: withdraw it, then add it afresh.
      for (const [sink, w] of entry.adds) if (!sink.dead) this.add(sink, entry.group, 0, w);
      entry.adds.clear();
      entry.group = who.dutyGroup;
    }
    if (entry === undefined) s.interferers.set(who, (entry = { medium, group: who.dutyGroup, adds: new Map(), radiatedW: who.radiatedW }));
    entry.radiatedW = who.radiatedW;
    for (const sink of entry.adds.keys()) if (sink.dead) entry.adds.delete(sink);
    const row = this.pathsFrom(who.senderEnd.id);
    for (const byMedium of s.sinks.values()) {
      for (const sink of byMedium.values()) {
        const old = entry.adds.get(sink) ?? 0;
        const now = on ? this.contribution(who, medium, sink, row) : 0;
        if (now === old) continue;
        this.add(sink, entry.group, now, old);
        if (now > 0) entry.adds.set(sink, now);
        else entry.adds.delete(sink);
        this.markDirty(sink);
      }
    }
    if (!on) s.interferers.delete(who);
  }

  /**
   * A time-shared medium's duty changed (a user joined or left it): its users' mean interference
   * at every sink scales with it. One update per sink the medium reaches, whatever its users.
   * @param band - the medium's band
   * @param group - its clock
   * @param duty - the new duty
   */
  rescale(band: string, group: DutyGroup, duty: number): void {
    const g = this.groups.get(group);
    if (g === undefined || !this.bands.has(band)) return;
    const old = g.factor;
    g.factor = duty;
    for (const [sink, raw] of g.raw) {
      if (sink.dead) {
        g.raw.delete(sink);
        continue;
      }
      sink.sumW = Math.max(0, sink.sumW + (duty - old) * raw);
      touch(sink);
      this.markDirty(sink);
    }
  }

  /** An interferer in `group` (or none) now adds `nowW` at a sink instead of `oldW` (before the duty). */
  private add(sink: Sink, group: DutyGroup | undefined, nowW: number, oldW: number): void {
    touch(sink);
    if (group === undefined) {
      sink.sumW = Math.max(0, sink.sumW + nowW - oldW);
      return;
    }
    const deltaW = nowW - oldW;
    let g = this.groups.get(group);
    if (g === undefined) this.groups.set(group, (g = { factor: group.duty, raw: new Map() }));
    const raw = (g.raw.get(sink) ?? 0) + deltaW;
    if (raw > 0) g.raw.set(sink, raw);
    else g.raw.delete(sink);
    sink.sumW = Math.max(0, sink.sumW + g.factor * deltaW);
  }

  /**
   * A reception starts reading interference at `receiver` (its transmission is on the air).
   * @returns its sink, for {@link interferenceW} and {@link detach}
   */
  attach(band: string, medium: object, receiver: ChannelEnd, victim: Victim): Sink {
    const s = this.state(band);
    let byMedium = s.sinks.get(receiver.id);
    if (byMedium === undefined) s.sinks.set(receiver.id, (byMedium = new Map()));
    let sink = byMedium.get(medium);
    if (sink === undefined) {
      sink = new Sink(band, receiver, medium, this.bandwidthHz);
      byMedium.set(medium, sink);
      if (receiver.mobility.name !== 'static') s.movingSinks++;
      for (const [who, entry] of s.interferers) {
        const w = this.contribution(who, entry.medium, sink, this.pathsFrom(who.senderEnd.id));
        if (w > 0) {
          entry.adds.set(sink, w);
          this.add(sink, entry.group, w, 0);
        }
      }
      sink.seenW = sink.sumW;
    }
    sink.victims.add(victim);
    if (victim.touched !== undefined) sink.watchers.add(victim);
    return sink;
  }

  /** A reception stops reading its sink; a sink without readers is dropped. */
  detach(sink: Sink, victim: Victim): void {
    sink.victims.delete(victim);
    sink.watchers.delete(victim);
    if (sink.victims.size > 0 || sink.dead) return;
    sink.dead = true; // interferers drop their entries for it lazily
    if (sink.receiver.mobility.name !== 'static') this.bands.get(sink.band)!.movingSinks--;
    const byMedium = this.bands.get(sink.band)?.sinks.get(sink.receiver.id);
    byMedium?.delete(sink.medium);
    if (byMedium?.size === 0) this.bands.get(sink.band)!.sinks.delete(sink.receiver.id);
  }

  /**
   * Interference in a victim's band (W): the sink's sum scaled by the fraction of the band it uses.
   * @param sink - the victim's sink
   * @param bandwidthHz - the victim's bandwidth (Hz)
   */
  interferenceW(sink: Sink, bandwidthHz: number): number {
    return sink.sumW * Math.min(1, bandwidthHz / this.bandwidthHz);
  }

  private markDirty(sink: Sink): void {
    if (sink.victims.size === 0 || !material(sink)) return;
    this.dirty.add(sink);
    this.settled.request();
  }

  private flush(): void {
    const sinks = [...this.dirty];
    this.dirty.clear();
    const nowNs = this.sim.nowNs;
    const told = new Set<object>(); // a broadcast to K receivers replans once, not K times
    for (const sink of sinks) {
      if (sink.dead || !material(sink)) continue;
      if ((sink.medium as TurnTaking).takingTurns === true) {
        // Its users take turns (more than one per resource block): their rates are averages over
        // TTIs and follow interference at the radio's step, as a moving user's channel does — not
        // at every join or leave of another cell, which would re-rate all K victims each time.
        const readyNs = sink.toldNs + Math.ceil(this.stepS * NS_PER_S);
        if (nowNs < readyNs) {
          if (!sink.deferred) {
            sink.deferred = true;
            this.sim.atNs(readyNs, () => {
              sink.deferred = false;
              this.markDirty(sink);
            });
          }
          continue;
        }
        sink.toldNs = nowNs;
      }
      sink.seenW = sink.sumW;
      for (const v of [...sink.victims]) {
        const key = v.owner ?? v;
        if (told.has(key)) continue;
        told.add(key);
        v.interferenceChanged();
      }
    }
  }
}
