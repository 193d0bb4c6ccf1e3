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
    /** a terminal out of coverage for the configured time drops out (fails) */
    dropout: CoverageTrace;
    /** a dropped-out terminal is back in coverage */
    'coverage.regained': CoverageTrace;
  }
}

/** An edge center a terminal may attach to. */
export interface CandidateEdge {
  /** the edge's end */
  end: ChannelEnd;
  /** the channel between terminal and edge */
  channel: RadioChannel;
}

/** Coverage checks done with the association's measurements. */
export interface CoverageCheck {
  /** SNR below which a terminal is out of coverage (dB) */
  minSnrDb: number;
  /** for this long (s) */
  forS: number;
  /** the terminal's noise power over the band (dBm) */
  noiseDbm(terminal: string): number;
  /** the terminal has been out of coverage for `forS` */
  lost(terminal: string): void;
  /** the terminal is back in coverage */
  regained(terminal: string): void;
}

/** Payload of `dropout` and `coverage.regained`. */
export interface CoverageTrace {
  /** terminal */
  node: string;
  /** its best downlink SNR (dB) */
  snrDb: number;
}

/** A terminal and the edge centers it may attach to. */
export interface AssociationCandidate {
  /** the terminal's end */
  terminal: ChannelEnd;
  /** candidate edges: their ends and the channels to them */
  edges: CandidateEdge[];
}

/** A terminal's measurement state (A3 trigger, coverage timer). */
interface TerminalState {
  c: AssociationCandidate;
  /** re-measured periodically: the terminal or one of its candidate edge centers moves */
  mobile: boolean;
  target: string | undefined;
  triggerSince: number | undefined;
  weakSince: number | undefined;
  dropped: boolean;
  /** its periodic measurement is scheduled */
  looping: boolean;
}

/** The association of every terminal. */
export class Association {
  private readonly serving = new Map<string, string>();
  private readonly counts = new Map<string, number>();
  private readonly settings: Required<AssociationSpec>;
  /** per edge center: the terminals that may attach to it */
  private readonly byEdge = new Map<string, TerminalState[]>();

  /**
   * @param sim - the simulator
   * @param candidates - terminals and their candidate edges
   * @param spec - hysteresis, time to trigger, measurement period
   * @param onHandover - called after a handover (interrupt transfers to the old edge)
   * @param coverage - coverage-loss checks, if any
   * @param edgeUp - whether an edge center works now (a failed or absent one serves nobody); default: always
   */
  constructor(
    private readonly sim: Simulator,
    private readonly candidates: AssociationCandidate[],
    spec: AssociationSpec,
    private readonly onHandover: (terminal: string, from: string, to: string) => void,
    private readonly coverage?: CoverageCheck,
    private readonly edgeUp: (edge: string) => boolean = () => true,
  ) {
    this.settings = { hysteresisDb: spec.hysteresisDb ?? 3, timeToTriggerS: spec.timeToTriggerS ?? 0.16, measurementPeriodS: spec.measurementPeriodS ?? 0.1 };
  }

  /** Starts measuring: every terminal attaches at its first presence. */
  start(): void {
    for (const c of this.candidates) {
      if (c.edges.length === 0) continue;
      // Re-measured while the terminal or one of its candidate edge centers (vehicular, UAV) moves.
      const mobile = !isStatic(c.terminal.mobility) || c.edges.some((e) => !isStatic(e.end.mobility));
      const st: TerminalState = { c, mobile, target: undefined, triggerSince: undefined, weakSince: undefined, dropped: false, looping: false };
      for (const e of c.edges) {
        const list = this.byEdge.get(e.end.id);
        if (list === undefined) this.byEdge.set(e.end.id, [st]);
        else list.push(st);
      }
      this.loop(st, 0);
    }
  }

  /**
   * Measures a terminal after `delayS`, then every measurement period while it or an edge moves,
   * it is not attached, or a handover trigger is pending (a static terminal's A3 trigger after an
   * edge came back).
   */
  private loop(st: TerminalState, delayS: number): void {
    st.looping = true;
    this.sim.schedule(
      delayS,
      () => {
        this.measure(st);
        if (st.mobile || !this.serving.has(st.c.terminal.id) || st.target !== undefined) this.loop(st, this.settings.measurementPeriodS);
        else st.looping = false;
      },
      { priority: -1, daemon: true },
    );
  }

  /**
   * An edge center failed or came back: the terminals that may attach to it measure now, so those
   * it served re-attach at once to the strongest working edge covering them (a radio-link failure
   * and re-establishment, without the A3 hysteresis and time to trigger), and static ones see it
   * come back.
   * @param edge - the edge center
   */
  edgeChanged(edge: string): void {
    for (const st of this.byEdge.get(edge) ?? []) {
      this.measure(st);
      if (!st.looping && st.target !== undefined) this.loop(st, this.settings.measurementPeriodS);
    }
  }

  /** One measurement of a terminal: attach, hand over (A3, or at once when its edge is down), coverage. */
  private measure(st: TerminalState): void {
    const { c } = st;
    const now = this.sim.now;
    if (!c.terminal.mobility.presentAt(now)) return;
    let best: CandidateEdge | undefined;
    let bestP = -Infinity;
    let servingP = -Infinity;
    const current = this.serving.get(c.terminal.id);
    const servingDown = current !== undefined && !this.edgeUp(current);
    for (const e of c.edges) {
      if (!this.edgeUp(e.end.id)) continue;
      const p = e.channel.meanRxPowerDbm(e.end, now);
      if (best === undefined || p > bestP) {
        bestP = p;
        best = e;
      }
      if (e.end.id === current) servingP = p;
    }
    const cov = this.coverage;
    if (cov !== undefined) {
      // Downlink SNR from the best working edge: its power at the terminal over the terminal's noise.
      const snrDb = best === undefined ? -Infinity : bestP - cov.noiseDbm(c.terminal.id);
      if (snrDb < cov.minSnrDb) {
        st.weakSince ??= now;
        if (!st.dropped && now - st.weakSince >= cov.forS - 1e-12) {
          st.dropped = true;
          this.sim.trace.emit('dropout', { node: c.terminal.id, snrDb });
          cov.lost(c.terminal.id);
        }
      } else {
        st.weakSince = undefined;
        if (st.dropped) {
          st.dropped = false;
          this.sim.trace.emit('coverage.regained', { node: c.terminal.id, snrDb });
          cov.regained(c.terminal.id);
        }
      }
    }
    if (best === undefined) return; // no working edge: it keeps its serving edge (if any) until one works
    if (current === undefined) {
      this.serving.set(c.terminal.id, best.end.id);
      this.sim.trace.emit('attach', { node: c.terminal.id, from: null, to: best.end.id, rxPowerDbm: bestP });
    } else if (best.end.id !== current && (servingDown || bestP > servingP + this.settings.hysteresisDb)) {
      // Its serving edge is down: re-attach now; else the A3 trigger must hold.
      if (st.target !== best.end.id) {
        st.target = best.end.id;
        st.triggerSince = now;
      }
      if (servingDown || now - st.triggerSince! >= this.settings.timeToTriggerS - 1e-12) {
        this.serving.set(c.terminal.id, best.end.id);
        this.counts.set(c.terminal.id, (this.counts.get(c.terminal.id) ?? 0) + 1);
        this.sim.trace.emit('handover', { node: c.terminal.id, from: current, to: best.end.id, rxPowerDbm: bestP });
        this.onHandover(c.terminal.id, current, best.end.id);
        st.target = undefined;
        st.triggerSince = undefined;
      }
    } else {
      st.target = undefined;
      st.triggerSince = undefined;
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
