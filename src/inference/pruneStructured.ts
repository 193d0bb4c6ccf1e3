/**
 * Structured (neuron) pruning of a dense model: in every hidden dense layer the ⌊c·h⌋ neurons
 * whose incoming kernel weights have the smallest norm are removed (at least one neuron is kept),
 * with their bias, their column of the layer's kernel and their row of the next layer's kernel.
 * This is the norm criterion of Li et al., "Pruning Filters for Efficient ConvNets", ICLR 2017
 * (L1 norm of a filter's weights), with its "independent" strategy (§3.3): every layer is ranked on
 * the base model's weights, including rows of inputs that are themselves pruned. The default norm
 * is L2 (as in He et al., "Soft Filter Pruning", IJCAI 2018); L1 is an option. The output layer
 * keeps all its units. Ties in the norm remove the higher-indexed neuron first; kept neurons keep
 * their order. The result is a genuinely smaller {@link ModelDef}: each dense layer's profile is
 * 2·in·out + out FLOPs and in·out + out parameters, so {@link splitProfiles} and
 * {@link SplitModel} work on it unchanged. Convolutional models are not supported.
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerProfile, ModelDef } from '../learning/models.js';
import { checkPruningRate, prunedCount } from './pruneMagnitude.js';

/** The norm that ranks a neuron's incoming weights. */
export type NeuronNorm = 'l1' | 'l2';

/** One dense layer of a dense-only sequential model. */
export interface DenseLayerSpec {
  /** the profile entry's name */
  name: string;
  /** input width */
  inputs: number;
  /** units (output width) */
  units: number;
  /** the TF.js activation name (e.g. `relu`, `softmax`) */
  activation: string;
  /** whether the layer has a bias */
  useBias: boolean;
}

/**
 * The dense layers of a model, read from a model built (and disposed) here.
 * @param def - a model whose TF.js layers are all Dense, one per profile entry
 * @throws Error for any other layer, or when the profile does not match
 */
export function denseLayers(def: ModelDef): DenseLayerSpec[] {
  const model = def.build();
  try {
    if (model.layers.length !== def.layers.length) throw new Error(`model '${def.name}': ${model.layers.length} TF.js layers for ${def.layers.length} profile entries`);
    let inputs = def.inputShape.reduce((a, b) => a * b, 1);
    return model.layers.map((layer, i) => {
      if (layer.getClassName() !== 'Dense' || def.inputShape.length !== 1) throw new Error(`model '${def.name}': structured pruning supports dense-only models; layer ${i} is ${layer.getClassName()}`);
      const config = layer.getConfig();
      const spec: DenseLayerSpec = { name: def.layers[i]!.name, inputs, units: config['units'] as number, activation: String(config['activation']), useBias: config['useBias'] as boolean };
      inputs = spec.units;
      return spec;
    });
  } finally {
    model.dispose();
  }
}

/** A dense layer's profile: in·out (+ out) parameters, 2·in·out (+ out) FLOPs, out values. */
export function denseProfile(spec: DenseLayerSpec): LayerProfile {
  const bias = spec.useBias ? spec.units : 0;
  return { name: spec.name, params: spec.inputs * spec.units + bias, forwardFlops: 2 * spec.inputs * spec.units + bias, outputSize: spec.units };
}

/**
 * A dense-only sequential model definition from its layers.
 * @param name - the registry-style name (e.g. `2nn@prune0.5`)
 * @param layers - the layers, input to output (each `inputs` the previous `units`)
 * @param classes - output classes
 * @param l2 - L2 coefficient; default 0
 */
export function denseModelDef(name: string, layers: DenseLayerSpec[], classes: number, l2 = 0): ModelDef {
  const inputs = layers[0]!.inputs;
  return {
    name,
    inputShape: [inputs],
    classes,
    layers: layers.map(denseProfile),
    convolutional: false,
    l2,
    build: () =>
      tf.sequential({
        layers: layers.map((l, i) =>
          tf.layers.dense({ ...(i === 0 ? { inputShape: [inputs] } : {}), units: l.units, activation: l.activation as 'relu', useBias: l.useBias, kernelInitializer: 'zeros' }),
        ),
      }),
  };
}

/** The result of {@link structuredPrune}. */
export interface StructuredPruned {
  /** the smaller model */
  def: ModelDef;
  /** its weights, flat in its weight order (kept rows and columns copied over) */
  weights: Float32Array;
  /** per dense layer, the indices (in the base model) of the units kept, ascending */
  kept: number[][];
}

/**
 * The indices of the units of `spec` kept at rate c, ranked by the norm of each unit's incoming
 * kernel column in `kernel` ([inputs, units], row-major).
 * @param kernel - the layer's kernel
 * @param spec - the layer
 * @param rate - c
 * @param norm - L1 or L2
 */
export function keptUnits(kernel: Float32Array, spec: DenseLayerSpec, rate: number, norm: NeuronNorm): number[] {
  const score = new Float64Array(spec.units);
  for (let r = 0; r < spec.inputs; r++) {
    for (let u = 0; u < spec.units; u++) {
      const w = kernel[r * spec.units + u]!;
      score[u] += norm === 'l1' ? Math.abs(w) : w * w;
    }
  }
  const remove = Math.min(spec.units - 1, prunedCount(rate, spec.units));
  const order = Array.from({ length: spec.units }, (_, u) => u).sort((a, b) => score[b]! - score[a]! || a - b);
  return order.slice(0, spec.units - remove).sort((a, b) => a - b);
}

/**
 * Structured pruning of a dense model at rate c (see the module notes).
 * @param def - a dense-only model (e.g. the 2NN)
 * @param weights - its weights, flat
 * @param rate - c ∈ [0, 1): the fraction of each hidden layer's neurons to remove
 * @param norm - the ranking norm; default `l2`
 * @throws RangeError on a rate outside [0, 1) or a weight length that does not match
 * @throws Error for a model that is not dense-only
 */
export function structuredPrune(def: ModelDef, weights: Float32Array, rate: number, norm: NeuronNorm = 'l2'): StructuredPruned {
  checkPruningRate(rate);
  const specs = denseLayers(def);
  const total = specs.reduce((a, s) => a + s.inputs * s.units + (s.useBias ? s.units : 0), 0);
  if (weights.length !== total) throw new RangeError(`weight vector of ${weights.length} values for a model of ${total}`);
  const kernels: Float32Array[] = [];
  const biases: (Float32Array | undefined)[] = [];
  let off = 0;
  for (const s of specs) {
    kernels.push(weights.subarray(off, off + s.inputs * s.units));
    off += s.inputs * s.units;
    biases.push(s.useBias ? weights.subarray(off, off + s.units) : undefined);
    off += s.useBias ? s.units : 0;
  }
  const kept = specs.map((s, i) => (i === specs.length - 1 ? Array.from({ length: s.units }, (_, u) => u) : keptUnits(kernels[i]!, s, rate, norm)));
  const inputsKept = (i: number): number[] => (i === 0 ? Array.from({ length: specs[0]!.inputs }, (_, r) => r) : kept[i - 1]!);
  const newSpecs = specs.map((s, i) => ({ ...s, inputs: inputsKept(i).length, units: kept[i]!.length }));
  const out = new Float32Array(newSpecs.reduce((a, s) => a + s.inputs * s.units + (s.useBias ? s.units : 0), 0));
  let pos = 0;
  specs.forEach((s, i) => {
    const cols = kept[i]!;
    for (const r of inputsKept(i)) for (const u of cols) out[pos++] = kernels[i]![r * s.units + u]!;
    const bias = biases[i];
    if (bias !== undefined) for (const u of cols) out[pos++] = bias[u]!;
  });
  return { def: denseModelDef(`${def.name}@prune${rate}`, newSpecs, def.classes, def.l2), weights: out, kept };
}
