/**
 * The per-node part of the report: CPU, radio (wireless airtime apart from wired busy time), energy
 * by category and mean power, battery, failures, movement; and the average transmit-power budget
 * check.
 * @module
 */
import type { World } from '../scenario/world.js';
import type { ScenarioNode } from '../scenario/types.js';
import type { EnergyJ } from '../node/energy.js';
import { toTuple } from '../mobility/vec.js';
import { emptyRadioTally, type RadioTally, type TimelineRecorder } from './recorder.js';

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
  /** CPU busy time in core-seconds (a task on 4 cores for 1 s counts 4 s) */
  busyS: number;
  /** busyS / (cores × simulatedEndS): the fraction of the processor's capacity used, ≤ 1 (null when the run lasted 0 s) */
  utilization: number | null;
  /** computations completed */
  computeTasks: number;
  /** FLOPs completed */
  flops: number;
  /** time sending, wireless and wired: `radioAirtimeS + wiredBusyS` (s) */
  airtimeS: number;
  /** time on air sending over wireless links, a broadcast counted once (s) */
  radioAirtimeS: number;
  /** time its wired links spent transmitting its messages (s) */
  wiredBusyS: number;
  /** time its receive chain was on: at least one wireless reception active (s) */
  receivingS: number;
  /** bits sent */
  bitsSent: number;
  /** airtime-weighted mean SNR of its wireless transfers (dB); null when it sent none */
  meanSnrDb: number | null;
  /** the same with co-channel interference counted: mean SINR (dB); null when it sent none */
  meanSinrDb: number | null;
  /** rate steps its transfers spent in outage */
  outages: number;
  /** handovers between edge centers (under `association.idle: 'reselect'`, while connected) */
  handovers: number;
  /** idle-mode cell reselections: present only under `association.idle: 'reselect'` */
  reselections?: number;
  /** mean radiated power over the run: Σ transmit power × airtime / run time (W) */
  meanTxPowerW: number;
  /** mean power drawn over the run: total energy / run time (W), never below the idle power; null when the run lasted 0 s */
  meanPowerW: number | null;
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

const ratio = (x: number, total: number): number | null => (total > 0 ? x / total : null);

const downtime = (o: { downS: number; downSince: number | null } | undefined, endS: number): number =>
  o === undefined ? 0 : o.downS + (o.downSince === null ? 0 : endS - o.downSince);

/**
 * One node's figures at the end of a run.
 * @param world - the world that ran
 * @param recorder - what the trace bus said
 * @param n - the node
 * @param endS - the run's end (s)
 */
export function nodeReport(world: World, recorder: TimelineRecorder, n: ScenarioNode, endS: number): NodeReport {
  const id = n.id;
  const node = world.nodes.get(id)!;
  const t = recorder.nodes.get(id) ?? { busyS: 0, computeTasks: 0, flops: 0 };
  const m = node.mobility;
  const mobility: MobilityReport = { model: m.name, endPositionM: toTuple(m.positionAt(endS)), distanceM: m.pathLengthM(0, endS), presentS: m.presentS(0, endS) };
  const r = recorder.radios.get(id) ?? EMPTY_RADIO;
  const meter = node.energy;
  const energyJ = meter.read();
  const outage = recorder.outages.get(id);
  // Built field by field in the report's key order (an object literal with a conditional spread in
  // the middle takes a slow path: a 10⁵-node report made 10⁵ of them).
  const out = {
    id,
    kind: n.kind,
    positionM: toTuple(m.positionAt(0)),
    mobility,
    cpuFlopsPerS: n.cpuFlopsPerS,
    busyS: t.busyS,
    utilization: ratio(t.busyS, n.cpu.cores * endS),
    computeTasks: t.computeTasks,
    flops: t.flops,
    airtimeS: r.airtimeS,
    radioAirtimeS: r.radioAirtimeS,
    wiredBusyS: r.wiredBusyS,
    receivingS: meter.receivingS(),
    bitsSent: r.bitsSent,
    meanSnrDb: r.snrTimeS > 0 ? r.snrDbTimeS / r.snrTimeS : null,
    meanSinrDb: r.snrTimeS > 0 ? r.sinrDbTimeS / r.snrTimeS : null,
    outages: r.outages,
    handovers: recorder.handovers.get(id) ?? 0,
  } as NodeReport;
  if (n.kind === 'terminal' && world.association?.idleMode === 'reselect') out.reselections = recorder.reselections.get(id) ?? 0;
  out.meanTxPowerW = endS > 0 ? r.radiatedJ / endS : 0;
  out.meanPowerW = ratio(energyJ.total, endS);
  out.energyJ = energyJ;
  out.batteryJ = meter.batteryLeftJ(energyJ.total);
  out.failed = node.failed ?? null;
  out.failures = outage?.count ?? 0;
  out.downS = downtime(outage, endS);
  return out;
}

/** The radio tally of a node that never sent (read only). */
const EMPTY_RADIO: Readonly<RadioTally> = emptyRadioTally();

/**
 * The warning of a node whose mean radiated power exceeds its average budget (`avgTxPowerDbm`), if so.
 * @param n - the node
 * @param recorder - what the trace bus said
 * @param endS - the run's end (s)
 */
export function txBudgetWarnings(n: ScenarioNode, recorder: TimelineRecorder, endS: number): string[] {
  const budgetW = 10 ** ((n.radio.avgTxPowerDbm - 30) / 10);
  const meanW = endS > 0 ? (recorder.radios.get(n.id)?.radiatedJ ?? 0) / endS : 0;
  return meanW > budgetW * (1 + 1e-12) ? [`${n.id}: mean transmit power ${meanW.toPrecision(4)} W exceeds its average budget ${budgetW.toPrecision(4)} W (avgTxPowerDbm ${n.radio.avgTxPowerDbm})`] : [];
}
