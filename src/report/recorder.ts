/**
 * The timeline recorder: subscribes to the trace bus and accumulates what the report shows (per
 * node busy time, per link bits and airtime, per task milestones, event counts by type), and the
 * rows of every declared result section (`src/engine/results.ts`), each from its own event.
 * @module
 */
import type { TraceBus } from '../engine/trace.js';
import type { AnyResultSection, ResultSectionRegistry, SectionKey, SectionRow } from '../engine/results.js';
import { resultSections } from './sections.js';
import { getOrInsert } from '../util/maps.js';

/** Accumulated figures of one node. */
export interface NodeTally {
  /** CPU busy time in seconds */
  busyS: number;
  /** computations completed */
  computeTasks: number;
  /** FLOPs completed */
  flops: number;
}

/** Accumulated figures of one link. */
export interface LinkTally {
  /** bits whose transmission completed */
  bits: number;
  /** transmitter busy time in seconds */
  airtimeS: number;
  /** messages whose transmission completed */
  messages: number;
}

/** Milestones of one task (seconds; null when not reached). */
export interface TaskMilestones {
  /** dependencies done, queued */
  readyS: number | null;
  /** service began */
  startS: number | null;
  /** ended */
  endS: number | null;
  /** failed, and why */
  failure: TaskFailure | null;
}

/** When and why a task failed. */
export interface TaskFailure {
  /** time (s) */
  atS: number;
  /** why */
  reason: string;
}

/** Radio figures of one node as a sender. */
export interface RadioTally {
  /** time sending, wired and wireless (s): {@link RadioTally.radioAirtimeS} + {@link RadioTally.wiredBusyS} */
  airtimeS: number;
  /** time on air sending over wireless links, a broadcast counted once (s) */
  radioAirtimeS: number;
  /** time its wired links spent transmitting its messages (s) */
  wiredBusyS: number;
  /** radiated energy: Σ transmit power × airtime over its wireless transmissions (J) */
  radiatedJ: number;
  /** bits sent */
  bitsSent: number;
  /** Σ SNR·airtime over wireless transfers (dB·s), for the mean */
  snrDbTimeS: number;
  /** Σ SINR·airtime over wireless transfers (dB·s), for the mean */
  sinrDbTimeS: number;
  /** airtime of the wireless transfers with an SNR (s) */
  snrTimeS: number;
  /** steps in outage */
  outages: number;
}

/** A sender's radio tally before it sends anything. */
export function emptyRadioTally(): RadioTally {
  return { airtimeS: 0, radioAirtimeS: 0, wiredBusyS: 0, radiatedJ: 0, bitsSent: 0, snrDbTimeS: 0, sinrDbTimeS: 0, snrTimeS: 0, outages: 0 };
}

/** One transfer's account. */
export interface TransferRecord {
  /** link id */
  link: string;
  /** sender */
  from: string;
  /** receiver */
  to: string;
  /** task */
  task: string;
  /** transmission start (s) */
  startS: number;
  /** transmission end (s) */
  endS: number;
  /** arrival (s), when delivered */
  arrivedS: number | null;
  /** size (bits) */
  bits: number;
  /** bits sent */
  bitsSent: number;
  /** time on air (s) */
  airtimeS: number;
  /** time-weighted mean SNR (dB), null for wired links */
  meanSnrDb: number | null;
  /** time-weighted mean SINR (dB): with co-channel interference; null for wired links */
  meanSinrDb: number | null;
  /** steps in outage */
  outages: number;
  /** how it ended */
  outcome: string;
}

/** A node's failures so far. */
export interface NodeDowntime {
  /** times it failed */
  count: number;
  /** time down in closed intervals (s) */
  downS: number;
  /** since when it is down, or null while up */
  downSince: number | null;
}

/** Records what the report needs from the trace bus. */
export class TimelineRecorder {
  /** per node id */
  readonly nodes = new Map<string, NodeTally>();
  /** per link id */
  readonly links = new Map<string, LinkTally>();
  /** per task id */
  readonly tasks = new Map<string, TaskMilestones>();
  /** per sending node */
  readonly radios = new Map<string, RadioTally>();
  /** every transfer, in the order they ended */
  readonly transfers: TransferRecord[] = [];
  /** handovers per terminal */
  readonly handovers = new Map<string, number>();
  /** idle-mode cell reselections per terminal (`association.idle: 'reselect'`) */
  readonly reselections = new Map<string, number>();
  /** warnings, in order */
  readonly warnings: string[] = [];
  /** the result sections recorded, in registration order */
  readonly sections: readonly AnyResultSection[];
  /** each section's rows by key, in the order their events were emitted */
  readonly sectionRows = new Map<string, unknown[]>();
  /** failures per node */
  readonly outages = new Map<string, NodeDowntime>();
  /** trace events by name */
  readonly counts = new Map<string, number>();
  private readonly unsubscribe: (() => void)[];

  /**
   * @param bus - the trace bus to subscribe to
   * @param sections - the result sections to record; default every declared one
   * @param recordTransfers - whether to keep a row per transfer (`transfers`); false when the
   *   scenario's `report.omit` leaves them out, so a population's millions of rows cost no memory
   */
  constructor(bus: TraceBus, sections: ResultSectionRegistry = resultSections, recordTransfers = true) {
    // Looked up first, made only when missing: no closure per event (every transfer and computation ends in one).
    const node = (id: string): NodeTally => this.nodes.get(id) ?? getOrInsert(this.nodes, id, () => ({ busyS: 0, computeTasks: 0, flops: 0 }));
    const link = (id: string): LinkTally => this.links.get(id) ?? getOrInsert(this.links, id, () => ({ bits: 0, airtimeS: 0, messages: 0 }));
    const task = (id: string): TaskMilestones => this.tasks.get(id) ?? getOrInsert(this.tasks, id, () => ({ readyS: null, startS: null, endS: null, failure: null }));
    const radio = (id: string): RadioTally => this.radios.get(id) ?? getOrInsert(this.radios, id, () => emptyRadioTally());
    const pendingArrival = new Map<string, TransferRecord>();
    const broadcastPowerW = new Map<string, number>(); // sender and task → the broadcast's transmit power
    this.unsubscribe = [
      bus.onAny((name) => this.counts.set(name, (this.counts.get(name) ?? 0) + 1)),
      bus.on('compute.end', (p) => {
        const t = node(p.node);
        t.busyS += p.durationS * (p.threads ?? 1); // core-seconds
        t.computeTasks++;
        t.flops += p.flops;
      }),
      bus.on('tx.end', (p, tS) => {
        const t = link(p.link);
        t.bits += p.bitsSent;
        t.airtimeS += p.airtimeS;
        if (p.outcome === 'delivered') t.messages++;
        const r = radio(p.from);
        if (p.broadcast === null) {
          // A broadcast's sender is on air once for all its receivers: counted at broadcast.end.
          r.airtimeS += p.airtimeS;
          r.bitsSent += p.bitsSent;
          if (p.wired) r.wiredBusyS += p.airtimeS;
          else {
            r.radioAirtimeS += p.airtimeS;
            r.radiatedJ += p.txPowerW * p.airtimeS;
          }
        } else broadcastPowerW.set(`${p.from}\u0000${p.task}`, p.txPowerW);
        r.outages += p.outages;
        if (p.meanSnrDb !== null && p.airtimeS > 0) {
          r.snrDbTimeS += p.meanSnrDb * p.airtimeS;
          r.sinrDbTimeS += (p.meanSinrDb ?? p.meanSnrDb) * p.airtimeS;
          r.snrTimeS += p.airtimeS;
        }
        if (!recordTransfers) return;
        const rec: TransferRecord = {
          link: p.link,
          from: p.from,
          to: p.to,
          task: p.task,
          startS: p.startS,
          endS: tS,
          arrivedS: null,
          bits: p.bits,
          bitsSent: p.bitsSent,
          airtimeS: p.airtimeS,
          meanSnrDb: p.meanSnrDb,
          meanSinrDb: p.meanSinrDb,
          outages: p.outages,
          outcome: p.outcome,
        };
        this.transfers.push(rec);
        if (p.outcome === 'delivered') pendingArrival.set(`${p.link}\u0000${p.task}`, rec);
      }),
      bus.on('broadcast.end', (p) => {
        const r = radio(p.from);
        r.airtimeS += p.airtimeS;
        r.radioAirtimeS += p.airtimeS;
        r.bitsSent += p.bits;
        const key = `${p.from}\u0000${p.task}`;
        r.radiatedJ += (broadcastPowerW.get(key) ?? 0) * p.airtimeS;
        broadcastPowerW.delete(key);
      }),
      bus.on('rx', (p, tS) => {
        if (pendingArrival.size === 0) return; // none kept (transfers omitted): no key to build
        const key = `${p.link}\u0000${p.task}`;
        const rec = pendingArrival.get(key);
        if (rec !== undefined) {
          rec.arrivedS = tS;
          pendingArrival.delete(key);
        }
      }),
      // A wired message lost on arrival (its receiver down) ended then, not delivered.
      bus.on('rx.lost', (p, tS) => {
        if (pendingArrival.size === 0) return;
        const key = `${p.link}\u0000${p.task}`;
        const rec = pendingArrival.get(key);
        if (rec === undefined) return;
        rec.arrivedS = tS;
        rec.outcome = 'failed';
        pendingArrival.delete(key);
      }),
      bus.on('warning', (p, tS) => void this.warnings.push(`t=${tS} s: ${p.message}`)),
      bus.on('node.failed', (p, tS) => {
        const o = getOrInsert(this.outages, p.node, () => ({ count: 0, downS: 0, downSince: null }));
        o.count++;
        o.downSince = tS;
      }),
      bus.on('node.repaired', (p, tS) => {
        const o = this.outages.get(p.node);
        if (o !== undefined && o.downSince !== null) {
          o.downS += tS - o.downSince;
          o.downSince = null;
        }
      }),
      bus.on('handover', (p) => void this.handovers.set(p.node, (this.handovers.get(p.node) ?? 0) + 1)),
      bus.on('reselect', (p) => void this.reselections.set(p.node, (this.reselections.get(p.node) ?? 0) + 1)),
      bus.on('task.failed', (p, tS) => void (task(p.task).failure = { atS: tS, reason: p.reason })),
      bus.on('task.ready', (p, tS) => void (task(p.task).readyS = tS)),
      bus.on('task.start', (p, tS) => void (task(p.task).startS = tS)),
      bus.on('task.end', (p, tS) => void (task(p.task).endS = tS)),
    ];
    this.sections = sections.list();
    for (const section of this.sections) {
      const rows: unknown[] = [];
      this.sectionRows.set(section.key, rows);
      this.unsubscribe.push(bus.on(section.event, (p, tS) => void rows.push(section.row(p, tS))));
    }
  }

  /**
   * The rows of a declared section.
   * @param key - its key
   * @throws Error when no section of that key is recorded
   */
  rows<K extends SectionKey>(key: K): SectionRow<K>[] {
    const rows = this.sectionRows.get(key);
    if (rows === undefined) throw new Error(`result section '${key}' is not recorded; declared: ${[...this.sectionRows.keys()].join(', ') || 'none'}`);
    return rows as SectionRow<K>[];
  }

  /** Stops recording. */
  detach(): void {
    for (const u of this.unsubscribe) u();
  }
}
