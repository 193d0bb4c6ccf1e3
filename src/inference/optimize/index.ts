/**
 * The registry of deployment solvers (`deploymentSolvers`): each entry carries its zod schema,
 * defaults, description and factory; {@link deploymentSolverSchema} is the union of the entries'
 * schemas discriminated by `solver`; {@link deploymentSolver} builds the solver a spec names.
 * Formulas, parameters and sources: docs/inference-optimizer.md.
 * @module
 */
import { z } from 'zod';
import { Registry } from '../../engine/registry.js';
import { exhaustiveDeployment, EXHAUSTIVE_DEFAULTS, type ExhaustiveParams } from './exhaustive.js';
import { greedyDeployment, GREEDY_DEFAULTS, type GreedyParams } from './greedy.js';
import { lagrangianDeployment, LAGRANGIAN_DEFAULTS, type LagrangianParams } from './lagrangian.js';
import type { DeploymentPlan, DeploymentProblem } from './types.js';

/** A deployment solver: a pure function from a problem to a plan. */
export type DeploymentSolver = (problem: DeploymentProblem) => DeploymentPlan;

/** One registered deployment solver. */
export interface DeploymentSolverEntry {
  /** one line for `edgesim list` */
  readonly description: string;
  /** the schema of its spec (a strict object with `solver` as a literal) */
  readonly schema: z.ZodType;
  /** its defaults */
  readonly defaults: Readonly<Record<string, unknown>>;
  /**
   * A solver from its parameters (defaults filled in).
   * @param params - the validated spec with defaults
   */
  create(params: Readonly<Record<string, unknown>>): DeploymentSolver;
}

/** `exhaustive` as a caller names it. */
export interface ExhaustiveSpec extends Partial<ExhaustiveParams> {
  /** registry name */
  solver: 'exhaustive';
}

/** `lagrangian` as a caller names it. */
export interface LagrangianSpec extends Partial<LagrangianParams> {
  /** registry name */
  solver: 'lagrangian';
}

/** `greedy` as a caller names it. */
export interface GreedySpec extends Partial<GreedyParams> {
  /** registry name */
  solver: 'greedy';
}

/** A deployment-solver spec (parameters optional). */
export type DeploymentSolverSpec = ExhaustiveSpec | LagrangianSpec | GreedySpec;

const exhaustiveSchema = z.strictObject({ solver: z.literal('exhaustive'), maxCombinations: z.number().int().positive().optional() });
const lagrangianSchema = z.strictObject({ solver: z.literal('lagrangian'), bisectionSteps: z.number().int().min(0).max(200).optional(), improve: z.boolean().optional(), pairMoves: z.boolean().optional() });
const greedySchema = z.strictObject({ solver: z.literal('greedy'), pairMoves: z.boolean().optional(), maxMoves: z.number().int().min(0).optional() });

const ENTRIES = {
  exhaustive: {
    description: 'exact: every combination of the terminals’ feasible options, edge by edge (refuses above maxCombinations)',
    schema: exhaustiveSchema,
    defaults: { ...EXHAUSTIVE_DEFAULTS },
    create: (p) => (problem) => exhaustiveDeployment(problem, { maxCombinations: Number(p['maxCombinations']) }),
  },
  lagrangian: {
    description: 'Lagrangian relaxation of each edge’s Σb ≤ 1 (bisection on the multiplier), then largest-gain local search',
    schema: lagrangianSchema,
    defaults: { ...LAGRANGIAN_DEFAULTS },
    create: (p) => (problem) => lagrangianDeployment(problem, { bisectionSteps: Number(p['bisectionSteps']), improve: p['improve'] === true, pairMoves: p['pairMoves'] === true }),
  },
  greedy: {
    description: 'start at each terminal’s least feasible share, then largest-gain single (and pair) moves',
    schema: greedySchema,
    defaults: { ...GREEDY_DEFAULTS },
    create: (p) => (problem) => greedyDeployment(problem, { pairMoves: p['pairMoves'] === true, maxMoves: Number(p['maxMoves']) }),
  },
} satisfies Record<string, DeploymentSolverEntry>;

/** The registry of deployment solvers (`exhaustive`, `lagrangian`, `greedy`). */
export const deploymentSolvers = new Registry<DeploymentSolverEntry>('deployment solver');
for (const [name, entry] of Object.entries(ENTRIES)) deploymentSolvers.register(name, entry.description, entry);

/** Zod schema of a deployment-solver spec: the union of the entries' schemas, discriminated by `solver`. */
export const deploymentSolverSchema: z.ZodType<DeploymentSolverSpec> = z.discriminatedUnion('solver', [exhaustiveSchema, lagrangianSchema, greedySchema]) as z.ZodType<DeploymentSolverSpec>;

/**
 * The solver a spec names, defaults filled in.
 * @param spec - a spec (validated by {@link deploymentSolverSchema} or built in code)
 * @throws UnknownNameError when the solver is not registered
 */
export function deploymentSolver(spec: DeploymentSolverSpec): DeploymentSolver {
  const entry = deploymentSolvers.get(spec.solver);
  const given = Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined));
  return entry.create({ ...entry.defaults, ...given });
}

/**
 * Solves a problem with the named solver.
 * @param problem - the problem
 * @param spec - the solver (default `lagrangian`)
 */
export function optimizeDeployment(problem: DeploymentProblem, spec: DeploymentSolverSpec = { solver: 'lagrangian' }): DeploymentPlan {
  return deploymentSolver(spec)(problem);
}
