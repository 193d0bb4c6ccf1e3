/**
 * Split execution of a real TF.js model on real samples: the terminal runs the layers of split
 * point k (see {@link splitProfiles}), the activation leaves as a Float32Array, optionally
 * quantized to 8 or 16 bits per sample (each sample's activation is one tensor on the wire, with
 * its own scale and zero point), and the edge runs the remaining layers on what it received.
 * Every tensor is made inside `tf.tidy`; {@link SplitModel.dispose} frees the model's weights.
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../learning/dataset.js';
import type { ModelDef } from '../learning/models.js';
import { setFlatWeights } from '../learning/weights.js';
import { quantize, type ActivationBits } from './quantize.js';

/** What one split run returns. */
export interface SplitRun {
  /** class probabilities, n × classes, row-major */
  probabilities: Float32Array;
  /** the arg-max class of each sample */
  predictions: Int32Array;
  /** the activation the edge received (dequantized when quantized), n × values */
  received: Float32Array;
  /** bytes sent for all n samples (per-sample tensors: n headers when quantized) */
  bytes: number;
  /** largest |sent − received| over all values (0 at 32 bits) */
  maxError: number;
}

/** Accuracy of a split on a dataset. */
export interface SplitAccuracy {
  /** share of examples classified right */
  accuracy: number;
  /** mean bytes sent per sample */
  bytesPerSample: number;
}

const valuesOf = (shape: (number | null)[]): number => shape.reduce<number>((a, b) => a * (b ?? 1), 1);

/**
 * For each split point k = 0..n of `def`'s layer profile, the number of TF.js layers the terminal
 * runs. Profile entries and TF.js layers are matched in order by parameters and output size; a
 * Flatten layer without a profile entry of its own (it moves no value) runs on the edge.
 * @param def - the model definition
 * @param model - a model built by `def.build()`
 * @throws Error when a profile entry matches no layer
 */
export function splitBoundaries(def: ModelDef, model: tf.LayersModel): number[] {
  const out = [0];
  let m = 0;
  for (const entry of def.layers) {
    while (m < model.layers.length) {
      const layer = model.layers[m]!;
      const shape = layer.outputShape as (number | null)[];
      if (layer.countParams() === entry.params && valuesOf(shape.slice(1)) === entry.outputSize) break;
      if (layer.getClassName() !== 'Flatten') throw new Error(`model '${def.name}': profile entry '${entry.name}' (${entry.params} parameters, ${entry.outputSize} outputs) does not match TF.js layer ${m} (${layer.getClassName()}, ${layer.countParams()} parameters, shape ${JSON.stringify(shape)})`);
      m++;
    }
    if (m === model.layers.length) throw new Error(`model '${def.name}': profile entry '${entry.name}' has no TF.js layer`);
    out.push(++m);
  }
  for (; m < model.layers.length; m++) {
    if (model.layers[m]!.getClassName() !== 'Flatten') throw new Error(`model '${def.name}': TF.js layer ${m} has no profile entry`);
  }
  return out;
}

/** A model with given weights, ready to run split at any point. */
export class SplitModel {
  private readonly model: tf.Sequential;
  /** TF.js layers on the terminal at each split point (see {@link splitBoundaries}) */
  readonly boundaries: number[];

  /**
   * @param def - the model definition
   * @param weights - its weights, flat in the model's weight order
   */
  constructor(
    readonly def: ModelDef,
    weights: Float32Array,
  ) {
    this.model = def.build();
    setFlatWeights(this.model, weights);
    this.boundaries = splitBoundaries(def, this.model);
  }

  /** Split points: 0..n. */
  get points(): number {
    return this.boundaries.length - 1;
  }

  /**
   * Shape of one sample's activation at split point k (the input shape at k = 0).
   * @param k - split point
   */
  activationShape(k: number): number[] {
    const m = this.boundary(k);
    return m === 0 ? [...this.def.inputShape] : (this.model.layers[m - 1]!.outputShape as number[]).slice(1);
  }

  private boundary(k: number): number {
    const m = this.boundaries[k];
    if (!Number.isInteger(k) || m === undefined) throw new RangeError(`split point ${k} is not in 0..${this.points}`);
    return m;
  }

  private runLayers(input: Float32Array, n: number, shape: number[], from: number, to: number): Float32Array {
    if (from === to) return input.slice();
    return tf.tidy(() => {
      let x = tf.tensor(input, [n, ...shape]);
      for (let i = from; i < to; i++) x = this.model.layers[i]!.apply(x) as tf.Tensor;
      return x.dataSync() as Float32Array;
    });
  }

  /**
   * The terminal's part: layers 1..k on n samples.
   * @param x - the samples, n × input values
   * @param n - samples
   * @param k - split point
   * @returns the activation, n × values
   */
  head(x: Float32Array, n: number, k: number): Float32Array {
    return this.runLayers(x, n, this.def.inputShape, 0, this.boundary(k));
  }

  /**
   * The edge's part: layers k+1..n on the received activation.
   * @param activation - n × values of split point k
   * @param n - samples
   * @param k - split point
   * @returns class probabilities, n × classes
   */
  tail(activation: Float32Array, n: number, k: number): Float32Array {
    return this.runLayers(activation, n, this.activationShape(k), this.boundary(k), this.model.layers.length);
  }

  /**
   * Runs the split: head, the wire (quantized per sample at 8 or 16 bits), tail.
   * @param x - the samples, n × input values
   * @param n - samples
   * @param k - split point
   * @param bits - precision on the wire; default 32
   */
  run(x: Float32Array, n: number, k: number, bits: ActivationBits = 32): SplitRun {
    const sent = this.head(x, n, k);
    let received = sent;
    let bytes = 4 * sent.length;
    let maxError = 0;
    if (bits !== 32) {
      received = new Float32Array(sent.length);
      bytes = 0;
      const per = n > 0 ? sent.length / n : 0;
      for (let s = 0; s < n; s++) {
        const q = quantize(sent.subarray(s * per, (s + 1) * per), bits);
        received.set(q.dequantized, s * per);
        bytes += q.bytes;
      }
      for (let i = 0; i < sent.length; i++) maxError = Math.max(maxError, Math.abs(sent[i]! - received[i]!));
    }
    const probabilities = this.tail(received, n, k);
    const classes = this.def.classes;
    const predictions = new Int32Array(n);
    for (let s = 0; s < n; s++) {
      let best = 0;
      for (let c = 1; c < classes; c++) if (probabilities[s * classes + c]! > probabilities[s * classes + best]!) best = c;
      predictions[s] = best;
    }
    return { probabilities, predictions, received, bytes, maxError };
  }

  /**
   * Accuracy of the split on a dataset, in batches of `batch`.
   * @param data - labelled examples
   * @param k - split point
   * @param bits - precision on the wire; default 32
   * @param batch - samples per run; default 500
   */
  accuracy(data: Dataset, k: number, bits: ActivationBits = 32, batch = 500): SplitAccuracy {
    let correct = 0;
    let bytes = 0;
    for (let pos = 0; pos < data.n; pos += batch) {
      const n = Math.min(batch, data.n - pos);
      const r = this.run(data.x.slice(pos * data.dim, (pos + n) * data.dim), n, k, bits);
      for (let s = 0; s < n; s++) if (r.predictions[s] === data.y[pos + s]) correct++;
      bytes += r.bytes;
    }
    return { accuracy: data.n > 0 ? correct / data.n : 0, bytesPerSample: data.n > 0 ? bytes / data.n : 0 };
  }

  /** Frees the model's weights. */
  dispose(): void {
    this.model.dispose();
  }
}
