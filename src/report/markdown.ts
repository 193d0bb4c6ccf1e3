/**
 * `report.md`: a readable summary of a {@link Report}; each declared result section
 * (`src/engine/results.ts`) rendered from its declaration by {@link sectionMarkdown}.
 * @module
 */
import type { Report } from './report.js';
import type { ResolvedTraining } from '../training/config.js';
import { formatNumber as num, formatPercent as pct, markdownTable } from './format.js';
import type { ResultSectionRegistry, SectionKey } from '../engine/results.js';
import { resultSections, sectionMarkdown, sectionRows } from './sections.js';

/** Most task rows shown in the Markdown report (all are in report.json and tasks.csv). */
export const MARKDOWN_MAX_TASK_ROWS = 200;

const STOP_TEXT: Record<Report['stopReason'], string> = {
  empty: 'every event processed',
  until: 'horizon reached',
  maxEvents: 'event limit reached',
  stopped: 'stopped',
};

/**
 * Markdown the report layer puts under a result section's heading, before its table, from report
 * fields that are not the section's rows; a section with a lead is shown even without rows.
 */
const SECTION_LEADS: { readonly [K in SectionKey]?: (report: Report) => string | null } = {
  requests: (report) => {
    const inf = report.inference;
    if (inf === null) return null;
    const splits = [...new Set(inf.deployments.map((d) => `${d.variant} split after ${d.split}`))];
    const servers = inf.servers.map((s) => `${s.node} ${pct(s.utilization)} busy, mean queue ${num(s.meanQueueLength)} (max ${s.maxQueueLength}), ${s.computations} computations`);
    const variants = inf.variants.map((v) => `${v.label} ${pct(v.accuracy)} (${num(v.forwardFlops)} FLOPs)`).join(', ');
    const lead = `Model ${inf.model}; variants (test accuracy measured, unsplit): ${variants}; deployments: ${splits.join('; ')}. Servers: ${servers.join('; ') || 'none'}. Latency in ms; every request is in requests.csv.\n`;
    return inf.plan === null ? lead : `${lead}\n${planMarkdown(inf.plan)}`;
  },
  evaluations: (report) => {
    const tr = report.training;
    if (tr === null || tr.updates === null) return null;
    const u = tr.updates;
    return (
      `${tr.protocol} of ${tr.model} (${tr.parameters} parameters), ${tr.serverVersions ?? 0} server versions from ${u.applied + u.buffered} updates (mean staleness ${num(u.meanStaleness)}); final test accuracy ${pct(tr.finalAccuracy)}; ` +
      (tr.timeToAccuracyS === null ? `${pct(tr.targetAccuracy)} not reached.\n` : `${pct(tr.targetAccuracy)} reached at ${num(tr.timeToAccuracyS)} s (version ${tr.roundToAccuracy}).\n`) +
      (tr.note === undefined ? '' : `\n**Note:** ${tr.note}.\n`) +
      surrogateNote(tr)
    );
  },
  rounds: (report) => {
    const tr = report.training;
    if (tr === null || tr.updates !== null) return null;
    return (
      `${tr.algorithm}${tr.protocol === 'sync' ? '' : ` (${tr.protocol})`} of ${tr.model} (${tr.parameters} parameters), ${tr.rounds} rounds; final test accuracy ${pct(tr.finalAccuracy)}; ` +
      (tr.timeToAccuracyS === null ? `${pct(tr.targetAccuracy)} not reached.\n` : `${pct(tr.targetAccuracy)} reached at ${num(tr.timeToAccuracyS)} s (round ${tr.roundToAccuracy}).\n`) +
      surrogateNote(tr)
    );
  },
};

/** The line a timing-only run's training section carries: its accuracies are a surrogate. */
function surrogateNote(tr: NonNullable<Report['training']>): string {
  return tr.accuracySource === 'surrogate' ? '\n**Surrogate accuracy:** timing-only run; every test accuracy and loss here comes from the learning curve `edgesim calibrate` fitted on a real run, not from a model.\n' : '';
}

/** The optimizer's plan against the measured figures. */
function planMarkdown(plan: NonNullable<NonNullable<Report['inference']>['plan']>): string {
  const ms = (s: number | null): string => (s === null ? '—' : num(s * 1e3, 4));
  const head = `Deployment planned by the eq. 5 optimizer (${plan.solver}): ${plan.feasible ? `feasible, objective ${num(plan.objective, 4)}` : `infeasible — ${plan.infeasible.map((i) => `${i.id}: ${i.reason}`).join('; ')}; terminals kept their fixed choice`}. Predicted against measured:\n`;
  if (plan.terminals.length === 0) return head;
  const rows = plan.terminals.map((t) => [
    t.terminal,
    t.server,
    t.pruning === 0 ? String(t.split) : `${t.split} @prune${t.pruning}`,
    num(t.share),
    ms(t.predictedLatencyS),
    ms(t.measuredMeanLatencyS),
    ms(t.measuredP95LatencyS),
    ms(t.latencyBoundS),
    t.predictedEnergyJ === null ? '—' : num(t.predictedEnergyJ * 1e3, 4),
    t.measuredMeanEnergyJ === null ? '—' : num(t.measuredMeanEnergyJ * 1e3, 4),
    t.violations.join(', ') || '—',
  ]);
  return `${head}\n${markdownTable(['terminal', 'server', 'split', 'share', 'predicted (ms)', 'mean (ms)', 'p95 (ms)', 'bound (ms)', 'predicted (mJ)', 'measured (mJ)', 'missed by the plan'], rows)}`;
}

/**
 * Renders the Markdown report. Each declared result section is a `## <title>` table (with its
 * summary) after the energy table, when it has rows or a lead paragraph.
 * @param report - the run's report
 * @param sections - the declared result sections; default every registered one
 */
export function renderMarkdown(report: Report, sections: ResultSectionRegistry = resultSections): string {
  const done = report.tasks.filter((t) => t.status === 'done').length;
  const out: string[] = [];
  out.push(`# edgesim report: ${report.scenario.name}\n`);
  if (report.scenario.description !== '') out.push(`${report.scenario.description}\n`);
  out.push(
    markdownTable(
      ['', ''],
      [
        ['seed', String(report.seed)],
        ['simulated time', `${num(report.simulatedEndS)} s`],
        ['ended because', STOP_TEXT[report.stopReason]],
        ['tasks done', `${done} of ${report.tasks.length}`],
        ['engine events', String(report.events.processed)],
      ],
    ),
  );
  out.push(...configurationSection(report));
  out.push('## Nodes\n');
  out.push(
    markdownTable(
      ['node', 'kind', 'CPU (GFLOP/s)', 'busy (core·s)', 'utilization', 'computations', 'GFLOP'],
      report.nodes.map((n) => [n.id, n.kind, num(n.cpuFlopsPerS / 1e9), num(n.busyS), pct(n.utilization), String(n.computeTasks), num(n.flops / 1e9)]),
      ['l', 'l', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push('## Energy and radio\n');
  out.push(
    markdownTable(
      ['node', 'compute (J)', 'tx (J)', 'rx (J)', 'idle (J)', 'total (J)', 'mean power (W)', 'battery left (J)', 'radio airtime (s)', 'wired busy (s)', 'Mbit sent', 'mean SNR (dB)', 'mean SINR (dB)', 'outages', 'failed'],
      report.nodes.map((n) => [
        n.id,
        num(n.energyJ.compute),
        num(n.energyJ.tx),
        num(n.energyJ.rx),
        num(n.energyJ.idle),
        num(n.energyJ.total),
        num(n.meanPowerW),
        num(n.batteryJ),
        num(n.radioAirtimeS),
        num(n.wiredBusyS),
        num(n.bitsSent / 1e6),
        num(n.meanSnrDb, 4),
        num(n.meanSinrDb, 4),
        String(n.outages),
        n.failed ?? '',
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
  );
  for (const section of sections.list()) {
    const rows = sectionRows(report, section);
    const lead = SECTION_LEADS[section.key as SectionKey]?.(report) ?? null;
    if (rows.length > 0 || lead !== null) out.push(...sectionMarkdown(section, rows, lead));
  }
  const omitted = report.configuration.report?.omit ?? [];
  if (omitted.length > 0) out.push(`Left out of this report by the scenario's \`report.omit\` (every total above still counts them): ${omitted.map((k) => `\`${k}[]\``).join(', ')}.\n`);
  if (report.nodes.some((n) => n.mobility.model !== 'static')) {
    const pos = (p: [number, number, number]): string => `(${p.map((v) => num(v, 5)).join(', ')})`;
    out.push('## Mobility\n');
    out.push(
      markdownTable(
        ['node', 'model', 'start (m)', 'end (m)', 'distance (m)', 'present (s)'],
        report.nodes.map((n) => [n.id, n.mobility.model, pos(n.positionM), pos(n.mobility.endPositionM), num(n.mobility.distanceM), num(n.mobility.presentS)]),
        ['l', 'l', 'l', 'l', 'r', 'r'],
      ),
    );
  }
  const idle = report.nodes.filter((n) => n.reselections !== undefined);
  if (idle.length > 0) {
    const sum = (f: (n: (typeof idle)[number]) => number): number => idle.reduce((a, n) => a + f(n), 0);
    out.push(`Association (idle terminals reselect): ${sum((n) => n.handovers)} handovers of connected terminals, ${sum((n) => n.reselections!)} idle-mode cell reselections, over ${idle.length} terminals.\n`);
  }
  if (report.links.length > 0) {
    out.push('## Links\n');
    out.push(
      markdownTable(
        ['link', 'rate (Mbit/s)', 'delay (ms)', 'Mbit sent', 'airtime (s)', 'utilization', 'messages'],
        report.links.map((l) => [
          l.id,
          l.rateBps === null ? 'wireless' : num(l.rateBps / 1e6),
          l.delayS === null ? '—' : num(l.delayS * 1e3),
          num(l.bits / 1e6),
          num(l.airtimeS),
          pct(l.utilization),
          String(l.messages),
        ]),
        ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
  }
  if (report.tasks.length > 0) {
    out.push('## Tasks\n');
    const shown = report.tasks.slice(0, MARKDOWN_MAX_TASK_ROWS);
    out.push(
      markdownTable(
        ['task', 'type', 'where', 'ready (s)', 'start (s)', 'end (s)', 'wait (s)', 'duration (s)', 'status'],
        shown.map((t) => [t.id, t.type, t.type === 'compute' ? t.node! : t.type === 'send' ? `${t.from} → ${t.to}` : `${t.from} → ${t.receivers!.join(', ')}`, num(t.readyS), num(t.startS), num(t.endS), num(t.waitS), num(t.durationS), t.failure === null ? t.status : `failed: ${t.failure}`]),
        ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'l'],
      ),
    );
    if (report.tasks.length > shown.length) out.push(`(${report.tasks.length - shown.length} more tasks in report.json and tasks.csv)\n`);
  }
  if (report.warnings.length > 0) {
    out.push('## Warnings\n');
    out.push(`${report.warnings.slice(0, 50).map((w) => `- ${w}`).join('\n')}\n`);
    if (report.warnings.length > 50) out.push(`(${report.warnings.length - 50} more in report.json)\n`);
  }
  out.push('## Trace events\n');
  out.push(markdownTable(['event', 'count'], Object.entries(report.events.byType).map(([k, v]) => [k, String(v)]), ['l', 'r']));
  return out.join('\n');
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

/** A compressor with its parameter, e.g. `top-k (density 0.01)`, `qsgd (levels 4)`. */
function compressionText(c: ResolvedTraining['compression']): string {
  if (c.name === 'none') return 'none (32-bit floats)';
  const params = [c.density === undefined ? '' : `density ${num(c.density)}`, c.levels === undefined ? '' : `levels ${c.levels}`].filter((x) => x !== '');
  return params.length === 0 ? c.name : `${c.name} (${params.join(', ')})`;
}

/** A protocol and its parameters in one line: `fedbuff: bufferSize 10, serverLearningRate 1, …` (null fields omitted). */
function protocolText(p: ResolvedTraining['protocol']): string {
  const text = (v: unknown): string => (typeof v === 'number' ? num(v) : typeof v === 'object' && v !== null ? `{ ${Object.entries(v).map(([k, x]) => `${k} ${text(x)}`).join(', ')} }` : String(v));
  const fields = Object.entries(p).filter(([k, v]) => k !== 'name' && v !== null);
  return fields.length === 0 ? p.name : `${p.name}: ${fields.map(([k, v]) => `${k} ${text(v)}`).join(', ')}`;
}

/** The key training configuration as table rows. */
export function trainingConfigurationRows(t: ResolvedTraining): [string, string][] {
  const p = t.partition;
  const partition = p.name === 'dirichlet' ? `dirichlet (α ${num(p.alpha!)})` : p.name === 'quantity' ? `quantity (σ ${num(p.sigma!)})` : p.name === 'memory' ? `memory (${num(p.bytesPerExample!)} bytes an example)` : p.name;
  const data = t.dataset.name === 'mnist' ? 'mnist' : `${t.dataset.name} (${t.dataset.samples} samples, ${t.dataset.classes} classes, ${t.dataset.dim} features)`;
  const sel = t.selection.policy === 'all' ? 'all each round' : `${t.selection.policy}, fraction ${num(t.selection.fraction!)}`;
  const rows: [string, string][] = [
    ['model', t.model],
    ['dataset', `${data}, ${pct(t.dataset.testFraction)} held out for testing`],
    ['partition', `${partition}; ${t.samplesPerClient === null ? 'all of its share' : `a sample of at most ${t.samplesPerClient} examples`} per client`],
    ['clients', `${t.clients.length} (${sel}); server ${t.server}`],
    ['algorithm', `${t.algorithm}, ${plural(t.rounds, 'round')}${t.serverLearningRate === null ? '' : `, server learning rate ${num(t.serverLearningRate)}`}`],
    ['local training', `${plural(t.local.epochs, 'epoch')}, batch ${t.local.batchSize}, learning rate ${num(t.local.learningRate)}, momentum ${num(t.local.momentum)}`],
    ['compression', compressionText(t.compression)],
    ['deadline', t.deadlineS === null ? 'none (wait for every update)' : `${num(t.deadlineS)} s`],
    ['target accuracy', pct(t.targetAccuracy)],
  ];
  if (t.mode === 'timing') rows.push(['mode', 'timing only (no TF.js; accuracy from a calibrated learning curve)']);
  if (t.protocol.name !== 'sync' || Object.keys(t.protocol).length > 1) rows.push(['protocol', protocolText(t.protocol)]);
  if (t.fusion !== null) rows.push(['fusion', `buckets of ${num(t.fusion.bucketBytes)} bytes, ${num(t.fusion.headerBits)} header bits, ${num(t.fusion.messageLatencyS)} s a message`]);
  return rows;
}

function configurationSection(report: Report): string[] {
  const pr = report.provenance;
  const rows: [string, string][] = [
    ['edgesim', pr.edgesimVersion],
    ['scenario file', pr.scenarioFile ?? '(none)'],
    ['seed', `${pr.seed}${pr.seedFromCommandLine ? ' (--seed)' : ''}`],
    ['overrides', pr.overrides.length === 0 ? 'none' : pr.overrides.map((o) => `\`${o}\``).join(', ')],
  ];
  if (pr.backend !== null) rows.push(['TF.js backend', pr.backend]);
  const training = report.configuration.training;
  if (training !== null) rows.push(...trainingConfigurationRows(training));
  if (pr.rerun !== null) rows.push(['rerun', `\`${pr.rerun}\``]);
  return ['## Configuration\n', markdownTable(['', ''], rows), 'The full resolved scenario is `configuration` in report.json.\n'];
}
