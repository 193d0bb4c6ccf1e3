/**
 * What the deployment solvers share: the per-terminal feasible options grouped by edge, the
 * explanation of infeasibility (per terminal: which constraint no option meets; per edge: Σ of the
 * smallest feasible shares above 1) and the assembly of a plan with its binding constraints.
 * @module
 */
import { checkDeploymentProblem, feasibleOptions, terminalOptions, type DeploymentOption } from './predict.js';
import type { DeploymentConstraint, DeploymentPlan, DeploymentProblem, TerminalInfeasibility, TerminalPlan } from './types.js';

/** A problem prepared for a solver. */
export interface PreparedDeployment {
  /** per terminal (input order): its feasible options, cheapest first */
  options: DeploymentOption[][];
  /** per edge (order of `problem.edges`): the indices of its terminals */
  byEdge: number[][];
  /** why the problem is infeasible (empty: a feasible plan exists) */
  infeasible: TerminalInfeasibility[];
}

const fmt = (x: number): string => (Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : String(x));

/**
 * Validates the problem, lists each terminal's feasible options and decides feasibility exactly: a
 * feasible plan exists iff every terminal has a feasible option and, at every edge, the terminals'
 * smallest feasible shares sum to ≤ 1.
 * @param problem - the problem
 */
export function prepareDeployment(problem: DeploymentProblem): PreparedDeployment {
  checkDeploymentProblem(problem);
  const options = problem.terminals.map((t) => feasibleOptions(problem, t));
  const byEdge = problem.edges.map((e) => problem.terminals.flatMap((t, l) => (t.edge === e.id ? [l] : [])));
  const infeasible: TerminalInfeasibility[] = [];
  problem.terminals.forEach((t, l) => {
    if (options[l]!.length > 0) return;
    const all = terminalOptions(problem, t);
    const names: DeploymentConstraint[] = ['energy', 'stability', 'latency', 'share', 'accuracy'];
    const unmet = names.filter((c) => all.every((o) => o.prediction.violated.includes(c)));
    const best = (f: (o: DeploymentOption) => number): number => Math.min(...all.map(f));
    const parts = [
      `energy ≤ ${fmt(t.maxEnergyJ)} J (least ${fmt(best((o) => o.prediction.energyJ))} J)`,
      `latency ≤ ${fmt(t.maxLatencyS)} s (least ${fmt(best((o) => o.prediction.latencyS))} s)`,
      `share ≤ ${fmt(t.maxShare)} (least usable ${fmt(best((o) => (o.prediction.utilisation < 1 ? o.choice.share : Infinity)))})`,
      `accuracy ≥ ${fmt(t.minAccuracy ?? 0)} (best ${fmt(-best((o) => -o.prediction.accuracy))})`,
    ];
    const what = unmet.length > 0 ? `no option meets ${unmet.join(', ')}` : 'each constraint is met by some option but none meets all together';
    infeasible.push({ id: t.id, unmet, reason: `terminal ${t.id}: ${what}; asked ${parts.join('; ')}` });
  });
  if (infeasible.length === 0) {
    problem.edges.forEach((e, j) => {
      const least = byEdge[j]!.reduce((a, l) => a + Math.min(...options[l]!.map((o) => o.choice.share)), 0);
      if (least <= 1 + 1e-12) return;
      for (const l of byEdge[j]!) {
        const t = problem.terminals[l]!;
        infeasible.push({ id: t.id, unmet: ['edge-capacity'], reason: `terminal ${t.id}: edge ${e.id} is over capacity, Σ of its terminals' smallest feasible shares is ${fmt(least)} > 1` });
      }
    });
  }
  return { options, byEdge, infeasible };
}

/**
 * The plan of an infeasible problem.
 * @param problem - the problem
 * @param solver - the solver's name
 * @param infeasible - the explanations
 */
export function infeasiblePlan(problem: DeploymentProblem, solver: string, infeasible: TerminalInfeasibility[]): DeploymentPlan {
  return { solver, feasible: false, objective: Infinity, terminals: [], infeasible, edgeShares: problem.edges.map((e) => ({ edge: e.id, share: 0 })) };
}

/**
 * Assembles a feasible plan from one chosen option per terminal, with the binding constraints of
 * each terminal: a constraint binds when it alone excludes an option with a smaller objective term;
 * `edge-capacity` binds when a cheaper option meets all the terminal's own constraints.
 * @param problem - the problem
 * @param solver - the solver's name
 * @param chosen - per terminal (input order), its option
 * @throws Error when an edge's Σ b exceeds 1 (a solver bug)
 */
export function assemblePlan(problem: DeploymentProblem, solver: string, chosen: DeploymentOption[]): DeploymentPlan {
  const terminals: TerminalPlan[] = problem.terminals.map((t, l) => {
    const o = chosen[l]!;
    const tol = 1e-12 * Math.max(1, Math.abs(o.prediction.objective));
    const binding = new Set<DeploymentConstraint>();
    for (const other of terminalOptions(problem, t)) {
      if (!(other.prediction.objective < o.prediction.objective - tol)) continue;
      const v = other.prediction.violated;
      if (v.length === 0) binding.add('edge-capacity');
      else if (v.length === 1) binding.add(v[0]!);
    }
    return { id: t.id, edge: t.edge, ...o.choice, prediction: o.prediction, binding: [...binding] };
  });
  const edgeShares = problem.edges.map((e) => ({ edge: e.id, share: terminals.filter((p) => p.edge === e.id).reduce((a, p) => a + p.share, 0) }));
  for (const s of edgeShares) if (s.share > 1 + 1e-9) throw new Error(`${solver}: edge ${s.edge} given Σb = ${s.share} > 1`);
  const objective = terminals.reduce((a, p) => a + p.prediction.objective, 0);
  return { solver, feasible: true, objective, terminals, infeasible: [], edgeShares };
}
