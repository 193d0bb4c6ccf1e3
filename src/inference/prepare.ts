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
import { prunedVariants } from './prune.js';
import { prepareExits, type PreparedExits } from './exitsVariant.js';
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
  /** the pruning rate of the variant deployed (0: the trained model) */
  pruning: number;
}

/** One deployable variant of the model: the trained model (rate 0) or a pruned, fine-tuned one. */
export interface PreparedVariant {
  /** the pruning rate c (0: the trained model) */
  rate: number;
  /** its definition (smaller when structurally pruned) */
  def: ModelDef;
  /** its weights */
  weights: Float32Array;
  /** its test accuracy, measured (unsplit) */
  accuracy: number;
  /** its label in reports: the model's name, with `@prune<c>` for a pruned variant */
  label: string;
  /** split profiles at each precision used */
  profiles: Map<ActivationBits, SplitPoint[]>;
  /** per `k/bits`: the class predicted for each test example through that split (single-exit variants) */
  predictions: Map<string, Int32Array>;
  /** a multi-exit model: its per-example exits (then `def` is its trunk), else undefined */
  exits?: PreparedExits;
}

/** The model, its variants and the predictions the scenario's deployments need. */
export interface PreparedInference {
  /** the trained model */
  trained: TrainedModel;
  /** the test examples requests carry */
  test: Dataset;
  /** the variants by pruning rate (0: the trained model) */
  variants: Map<number, PreparedVariant>;
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
  return { k: split === 'edge' ? 0 : split === 'device' ? def.layers.length : split, bits: choice.activationBits ?? INFERENCE_DEFAULTS.activationBits, pruning: choice.pruning ?? 0 };
}

/**
 * Every terminal's split choice in a section, with the deployment's default for the others.
 * @param spec - the inference section
 * @param terminals - the terminals of the workload
 */
export function splitChoices(spec: InferenceSpec, terminals: readonly string[]): Map<string, SplitChoice> {
  const d = spec.deployment ?? {};
  const base: SplitChoice = { split: d.split, activationBits: d.activationBits, share: d.share, pruning: d.pruning };
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
  const data = trainingData(cached);
  const test = data.test;
  const def = models.get(spec.model.name)();
  // The variants: the trained model, and each pruning rate of `model.pruning`, fine-tuned and measured.
  const pr = spec.model.pruning;
  const rates = [...new Set(pr?.rates ?? [])].filter((r) => r > 0).sort((a, b) => a - b);
  const pruned = pr === undefined || rates.length === 0 ? [] : await prunedVariants(trained, data, rates, {
    kind: pr.kind ?? 'structured',
    fineTune: { epochs: pr.fineTuneEpochs ?? 1, batchSize: spec.model.batchSize ?? INFERENCE_DEFAULTS.batchSize, learningRate: spec.model.learningRate ?? INFERENCE_DEFAULTS.learningRate },
    seed,
  });
  const exits = spec.model.exits === undefined ? undefined : prepareExits(def, trained.weights, data, spec.model.exits, { batchSize: spec.model.batchSize ?? INFERENCE_DEFAULTS.batchSize, learningRate: spec.model.learningRate ?? INFERENCE_DEFAULTS.learningRate }, seed);
  const variants = new Map<number, PreparedVariant>([
    [0, exits === undefined ? { rate: 0, def, weights: trained.weights, accuracy: trained.accuracy, label: def.name, profiles: new Map(), predictions: new Map() } : { rate: 0, def: exits.trunk, weights: exits.trunkWeights, accuracy: exits.accuracy, label: exits.def.name, profiles: new Map(), predictions: new Map(), exits }],
  ]);
  for (const v of pruned) variants.set(v.rate, { rate: v.rate, def: v.def, weights: v.weights, accuracy: v.accuracy, label: `${def.name}@prune${v.rate}`, profiles: new Map(), predictions: new Map() });
  // What each variant is deployed with: the terminals' choices, and with the optimizer every split of every variant.
  const used: ResolvedSplit[] = [...splitChoices(spec, terminals).values()].map((c) => resolveSplit(c, def));
  if (spec.deployment?.plan === 'optimize') {
    const bits = spec.deployment.activationBits ?? INFERENCE_DEFAULTS.activationBits;
    for (const rate of variants.keys()) for (let k = 0; k <= def.layers.length; k++) used.push({ k, bits, pruning: rate });
  }
  for (const r of used) {
    const v = variants.get(r.pruning);
    if (v === undefined) throw new Error(`pruning rate ${r.pruning} is not among inference.model.pruning.rates`);
    if (!v.profiles.has(r.bits)) v.profiles.set(r.bits, splitProfiles(v.def, r.bits));
    const key = `${r.k}/${r.bits}`;
    if (v.exits !== undefined || v.predictions.has(key)) continue; // a multi-exit model's answers are its exits'
    const model = new SplitModel(v.def, v.weights);
    try {
      // Batches of 500 through the real split (head, wire, tail).
      const out = new Int32Array(test.n);
      for (let pos = 0; pos < test.n; pos += 500) {
        const n = Math.min(500, test.n - pos);
        out.set(model.run(test.x.slice(pos * test.dim, (pos + n) * test.dim), n, r.k, r.bits).predictions, pos);
      }
      v.predictions.set(key, out);
    } finally {
      model.dispose();
    }
  }
  const result: PreparedInference = { trained, test, variants };
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
