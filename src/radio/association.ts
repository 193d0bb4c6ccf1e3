/**
 * Association and handover: each terminal attaches to the edge center with the strongest mean
 * received power (path loss and shadowing; fast fading averages out of a measurement), and hands
 * over when another edge is stronger by the hysteresis margin for the whole time-to-trigger
 * (3GPP event A3). Mobile terminals measure every `measurementPeriodS`; static ones once.
 * Measurements are daemon events: they go on while other work does (or to the horizon).
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import type { MobilityModel } from '../mobility/model.js';
import type { RadioChannel, ChannelEnd } from './channel.js';

/** Association settings (`radio.association`). */
export interface AssociationSpec {
  /** A3 offset: a neighbour must be this much stronger (dB); default 3 */
  hysteresisDb?: number;
  /** for this long (s); default 0.16 */
  timeToTriggerS?: number;
  /** measurement period of mobile terminals (s); default 0.1 */
  measurementPeriodS?: number;
}

/** Payload of `handover` (and of the first attachment, with `from` null). */
export interface HandoverTrace {
  /** terminal */
  node: string;
  /** serving edge before, or null at first attachment */
  from: string | null;
  /** serving edge after */
  to: string;
  /** received power from the new edge (dBm) */
  rxPowerDbm: number;
}

declare module '../engine/trace.js' {
  interface TraceEventMap {
    /** a terminal changed serving edge center */
    handover: HandoverTrace;
    /** a terminal attached to its first edge center */
    attach: HandoverTrace;
  }
}

/** An edge center a terminal may attach to. */
export interface CandidateEdge {
  /** the edge's end */
  end: ChannelEnd;
  /** the channel between terminal and edge */
  channel: RadioChannel;
}

/** A terminal and the edge centers it may attach to. */
export interface AssociationCandidate {
  /** the terminal's end */
  terminal: ChannelEnd;
  /** candidate edges: their ends and the channels to them */
  edges: CandidateEdge[];
}

/** The association of every terminal. */
export class Association {
  private readonly serving = new Map<string, string>();
  private readonly counts = new Map<string, number>();
  private readonly settings: Required<AssociationSpec>;

  /**
   * @param sim - the simulator
   * @param candidates - terminals and their candidate edges
   * @param spec - hysteresis, time to trigger, measurement period
   * @param onHandover - called after a handover (interrupt transfers to the old edge)
   */
  constructor(
    private readonly sim: Simulator,
    private readonly candidates: AssociationCandidate[],
    spec: AssociationSpec,
    private readonly onHandover: (terminal: string, from: string, to: string) => void,
  ) {
    this.settings = { hysteresisDb: spec.hysteresisDb ?? 3, timeToTriggerS: spec.timeToTriggerS ?? 0.16, measurementPeriodS: spec.measurementPeriodS ?? 0.1 };
  }

  /** Starts measuring: every terminal attaches at its first presence. */
  start(): void {
    for (const c of this.candidates) {
      if (c.edges.length === 0) continue;
      let triggerSince: number | undefined;
      let target: string | undefined;
      const measure = (): void => {
        const now = this.sim.now;
        const mobile = !isStatic(c.terminal.mobility);
        if (c.terminal.mobility.presentAt(now)) {
          let best = c.edges[0]!;
          let bestP = -Infinity;
          let servingP = -Infinity;
          const current = this.serving.get(c.terminal.id);
          for (const e of c.edges) {
            const p = e.channel.meanRxPowerDbm(e.end, now);
            if (p > bestP) {
              bestP = p;
              best = e;
            }
            if (e.end.id === current) servingP = p;
          }
          if (current === undefined) {
            this.serving.set(c.terminal.id, best.end.id);
            this.sim.trace.emit('attach', { node: c.terminal.id, from: null, to: best.end.id, rxPowerDbm: bestP });
          } else if (best.end.id !== current && bestP > servingP + this.settings.hysteresisDb) {
            if (target !== best.end.id) {
              target = best.end.id;
              triggerSince = now;
            }
            if (now - triggerSince! >= this.settings.timeToTriggerS - 1e-12) {
              this.serving.set(c.terminal.id, best.end.id);
              this.counts.set(c.terminal.id, (this.counts.get(c.terminal.id) ?? 0) + 1);
              this.sim.trace.emit('handover', { node: c.terminal.id, from: current, to: best.end.id, rxPowerDbm: bestP });
              this.onHandover(c.terminal.id, current, best.end.id);
              target = undefined;
              triggerSince = undefined;
            }
          } else {
            target = undefined;
            triggerSince = undefined;
          }
        }
        if (mobile || !this.serving.has(c.terminal.id)) this.sim.schedule(this.settings.measurementPeriodS, measure, { priority: -1, daemon: true });
      };
      this.sim.schedule(0, measure, { priority: -1, daemon: true });
    }
  }

  /** The edge serving `terminal` now, if attached. */
  servingEdge(terminal: string): string | undefined {
    return this.serving.get(terminal);
  }

  /** Handovers of `terminal` so far. */
  handovers(terminal: string): number {
    return this.counts.get(terminal) ?? 0;
  }
}

function isStatic(m: MobilityModel): boolean {
  return m.name === 'static';
}
