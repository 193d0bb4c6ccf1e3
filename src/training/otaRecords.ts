/**
 * What over-the-air training contributes to the report: one record per round's analog slot (its
 * estimation error, powers, truncated devices, airtime) and, in Markdown, each device's running
 * average power against its budget.
 * @module
 */
import { resultSections } from '../engine/results.js';

/** Payload of `ota.round`: one round's over-the-air slot (`otaRounds[]` in the report). */
export interface OtaRoundRecord {
  /** round number from 0 */
  round: number;
  /** when the slot phase began: pooled statistics broadcast, then the slot (s) */
  startS: number;
  /** when the server had stepped (s) */
  endS: number;
  /** the devices in the slot, in order */
  clients: string[];
  /** each one's time-averaged transmit power in the slot (W) */
  powerW: number[];
  /** devices that skipped every block (truncated by the policy) */
  truncated: string[];
  /** devices that left the slot (a failure, a handover) */
  lost: string[];
  /** each device's received SNR p·|h|²/N0 in the first block (dB) */
  snrDb: number[];
  /** each device's channel power gain |h|² in the first block (linear) */
  gains: number[];
  /** the receiver's noise power over the slot's band (W) */
  noiseW: number;
  /** the pooled mean of the participants' update entries (the side information) */
  mean: number;
  /** their pooled standard deviation: the estimate's error in update units is this times its error in standardised units */
  std: number;
  /** the slot's airtime (s): independent of the number of devices */
  airtimeS: number;
  /** blocks (a slot longer than the coherence time is cut into blocks) */
  blocks: number;
  /** the receiver's alignment factor η of the first block (W) */
  eta: number;
  /** the estimate's mean squared error per entry, in standardised units */
  msePerEntry: number;
  /** ‖ĝ − ḡ‖ / ‖ḡ‖ of the standardised mean, or null when ḡ = 0 */
  relativeError: number | null;
  /** each device's running average power over the rounds it took part in (W) */
  averagePowerW: number[];
  /** the average-power budget (W), or null */
  budgetW: number | null;
  /** blocks in which no device transmitted: the round then applied no update */
  silentBlocks: number;
}

declare module '../engine/trace.js' {
  interface TraceEventMap {
    /** a round's over-the-air slot ended and the server stepped */
    'ota.round': OtaRoundRecord;
  }
}

declare module '../engine/results.js' {
  interface ReportSections {
    /** over-the-air training: each round's slot (only when there are any) */
    otaRounds?: OtaRoundRecord[];
  }
}

const fmt = (x: number): string => (x === 0 ? '0' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(4).replace(/\.?0+$/, '') : x.toExponential(3));

resultSections.register({
  key: 'otaRounds',
  title: 'Over-the-air aggregation',
  event: 'ota.round',
  row: (p) => p,
  columns: [
    { csv: 'round', markdown: 'round', value: (r) => r.round, format: { kind: 'count' } },
    { csv: 'startS', markdown: 'start (s)', value: (r) => r.startS },
    { csv: 'airtimeS', markdown: 'airtime (s)', value: (r) => r.airtimeS },
    { csv: 'blocks', markdown: 'blocks', value: (r) => r.blocks, format: { kind: 'count' } },
    { csv: 'devices', markdown: 'devices', value: (r) => r.clients.length, format: { kind: 'count' } },
    { csv: 'truncated', markdown: 'truncated', value: (r) => r.truncated.length, format: { kind: 'count' } },
    { csv: 'lost', value: (r) => r.lost.join(' '), format: { kind: 'text' } },
    { csv: 'silentBlocks', markdown: 'silent blocks', value: (r) => r.silentBlocks, format: { kind: 'count' } },
    { csv: 'meanPowerW', markdown: 'mean power (W)', value: (r) => (r.powerW.length > 0 ? r.powerW.reduce((a, b) => a + b, 0) / r.powerW.length : null) },
    { csv: 'eta', markdown: 'η (W)', value: (r) => r.eta },
    { csv: 'msePerEntry', markdown: 'MSE / entry', value: (r) => r.msePerEntry, format: { kind: 'number', digits: 4 } },
    { csv: 'relativeError', markdown: 'relative error', value: (r) => r.relativeError, format: { kind: 'number', digits: 4 } },
    { csv: 'clients', value: (r) => r.clients.join(' '), format: { kind: 'text' } },
    { csv: 'powerW', value: (r) => r.powerW.map(fmt).join(' '), format: { kind: 'text' } },
    { csv: 'gains', value: (r) => r.gains.map(fmt).join(' '), format: { kind: 'text' } },
    { csv: 'noiseW', value: (r) => r.noiseW },
    { csv: 'mean', value: (r) => r.mean },
    { csv: 'std', value: (r) => r.std },
    { csv: 'snrDb', value: (r) => r.snrDb.map((x) => (Number.isFinite(x) ? x.toFixed(2) : '-inf')).join(' '), format: { kind: 'text' } },
  ],
  markdownSummary: (rows) => {
    // Each device's running average power at its last round, against the budget.
    const last = new Map<string, { averageW: number; rounds: number }>();
    for (const r of rows) r.clients.forEach((c, l) => last.set(c, { averageW: r.averagePowerW[l]!, rounds: (last.get(c)?.rounds ?? 0) + 1 }));
    if (last.size === 0) return '';
    const budget = rows[rows.length - 1]!.budgetW;
    const lines = ['### Average transmit power per device\n', `| device | rounds | average power (W) | budget (W) |`, '|:---|---:|---:|---:|'];
    for (const [c, v] of [...last].sort((a, b) => (a[0] < b[0] ? -1 : 1))) lines.push(`| ${c} | ${v.rounds} | ${fmt(v.averageW)} | ${budget === null ? '—' : fmt(budget)} |`);
    return `${lines.join('\n')}\n`;
  },
});
