/**
 * The training section of a report: the outcome of the run's protocol (accuracy, time to the
 * target), its asynchronous updates, and its dropouts by cause and client with the work and energy
 * they wasted.
 * @module
 */
import { parameterCount } from '../learning/models.js';
import type { World } from '../scenario/world.js';
import type { TimelineRecorder } from './recorder.js';
import type { DropoutPhase } from '../training/records.js';
import type { OptimumSummary } from '../training/gap.js';
import type { StopReason } from '../engine/simulator.js';

/** The asynchronous updates of a run. */
export interface UpdateSummary {
  /** mixed into the model (FedAsync) or stepped with their buffer (FedBuff's last of each K) */
  applied: number;
  /** FedBuff: taken into the buffer (stepped when it filled, or left in it at the end) */
  buffered: number;
  /** beyond the staleness cap */
  discarded: number;
  /** lost on the way (dropouts) */
  lost: number;
  /** cut off when training ended (not dropouts; their work is counted in `unfinishedFlops`) */
  unfinished: number;
  /** FLOPs of local computation the unfinished updates had completed */
  unfinishedFlops: number;
  /** mean staleness of the updates the server took (versions), or null */
  meanStaleness: number | null;
  /** largest staleness, or null */
  maxStaleness: number | null;
}

/** Dropouts of a run: selected (sync) or started (async) work that never reached the server. */
export interface DropoutSummary {
  /** how many */
  count: number;
  /** by cause: `battery`, `coverage`, `handover`, `outage`, `failure` (exponential failures), `unavailable` (availability trace), `absent` (a trace node off its presence window), `deadline`, `over-selection`, `other` */
  byCause: Record<string, number>;
  /** by client (clients without a dropout are absent) */
  byClient: Record<string, number>;
  /** FLOPs of local computation the lost attempts had completed */
  flopsWasted: number;
  /** compute, transmit and receive energy the lost attempts spent (J) */
  activeEnergyWastedJ: number;
}

/** The outcome of a training run. */
export interface TrainingSummary {
  /** model */
  model: string;
  /** the protocol: `sync`, `fedasync`, `fedbuff` */
  protocol: string;
  /** `fedavg` or `fedsgd` (sync's strategy; asynchronous clients train local epochs) */
  algorithm: string;
  /** parameters */
  parameters: number;
  /** rounds completed (sync, ota; 0 for asynchronous protocols) */
  rounds: number;
  /** asynchronous protocols: server versions at the last evaluation; null for round-based ones */
  serverVersions: number | null;
  /** test accuracy after the last round (sync) or at the last evaluation (asynchronous) */
  finalAccuracy: number | null;
  /** the time-to-accuracy target */
  targetAccuracy: number;
  /** `measured` on the test set, or (timing-only mode) a `surrogate` from the calibrated learning curve: then every accuracy and loss of the report (rounds, evaluations) is one */
  accuracySource: 'measured' | 'surrogate';
  /** first simulated time the test accuracy reached the target (s), or null */
  timeToAccuracyS: number | null;
  /** the round (sync) or server version (asynchronous) it happened at, or null */
  roundToAccuracy: number | null;
  /** asynchronous protocols: the updates by outcome and their staleness; null for round-based ones */
  updates: UpdateSummary | null;
  /** the dropouts */
  dropouts: DropoutSummary;
  /** with `optimalityGap`: the optimum F* found and the constants of the convergence bound; else null */
  optimum: OptimumSummary | null;
  /** present only when an asynchronous run ended with fewer server versions than its `serverSteps`: how many, of how many, and why the run ended */
  note?: string;
}

/** Why a run ended, in a training summary's note. */
const ENDED_BECAUSE: Record<StopReason, string> = {
  empty: 'nothing was left to do (only daemon waits remained: every client or edge was waiting to retry, or no edge center had members)',
  until: 'the horizon (horizonS) was reached',
  maxEvents: 'the event limit was reached',
  stopped: 'the run was stopped',
};

/**
 * The note of an asynchronous run that ended before `serverSteps` versions, or undefined.
 * @param serverSteps - the protocol's `serverSteps`, when it has one
 * @param versions - the server versions at the last evaluation
 * @param stopReason - why the run ended, when known
 */
function shortfallNote(serverSteps: number | undefined, versions: number, stopReason: StopReason | undefined): string | undefined {
  if (serverSteps === undefined || versions >= serverSteps) return undefined;
  return `training ended after ${versions} of ${serverSteps} server versions (serverSteps)${stopReason === undefined ? '' : `: ${ENDED_BECAUSE[stopReason]}`}`;
}

/**
 * The cause category of a dropout from its phase and reason.
 * @param phase - where it was lost
 * @param reason - the failure's message
 */
export function dropoutCause(phase: DropoutPhase, reason: string): string {
  if (phase === 'deadline') return 'deadline';
  if (phase === 'surplus') return 'over-selection';
  if (/battery/.test(reason)) return 'battery';
  if (/coverage/.test(reason)) return 'coverage';
  if (/handover/.test(reason)) return 'handover';
  if (/outage/.test(reason)) return 'outage';
  if (/unavailable/.test(reason)) return 'unavailable';
  if (/\(absent\)/.test(reason)) return 'absent';
  if (/\(failure\)|failed/.test(reason)) return 'failure';
  return 'other';
}

/**
 * The training section of a report, or null without training.
 * @param world - the world that ran
 * @param recorder - its recorder
 * @param stopReason - why the run ended (for the note of a run that ended short of `serverSteps`)
 */
export function trainingSummary(world: World, recorder: TimelineRecorder, stopReason?: StopReason): TrainingSummary | null {
  if (world.scenario.training === null || world.training === null) return null;
  const cfg = world.training.run.config;
  const target = cfg.targetAccuracy;
  const rounds = recorder.rows('rounds');
  const evaluations = recorder.rows('evaluations');
  const updates = recorder.rows('updates');
  const lost = [
    ...rounds.flatMap((r) => r.dropouts.map((d) => ({ client: d.client, cause: dropoutCause(d.phase, d.reason), flops: d.flopsDone, energyJ: d.activeEnergyJ }))),
    ...updates.filter((u) => u.outcome === 'lost').map((u) => ({ client: u.client, cause: dropoutCause(u.phase!, u.reason!), flops: u.flopsDone, energyJ: u.activeEnergyJ })),
  ];
  const count = (keys: string[]): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const k of [...keys].sort()) out[k] = (out[k] ?? 0) + 1;
    return out;
  };
  const dropouts: DropoutSummary = {
    count: lost.length,
    byCause: count(lost.map((l) => l.cause)),
    byClient: count(lost.map((l) => l.client)),
    flopsWasted: lost.reduce((a, l) => a + l.flops, 0),
    activeEnergyWastedJ: lost.reduce((a, l) => a + l.energyJ, 0),
  };
  const base = { model: cfg.model, protocol: cfg.protocol.name, algorithm: cfg.algorithm, parameters: parameterCount(world.training.run.def), targetAccuracy: target, accuracySource: cfg.mode === 'timing' ? ('surrogate' as const) : ('measured' as const) };
  // Round-based protocols (sync, ota) report rounds; asynchronous ones evaluate as they go.
  if (evaluations.length === 0) {
    const hit = rounds.find((r) => r.testAccuracy >= target);
    return {
      ...base,
      rounds: rounds.length,
      serverVersions: null,
      finalAccuracy: rounds.length > 0 ? rounds[rounds.length - 1]!.testAccuracy : null,
      timeToAccuracyS: hit?.endS ?? null,
      roundToAccuracy: hit?.round ?? null,
      updates: null,
      dropouts,
      optimum: world.training.run.optimum,
    };
  }
  const hit = evaluations.find((e) => e.testAccuracy >= target);
  const last = evaluations[evaluations.length - 1];
  const staleness = updates.flatMap((u) => (u.staleness === null ? [] : [u.staleness]));
  const by = (o: string): number => updates.filter((u) => u.outcome === o).length;
  const note = shortfallNote((cfg.protocol as { serverSteps?: number }).serverSteps, last?.version ?? 0, stopReason);
  return {
    ...base,
    rounds: 0,
    serverVersions: last?.version ?? null,
    finalAccuracy: last?.testAccuracy ?? null,
    timeToAccuracyS: hit?.timeS ?? null,
    roundToAccuracy: hit?.version ?? null,
    updates: {
      applied: by('applied'),
      buffered: by('buffered'),
      discarded: by('discarded'),
      lost: by('lost'),
      unfinished: by('unfinished'),
      unfinishedFlops: updates.filter((u) => u.outcome === 'unfinished').reduce((a, u) => a + u.flopsDone, 0),
      meanStaleness: staleness.length > 0 ? staleness.reduce((a, b) => a + b, 0) / staleness.length : null,
      maxStaleness: staleness.length > 0 ? Math.max(...staleness) : null,
    },
    dropouts,
    optimum: null,
    ...(note === undefined ? {} : { note }),
  };
}
