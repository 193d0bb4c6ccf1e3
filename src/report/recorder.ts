/**
 * The timeline recorder: subscribes to the trace bus and accumulates what the report shows (per
 * node busy time, per link bits and airtime, per task milestones, event counts by type).
 * @module
 */
import type { TraceBus } from '../engine/trace.js';

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
}

/** Records what the report needs from the trace bus. */
export class TimelineRecorder {
  /** per node id */
  readonly nodes = new Map<string, NodeTally>();
  /** per link id */
  readonly links = new Map<string, LinkTally>();
  /** per task id */
  readonly tasks = new Map<string, TaskMilestones>();
  /** trace events by name */
  readonly counts = new Map<string, number>();
  private readonly unsubscribe: (() => void)[];

  /** @param bus - the trace bus to subscribe to */
  constructor(bus: TraceBus) {
    const node = (id: string): NodeTally => {
      let t = this.nodes.get(id);
      if (t === undefined) this.nodes.set(id, (t = { busyS: 0, computeTasks: 0, flops: 0 }));
      return t;
    };
    const link = (id: string): LinkTally => {
      let t = this.links.get(id);
      if (t === undefined) this.links.set(id, (t = { bits: 0, airtimeS: 0, messages: 0 }));
      return t;
    };
    const task = (id: string): TaskMilestones => {
      let t = this.tasks.get(id);
      if (t === undefined) this.tasks.set(id, (t = { readyS: null, startS: null, endS: null }));
      return t;
    };
    this.unsubscribe = [
      bus.onAny((name) => this.counts.set(name, (this.counts.get(name) ?? 0) + 1)),
      bus.on('compute.end', (p) => {
        const t = node(p.node);
        t.busyS += p.durationS;
        t.computeTasks++;
        t.flops += p.flops;
      }),
      bus.on('tx.end', (p) => {
        const t = link(p.link);
        t.bits += p.bits;
        t.airtimeS += p.airtimeS;
        t.messages++;
      }),
      bus.on('task.ready', (p, tS) => void (task(p.task).readyS = tS)),
      bus.on('task.start', (p, tS) => void (task(p.task).startS = tS)),
      bus.on('task.end', (p, tS) => void (task(p.task).endS = tS)),
    ];
  }

  /** Stops recording. */
  detach(): void {
    for (const u of this.unsubscribe) u();
  }
}
