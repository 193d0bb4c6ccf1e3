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
 * running sum over *emitters*: a sending node's on-air transmissions through one medium (under
 * one duty group), whose interference is its node's mean received power scaled by the summed
 * share of the node's power they radiate. Announcements of its transmissions (start, end, a new
 * bandwidth or power) only mark the emitter; once the instant's changes have settled its summed
 * power is compared with the one its contributions assume, and the sinks of the band are updated
 * only when it changed (by more than 1e-12 of the node's power): the re-split of an edge's OFDMA
 * downlink re-announces every user, yet their shares still sum to the whole power, so it costs no
 * sink update. An emitter is also re-evaluated when its sender has moved {@link REFRESH_M} (at
 * its rate steps), and a sink when its receiver has (at its victims' rate evaluations): mean
 * received powers follow distance and shadowing over metres. Victims are told to replan only
 * when their sink's interference changed by more than 1 % of (noise + the interference they last
 * saw) over the band: many small, distant changes never cascade into replanning every
 * transmission of the band.
 *
 * Range. With `radio.interferenceRangeM` a transmission in one cell reaches only the receivers of
 * the cells whose edge center (the medium's anchor, {@link InterferenceField.place}) lies within
 * range of its own; sinks are also kept by medium, so an emitter's update visits only those
 * cells' sinks (a world whose cells grow with its population costs each change its neighbours).
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import { SettledCallback } from '../engine/settle.js';
import type { ChannelEnd, RadioChannel } from '../radio/channel.js';
import { hypot3, type Vec3 } from '../mobility/vec.js';
import { NS_PER_S } from '../engine/time.js';
import { REFRESH_M } from './emission.js';
import { InterferenceReach } from './interferenceReach.js';
import { SAME_POWER, newBandState, summedW, type BandState, type Emitter, type GroupState } from './interferenceState.js';
import { Sink, type DutyGroup, type Interferer, type TurnTaking, type Victim } from './interferenceSink.js';
export { Sink, type DutyGroup, type Interferer, type MediumBand, type TurnTaking, type Victim } from './interferenceSink.js';

/** Scratch position for a moving receiver's check (read at once, never kept). */
const SCRATCH: Vec3 = { x: 0, y: 0, z: 0 };

/** The on-air transmissions and the interference sums of every band of a run. */
export class InterferenceField {
  private readonly bands = new Map<string, BandState>();
  private readonly channels = new Map<string, Map<string, RadioChannel>>(); // sender → receiver → channel
  private readonly dirty = new Set<Sink>();
  private readonly pending = new Map<Emitter, BandState>(); // emitters announced since the last settling
  private readonly groups = new Map<DutyGroup, GroupState>();
  private readonly settled: SettledCallback;
  private flushing = false;

  /**
   * @param sim - the simulator
   * @param channelBetween - the channel between two nodes (created on first use)
   * @param bandwidthHz - the width of a band (Hz): an interferer's power is spread over it
   * @param stepS - the radio's step (s): victims on a time-shared medium learn of changes at most
   *   once a step
   * @param rangeM - how far interference reaches (m): a transmission in a cell adds nothing at the
   *   receivers of a cell whose anchor (edge center) is farther than this from its own
   *   (`radio.interferenceRangeM`; default unlimited)
   */
  constructor(
    private readonly sim: Simulator,
    private readonly channelBetween: (a: string, b: string) => RadioChannel,
    readonly bandwidthHz: number,
    readonly stepS = 0.1,
    rangeM = Infinity,
  ) {
    this.settled = new SettledCallback(sim, () => this.flush());
    this.reach = new InterferenceReach(rangeM);
  }

  /** Which cells hear which (the interference range). */
  private readonly reach: InterferenceReach;

  /**
   * Places a medium at its cell's edge center, from which the interference range is measured.
   * @param medium - the medium
   * @param anchor - its edge center's end
   */
  place(medium: object, anchor: ChannelEnd): void {
    this.reach.place(medium, anchor);
  }

  private state(band: string): BandState {
    let s = this.bands.get(band);
    if (s === undefined) this.bands.set(band, (s = newBandState()));
    return s;
  }

  /** The channels from sender `id` to each receiver. */
  private channelsFrom(id: string): Map<string, RadioChannel> {
    let row = this.channels.get(id);
    if (row === undefined) this.channels.set(id, (row = new Map()));
    return row;
  }

  /**
   * What emitter `e` adds at `sink` now (W), its sender's channels being `row`. The channel keeps
   * its mean received power for the instant (see {@link RadioChannel.meanRxPowerW}): the emitters
   * and sinks asking at one instant share one evaluation.
   */
  private contribution(e: Emitter, sink: Sink, row: Map<string, RadioChannel>): number {
    if (e.medium === sink.medium || e.appliedW <= 0) return 0;
    const from = e.sender;
    const rxId = sink.receiver.id;
    if (from.id === rxId) return 0;
    let channel = row.get(rxId);
    if (channel === undefined) row.set(rxId, (channel = this.channelBetween(from.id, rxId)));
    return channel.meanRxPowerW(from, this.sim.now) * (e.appliedW / e.nodePowerW);
  }

  /**
   * A transmission is on the air on `band` through `medium` (or changed its bandwidth or power),
   * or left it (`on` false): its emitter's contributions to the band's sinks are brought up to
   * date once the instant's changes have settled.
   * @param band - the band key
   * @param who - the transmission
   * @param medium - the medium it shares
   * @param on - whether it is on the air now
   * @param moved - its sender moved since its contributions were evaluated: evaluate them afresh
   */
  update(band: string, who: Interferer, medium: object, on: boolean, moved = false): void {
    const s = this.bands.get(band) ?? (on ? this.state(band) : undefined);
    if (s === undefined) return;
    const before = s.memberOf.get(who);
    // Still on the air through the same medium and duty group (a new share): its emitter, found without a lookup.
    const now = !on ? undefined : before !== undefined && before.medium === medium && before.group === who.dutyGroup ? before : this.emitterFor(s, who, medium);
    if (before !== undefined && before !== now) {
      before.members.delete(who); // it left the air, or changed between the equal split and taking turns
      s.memberOf.delete(who);
      this.mark(s, before, before.members.size + 1, true);
    }
    if (now === undefined) return;
    const membersBefore = now.members.size;
    now.members.add(who);
    s.memberOf.set(who, now);
    if (moved) now.refresh = true;
    this.mark(s, now, membersBefore, before !== now);
  }

  /** The emitter of `who`'s sender through `medium` under its duty group, made on first use. */
  private emitterFor(s: BandState, who: Interferer, medium: object): Emitter {
    const key = who.dutyGroup ?? medium;
    let bySender = s.emitters.get(key);
    if (bySender === undefined) s.emitters.set(key, (bySender = new Map()));
    const sender = who.senderEnd;
    let e = bySender.get(sender.id);
    if (e === undefined) bySender.set(sender.id, (e = { medium, group: who.dutyGroup, sender, nodePowerW: who.nodePowerW, members: new Set(), appliedW: 0, adds: new Map(), refresh: false, stale: false }));
    return e;
  }

  /**
   * An emitter's members or their powers changed. A lone transmission coming on or off the air (a
   * terminal's upload) counts at once; any other change (an edge's downlinks, a new share) once
   * the instant has settled, for the users of a medium are re-announced one by one as it re-splits
   * and their transmitter re-shares its power, and only the settled sum of their powers matters.
   */
  private mark(s: BandState, e: Emitter, membersBefore: number, joinedOrLeft: boolean): void {
    if (s.sinkCount === (s.sinksOn.get(e.medium) ?? 0) && !this.pending.has(e)) {
      // Nobody on another medium hears it (a lone cell): its summed power is wanted only when one does.
      e.stale = true;
      e.refresh = false;
      return;
    }
    if (joinedOrLeft && e.members.size <= 1 && membersBefore <= 1 && !this.pending.has(e)) return this.apply(s, e);
    this.pending.set(e, s);
    this.settled.request();
  }

  /** Brings an emitter's contributions up to date: its members' summed power now (0 once none is left). */
  private apply(s: BandState, e: Emitter): void {
    const radiatedW = summedW(e);
    if (e.members.size === 0) s.emitters.get(e.group ?? e.medium)?.delete(e.sender.id);
    e.stale = false;
    if (!e.refresh && Math.abs(radiatedW - e.appliedW) <= SAME_POWER * e.nodePowerW && (radiatedW > 0) === (e.appliedW > 0)) return;
    e.refresh = false;
    e.appliedW = radiatedW;
    for (const sink of e.adds.keys()) if (sink.dead) e.adds.delete(sink);
    const row = this.channelsFrom(e.sender.id);
    if (this.reach.unlimited) {
      // Every sink of the band, in the order they came (the order victims are told in).
      for (const byMedium of s.sinks.values()) for (const sink of byMedium.values()) this.set(e, sink, row);
    } else {
      // The media within range only (the others never got anything from it: anchors are fixed).
      for (const [medium, sinks] of s.sinksByMedium) if (this.reach.reaches(e.medium, medium)) for (const sink of sinks) this.set(e, sink, row);
    }
  }

  /** Sets what emitter `e` adds at `sink` now (its sender's channels being `row`). */
  private set(e: Emitter, sink: Sink, row: Map<string, RadioChannel>): void {
    const old = e.adds.get(sink) ?? 0;
    const now = this.contribution(e, sink, row);
    if (now === old) return;
    this.add(sink, e.group, now, old);
    if (now > 0) e.adds.set(sink, now);
    else e.adds.delete(sink);
    this.markDirty(sink);
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
    for (const sink of g.raw.keys()) {
      if (sink.dead) {
        g.raw.delete(sink);
        continue;
      }
      sink.sumW = Math.max(0, sink.sumW + (duty - old) * g.raw.get(sink)!);
      sink.touch();
      this.markDirty(sink);
    }
  }

  /** An emitter in `group` (or none) now adds `nowW` at a sink instead of `oldW` (before the duty). */
  private add(sink: Sink, group: DutyGroup | undefined, nowW: number, oldW: number): void {
    sink.touch();
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

  /** Evaluates every emitter's contribution at `sink` afresh (W). */
  private evaluate(s: BandState, sink: Sink): void {
    for (const bySender of s.emitters.values()) {
      for (const e of bySender.values()) {
        if (e.stale) {
          // No sink could hear it when it last changed (any sink then was on its own medium).
          e.stale = false;
          e.appliedW = summedW(e);
          if (e.members.size === 0) bySender.delete(e.sender.id);
        }
        if (!this.reach.reaches(e.medium, sink.medium)) continue;
        const old = e.adds.get(sink) ?? 0;
        const now = this.contribution(e, sink, this.channelsFrom(e.sender.id));
        if (now === old) continue;
        this.add(sink, e.group, now, old);
        if (now > 0) e.adds.set(sink, now);
        else e.adds.delete(sink);
      }
    }
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
      s.sinkCount++;
      s.sinksOn.set(medium, (s.sinksOn.get(medium) ?? 0) + 1);
      let same = s.sinksByMedium.get(medium);
      if (same === undefined) s.sinksByMedium.set(medium, (same = new Set()));
      same.add(sink);
      this.evaluate(s, sink);
      sink.seenW = sink.sumW;
      if (receiver.mobility.name !== 'static') {
        sink.refreshedAt = receiver.mobility.positionAt(this.sim.now);
        sink.checkedNs = this.sim.nowNs;
      }
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
    sink.dead = true; // emitters drop their entries for it lazily
    const s = this.bands.get(sink.band)!;
    s.sinkCount--;
    const onMedium = s.sinksOn.get(sink.medium)! - 1;
    if (onMedium > 0) s.sinksOn.set(sink.medium, onMedium);
    else s.sinksOn.delete(sink.medium);
    const byMedium = s.sinks.get(sink.receiver.id);
    byMedium?.delete(sink.medium);
    if (byMedium?.size === 0) s.sinks.delete(sink.receiver.id);
    const same = s.sinksByMedium.get(sink.medium);
    same?.delete(sink);
    if (same?.size === 0) s.sinksByMedium.delete(sink.medium);
  }

  /**
   * Interference in a victim's band (W): the sink's sum scaled by the fraction of the band it uses.
   * A moving receiver's sum is first evaluated afresh from every emitter once it has moved
   * {@link REFRESH_M} since the last time (checked at most once per instant).
   * @param sink - the victim's sink
   * @param bandwidthHz - the victim's bandwidth (Hz)
   */
  interferenceW(sink: Sink, bandwidthHz: number): number {
    if (sink.refreshedAt !== undefined && sink.checkedNs !== this.sim.nowNs && !sink.dead) this.followReceiver(sink);
    return sink.sumW * Math.min(1, bandwidthHz / this.bandwidthHz);
  }

  /** Re-evaluates a moving receiver's sink once it has moved {@link REFRESH_M}. */
  private followReceiver(sink: Sink): void {
    sink.checkedNs = this.sim.nowNs;
    const m = sink.receiver.mobility;
    const p = m.positionInto === undefined ? m.positionAt(this.sim.now) : m.positionInto(this.sim.now, SCRATCH);
    const q = sink.refreshedAt!;
    if (hypot3(p.x - q.x, p.y - q.y, p.z - q.z) < REFRESH_M) return;
    sink.refreshedAt = { x: p.x, y: p.y, z: p.z };
    const s = this.bands.get(sink.band);
    if (s === undefined) return;
    this.evaluate(s, sink);
    this.markDirty(sink);
  }

  private markDirty(sink: Sink): void {
    if (sink.victims.size === 0 || !sink.material()) return;
    this.dirty.add(sink);
    if (!this.flushing) this.settled.request();
  }

  private flush(): void {
    this.flushing = true;
    try {
      this.pending.forEach(this.applyEach); // (for…of over entries built a pair per emitter)
    } finally {
      this.flushing = false;
    }
    this.pending.clear();
    // Scratch reused from one flush to the next (a flush is never re-entered: it runs in its own event).
    const sinks = this.sinksScratch;
    for (const sink of this.dirty) sinks.push(sink);
    this.dirty.clear();
    const nowNs = this.sim.nowNs;
    const told = this.toldScratch; // a broadcast to K receivers replans once, not K times
    try {
      this.tell(sinks, told, nowNs);
    } finally {
      sinks.length = 0;
      told.clear();
    }
  }

  private readonly applyEach = (s: BandState, e: Emitter): void => this.apply(s, e);
  private readonly sinksScratch: Sink[] = [];
  private readonly toldScratch = new Set<object>();
  private readonly victimsScratch: Victim[] = [];

  /** Tells the victims of the sinks whose change is material (a time-shared medium's at most once a step). */
  private tell(sinks: readonly Sink[], told: Set<object>, nowNs: number): void {
    for (const sink of sinks) {
      if (sink.dead || !sink.material()) continue;
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
      sink.tell(told, this.victimsScratch);
    }
  }
}
