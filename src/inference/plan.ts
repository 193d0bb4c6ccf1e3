/**
 * The eq. 5 deployment problem of a scenario, as the world looks when serving starts: the deployed
 * model's split profiles (measured accuracy, real layer FLOPs and activation bytes), each terminal's
 * server, request rate (from its arrival process), processor, radio draws and expected route rates
 * (ergodic, each terminal alone on the band), its latency bound (its deadline) and energy budget;
 * the servers' FLOP/s. The solver's plan gives each terminal a split point and a reserved share of
 * its server, which serving then simulates (`deploy.ts`); the report sets the plan's predictions
 * beside what the timeline measured.
 * @module
 */
import type { InferenceContext } from './context.js';
import type { PreparedInference } from './prepare.js';
import { optimizeDeployment, type DeploymentSolverSpec } from './optimize/index.js';
import type { DeploymentPlan, DeploymentProblem, DeploymentTerminal, ObjectiveWeights } from './optimize/types.js';
import type { ActivationBits } from './quantize.js';
import type { ArrivalSpec } from './arrivals.js';
import { readRequestTimes } from './arrivals.js';
import { expectedExitCost } from './exitsVariant.js';

/** The optimizer's settings (`inference.deployment.optimizer`). */
export interface OptimizerSpec {
  /** the solver; default `{ solver: 'lagrangian' }` */
  solver?: DeploymentSolverSpec;
  /** α1 (per J), α2 (per s), α3 (per unit share); default 1, 1, 0 */
  weights?: Partial<ObjectiveWeights>;
  /** candidate shares b; default 0.05, 0.1, 0.2, 0.25, 0.5, 1 */
  shares?: number[];
  /** γ_E: terminal energy per request at most (J); default none */
  maxEnergyJ?: number;
  /** γ_th: latency at most (s); default each terminal's deadline, else none */
  maxLatencyS?: number;
  /** B: share per terminal at most; default 1 */
  maxShare?: number;
  /** a_min: the least measured accuracy of the variant deployed; default 0 */
  minAccuracy?: number;
}

/** The defaults of {@link OptimizerSpec}'s weights and shares. */
export interface OptimizerDefaults {
  /** α1, α2, α3 */
  weights: ObjectiveWeights;
  /** the candidate shares */
  shares: number[];
}

/** Defaults of {@link OptimizerSpec}. */
export const OPTIMIZER_DEFAULTS: Readonly<OptimizerDefaults> = { weights: { energyPerJ: 1, latencyPerS: 1, sharePerUnit: 0 }, shares: [0.05, 0.1, 0.2, 0.25, 0.5, 1] };

/** The rate the optimizer is given for a route in outage (bit/s): any offloading then takes hours. */
export const OUTAGE_RATE_BPS = 1;

/** A terminal's requests as the optimizer sees them. */
export interface TerminalDemand {
  /** the terminal */
  id: string;
  /** its server when serving starts */
  server: string;
  /** its arrival processes */
  arrivals: ArrivalSpec[];
  /** its tightest deadline (s), or null */
  deadlineS: number | null;
}

/**
 * The mean request rate of arrival processes (requests/s): ratePerS for Poisson, 1/periodS for
 * periodic, the count over the span for a trace (its times read again).
 * @param arrivals - the terminal's arrival specs
 * @param terminal - the terminal (for traces naming several)
 */
export function requestRatePerS(arrivals: readonly ArrivalSpec[], terminal: string): number {
  let rate = 0;
  for (const a of arrivals) {
    if (a.name === 'poisson') rate += a['ratePerS'] as number;
    else if (a.name === 'periodic') rate += 1 / (a['periodS'] as number);
    else if (a.name === 'trace') {
      const times = readRequestTimes(a['file'] as string, terminal);
      if (times.length > 1) rate += (times.length - 1) / (times[times.length - 1]! - times[0]!);
    }
  }
  return rate;
}

/**
 * The deployment problem of a scenario now.
 * @param ctx - the world
 * @param prepared - the model and its profiles
 * @param demands - each terminal's server and requests
 * @param bits - the activation precision on the wire
 * @param resultBits - the result's size
 * @param overheadS - the servers' fixed time per computation (s)
 * @param spec - the optimizer's settings
 */
export function deploymentProblem(ctx: InferenceContext, prepared: PreparedInference, demands: readonly TerminalDemand[], bits: ActivationBits, resultBits: number, overheadS: number, spec: OptimizerSpec = {}): DeploymentProblem {
  const terminals = demands.map((d): DeploymentTerminal => {
    const cpu = ctx.node(d.id).cpu;
    const radio = ctx.radioPowerW(d.id);
    return {
      id: d.id,
      edge: d.server,
      weight: 1,
      requestRatePerS: requestRatePerS(d.arrivals, d.id),
      flopsPerS: cpu.flopsPerS,
      energyPerFlopJ: cpu.energyJ(1),
      txPowerW: radio.txW,
      rxPowerW: radio.rxW,
      // A route in outage now (rate 0) is priced at 1 bit/s: offloading is hopeless, not undefined.
      uplinkRateBps: Math.max(OUTAGE_RATE_BPS, ctx.expectedRateBps(d.id, d.server) ?? 0),
      downlinkRateBps: Math.max(OUTAGE_RATE_BPS, ctx.expectedRateBps(d.server, d.id) ?? 0),
      maxEnergyJ: spec.maxEnergyJ ?? Infinity,
      maxLatencyS: spec.maxLatencyS ?? d.deadlineS ?? Infinity,
      maxShare: spec.maxShare ?? 1,
      minAccuracy: spec.minAccuracy ?? 0,
    };
  });
  const servers = [...new Set(demands.map((d) => d.server))];
  // Every prepared variant, in increasing pruning rate (the plan's variant index), at the deployment's precision.
  const variants = [...prepared.variants.values()].sort((a, b) => a.rate - b.rate);
  return {
    variants: variants.map((v) => ({
      pruningRate: v.rate,
      accuracy: v.accuracy,
      // A multi-exit model: the expected cost over the test examples (requests leaving on the terminal send nothing).
      splits: v.profiles.get(bits)!.map((p) => {
        if (v.exits === undefined) return { terminalFlops: p.terminalFlops, edgeFlops: p.edgeFlops, activationBits: 8 * p.activationBytes, resultBits };
        const e = expectedExitCost(v.exits, p.k, prepared.test);
        return { terminalFlops: e.terminalFlops, edgeFlops: e.edgeFlops, activationBits: 8 * p.activationBytes * e.offloaded, resultBits: resultBits * e.offloaded };
      }),
    })),
    terminals,
    edges: servers.map((id) => ({ id, flopsPerS: ctx.node(id).cpu.flopsPerS, overheadS })),
    weights: { ...OPTIMIZER_DEFAULTS.weights, ...spec.weights },
    shares: spec.shares ?? OPTIMIZER_DEFAULTS.shares,
  };
}

/**
 * Solves a scenario's deployment problem.
 * @param problem - from {@link deploymentProblem}
 * @param spec - the optimizer's settings
 */
export function planDeployment(problem: DeploymentProblem, spec: OptimizerSpec = {}): DeploymentPlan {
  return optimizeDeployment(problem, spec.solver ?? { solver: 'lagrangian' });
}
