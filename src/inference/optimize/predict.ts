/**
 * The prediction model of the deployment optimizer: the latency and terminal energy of one
 * terminal's (split, variant, share) choice, with the edge share modelled as an M/D/1 queue
 * (Pollaczek–Khinchine), and the enumeration of a terminal's options. Formulas and sources:
 * docs/inference-optimizer.md.
 * @module
 */
import type { DeploymentChoice, DeploymentConstraint, DeploymentPrediction, DeploymentProblem, DeploymentTerminal } from './types.js';

/**
 * The mean wait in queue of an M/D/1 queue (Pollaczek–Khinchine with zero service variance):
 * W = ρ·s/(2(1 − ρ)), ρ = λ·s.
 * @param arrivalRatePerS - λ (requests/s)
 * @param serviceS - the deterministic service time s (s)
 * @returns W (s); Infinity when ρ ≥ 1 (the queue is unstable)
 */
export function md1WaitS(arrivalRatePerS: number, serviceS: number): number {
  const rho = arrivalRatePerS * serviceS;
  if (rho >= 1) return Infinity;
  return (rho * serviceS) / (2 * (1 - rho));
}

/**
 * Checks a problem's shape and values.
 * @param problem - the problem
 * @throws RangeError naming the first bad field
 */
export function checkDeploymentProblem(problem: DeploymentProblem): void {
  const bad = (what: string): never => {
    throw new RangeError(`deployment problem: ${what}`);
  };
  if (problem.variants.length === 0) bad('no model variants');
  const n = problem.variants[0]!.splits.length - 1;
  if (n < 0) bad('a variant has no split points');
  for (const [i, v] of problem.variants.entries()) {
    if (v.splits.length - 1 !== n) bad(`variant ${i} has ${v.splits.length} split points, variant 0 has ${n + 1}`);
    if (!(v.pruningRate >= 0 && v.pruningRate < 1)) bad(`variant ${i}: pruningRate ${v.pruningRate} not in [0, 1)`);
    if (!(v.accuracy >= 0 && v.accuracy <= 1)) bad(`variant ${i}: accuracy ${v.accuracy} not in [0, 1]`);
    for (const [k, s] of v.splits.entries()) {
      for (const key of ['terminalFlops', 'edgeFlops', 'activationBits', 'resultBits'] as const) {
        if (!(s[key] >= 0 && Number.isFinite(s[key]))) bad(`variant ${i} split ${k}: ${key} ${s[key]} is not a finite number ≥ 0`);
      }
    }
    if (v.splits[n]!.edgeFlops !== 0) bad(`variant ${i}: split n = ${n} (all on the terminal) must have edgeFlops 0`);
  }
  for (const b of problem.shares) if (!(b > 0 && b <= 1)) bad(`share ${b} not in (0, 1]`);
  const edges = new Set(problem.edges.map((e) => e.id));
  for (const e of problem.edges) if (!(e.flopsPerS > 0)) bad(`edge ${e.id}: flopsPerS ${e.flopsPerS} must be > 0`);
  for (const t of problem.terminals) {
    if (!edges.has(t.edge)) bad(`terminal ${t.id}: unknown edge '${t.edge}'`);
    for (const key of ['flopsPerS', 'uplinkRateBps', 'downlinkRateBps'] as const) if (!(t[key] > 0)) bad(`terminal ${t.id}: ${key} ${t[key]} must be > 0`);
    for (const key of ['weight', 'requestRatePerS', 'energyPerFlopJ', 'txPowerW', 'rxPowerW'] as const) if (!(t[key] >= 0 && Number.isFinite(t[key]))) bad(`terminal ${t.id}: ${key} ${t[key]} must be finite and ≥ 0`);
    if (!(t.maxShare >= 0 && t.maxShare <= 1)) bad(`terminal ${t.id}: maxShare ${t.maxShare} not in [0, 1]`);
  }
  const w = problem.weights;
  for (const key of ['energyPerJ', 'latencyPerS', 'sharePerUnit'] as const) if (!(w[key] >= 0 && Number.isFinite(w[key]))) bad(`weights.${key} ${w[key]} must be finite and ≥ 0`);
}

/**
 * The prediction for terminal `t` making `choice` (no check of the choice against the problem's
 * share set: any b ≥ 0 is evaluated; b = 0 with k < n is an unstable share).
 * @param problem - the problem (variants, edges, weights)
 * @param t - the terminal
 * @param choice - split, variant and share
 */
export function predictChoice(problem: DeploymentProblem, t: DeploymentTerminal, choice: DeploymentChoice): DeploymentPrediction {
  const variant = problem.variants[choice.variant];
  if (variant === undefined) throw new RangeError(`no variant ${choice.variant}`);
  const n = variant.splits.length - 1;
  const split = variant.splits[choice.split];
  if (split === undefined) throw new RangeError(`no split point ${choice.split} (0..${n})`);
  const edge = problem.edges.find((e) => e.id === t.edge);
  if (edge === undefined) throw new RangeError(`terminal ${t.id}: unknown edge '${t.edge}'`);
  const local = choice.split === n;
  const b = choice.share;
  const terminalComputeS = split.terminalFlops / t.flopsPerS;
  const uplinkS = local ? 0 : split.activationBits / t.uplinkRateBps;
  const downlinkS = local ? 0 : split.resultBits / t.downlinkRateBps;
  let edgeServiceS = 0;
  let edgeWaitS = 0;
  let utilisation = 0;
  if (!local && split.edgeFlops > 0) {
    edgeServiceS = b > 0 ? (edge.overheadS ?? 0) + split.edgeFlops / (b * edge.flopsPerS) : Infinity;
    utilisation = t.requestRatePerS * edgeServiceS;
    edgeWaitS = md1WaitS(t.requestRatePerS, edgeServiceS);
  }
  const latencyS = terminalComputeS + uplinkS + edgeServiceS + edgeWaitS + downlinkS;
  const energyJ = split.terminalFlops * t.energyPerFlopJ + t.txPowerW * uplinkS + t.rxPowerW * downlinkS;
  const w = problem.weights;
  // 0·∞ counts as 0: a latency weight of 0 ignores an unstable queue in the objective (the constraint still sees it).
  const latencyTerm = w.latencyPerS === 0 ? 0 : w.latencyPerS * latencyS;
  const objective = t.weight * (w.energyPerJ * energyJ + latencyTerm + w.sharePerUnit * b);
  const violated: DeploymentConstraint[] = [];
  if (!(energyJ <= t.maxEnergyJ)) violated.push('energy');
  if (utilisation >= 1) violated.push('stability');
  else if (!(latencyS <= t.maxLatencyS)) violated.push('latency');
  if (b > t.maxShare) violated.push('share');
  if (variant.accuracy < (t.minAccuracy ?? 0)) violated.push('accuracy');
  return { terminalComputeS, uplinkS, edgeServiceS, edgeWaitS, downlinkS, latencyS, energyJ, utilisation, accuracy: variant.accuracy, objective, violated };
}

/** One candidate of a terminal: a choice and its prediction. */
export interface DeploymentOption {
  /** the choice */
  choice: DeploymentChoice;
  /** its prediction */
  prediction: DeploymentPrediction;
}

/**
 * Every option of terminal `t`: each variant × split k × share (k = n only with b = 0; k < n with
 * each candidate share), in that nesting order.
 * @param problem - the problem
 * @param t - the terminal
 */
export function terminalOptions(problem: DeploymentProblem, t: DeploymentTerminal): DeploymentOption[] {
  const out: DeploymentOption[] = [];
  for (let v = 0; v < problem.variants.length; v++) {
    const n = problem.variants[v]!.splits.length - 1;
    for (let k = 0; k <= n; k++) {
      for (const share of k === n ? [0] : problem.shares) {
        const choice = { split: k, variant: v, share };
        out.push({ choice, prediction: predictChoice(problem, t, choice) });
      }
    }
  }
  return out;
}

/**
 * The options of terminal `t` that meet its own constraints (energy, latency, stability, share,
 * accuracy), cheapest first (stable order on ties).
 * @param problem - the problem
 * @param t - the terminal
 */
export function feasibleOptions(problem: DeploymentProblem, t: DeploymentTerminal): DeploymentOption[] {
  return terminalOptions(problem, t)
    .filter((o) => o.prediction.violated.length === 0)
    .sort((a, b) => a.prediction.objective - b.prediction.objective);
}
