/**
 * Association and handover: each terminal attaches to the edge center with the strongest mean
 * received power (path loss and shadowing; fast fading averages out of a measurement), and hands
 * over when another edge is stronger by the hysteresis margin for the whole time-to-trigger
 * (3GPP event A3). Mobile terminals measure every `measurementPeriodS`; static ones once.
 * Measurements are daemon events: they go on while other work does (or to the horizon).
 *
 * With `idle: 'reselect'` only RRC_CONNECTED terminals (a transfer on one of their wireless links,
 * or asked for their serving edge, within the inactivity timer) are measured for A3; an RRC_IDLE
 * terminal costs no event and, when next needed, re-ranks its cells once against the cell it
 * camps on (3GPP TS 36.304 §5.2.4.6: R_s = Q_meas,s + Q_hyst, R_n = Q_meas,n − Q_offset).
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import type { EventHandle } from '../engine/handle.js';
import type { MobilityModel } from '../mobility/model.js';
import type { AssociationSpec, AssociationIdleMode, AssociationCandidate, CandidateEdge, CoverageCheck } from './associationSpec.js';

export type { AssociationSpec, AssociationIdleMode, HandoverTrace, CandidateEdge, CoverageCheck, CoverageTrace, AssociationCandidate } from './associationSpec.js';

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
  /** `reselect`: its transfers on the air now, by link and task (count) */
  inflight: Map<string, number> | undefined;
  /** `reselect`: transfers on the air now */
  active: number;
  /** `reselect`: its last activity (s): woken, or its last transfer ended */
  lastActiveS: number;
  /** its measurement callback, made on first use */
  tick: (() => void) | undefined;
  /** with a DRX cycle: its pending measurement, to bring forward when a transfer starts */
  pending: EventHandle | undefined;
  /** with a DRX cycle: its pending measurement is a DRX one (between transfers) */
  asleep: boolean;
}

/** Measurements run before other events of their instant and do not keep the simulation alive. */
const MEASUREMENT_EVENT = { priority: -1, daemon: true } as const;

/** The association of every terminal. */
export class Association {
  private readonly serving = new Map<string, string>();
  private readonly counts = new Map<string, number>();
  private readonly reselectCounts = new Map<string, number>();
  private readonly settings: Required<Omit<AssociationSpec, 'drxCycleS'>>;
  /** per edge center: the terminals that may attach to it */
  private readonly byEdge = new Map<string, TerminalState[]>();
  /** `reselect`: each terminal's state by id */
  private readonly states = new Map<string, TerminalState>();
  private readonly periodNs: number;
  /** the DRX cycle (ns), or 0 without DRX */
  private readonly drxNs: number;

  /**
   * @param sim - the simulator
   * @param candidates - terminals and their candidate edges
   * @param spec - hysteresis, time to trigger, measurement period, idle behaviour
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
    this.settings = {
      hysteresisDb: spec.hysteresisDb ?? 3,
      timeToTriggerS: spec.timeToTriggerS ?? 0.16,
      measurementPeriodS: spec.measurementPeriodS ?? 0.1,
      idle: spec.idle ?? 'measure',
      qHystDb: spec.qHystDb ?? 3,
      qOffsetDb: spec.qOffsetDb ?? 0,
      inactivityTimerS: spec.inactivityTimerS ?? 10,
    };
    this.periodNs = Math.round(this.settings.measurementPeriodS * 1e9);
    this.drxNs = this.settings.idle === 'reselect' && spec.drxCycleS !== undefined ? Math.round(spec.drxCycleS * 1e9) : 0;
  }

  /** What terminals do between transfers: `measure` or `reselect`. */
  get idleMode(): AssociationIdleMode {
    return this.settings.idle;
  }

  /** Starts measuring: every terminal attaches at its first presence (`reselect`: when first needed, if present). */
  start(): void {
    const reselect = this.settings.idle === 'reselect';
    for (const c of this.candidates) {
      if (c.edges.length === 0) continue;
      // Re-measured while the terminal or one of its candidate edge centers (vehicular, UAV) moves.
      const mobile = !isStatic(c.terminal.mobility) || c.edges.some((e) => !isStatic(e.end.mobility));
      const st: TerminalState = { c, mobile, target: undefined, triggerSince: undefined, weakSince: undefined, dropped: false, looping: false, inflight: undefined, active: 0, lastActiveS: -Infinity, tick: undefined, pending: undefined, asleep: false };
      for (const e of c.edges) {
        const list = this.byEdge.get(e.end.id);
        if (list === undefined) this.byEdge.set(e.end.id, [st]);
        else list.push(st);
      }
      // `reselect`: no event until it is needed (its first cell selection then).
      if (reselect) this.states.set(c.terminal.id, st);
      else this.loop(st, 0);
    }
    if (!reselect) return;
    // A transfer on a terminal's wireless link keeps it connected; the timer runs from its last end.
    const key = (p: { link: string; task: string }): string => `${p.link}\u0000${p.task}`;
    // The key is built once per event and only when an end is a terminal (a backhaul transfer builds none).
    const atEnds = (p: { from: string; to: string; link: string; task: string }, what: (st: TerminalState, key: string) => void): void => {
      const from = this.states.get(p.from), to = this.states.get(p.to);
      if (from === undefined && to === undefined) return;
      const k = key(p);
      if (from !== undefined) what(from, k);
      if (to !== undefined) what(to, k);
    };
    const started = (st: TerminalState, k: string): void => this.transferStarted(st, k);
    const ended = (st: TerminalState, k: string): void => this.transferEnded(st, k);
    this.sim.trace.on('tx.start', (p) => atEnds(p, started));
    this.sim.trace.on('tx.end', (p) => atEnds(p, ended));
  }

  private transferStarted(st: TerminalState, key: string): void {
    this.wake(st);
    st.inflight ??= new Map();
    st.inflight.set(key, (st.inflight.get(key) ?? 0) + 1);
    st.active++;
    if (st.asleep) {
      // In DRX between transfers: it wakes for this one and is measured every period again.
      st.pending!.cancel();
      st.asleep = false;
      this.loopOnGrid(st);
    }
  }

  private transferEnded(st: TerminalState, key: string): void {
    const n = st.inflight?.get(key);
    if (n === undefined) return; // it never started (failed in the queue)
    if (n === 1) st.inflight!.delete(key);
    else st.inflight!.set(key, n - 1);
    if (--st.active === 0) st.lastActiveS = this.sim.now;
  }

  /** `reselect`: RRC_CONNECTED now (a transfer on the air, or within the inactivity timer of its last activity). */
  private connected(st: TerminalState): boolean {
    return st.active > 0 || this.sim.now - st.lastActiveS < this.settings.inactivityTimerS - 1e-12;
  }

  /** `reselect`: an idle terminal is needed: it re-ranks its cells (and checks coverage) now and connects. */
  private wake(st: TerminalState): void {
    if (this.connected(st)) return;
    this.measure(st, false);
    st.lastActiveS = this.sim.now;
    if (!st.looping) this.loopOnGrid(st);
  }

  /** `reselect`: starts the periodic measurement at the next multiple of the period (the grid `measure` uses). */
  private loopOnGrid(st: TerminalState, gridNs = this.periodNs): void {
    const nowNs = this.sim.nowNs;
    this.loop(st, (gridNs - (nowNs % gridNs)) / 1e9);
  }

  /**
   * Measures a terminal after `delayS`, then every measurement period while it or an edge moves,
   * it is not attached, or a handover trigger is pending (a static terminal's A3 trigger after an
   * edge came back). `reselect`: while it is connected (and it or an edge moves), a trigger is
   * pending, or it is out of coverage.
   */
  private loop(st: TerminalState, delayS: number): void {
    st.looping = true;
    // One callback per terminal, made on its first measurement (not one closure per period).
    const handle = this.sim.schedule(delayS, (st.tick ??= () => this.tick(st)), MEASUREMENT_EVENT);
    if (this.drxNs > 0) st.pending = handle;
  }

  /** A terminal's periodic measurement (see {@link Association.loop}). */
  private tick(st: TerminalState): void {
    if (this.settings.idle === 'measure') {
      this.measure(st, true);
      if (st.mobile || !this.serving.has(st.c.terminal.id) || st.target !== undefined) this.loop(st, this.settings.measurementPeriodS);
      else st.looping = false;
      return;
    }
    st.asleep = false;
    const connected = this.connected(st);
    if (!connected) {
      // RRC_IDLE: no A3. It measures no more, unless out of coverage (it searches every period).
      st.target = undefined;
      st.triggerSince = undefined;
      if (st.weakSince === undefined && !st.dropped) {
        st.looping = false;
        return;
      }
    }
    this.measure(st, connected);
    if ((connected && (st.mobile || st.target !== undefined)) || st.weakSince !== undefined || st.dropped) {
      if (connected && st.active === 0 && this.drxNs > 0 && st.target === undefined && st.weakSince === undefined && !st.dropped) {
        // Connected, nothing on the air, no trigger or coverage timer running: DRX.
        st.asleep = true;
        this.loopOnGrid(st, this.drxNs);
      } else this.loop(st, this.settings.measurementPeriodS);
    } else st.looping = false;
  }

  /**
   * An edge center failed or came back: the terminals that may attach to it measure now, so those
   * it served re-attach at once to the strongest working edge covering them (a radio-link failure
   * and re-establishment, without the A3 hysteresis and time to trigger), and static ones see it
   * come back. `reselect`: idle terminals do nothing now (they re-rank when next needed).
   * @param edge - the edge center
   */
  edgeChanged(edge: string): void {
    const reselect = this.settings.idle === 'reselect';
    for (const st of this.byEdge.get(edge) ?? []) {
      if (reselect && !this.connected(st) && !st.looping) continue;
      this.measure(st, !reselect || this.connected(st));
      if (!st.looping && st.target !== undefined) {
        if (reselect) this.loopOnGrid(st);
        else this.loop(st, this.settings.measurementPeriodS);
      }
    }
  }

  /**
   * One measurement of a terminal: attach, hand over (A3, or at once when its edge is down) or,
   * idle (`a3` false), reselect by the ranking; coverage.
   */
  private measure(st: TerminalState, a3: boolean): void {
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
    } else if (!a3) {
      // Idle-mode ranking (TS 36.304 §5.2.4.6): the best neighbour if R_n = Q_meas,n − Q_offset
      // exceeds R_s = Q_meas,s + Q_hyst (at once when the camped cell is down).
      if (best.end.id !== current && (servingDown || bestP - this.settings.qOffsetDb > servingP + this.settings.qHystDb)) {
        this.serving.set(c.terminal.id, best.end.id);
        this.reselectCounts.set(c.terminal.id, (this.reselectCounts.get(c.terminal.id) ?? 0) + 1);
        this.sim.trace.emit('reselect', { node: c.terminal.id, from: current, to: best.end.id, rxPowerDbm: bestP });
      }
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

  /**
   * The edge serving `terminal` now, if attached. Under `reselect` an idle terminal is needed:
   * it re-ranks its cells now and becomes connected (asking is paging it).
   */
  servingEdge(terminal: string): string | undefined {
    if (this.settings.idle === 'reselect') {
      const st = this.states.get(terminal);
      if (st !== undefined) this.wake(st);
    }
    return this.serving.get(terminal);
  }

  /** Handovers of `terminal` so far (A3, while connected). */
  handovers(terminal: string): number {
    return this.counts.get(terminal) ?? 0;
  }

  /** Idle-mode cell reselections of `terminal` so far (`reselect` only). */
  reselections(terminal: string): number {
    return this.reselectCounts.get(terminal) ?? 0;
  }
}

function isStatic(m: MobilityModel): boolean {
  return m.name === 'static';
}
