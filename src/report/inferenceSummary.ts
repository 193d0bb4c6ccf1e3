/**
 * The `inference` part of a report: the deployed model (its unsplit test accuracy, measured when
 * trained), each terminal's split, each server's load (utilisation of its processor, its queue),
 * and the request figures overall and per terminal (`summarizeRequests`).
 * @module
 */
import type { World } from '../scenario/world.js';
import type { TimelineRecorder } from './recorder.js';
import { summarizeRequests, type RequestStats } from '../inference/summary.js';
import type { RequestRecord } from '../inference/records.js';
import type { QueueStats } from '../inference/queues.js';
import type { VariantSummary } from '../inference/deploy.js';
import type { DeploymentPlan, DeploymentProblem } from '../inference/optimize/types.js';

/** One edge server's load over the run. */
export interface ServerLoad {
  /** the node */
  node: string;
  /** the fraction of the run its processor computed inference (a reserved share b computing for t s counts b·t) */
  utilization: number;
  /** computations it ran (a batch counts once) */
  computations: number;
  /** requests it served */
  served: number;
  /** time-weighted mean number of requests waiting */
  meanQueueLength: number;
  /** most requests waiting at once */
  maxQueueLength: number;
}

/** A terminal's deployment. */
export interface TerminalDeployment {
  /** the terminal */
  terminal: string;
  /** layers it runs */
  split: number;
  /** the deployed variant */
  variant: string;
}

/** One terminal's planned deployment: predicted against measured. */
export interface PlannedTerminal {
  /** the terminal */
  terminal: string;
  /** its server */
  server: string;
  /** the split chosen */
  split: number;
  /** the pruning rate of the variant chosen (0: the trained model) */
  pruning: number;
  /** the reserved share chosen (0: all on the terminal) */
  share: number;
  /** the optimizer's latency (s) */
  predictedLatencyS: number;
  /** the mean latency of its done requests (s), or null */
  measuredMeanLatencyS: number | null;
  /** their 95th percentile (s), or null */
  measuredP95LatencyS: number | null;
  /** the optimizer's terminal energy per request (J) */
  predictedEnergyJ: number;
  /** the mean terminal energy of its done requests (J), or null */
  measuredMeanEnergyJ: number | null;
  /** its latency bound γ_th (s), or null */
  latencyBoundS: number | null;
  /** its energy budget γ_E (J), or null */
  energyBudgetJ: number | null;
  /** bounds the timeline broke that the plan said would hold: `latency (mean)`, `latency (p95)`, `energy (mean)`, `requests lost` */
  violations: string[];
}

/** Why a plan is infeasible, for one terminal or edge. */
export interface PlanInfeasibility {
  /** the terminal or edge */
  id: string;
  /** what is asked and the best any option achieves */
  reason: string;
}

/** The optimizer's plan checked against the run. */
export interface PlanCheck {
  /** the solver */
  solver: string;
  /** whether the plan met every constraint in the optimizer's model */
  feasible: boolean;
  /** its objective Σ φ(α1·e + α2·latency + α3·b) */
  objective: number;
  /** why not feasible, per terminal or edge */
  infeasible: PlanInfeasibility[];
  /** per terminal */
  terminals: PlannedTerminal[];
}

/** The inference outcome of a run. */
export interface InferenceSummary {
  /** the deployed model */
  model: string;
  /** its test accuracy unsplit, on the examples requests carry */
  modelAccuracy: number;
  /** the variants prepared (the model, its pruned or multi-exit forms), with measured accuracy */
  variants: VariantSummary[];
  /** each terminal's split point and variant */
  deployments: TerminalDeployment[];
  /** per server */
  servers: ServerLoad[];
  /** the eq. 5 optimizer's plan against what the timeline measured (`deployment.plan: 'optimize'`), or null */
  plan: PlanCheck | null;
  /** overall first, then per terminal */
  requests: RequestStats[];
}

/**
 * The inference part of a report, or null without an inference section.
 * @param world - the world that ran
 * @param recorder - its recorder (the `requests` rows)
 * @param endS - the run's simulated end (s)
 */
export function inferenceSummary(world: World, recorder: TimelineRecorder, endS: number): InferenceSummary | null {
  const inf = world.inference;
  if (inf === null) return null;
  const stats = inf.service?.queueStats() ?? new Map<string, QueueStats>();
  const rows: RequestRecord[] = recorder.rows('requests');
  const requests = summarizeRequests(rows);
  return {
    model: inf.model,
    modelAccuracy: inf.modelAccuracy,
    variants: inf.variants,
    deployments: [...inf.plans].map(([terminal, p]) => ({ terminal, split: p.split, variant: p.variant })),
    servers: inf.servers.map((node) => {
      const q = stats.get(node) ?? { computations: 0, served: 0, meanQueueLength: 0, maxQueueLength: 0, busyS: 0 };
      return { node, utilization: endS > 0 ? q.busyS / endS : 0, computations: q.computations, served: q.served, meanQueueLength: q.meanQueueLength, maxQueueLength: q.maxQueueLength };
    }),
    plan: inf.optimized === null ? null : planCheck(inf.optimized, requests),
    requests,
  };
}

/** The plan's predictions beside the measured figures of each terminal. */
function planCheck({ plan, problem }: { plan: DeploymentPlan; problem: DeploymentProblem }, requests: readonly RequestStats[]): PlanCheck {
  const byTerminal = new Map(requests.slice(1).map((r) => [r.group, r]));
  return {
    solver: plan.solver,
    feasible: plan.feasible,
    objective: plan.objective,
    infeasible: plan.infeasible.map((i) => ({ id: i.id, reason: i.reason })),
    terminals: plan.terminals.map((tp): PlannedTerminal => {
      const m = byTerminal.get(tp.id);
      const asked = problem.terminals.find((x) => x.id === tp.id)!;
      const latencyBoundS = Number.isFinite(asked.maxLatencyS) ? asked.maxLatencyS : null;
      const energyBudgetJ = Number.isFinite(asked.maxEnergyJ) ? asked.maxEnergyJ : null;
      const violations: string[] = [];
      if (m !== undefined && latencyBoundS !== null && m.meanLatencyS !== null && m.meanLatencyS > latencyBoundS) violations.push('latency (mean)');
      if (m !== undefined && latencyBoundS !== null && m.p95LatencyS !== null && m.p95LatencyS > latencyBoundS) violations.push('latency (p95)');
      if (m !== undefined && energyBudgetJ !== null && m.meanEnergyJ !== null && m.meanEnergyJ > energyBudgetJ) violations.push('energy (mean)');
      if (m !== undefined && m.lost > 0) violations.push('requests lost');
      return {
        terminal: tp.id,
        server: tp.edge,
        split: tp.split,
        pruning: problem.variants[tp.variant]!.pruningRate,
        share: tp.share,
        predictedLatencyS: tp.prediction.latencyS,
        measuredMeanLatencyS: m?.meanLatencyS ?? null,
        measuredP95LatencyS: m?.p95LatencyS ?? null,
        predictedEnergyJ: tp.prediction.energyJ,
        measuredMeanEnergyJ: m?.meanEnergyJ ?? null,
        latencyBoundS,
        energyBudgetJ,
        violations,
      };
    }),
  };
}
