/**
 * The report of one run: its types (the schema documented in `docs/report.md`) and how it is
 * assembled from the world and the recorder. Same scenario + seed ⇒ the same report, byte for byte
 * once serialized; wall-clock figures live apart in {@link RunInfo}.
 * @module
 */
import type { Simulator, StopReason } from '../engine/simulator.js';
import type { World } from '../scenario/world.js';
import type { Scenario } from '../scenario/types.js';
import type { TimelineRecorder, TransferRecord } from './recorder.js';
import { nodeReport, txBudgetWarnings, type NodeReport } from './nodeReport.js';
import type { ReportSections } from '../engine/results.js';
import { trainingSummary, type TrainingSummary } from './trainingSummary.js';
import { inferenceSummary, type InferenceSummary } from './inferenceSummary.js';

export type { TrainingSummary, DropoutSummary, UpdateSummary } from './trainingSummary.js';
export type { InferenceSummary, ServerLoad, TerminalDeployment, PlanCheck, PlannedTerminal, PlanInfeasibility } from './inferenceSummary.js';
import { provenance, configuration, type Provenance, type ProvenanceInput, type ResolvedScenario } from './provenance.js';

/** Version tag of the report schema; bumped only on incompatible change. */
export const REPORT_SCHEMA = 'edgesim.report/1';

export type { NodeReport, MobilityReport } from './nodeReport.js';

/** Per-link (per-direction) figures. */
export interface LinkReport {
  /** link id */
  id: string;
  /** sending node */
  from: string;
  /** receiving node */
  to: string;
  /** whether the rate emerges from the radio channel */
  wireless: boolean;
  /** wired: rate in bits/s; null for wireless */
  rateBps: number | null;
  /** wired: propagation delay in seconds; null for wireless */
  delayS: number | null;
  /** bits transmitted */
  bits: number;
  /** transmitter busy time in seconds */
  airtimeS: number;
  /** airtimeS / simulatedEndS (null when the run lasted 0 s) */
  utilization: number | null;
  /** messages transmitted */
  messages: number;
}

/** Where a task stood when the run ended. */
export type TaskStatus = 'done' | 'failed' | 'in-service' | 'queued' | 'blocked';

/**
 * One transfer (`transfers[]`): the recorder's {@link TransferRecord} with the end folded to the
 * arrival (delivered) or when it stopped (failed, interrupted), and the mean rate over that span.
 */
export interface TransferReport
  extends Pick<TransferRecord, 'link' | 'from' | 'to' | 'task' | 'startS' | 'bits' | 'airtimeS' | 'meanSnrDb' | 'meanSinrDb' | 'outages' | 'outcome'> {
  /** arrival (delivered) or when it stopped (failed, interrupted) (s) */
  endS: number;
  /** bits over the time from start to end (bit/s); null for a zero-length transfer */
  meanRateBps: number | null;
}

/** Per-task milestones. */
export interface TaskReport {
  /** task id */
  id: string;
  /** `compute`, `send` or `broadcast` */
  type: 'compute' | 'send' | 'broadcast';
  /** compute: the node */
  node?: string;
  /** send: the sender */
  from?: string;
  /** send: the receiver */
  to?: string;
  /** broadcast: the receivers */
  receivers?: string[];
  /** compute: work in FLOPs */
  flops?: number;
  /** send: size in bits */
  bits?: number;
  /** dependencies that must end well */
  after: string[];
  /** dependencies that must have ended, well or not */
  afterSettled: string[];
  /** when its dependencies were done (s) */
  readyS: number | null;
  /** when service began (s) */
  startS: number | null;
  /** when it ended (s) */
  endS: number | null;
  /** queueing delay startS − readyS (s) */
  waitS: number | null;
  /** endS − startS (s): service, plus propagation for a message */
  durationS: number | null;
  /** where it stood at the end */
  status: TaskStatus;
  /** why it failed (null unless failed) */
  failure: string | null;
}

/** Counts of events. */
export interface EventCountsReport {
  /** engine callbacks run */
  processed: number;
  /** engine callbacks scheduled */
  scheduled: number;
  /** cancelled callbacks skipped */
  cancelledSkipped: number;
  /** trace events by name, names sorted */
  byType: Record<string, number>;
}

/** The scenario as the report names it. */
export interface ScenarioSummary {
  /** the scenario's name */
  name: string;
  /** its description ('' when none) */
  description: string;
}

/**
 * The deterministic report of one run (`report.json`). Besides the fields below it holds each
 * declared result section under its key ({@link ReportSections}: `rounds`, …), after `events`.
 */
export interface Report extends ReportSections {
  /** schema tag, {@link REPORT_SCHEMA} */
  schema: typeof REPORT_SCHEMA;
  /** the scenario's name and description */
  scenario: ScenarioSummary;
  /** root seed */
  seed: number;
  /** run index */
  run: number;
  /** the horizon in seconds, or null */
  horizonS: number | null;
  /** simulated time at the end, in seconds */
  simulatedEndS: number;
  /** why the run ended: `empty` (nothing left to do), `until` (horizon), `maxEvents`, `stopped` */
  stopReason: StopReason;
  /** per node, in scenario order */
  nodes: NodeReport[];
  /** per link direction, in scenario order */
  links: LinkReport[];
  /** per task, in scenario order */
  tasks: TaskReport[];
  /** every transfer, in the order they ended */
  transfers: TransferReport[];
  /** event counts */
  events: EventCountsReport;
  /** warnings (models outside their validity range, …), in order */
  warnings: string[];
  /** the training's outcome, or null without training */
  training: TrainingSummary | null;
  /** inference serving's outcome, or null without an inference section */
  inference: InferenceSummary | null;
  /** where the report came from: edgesim's version, the scenario file, the overrides, the seed, the backend, a command to rerun it */
  provenance: Provenance;
  /**
   * The scenario as it ran: after defaults and overrides (training defaults filled in, see
   * {@link ResolvedTraining}); keys sorted, paths relative to the scenario file's folder, non-JSON
   * values rendered (see {@link canonicalValue}).
   */
  configuration: ResolvedScenario;
}

/** Wall-clock facts of a run (`run.json`): not deterministic, kept out of the report. */
export interface RunInfo {
  /** edgesim version */
  edgesimVersion: string;
  /** Node.js version */
  nodeVersion: string;
  /** OS platform and CPU architecture */
  platform: string;
  /** ISO time the run started */
  startedAt: string;
  /** wall time of the simulation in seconds */
  wallS: number;
  /** engine events processed per wall second */
  eventsPerS: number;
  /** the TF.js backend that trained (and what did not load), or null without training */
  backend: BackendUsed | null;
}

/** The TF.js backend a run trained on. */
export interface BackendUsed {
  /** `tensorflow`, `wasm` or `cpu` */
  name: string;
  /** backends that did not load, fallbacks */
  notes: string[];
}

const ratio = (x: number, total: number): number | null => (total > 0 ? x / total : null);


/**
 * Assembles the report.
 * @param world - the simulated world
 * @param recorder - the recorder that watched the run
 * @param stopReason - what {@link Simulator.run} returned
 */
export function buildReport(world: World, recorder: TimelineRecorder, stopReason: StopReason, origin: ProvenanceInput & { edgesimVersion: string } = { edgesimVersion: 'unknown' }): Report {
  const { sim, scenario } = world;
  const endS = sim.now;
  const counters = sim.counters;
  const byType: Record<string, number> = {};
  for (const name of [...recorder.counts.keys()].sort()) byType[name] = recorder.counts.get(name)!;
  return {
    schema: REPORT_SCHEMA,
    scenario: { name: scenario.name, description: scenario.description },
    seed: scenario.seed,
    run: sim.rng.run,
    horizonS: scenario.horizonS,
    simulatedEndS: endS,
    stopReason,
    nodes: scenario.nodes.map((n) => nodeReport(world, recorder, n, endS)),
    links: scenario.links.map((l) => {
      const t = recorder.links.get(l.id) ?? IDLE_LINK;
      return { id: l.id, from: l.from, to: l.to, wireless: l.wireless, rateBps: l.rateBps, delayS: l.delayS, bits: t.bits, airtimeS: t.airtimeS, utilization: ratio(t.airtimeS, endS), messages: t.messages };
    }),
    tasks: scenario.tasks.map((task): TaskReport => {
      const m = recorder.tasks.get(task.id) ?? { readyS: null, startS: null, endS: null, failure: null };
      const where =
        task.type === 'compute'
          ? { node: task.node, flops: task.flops }
          : task.type === 'send'
            ? { from: task.from, to: task.to, bits: task.bits }
            : { from: task.from, receivers: task.to, bits: task.bits };
      const status: TaskStatus = m.endS !== null ? 'done' : m.failure !== null ? 'failed' : m.startS !== null ? 'in-service' : m.readyS !== null ? 'queued' : 'blocked';
      return {
        id: task.id,
        type: task.type,
        ...where,
        after: task.after,
        afterSettled: task.afterSettled,
        readyS: m.readyS,
        startS: m.startS,
        endS: m.endS,
        waitS: m.readyS !== null && m.startS !== null ? m.startS - m.readyS : null,
        durationS: m.startS !== null && m.endS !== null ? m.endS - m.startS : null,
        status,
        failure: m.failure?.reason ?? null,
      };
    }),
    transfers: recorder.transfers.map((x): TransferReport => {
      const end = x.arrivedS ?? x.endS;
      return {
        link: x.link,
        from: x.from,
        to: x.to,
        task: x.task,
        startS: x.startS,
        endS: end,
        bits: x.bits,
        meanRateBps: end > x.startS ? x.bitsSent / (end - x.startS) : null,
        airtimeS: x.airtimeS,
        meanSnrDb: x.meanSnrDb,
        meanSinrDb: x.meanSinrDb,
        outages: x.outages,
        outcome: x.outcome,
      };
    }),
    events: { processed: counters.processed, scheduled: counters.scheduled, cancelledSkipped: counters.cancelledSkipped, byType },
    ...sectionFields(recorder, scenario.report?.omit ?? []),
    training: trainingSummary(world, recorder, stopReason),
    inference: inferenceSummary(world, recorder, endS),
    provenance: provenance(world, origin),
    configuration: configuration(world, origin.scenarioFile),
    warnings: [...recorder.warnings, ...budgetWarnings(scenario.nodes, recorder, endS)],
  };
}

/** The traffic of a link that carried nothing (read only). */
const IDLE_LINK = { bits: 0, airtimeS: 0, messages: 0 } as const;

/** Every node's transmit-budget warning, in node order (one array for all, not one per node). */
function budgetWarnings(nodes: Scenario['nodes'], recorder: TimelineRecorder, endS: number): string[] {
  const out: string[] = [];
  for (const n of nodes) {
    // Only a node that sent can exceed its budget.
    if (recorder.radios.has(n.id)) out.push(...txBudgetWarnings(n, recorder, endS));
  }
  return out;
}

/** Report keys that are not result sections: a section may not take one. */
const CORE_KEYS = new Set(['schema', 'scenario', 'seed', 'run', 'horizonS', 'simulatedEndS', 'stopReason', 'nodes', 'links', 'tasks', 'transfers', 'events', 'training', 'inference', 'provenance', 'configuration', 'warnings']);

/**
 * The report fields of the recorded result sections, in registration order: a section with rows,
 * or declared {@link ResultSection.alwaysInJson} (then `[]` without rows); none that `omit` (the
 * scenario's `report.omit`) names.
 * @throws Error when a section's key is a core report field
 */
function sectionFields(recorder: TimelineRecorder, omit: readonly string[]): ReportSections {
  const out: Record<string, unknown[]> = {};
  for (const s of recorder.sections) {
    if (CORE_KEYS.has(s.key)) throw new Error(`result section '${s.key}' takes the name of a report field`);
    if (omit.includes(s.key)) continue; // the scenario's report.omit (the summaries still read its rows)
    const rows = recorder.sectionRows.get(s.key)!;
    if (rows.length > 0 || s.alwaysInJson === true) out[s.key] = rows;
  }
  return out as unknown as ReportSections;
}

