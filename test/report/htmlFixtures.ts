/** Small hand-made reports for the report.html plot tests: only the fields the plots read are real. */
import type { Report } from '../../src/report/report.js';
import type { NodeReport } from '../../src/report/nodeReport.js';
import type { RoundRecord } from '../../src/training/records.js';
import type { RequestRecord } from '../../src/inference/records.js';
import type { TransferReport } from '../../src/report/report.js';

/** A report with no data at all: no nodes, transfers, rounds or other sections. */
export function emptyReport(over: Partial<Report> = {}): Report {
  return { scenario: { name: 'hand', description: '' }, seed: 1, simulatedEndS: 10, nodes: [], links: [], tasks: [], transfers: [], rounds: [], warnings: [], training: null, inference: null, ...over } as unknown as Report;
}

/** A node with the given energy by category (J); up unless `failed`. */
export function node(id: string, energy: { compute?: number; tx?: number; rx?: number; idle?: number } = {}, down: { failed?: string; downS?: number } = {}): NodeReport {
  const e = { compute: 0, tx: 0, rx: 0, idle: 0, ...energy };
  return { id, energyJ: { ...e, total: e.compute + e.tx + e.rx + e.idle }, failed: down.failed ?? null, downS: down.downS ?? 0 } as unknown as NodeReport;
}

/** A round with its phases (s), from `startS`. */
export function round(r: number, startS: number, phases: [number, number, number, number, number], accuracy = 0.5, loss = 1): RoundRecord {
  const [downloadS, computeS, uploadS, waitS, aggregateS] = phases;
  return { round: r, startS, endS: startS + downloadS + computeS + uploadS + waitS + aggregateS, downloadS, computeS, uploadS, waitS, aggregateS, testAccuracy: accuracy, testLoss: loss } as unknown as RoundRecord;
}

/** A transfer on link `from->to`. */
export function transfer(from: string, to: string, startS: number, endS: number, snrDb: number | null = 10, bits = 1e6): TransferReport {
  return { link: `${from}->${to}`, from, to, task: 't', startS, endS, bits, meanRateBps: endS > startS ? bits / (endS - startS) : null, airtimeS: endS - startS, meanSnrDb: snrDb, meanSinrDb: snrDb, outages: 0, outcome: 'delivered' };
}

/** A request of `terminal` with latency (s) or not finished (null). */
export function request(terminal: string, latencyS: number | null): RequestRecord {
  return { id: `${terminal}#0`, terminal, latencyS } as unknown as RequestRecord;
}
