/**
 * From a scenario's `inference` section and its prepared model to what serving runs: the servers
 * with their queues, the workload with its defaults, and each terminal's plan — its split point,
 * precision and reserved share, and for a request carrying test example i, the work it brings
 * (FLOPs on each side from the split profile, the activation's bits, the result's) and whether the
 * real split model classified example i right. With `deployment.plan: 'optimize'` the eq. 5
 * optimizer chooses each terminal's split and share when serving starts (at 0 s, once terminals
 * have attached), from the world as it is then (`plan.ts`).
 * @module
 */
import type { InferenceContext } from './context.js';
import { prepareInference, preparedInference, resolveSplit, splitChoices, type PreparedInference, type ResolvedSplit } from './prepare.js';
import { serverChooser, startInference, type InferenceService, type ServingPlan, type WorkloadSpec } from './service.js';
import { INFERENCE_DEFAULTS, type InferenceSpec } from './spec.js';
import { exitCost } from './exitsVariant.js';
import { deploymentProblem, planDeployment, type TerminalDemand } from './plan.js';
import type { DeploymentPlan, DeploymentProblem } from './optimize/types.js';

/** The serving of a scenario, with what its report needs. */
export interface DeployedInference {
  /** the running service (set when serving starts, at 0 s) */
  service: InferenceService | null;
  /** the model's name */
  model: string;
  /** the model's test accuracy, unsplit (measured when trained) */
  modelAccuracy: number;
  /** each terminal's plan (filled when serving starts) */
  plans: Map<string, ServingPlan>;
  /** the servers */
  servers: string[];
  /** the optimizer's problem and plan (`deployment.plan: 'optimize'`), or null */
  optimized: OptimizedDeployment | null;
  /** the variants prepared, by increasing pruning rate, with their measured accuracy */
  variants: VariantSummary[];
}

/** A prepared variant as the report lists it. */
export interface VariantSummary {
  /** its label (`2nn`, `2nn@prune0.5`, `2nn+exits`) */
  label: string;
  /** its pruning rate */
  pruning: number;
  /** its test accuracy, measured */
  accuracy: number;
  /** its forward FLOPs per sample (the whole model; a multi-exit model's to its final exit) */
  forwardFlops: number;
}

/** The eq. 5 problem a run was planned with, and the plan. */
export interface OptimizedDeployment {
  /** the problem, as the world was when serving started */
  problem: DeploymentProblem;
  /** the solver's plan */
  plan: DeploymentPlan;
}

/**
 * The terminals a section's workload names (every terminal for an entry without a list), in order.
 * @param spec - the section
 * @param nodes - the scenario's nodes
 */
export function inferenceTerminals(spec: InferenceSpec, nodes: readonly { id: string; kind: string }[]): string[] {
  const all = nodes.filter((n) => n.kind === 'terminal').map((n) => n.id);
  return [...new Set(spec.workload.flatMap((w) => w.terminals ?? all))];
}

/**
 * Prepares a validated scenario's inference section, if it has one (see {@link prepareInference}):
 * what `edgesim run`, `edgesim optimize deploy`, benchmarks and tests call before simulating.
 * @param s - the scenario's inference section, seed and nodes
 * @param cacheRoot - the model cache's root; default `out/cache`
 * @returns the prepared deployment, or null without an inference section
 */
export async function prepareScenarioInference(s: { inference: InferenceSpec | null; seed: number; nodes: readonly { id: string; kind: string }[] }, cacheRoot?: string): Promise<PreparedInference | null> {
  return s.inference === null ? null : prepareInference(s.inference, s.seed, inferenceTerminals(s.inference, s.nodes), cacheRoot);
}

/** A terminal's serving plan: variant (pruning rate), split k, precision bits, share b. */
function servingPlan(p: PreparedInference, r: ResolvedSplit, share: number | null, resultBits: number): ServingPlan {
  const { k, bits } = r;
  const v = p.variants.get(r.pruning)!;
  const point = v.profiles.get(bits)![k]!;
  const predicted = v.predictions.get(`${k}/${bits}`);
  const onDevice = k === v.def.layers.length;
  const exits = v.exits;
  return {
    split: k,
    variant: `${v.label}${bits === 32 ? '' : `/q${bits}`}`,
    share,
    work: (i) => {
      if (exits !== undefined) {
        // Its own exit: nothing leaves the terminal when the exit is at or before the split.
        const c = exitCost(exits, i, k);
        return { terminalFlops: c.terminalFlops, uplinkBits: c.onTerminal ? 0 : 8 * point.activationBytes, edgeFlops: c.edgeFlops, resultBits: c.onTerminal ? 0 : resultBits, correct: c.correct, exit: c.exit };
      }
      return {
        terminalFlops: point.terminalFlops,
        uplinkBits: onDevice ? 0 : 8 * point.activationBytes,
        edgeFlops: point.edgeFlops,
        resultBits: onDevice ? 0 : resultBits,
        correct: predicted![i] === p.test.y[i],
        exit: null,
      };
    },
  };
}

/**
 * Starts serving a scenario's inference section at 0 s (after the terminals' first attachment).
 * @param ctx - the world
 * @param spec - the section (request-time paths absolute)
 * @param seed - the scenario's seed (the model's cache key)
 * @param nodes - the scenario's nodes (their ids and kinds, for the defaults)
 */
export function deployInference(ctx: InferenceContext, spec: InferenceSpec, seed: number, nodes: readonly { id: string; kind: string }[]): DeployedInference {
  const p = preparedInference(spec, seed);
  const def = p.trained.def;
  const d = INFERENCE_DEFAULTS;
  const allTerminals = nodes.filter((n) => n.kind === 'terminal').map((n) => n.id);
  const servers = spec.servers ?? nodes.filter((n) => n.kind === 'edge').map((n) => n.id);
  const workload: WorkloadSpec[] = spec.workload.map((w) => ({ terminals: w.terminals ?? allTerminals, arrivals: w.arrivals, deadlineS: w.deadlineS ?? null, priority: w.priority ?? 0 }));
  const terminals = inferenceTerminals(spec, nodes);
  const resultBits = spec.resultBits ?? d.resultBits;
  const optimize = spec.deployment?.plan === 'optimize';
  const variants = [...p.variants.values()].sort((a, b) => a.rate - b.rate).map((v) => ({ label: v.label, pruning: v.rate, accuracy: v.accuracy, forwardFlops: v.exits?.def.exits.at(-1)!.flops ?? v.def.layers.reduce((a, l) => a + l.forwardFlops, 0) }));
  const out: DeployedInference = { service: null, model: def.name, modelAccuracy: p.trained.accuracy, plans: new Map(), servers, optimized: null, variants };
  const choices = splitChoices(spec, terminals);
  const start = (): void => {
    for (const [t, choice] of choices) out.plans.set(t, servingPlan(p, resolveSplit(choice, def), choice.share ?? null, resultBits));
    if (optimize) {
      const serverFor = serverChooser(ctx, servers);
      const bits = spec.deployment?.activationBits ?? d.activationBits;
      const demands: TerminalDemand[] = terminals.flatMap((t) => {
        const server = serverFor(t);
        const mine = workload.filter((w) => w.terminals.includes(t));
        const deadlines = mine.map((w) => w.deadlineS).filter((x): x is number => x !== null);
        return server === null ? [] : [{ id: t, server, arrivals: mine.map((w) => w.arrivals), deadlineS: deadlines.length > 0 ? Math.min(...deadlines) : null }];
      });
      const problem = deploymentProblem(ctx, p, demands, bits, resultBits, spec.overheadS ?? d.overheadS, spec.deployment?.optimizer);
      const plan = planDeployment(problem, spec.deployment?.optimizer);
      out.optimized = { problem, plan };
      // An infeasible plan leaves every terminal on its fixed choice (the report says why).
      const rates = [...p.variants.keys()].sort((a, b) => a - b);
      for (const tp of plan.terminals) out.plans.set(tp.id, servingPlan(p, { k: tp.split, bits, pruning: rates[tp.variant]! }, tp.share > 0 ? tp.share : null, resultBits));
    }
    const queue = spec.queue ?? (optimize ? { name: 'reserved' } : d.queue);
    out.service = startInference(ctx, {
      servers: servers.map((node) => ({ node, queue, overheadS: spec.overheadS ?? d.overheadS })),
      workload,
      onHandover: spec.onHandover ?? d.onHandover,
      plan: (t) => out.plans.get(t)!,
      samples: p.test.n,
      resolvePath: (path) => path,
    });
  };
  ctx.sim.schedule(0, start);
  return out;
}
