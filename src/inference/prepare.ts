/**
 * Before a run that serves inference: the deployed model is trained (or loaded from the cache,
 * `modelCache.ts`), and for every split point and activation precision the scenario deploys, the
 * model is really run split on every test example requests may carry — the terminal's layers, the
 * (quantized) activation, the edge's layers — so that each request's correctness is that of its
 * own sample through its own deployment. This is asynchronous (training may switch backends), so
 * it happens before the simulation (`edgesim run` calls {@link prepareInference}); the world then
 * takes the prepared deployment synchronously ({@link preparedInference}).
 * @module
 */
import { models, type ModelDef } from '../learning/models.js';
import type { Dataset } from '../learning/dataset.js';
import { trainedModel, trainingData, type CachedTrainingSpec, type TrainedModel } from './modelCache.js';
import { SplitModel } from './split.js';
import { splitProfiles, type SplitPoint } from './profile.js';
import type { ActivationBits } from './quantize.js';
import { INFERENCE_DEFAULTS, type InferenceSpec, type SplitChoice } from './spec.js';

/** A deployment resolved for one terminal. */
export interface ResolvedSplit {
  /** layers on the terminal, 0..n */
  k: number;
  /** activation precision on the wire */
  bits: ActivationBits;
}

/** The model and the predictions the scenario's deployments need. */
export interface PreparedInference {
  /** the trained model */
  trained: TrainedModel;
  /** the test examples requests carry */
  test: Dataset;
  /** split profiles at each precision used */
  profiles: Map<ActivationBits, SplitPoint[]>;
  /** per `k/bits`: the class predicted for each test example through that split */
  predictions: Map<string, Int32Array>;
}

/** The training spec of an inference section (the cache key). */
export function cachedSpecOf(spec: InferenceSpec, seed: number): CachedTrainingSpec {
  const m = spec.model;
  const d = INFERENCE_DEFAULTS;
  return {
    model: m.name,
    data: { testFraction: 0.2, train: m.trainExamples ?? d.trainExamples, test: m.testExamples ?? d.testExamples },
    training: { epochs: m.epochs ?? d.epochs, batchSize: m.batchSize ?? d.batchSize, learningRate: m.learningRate ?? d.learningRate },
    seed,
  };
}

/**
 * A split choice as numbers: `edge` is 0 layers on the terminal, `device` all of them.
 * @param choice - the terminal's choice over the deployment's
 * @param def - the model
 */
export function resolveSplit(choice: SplitChoice, def: ModelDef): ResolvedSplit {
  const split = choice.split ?? INFERENCE_DEFAULTS.split;
  return { k: split === 'edge' ? 0 : split === 'device' ? def.layers.length : split, bits: choice.activationBits ?? INFERENCE_DEFAULTS.activationBits };
}

/**
 * Every terminal's split choice in a section, with the deployment's default for the others.
 * @param spec - the inference section
 * @param terminals - the terminals of the workload
 */
export function splitChoices(spec: InferenceSpec, terminals: readonly string[]): Map<string, SplitChoice> {
  const d = spec.deployment ?? {};
  const base: SplitChoice = { split: d.split, activationBits: d.activationBits, share: d.share };
  return new Map(terminals.map((t) => [t, { ...base, ...Object.fromEntries(Object.entries(d.perTerminal?.[t] ?? {}).filter(([, v]) => v !== undefined)) }]));
}

const prepared = new Map<string, PreparedInference>();
const keyOf = (spec: InferenceSpec, seed: number): string => JSON.stringify([cachedSpecOf(spec, seed), spec.deployment ?? null]);

/**
 * Trains or loads the model and runs every deployed split on the test examples.
 * @param spec - the inference section
 * @param seed - the scenario's seed
 * @param terminals - the terminals of the workload (for their split choices)
 * @param cacheRoot - the model cache's root; default `out/cache`
 */
export async function prepareInference(spec: InferenceSpec, seed: number, terminals: readonly string[], cacheRoot?: string): Promise<PreparedInference> {
  const key = keyOf(spec, seed);
  const hit = prepared.get(key);
  if (hit !== undefined) return hit;
  const cached = cachedSpecOf(spec, seed);
  const trained = await trainedModel(cached, cacheRoot);
  const test = trainingData(cached).test;
  const def = models.get(spec.model.name)();
  const used = new Map<string, ResolvedSplit>();
  for (const c of splitChoices(spec, terminals).values()) {
    const r = resolveSplit(c, def);
    used.set(`${r.k}/${r.bits}`, r);
  }
  // The optimizer may choose any split point at the deployment's precision.
  if (spec.deployment?.plan === 'optimize') {
    const bits = spec.deployment.activationBits ?? INFERENCE_DEFAULTS.activationBits;
    for (let k = 0; k <= def.layers.length; k++) used.set(`${k}/${bits}`, { k, bits });
  }
  const profiles = new Map<ActivationBits, SplitPoint[]>();
  const predictions = new Map<string, Int32Array>();
  const model = new SplitModel(def, trained.weights);
  try {
    for (const [k, r] of used) {
      if (!profiles.has(r.bits)) profiles.set(r.bits, splitProfiles(def, r.bits));
      // Batches of 500 through the real split (head, wire, tail).
      const out = new Int32Array(test.n);
      for (let pos = 0; pos < test.n; pos += 500) {
        const n = Math.min(500, test.n - pos);
        out.set(model.run(test.x.slice(pos * test.dim, (pos + n) * test.dim), n, r.k, r.bits).predictions, pos);
      }
      predictions.set(k, out);
    }
  } finally {
    model.dispose();
  }
  const result: PreparedInference = { trained, test, profiles, predictions };
  prepared.set(key, result);
  return result;
}

/**
 * The prepared deployment of a section.
 * @throws Error when {@link prepareInference} has not run for it
 */
export function preparedInference(spec: InferenceSpec, seed: number): PreparedInference {
  const p = prepared.get(keyOf(spec, seed));
  if (p === undefined) throw new Error('the scenario serves inference: prepare its model first (await prepareInference(...), as edgesim run does)');
  return p;
}
