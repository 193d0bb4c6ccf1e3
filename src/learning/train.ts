/**
 * Local training, gradients and evaluation with real TF.js on plain-array datasets. Batches are
 * drawn in an order shuffled by a named stream (TF.js's own `fit` shuffles with an unseeded generator).
 * Every tensor is created inside `tf.tidy` or disposed: the tensor count does not grow across
 * rounds (a test checks it).
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { RandomStream } from '../engine/random.js';
import { subset, type Dataset } from './dataset.js';
import type { ModelDef } from './models.js';
import { getFlatWeights, setFlatWeights } from './weights.js';

/** Options of {@link trainLocal}. */
export interface TrainOptions {
  /** passes over the local data (ignored when `steps` is given); default 1 */
  epochs?: number;
  /** exactly this many minibatch steps instead of epochs */
  steps?: number;
  /** minibatch size */
  batchSize: number;
  /** learning rate η */
  learningRate: number;
  /** momentum (0 for plain SGD); default 0 */
  momentum?: number;
}

/** What local training returns. */
export interface TrainResult {
  /** the updated weights */
  weights: Float32Array;
  /** mean training loss over the steps */
  meanLoss: number;
  /** examples processed (steps × batch, the last batch possibly smaller) */
  samples: number;
  /** minibatch steps taken */
  steps: number;
}

/** Loss and accuracy on a dataset. */
export interface Evaluation {
  /** mean cross-entropy (plus L2 when the model has it) */
  loss: number;
  /** share of examples classified right */
  accuracy: number;
}

/** A batch as tensors. */
export interface BatchTensors {
  /** inputs, [n, ...inputShape] */
  x: tf.Tensor;
  /** one-hot labels, [n, classes] */
  y: tf.Tensor;
}

/** The examples `idx` of `data` as an input tensor and one-hot labels (the caller disposes them; call within `tf.tidy`, an intermediate is left otherwise). */
export function batchTensors(def: ModelDef, data: Dataset, idx: ArrayLike<number>): BatchTensors {
  const batch = subset(data, idx);
  return { x: tf.tensor(batch.x, [batch.n, ...def.inputShape]), y: tf.oneHot(tf.tensor1d(Int32Array.from(batch.y), 'int32'), def.classes) };
}

/** Mean cross-entropy of `model` on `x` (plus ρ·Σw² over its trainable weights when the model has L2), as a scalar to differentiate. */
export function lossOf(def: ModelDef, model: tf.LayersModel, x: tf.Tensor, yOneHot: tf.Tensor): tf.Scalar {
  const probs = model.apply(x, { training: true }) as tf.Tensor;
  let loss = tf.neg(tf.mean(tf.sum(tf.mul(yOneHot, tf.log(tf.clipByValue(probs, 1e-7, 1))), -1))) as tf.Scalar;
  if (def.l2 > 0) {
    for (const w of model.trainableWeights) loss = tf.add(loss, tf.mul(def.l2, tf.sum(tf.square(w.read())))) as tf.Scalar;
  }
  return loss;
}

/**
 * Trains from `weights` on `data` and returns the new weights.
 * @param def - the model definition
 * @param model - a built model of `def` (its weights are overwritten)
 * @param data - the client's examples
 * @param weights - starting weights (flat)
 * @param options - epochs or steps, batch size, learning rate, momentum
 * @param rng - the client's stream, for the batch order
 */
export function trainLocal(def: ModelDef, model: tf.LayersModel, data: Dataset, weights: Float32Array, options: TrainOptions, rng: RandomStream): TrainResult {
  setFlatWeights(model, weights);
  const optimizer = (options.momentum ?? 0) > 0 ? tf.train.momentum(options.learningRate, options.momentum!) : tf.train.sgd(options.learningRate);
  const b = Math.max(1, Math.min(options.batchSize, data.n));
  let steps = 0;
  let samples = 0;
  let lossSum = 0;
  const step = (idx: number[]): void => {
    const cost = tf.tidy(() => {
      const { x, y } = batchTensors(def, data, idx);
      return optimizer.minimize(() => lossOf(def, model, x, y), true)!;
    });
    lossSum += cost.dataSync()[0]!;
    cost.dispose();
    steps++;
    samples += idx.length;
  };
  if (data.n > 0) {
    if (options.steps !== undefined) {
      let order = rng.shuffle(Array.from({ length: data.n }, (_, i) => i));
      let pos = 0;
      for (let s = 0; s < options.steps; s++) {
        if (pos + b > order.length) {
          order = rng.shuffle(order);
          pos = 0;
        }
        step(order.slice(pos, pos + b));
        pos += b;
      }
    } else {
      for (let e = 0; e < (options.epochs ?? 1); e++) {
        const order = rng.shuffle(Array.from({ length: data.n }, (_, i) => i));
        for (let pos = 0; pos < order.length; pos += b) step(order.slice(pos, pos + b));
      }
    }
  }
  optimizer.dispose();
  // TF.js's MomentumOptimizer.dispose() does not dispose the learning-rate scalar its SGD base
  // class keeps (tfjs-core 4.22), one tensor per optimizer; dispose it here.
  const rate = (optimizer as unknown as { c?: tf.Tensor }).c;
  if (rate !== undefined && !rate.isDisposed) rate.dispose();
  return { weights: getFlatWeights(model), meanLoss: steps > 0 ? lossSum / steps : 0, samples, steps };
}

/** A gradient and the loss where it was taken. */
export interface GradientResult {
  /** the gradient, flat in weight order */
  gradient: Float32Array;
  /** the loss at the weights */
  loss: number;
}

/**
 * The gradient of the loss over all of `data` at `weights` (FedSGD), flat in weight order.
 * @param def - the model definition
 * @param model - a built model of `def`
 * @param data - the examples
 * @param weights - where to take the gradient
 */
export function computeGradient(def: ModelDef, model: tf.LayersModel, data: Dataset, weights: Float32Array): GradientResult {
  setFlatWeights(model, weights);
  const all = Array.from({ length: data.n }, (_, i) => i);
  const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  const { value, grads } = tf.tidy(() => {
    const { x, y } = batchTensors(def, data, all);
    return tf.variableGrads(() => lossOf(def, model, x, y), vars);
  });
  const loss = value.dataSync()[0]!;
  value.dispose();
  const total = vars.reduce((a, v) => a + v.size, 0);
  const gradient = new Float32Array(total);
  let off = 0;
  for (const v of vars) {
    const g = grads[v.name]!;
    gradient.set(g.dataSync() as Float32Array, off);
    off += v.size;
    g.dispose();
  }
  return { gradient, loss };
}

/**
 * Loss and accuracy of `weights` on `data`, in batches of 1000.
 * @param def - the model definition
 * @param model - a built model of `def`
 * @param data - the examples (e.g. the test set)
 * @param weights - the weights to evaluate
 */
export function evaluate(def: ModelDef, model: tf.LayersModel, data: Dataset, weights: Float32Array): Evaluation {
  setFlatWeights(model, weights);
  let lossSum = 0;
  let correct = 0;
  for (let pos = 0; pos < data.n; pos += 1000) {
    const idx = Array.from({ length: Math.min(1000, data.n - pos) }, (_, k) => pos + k);
    const [l, c] = tf.tidy(() => {
      const { x, y } = batchTensors(def, data, idx);
      const probs = model.apply(x) as tf.Tensor;
      const loss = tf.neg(tf.sum(tf.sum(tf.mul(y, tf.log(tf.clipByValue(probs, 1e-7, 1))), -1)));
      const hits = tf.sum(tf.cast(tf.equal(tf.argMax(probs, -1), tf.argMax(y, -1)), 'float32'));
      return [loss.dataSync()[0]!, hits.dataSync()[0]!];
    });
    lossSum += l;
    correct += c;
  }
  return { loss: data.n > 0 ? lossSum / data.n : 0, accuracy: data.n > 0 ? correct / data.n : 0 };
}
