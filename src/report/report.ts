/**
 * The report of one run: its types (the schema documented in `docs/report.md`) and how it is
 * assembled from the world and the recorder. Same scenario + seed ⇒ the same report, byte for byte
 * once serialized; wall-clock figures live apart in {@link RunInfo}.
 * @module
 */
import type { Simulator, StopReason } from '../engine/simulator.js';
import type { World } from '../scenario/world.js';
import type { TimelineRecorder, TransferRecord } from './recorder.js';
import { toTuple } from '../mobility/vec.js';
import type { EnergyJ } from '../node/energy.js';
import type { RoundRecord } from '../training/sync.js';
import { parameterCount } from '../learning/models.js';
import { provenance, configuration, type Provenance, type ProvenanceInput, type ResolvedScenario } from './provenance.js';

/** Version tag of the report schema; bumped only on incompatible change. */
export const REPORT_SCHEMA = 'edgesim.report/1';

/** Per-node figures. */
export interface NodeReport {
  /** node id */
  id: string;
  /** node kind */
  kind: string;
  /** position at t = 0 in metres */
  positionM: [number, number, number];
  /** how the node moved during the run */
  mobility: MobilityReport;
  /** CPU rate in FLOP/s */
  cpuFlopsPerS: number;
  /** CPU busy time in seconds */
  busyS: number;
  /** busyS / simulatedEndS (null when the run lasted 0 s) */
  utilization: number | null;
  /** computations completed */
  computeTasks: number;
  /** FLOPs completed */
  flops: number;
  /** time on air sending (s) */
  airtimeS: number;
  /** bits sent */
  bitsSent: number;
  /** airtime-weighted mean SNR of its wireless transfers (dB); null when it sent none */
  meanSnrDb: number | null;
  /** rate steps its transfers spent in outage */
  outages: number;
  /** handovers between edge centers */
  handovers: number;
  /** mean transmit power over the run: transmit energy / run time (W) */
  meanTxPowerW: number;
  /** energy by category over the run (J) */
  energyJ: EnergyJ;
  /** battery energy left at the end (J), or null for mains power */
  batteryJ: number | null;
  /** why the node is down at the end (e.g. `battery empty`, `failure`, `out of coverage`), or null */
  failed: string | null;
  /** times it failed */
  failures: number;
  /** time it was down during the run (s) */
  downS: number;
}

/** A node's movement over the run. */
export interface MobilityReport {
  /** the mobility model (`static`, `random-waypoint`, `trace`, …) */
  model: string;
  /** position at the end of the run (m) */
  endPositionM: [number, number, number];
  /** distance travelled during the run (m) */
  distanceM: number;
  /** time present during the run (s); less than the run for vehicles that enter or leave */
  presentS: number;
}

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
  extends Pick<TransferRecord, 'link' | 'from' | 'to' | 'task' | 'startS' | 'bits' | 'airtimeS' | 'meanSnrDb' | 'outages' | 'outcome'> {
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

/** The deterministic report of one run (`report.json`). */
export interface Report {
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
  /** training rounds (empty without training) */
  rounds: RoundRecord[];
  /** the training's outcome, or null without training */
  training: TrainingSummary | null;
  /** where the report came from: edgesim's version, the scenario file, the overrides, the seed, the backend, a command to rerun it */
  provenance: Provenance;
  /**
   * The scenario as it ran: after defaults and overrides (training defaults filled in, see
   * {@link ResolvedTraining}); keys sorted, paths relative to the scenario file's folder, non-JSON
   * values rendered (see {@link canonicalValue}).
   */
  configuration: ResolvedScenario;
}

/** The outcome of a training run. */
export interface TrainingSummary {
  /** model */
  model: string;
  /** `fedavg` or `fedsgd` */
  algorithm: string;
  /** parameters */
  parameters: number;
  /** rounds completed */
  rounds: number;
  /** test accuracy after the last round */
  finalAccuracy: number | null;
  /** the time-to-accuracy target */
  targetAccuracy: number;
  /** first simulated time the test accuracy reached the target (s), or null */
  timeToAccuracyS: number | null;
  /** the round it happened in, or null */
  roundToAccuracy: number | null;
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

const downtime = (o: { downS: number; downSince: number | null } | undefined, endS: number): number =>
  o === undefined ? 0 : o.downS + (o.downSince === null ? 0 : endS - o.downSince);

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
    nodes: scenario.nodes.map((n) => {
      const t = recorder.nodes.get(n.id) ?? { busyS: 0, computeTasks: 0, flops: 0 };
      const node = world.nodes.get(n.id)!;
      const m = node.mobility;
      const mobility: MobilityReport = { model: m.name, endPositionM: toTuple(m.positionAt(endS)), distanceM: m.pathLengthM(0, endS), presentS: m.presentS(0, endS) };
      const r = recorder.radios.get(n.id) ?? { airtimeS: 0, bitsSent: 0, snrDbTimeS: 0, snrTimeS: 0, outages: 0 };
      const energyJ = node.energy.read();
      return {
        id: n.id,
        kind: n.kind,
        positionM: toTuple(m.positionAt(0)),
        mobility,
        cpuFlopsPerS: n.cpuFlopsPerS,
        busyS: t.busyS,
        utilization: ratio(t.busyS, endS),
        computeTasks: t.computeTasks,
        flops: t.flops,
        airtimeS: r.airtimeS,
        bitsSent: r.bitsSent,
        meanSnrDb: r.snrTimeS > 0 ? r.snrDbTimeS / r.snrTimeS : null,
        outages: r.outages,
        handovers: recorder.handovers.get(n.id) ?? 0,
        meanTxPowerW: endS > 0 ? energyJ.tx / endS : 0,
        energyJ,
        batteryJ: node.energy.batteryLeftJ(),
        failed: node.failed ?? null,
        failures: recorder.outages.get(n.id)?.count ?? 0,
        downS: downtime(recorder.outages.get(n.id), endS),
      };
    }),
    links: scenario.links.map((l) => {
      const t = recorder.links.get(l.id) ?? { bits: 0, airtimeS: 0, messages: 0 };
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
        outages: x.outages,
        outcome: x.outcome,
      };
    }),
    events: { processed: counters.processed, scheduled: counters.scheduled, cancelledSkipped: counters.cancelledSkipped, byType },
    rounds: recorder.rounds,
    training: trainingSummary(world, recorder.rounds),
    provenance: provenance(world, origin),
    configuration: configuration(world, origin.scenarioFile),
    warnings: [
      ...recorder.warnings,
      ...scenario.nodes.flatMap((n) => {
        const budgetW = 10 ** ((n.radio.avgTxPowerDbm - 30) / 10);
        const meanW = endS > 0 ? world.nodes.get(n.id)!.energy.read().tx / endS : 0;
        return meanW > budgetW * (1 + 1e-12) ? [`${n.id}: mean transmit power ${meanW.toPrecision(4)} W exceeds its average budget ${budgetW.toPrecision(4)} W (avgTxPowerDbm ${n.radio.avgTxPowerDbm})`] : [];
      }),
    ],
  };
}

function trainingSummary(world: World, rounds: readonly RoundRecord[]): TrainingSummary | null {
  if (world.scenario.training === null || world.training === null) return null;
  const cfg = world.training.run.config;
  const target = cfg.targetAccuracy;
  const hit = rounds.find((r) => r.testAccuracy >= target);
  return {
    model: cfg.model,
    algorithm: cfg.algorithm,
    parameters: parameterCount(world.training.run.def),
    rounds: rounds.length,
    finalAccuracy: rounds.length > 0 ? rounds[rounds.length - 1]!.testAccuracy : null,
    targetAccuracy: target,
    timeToAccuracyS: hit?.endS ?? null,
    roundToAccuracy: hit?.round ?? null,
  };
}
