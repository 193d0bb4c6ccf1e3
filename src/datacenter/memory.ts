/**
 * Memory a data-center job's piece of a model takes on a node, fp32 throughout: model states as
 * in ZeRO (Rajbhandari et al., SC 2020) — weights, gradients and `optimizerStateFactor` optimizer
 * values per parameter — plus the activations stashed for backward: the piece's input and every
 * layer's output, per example, for each micro-batch in flight (GPipe stashes all M; 1F1B at most
 * S − s; a data-parallel replica one batch).
 * @module
 */
import type { ModelDef } from '../learning/models.js';

/** Bytes of one fp32 value. */
const FP32_BYTES = 4;

/** Values one example's input holds (∏ of the model's input shape). */
export function inputValues(def: ModelDef): number {
  return def.inputShape.reduce((a, b) => a * b, 1);
}

/**
 * Values entering profile layer `layer` per example: the model's input for layer 0, else the
 * previous layer's output.
 */
export function layerInputValues(def: ModelDef, layer: number): number {
  return layer === 0 ? inputValues(def) : def.layers[layer - 1]!.outputSize;
}

/** Memory one example of the model's dataset takes: 4 bytes per input value plus 4 for the label. */
export function exampleBytes(def: ModelDef): number {
  return FP32_BYTES * inputValues(def) + FP32_BYTES;
}

/**
 * Memory of a piece of a model: profile layers [first, end).
 * 4·share·q·(2 + k) + 4·microbatch·inFlight·(in_first + Σ out_l).
 * @param def - the model
 * @param layers - [first, end) profile layer indices
 * @param microbatch - examples per micro-batch
 * @param inFlight - micro-batches whose activations are stashed at once
 * @param optimizerStateFactor - optimizer values per parameter (0 SGD, 1 momentum, 2 Adam)
 * @param share - the slice of the piece's parameters held (tensor parallelism); default 1
 * @returns bytes
 */
export function pieceBytes(def: ModelDef, layers: readonly [number, number], microbatch: number, inFlight: number, optimizerStateFactor: number, share = 1): number {
  const [first, end] = layers;
  if (!(Number.isInteger(first) && Number.isInteger(end) && first >= 0 && end > first && end <= def.layers.length)) throw new RangeError(`layers [${first}, ${end}) outside model '${def.name}' of ${def.layers.length} layers`);
  let params = 0;
  let activations = layerInputValues(def, first);
  for (let l = first; l < end; l++) {
    params += def.layers[l]!.params;
    activations += def.layers[l]!.outputSize;
  }
  return FP32_BYTES * share * params * (2 + optimizerStateFactor) + FP32_BYTES * microbatch * inFlight * activations;
}

/**
 * Memory of a whole-model replica training on `batch` examples (a data-parallel worker), its
 * data shard not included.
 */
export function replicaBytes(def: ModelDef, batch: number, optimizerStateFactor: number): number {
  return pieceBytes(def, [0, def.layers.length], batch, 1, optimizerStateFactor);
}
