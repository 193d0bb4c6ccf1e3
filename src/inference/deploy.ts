/**
 * From a scenario's `inference` section and its prepared model to what serving runs: the servers
 * with their queues, the workload with its defaults, and each terminal's plan — its split point and
 * precision, and for a request carrying test example i, the work it brings (FLOPs on each side from
 * the split profile, the activation's bits, the result's) and whether the real split model
 * classified example i right.
 * @module
 */
import type { InferenceContext } from './context.js';
import { preparedInference, resolveSplit, splitChoices } from './prepare.js';
import { startInference, type InferenceService, type ServiceSetup, type ServingPlan } from './service.js';
import { INFERENCE_DEFAULTS, type InferenceSpec } from './spec.js';

/** The serving of a scenario, with what its report needs. */
export interface DeployedInference {
  /** the running service */
  service: InferenceService;
  /** the model's name */
  model: string;
  /** the model's test accuracy, unsplit (measured when trained) */
  modelAccuracy: number;
  /** where the weights came from */
  modelSource: 'cache' | 'trained';
  /** each terminal's plan */
  plans: Map<string, ServingPlan>;
  /** the servers */
  servers: string[];
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
 * Starts serving a scenario's inference section.
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
  const workload = spec.workload.map((w) => ({ terminals: w.terminals ?? allTerminals, arrivals: w.arrivals, deadlineS: w.deadlineS ?? null, priority: w.priority ?? 0 }));
  const terminals = inferenceTerminals(spec, nodes);
  const resultBits = spec.resultBits ?? d.resultBits;
  const n = def.layers.length;
  const plans = new Map<string, ServingPlan>();
  for (const [t, choice] of splitChoices(spec, terminals)) {
    const { k, bits } = resolveSplit(choice, def);
    const point = p.profiles.get(bits)![k]!;
    const predicted = p.predictions.get(`${k}/${bits}`)!;
    const onDevice = k === n;
    plans.set(t, {
      split: k,
      variant: `${def.name}${bits === 32 ? '' : `/q${bits}`}`,
      share: choice.share ?? null,
      work: (i) => ({
        terminalFlops: point.terminalFlops,
        uplinkBits: onDevice ? 0 : 8 * point.activationBytes,
        edgeFlops: point.edgeFlops,
        resultBits: onDevice ? 0 : resultBits,
        correct: predicted[i] === p.test.y[i],
        exit: null,
      }),
    });
  }
  const setup: ServiceSetup = {
    servers: servers.map((node) => ({ node, queue: spec.queue ?? d.queue, overheadS: spec.overheadS ?? d.overheadS })),
    workload,
    onHandover: spec.onHandover ?? d.onHandover,
    plan: (t) => plans.get(t)!,
    samples: p.test.n,
    resolvePath: (path) => path,
  };
  return { service: startInference(ctx, setup), model: def.name, modelAccuracy: p.trained.accuracy, modelSource: p.trained.source, plans, servers };
}
