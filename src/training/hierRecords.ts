/**
 * What hierarchical training contributes to the report: one record per edge round of each edge
 * center (`edgeRounds[]` in report.json, a Markdown table, `edgeRounds.csv`). The cloud rounds are
 * ordinary `round.end` records (`rounds[]`), so time-to-accuracy works as for `sync`.
 * @module
 */
import { resultSections } from '../engine/results.js';

/** Payload of `hier.edgeRound`: one edge round of one edge center (`edgeRounds[]` in the report). */
export interface EdgeRoundRecord {
  /** the cloud round it belongs to, from 0 */
  cloudRound: number;
  /** the edge center */
  edge: string;
  /** the edge round within the cloud round, from 0 (< τ2) */
  edgeRound: number;
  /** the selected clients associated with the edge when the edge round started, in client order */
  members: string[];
  /** when the edge round started: the edge sends its model to its members (s) */
  startS: number;
  /** when the edge had aggregated (s); `startS` when it had no members */
  endS: number;
  /** the edge's aggregation compute (s) */
  aggregateS: number;
  /** members whose update the edge aggregated */
  participants: number;
  /** members whose update did not arrive (a failure, an outage, a handover, the deadline) */
  dropouts: number;
  /** bits of the edge round: the model down to the members (as multicast puts it on links) and the updates up (per hop, forwarded ones too) */
  bits: number;
  /** members' updates of this edge round cut by a handover and lost (`onHandover: 'drop'`, or a failed resend); also dropouts */
  handoverDropped: number;
  /** members' updates of this edge round cut by a handover, sent through the new edge center and aggregated here (`forward`) */
  handoverForwarded: number;
  /** members' updates of this edge round cut by a handover, sent to the new edge center and aggregated in its open edge round (`deliver-new`) */
  handoverDeliveredNew: number;
  /** members' updates of this edge round cut by a handover that reached no open edge round (`forward`: this round closed first; `deliver-new`: the new edge had none open); not used, not dropouts */
  handoverStale: number;
}

/** Payload of `hier.handovers`: a cloud round's totals of the edge rounds' handover counts (`hierHandovers[]` in the report). */
export interface HierHandoverTotals {
  /** the cloud round, from 0 */
  cloudRound: number;
  /** the sum of `handoverDropped` over its edge rounds */
  dropped: number;
  /** the sum of `handoverForwarded` */
  forwarded: number;
  /** the sum of `handoverDeliveredNew` */
  deliveredNew: number;
  /** the sum of `handoverStale` */
  stale: number;
}

declare module '../engine/trace.js' {
  interface TraceEventMap {
    /** an edge center of hierarchical training finished an edge round */
    'hier.edgeRound': EdgeRoundRecord;
    /** a cloud round of hierarchical training ended: its handover totals (emitted after its edge rounds) */
    'hier.handovers': HierHandoverTotals;
  }
}

declare module '../engine/results.js' {
  interface ReportSections {
    /** hierarchical training: each edge round of each edge center (only when there are any) */
    edgeRounds?: EdgeRoundRecord[];
    /** hierarchical training: per cloud round, what became of updates cut by a handover */
    hierHandovers?: HierHandoverTotals[];
  }
}

resultSections.register({
  key: 'edgeRounds',
  title: 'Edge rounds',
  event: 'hier.edgeRound',
  row: (p) => p,
  columns: [
    { csv: 'cloudRound', markdown: 'cloud round', value: (r) => r.cloudRound, format: { kind: 'count' } },
    { csv: 'edge', markdown: 'edge', value: (r) => r.edge, format: { kind: 'text' } },
    { csv: 'edgeRound', markdown: 'edge round', value: (r) => r.edgeRound, format: { kind: 'count' } },
    { csv: 'memberCount', markdown: 'members', value: (r) => r.members.length, format: { kind: 'count' } },
    { csv: 'startS', markdown: 'start (s)', value: (r) => r.startS },
    { csv: 'endS', markdown: 'end (s)', value: (r) => r.endS },
    { csv: 'aggregateS', markdown: 'aggregate (s)', value: (r) => r.aggregateS },
    { csv: 'participants', markdown: 'clients', value: (r) => r.participants, format: { kind: 'count' } },
    { csv: 'dropouts', markdown: 'dropped', value: (r) => r.dropouts, format: { kind: 'count' } },
    { csv: 'bits', markdown: 'Mbit', value: (r) => r.bits, format: { kind: 'number', divideBy: 1e6 } },
    { csv: 'handoverDropped', markdown: 'HO dropped', value: (r) => r.handoverDropped, format: { kind: 'count' } },
    { csv: 'handoverForwarded', markdown: 'HO forwarded', value: (r) => r.handoverForwarded, format: { kind: 'count' } },
    { csv: 'handoverDeliveredNew', markdown: 'HO delivered new', value: (r) => r.handoverDeliveredNew, format: { kind: 'count' } },
    { csv: 'handoverStale', markdown: 'HO stale', value: (r) => r.handoverStale, format: { kind: 'count' } },
    { csv: 'members', value: (r) => r.members.join(' '), format: { kind: 'text' } },
  ],
});

resultSections.register({
  key: 'hierHandovers',
  title: 'Handovers in hierarchical training',
  event: 'hier.handovers',
  row: (p) => p,
  columns: [
    { csv: 'cloudRound', markdown: 'cloud round', value: (r) => r.cloudRound, format: { kind: 'count' } },
    { csv: 'dropped', markdown: 'dropped', value: (r) => r.dropped, format: { kind: 'count' } },
    { csv: 'forwarded', markdown: 'forwarded', value: (r) => r.forwarded, format: { kind: 'count' } },
    { csv: 'deliveredNew', markdown: 'delivered new', value: (r) => r.deliveredNew, format: { kind: 'count' } },
    { csv: 'stale', markdown: 'stale', value: (r) => r.stale, format: { kind: 'count' } },
  ],
});
