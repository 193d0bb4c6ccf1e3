/**
 * Pruned variants of a trained model (issue 13): the model is pruned at each rate c — structured
 * (neurons removed: a smaller, faster network, {@link structuredPrune}) or by magnitude (weights
 * zeroed: same shape and FLOPs, {@link magnitudePrune}) — briefly fine-tuned with
 * {@link trainLocal}, and its accuracy MEASURED with {@link evaluate} on the test set; nothing is
 * assumed or looked up. Magnitude variants are re-masked after every fine-tuning epoch (train one
 * epoch, zero the pruned weights again), so the returned weights have exactly the pruned zeros.
 * Every rate is fine-tuned from the base with its own stream `prune/<kind>/<rate>/batches` of
 * `new RandomStreams(seed)`, so a variant does not depend on which other rates are asked for.
 * @module
 */
import type { Dataset } from '../learning/dataset.js';
import { withTrainingBackend } from '../learning/backend.js';
import { forwardFlops, parameterCount, type ModelDef } from '../learning/models.js';
import { evaluate, trainLocal, type Evaluation } from '../learning/train.js';
import { RandomStreams } from '../engine/random.js';
import { applyMask, magnitudePrune } from './pruneMagnitude.js';
import { structuredPrune, type NeuronNorm } from './pruneStructured.js';
import { splitProfiles } from './profile.js';
import type { ActivationBits } from './quantize.js';
import type { ModelVariant } from './optimize/types.js';

/** How a model is pruned. */
export type PruneKind = 'structured' | 'magnitude';

/** The model to prune: a definition and its trained weights (e.g. a model from `trainedModel`). */
export interface PruneBase {
  /** the model definition */
  def: ModelDef;
  /** its trained weights, flat */
  weights: Float32Array;
}

/** Fine-tuning after pruning: mini-batch SGD with {@link trainLocal}. */
export interface FineTuneOptions {
  /** passes over the training data (0: no fine-tuning) */
  epochs: number;
  /** minibatch size */
  batchSize: number;
  /** learning rate */
  learningRate: number;
  /** momentum; default 0 */
  momentum?: number;
}

/** Options of {@link prunedVariants}. */
export interface PruneOptions {
  /** structured (default) or magnitude pruning */
  kind?: PruneKind;
  /** the fine-tuning after pruning */
  fineTune: FineTuneOptions;
  /** root seed of the fine-tuning streams; default 1 */
  seed?: number | string;
  /** structured pruning's neuron-ranking norm; default `l2` */
  norm?: NeuronNorm;
}

/** Training and test data for {@link prunedVariants}. */
export interface PruneData {
  /** fine-tuning examples */
  train: Dataset;
  /** the examples the accuracy is measured on */
  test: Dataset;
}

/** One pruned variant, fine-tuned and measured. */
export interface PrunedVariant {
  /** the pruning rate c */
  rate: number;
  /** how it was pruned */
  kind: PruneKind;
  /** its definition (smaller for structured pruning; the base's shape for magnitude pruning) */
  def: ModelDef;
  /** its fine-tuned weights, flat */
  weights: Float32Array;
  /** accuracy measured on the test set after fine-tuning */
  accuracy: number;
  /** mean cross-entropy measured on the test set */
  loss: number;
  /** parameters stored (a magnitude variant still stores its zeros) */
  params: number;
  /** forward FLOPs per sample (not reduced by magnitude pruning: the dense kernels still run) */
  forwardFlops: number;
  /** nonzero weights after fine-tuning */
  nonzero: number;
  /** magnitude pruning: 1 where a weight is kept; absent for structured pruning */
  mask?: Uint8Array;
}

/**
 * Measured test accuracy and loss of weights on a model definition (a model is built and disposed).
 * @param def - the model definition
 * @param weights - its weights
 * @param test - the examples
 */
export function measureAccuracy(def: ModelDef, weights: Float32Array, test: Dataset): Evaluation {
  const model = def.build();
  try {
    return evaluate(def, model, test, weights);
  } finally {
    model.dispose();
  }
}

function fineTune(def: ModelDef, weights: Float32Array, train: Dataset, options: FineTuneOptions, streams: RandomStreams, stream: string, mask: Uint8Array | undefined): Float32Array {
  if (options.epochs <= 0 || train.n === 0) return weights;
  const model = def.build();
  try {
    const { momentum, epochs, ...rest } = options;
    const opts = { ...rest, ...(momentum === undefined ? {} : { momentum }) };
    const rng = streams.stream(stream);
    if (mask === undefined) return trainLocal(def, model, train, weights, { ...opts, epochs }, rng).weights;
    let w = weights;
    for (let e = 0; e < epochs; e++) w = applyMask(trainLocal(def, model, train, w, { ...opts, epochs: 1 }, rng).weights, mask);
    return w;
  } finally {
    model.dispose();
  }
}

const countNonzero = (w: Float32Array): number => w.reduce((a, v) => a + (v !== 0 ? 1 : 0), 0);

/**
 * The pruned variants of a model at the given rates, each fine-tuned and measured on the test set
 * (convolutional models fine-tune on `cpu`, see {@link withTrainingBackend}).
 * @param base - the trained model
 * @param data - fine-tuning and test data
 * @param rates - pruning rates c ∈ [0, 1)
 * @param options - kind, fine-tuning, seed, norm
 * @throws RangeError on a rate outside [0, 1)
 */
export async function prunedVariants(base: PruneBase, data: PruneData, rates: number[], options: PruneOptions): Promise<PrunedVariant[]> {
  const kind = options.kind ?? 'structured';
  const streams = new RandomStreams(options.seed ?? 1);
  return withTrainingBackend(base.def.convolutional, () =>
    rates.map((rate): PrunedVariant => {
      let def = base.def;
      let pruned: Float32Array;
      let mask: Uint8Array | undefined;
      if (kind === 'structured') ({ def, weights: pruned } = structuredPrune(base.def, base.weights, rate, options.norm));
      else ({ weights: pruned, mask } = magnitudePrune(base.def, base.weights, rate));
      const weights = fineTune(def, pruned, data.train, options.fineTune, streams, `prune/${kind}/${rate}/batches`, mask);
      const { accuracy, loss } = measureAccuracy(def, weights, data.test);
      return { rate, kind, def, weights, accuracy, loss, params: parameterCount(def), forwardFlops: forwardFlops(def), nonzero: countNonzero(weights), ...(mask === undefined ? {} : { mask }) };
    }),
  );
}

/**
 * A pruned variant as the deployment optimizer's {@link ModelVariant}: its measured accuracy and,
 * per split point k = 0..n, the FLOPs on each side and the activation in bits (from
 * {@link splitProfiles} of the variant's own, possibly smaller, profile).
 * @param v - the variant
 * @param bits - activation precision on the wire; default 32
 * @param resultBits - bits of the returned result; default 64 (the `inference` section's default)
 */
export function optimizerVariant(v: PrunedVariant, bits: ActivationBits = 32, resultBits = 64): ModelVariant {
  return {
    pruningRate: v.rate,
    accuracy: v.accuracy,
    splits: splitProfiles(v.def, bits).map((p) => ({ terminalFlops: p.terminalFlops, edgeFlops: p.edgeFlops, activationBits: 8 * p.activationBytes, resultBits })),
  };
}
