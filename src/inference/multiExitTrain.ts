/**
 * Joint training of a multi-exit model (BranchyNet, Teerapittayanon, McDanel, Kung, ICPR 2016,
 * §III-A): minibatch SGD on the weighted sum of the exits' cross-entropies,
 * L = Σ_n w_n · CE(ŷ_exit_n, y), so the trunk learns from every exit's loss. The weights w_n are
 * given; the default is equal weights 1, as in the authors' reference implementation
 * (kunglab/branchynet, `branchynet/links/links.py`: every `Branch` gets weight 1). Batches are
 * drawn in an order shuffled by a named stream; weights go in and out as Float32Array; every
 * tensor is made inside `tf.tidy` or disposed.
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { RandomStream } from '../engine/random.js';
import { subset, type Dataset } from '../learning/dataset.js';
import { buildMultiExit, getMultiExitWeights, setMultiExitWeights, type MultiExitDef } from './multiExit.js';

/** Options of {@link trainMultiExit}. */
export interface MultiExitTrainOptions {
  /** passes over the data; default 1 */
  epochs?: number;
  /** minibatch size */
  batchSize: number;
  /** learning rate η */
  learningRate: number;
  /** momentum (0 for plain SGD); default 0 */
  momentum?: number;
  /** loss weight w_n of each exit, side exits then the final; default all 1 */
  lossWeights?: number[];
}

/** What joint training returns. */
export interface MultiExitTrainResult {
  /** the trained weights, flat in the definition's order */
  weights: Float32Array;
  /** mean weighted loss over the steps */
  meanLoss: number;
  /** minibatch steps taken */
  steps: number;
  /** examples processed */
  samples: number;
}

/**
 * The weighted sum of the exits' mean cross-entropies (probabilities clipped to [1e-7, 1], as in
 * `learning/train.ts`).
 * @param probs - each exit's softmax output, batch × classes
 * @param yOneHot - the one-hot labels
 * @param weights - w_n per exit
 */
function jointLoss(probs: tf.Tensor[], yOneHot: tf.Tensor, weights: number[]): tf.Scalar {
  let loss = tf.scalar(0);
  probs.forEach((p, i) => {
    const ce = tf.neg(tf.mean(tf.sum(tf.mul(yOneHot, tf.log(tf.clipByValue(p, 1e-7, 1))), -1)));
    loss = tf.add(loss, tf.mul(weights[i]!, ce));
  });
  return loss;
}

/**
 * Trains a multi-exit model jointly from `weights` on `data` and returns the new weights (the
 * TF.js model is built and disposed here).
 * @param def - the definition
 * @param data - labelled examples
 * @param weights - starting weights (e.g. `multiExitInitialWeights`)
 * @param options - epochs, batch size, learning rate, momentum, loss weights
 * @param rng - the stream of the batch order (e.g. `multiexit/batches`)
 * @throws RangeError when `lossWeights` does not have one weight per exit
 */
export function trainMultiExit(def: MultiExitDef, data: Dataset, weights: Float32Array, options: MultiExitTrainOptions, rng: RandomStream): MultiExitTrainResult {
  const lossWeights = options.lossWeights ?? def.exits.map(() => 1);
  if (lossWeights.length !== def.exits.length) throw new RangeError(`${lossWeights.length} loss weights for ${def.exits.length} exits`);
  const built = buildMultiExit(def);
  const optimizer = (options.momentum ?? 0) > 0 ? tf.train.momentum(options.learningRate, options.momentum!) : tf.train.sgd(options.learningRate);
  try {
    setMultiExitWeights(def, built, weights);
    const b = Math.max(1, Math.min(options.batchSize, data.n));
    let steps = 0;
    let samples = 0;
    let lossSum = 0;
    for (let e = 0; e < (options.epochs ?? 1) && data.n > 0; e++) {
      const order = rng.shuffle(Array.from({ length: data.n }, (_, i) => i));
      for (let pos = 0; pos < order.length; pos += b) {
        const idx = order.slice(pos, pos + b);
        const cost = tf.tidy(() => {
          const batch = subset(data, idx);
          const x = tf.tensor2d(batch.x, [batch.n, batch.dim]);
          const y = tf.oneHot(tf.tensor1d(Int32Array.from(batch.y), 'int32'), def.classes);
          return optimizer.minimize(() => jointLoss(built.model.apply(x, { training: true }) as tf.Tensor[], y, lossWeights), true)!;
        });
        lossSum += cost.dataSync()[0]!;
        cost.dispose();
        steps++;
        samples += idx.length;
      }
    }
    return { weights: getMultiExitWeights(def, built), meanLoss: steps > 0 ? lossSum / steps : 0, steps, samples };
  } finally {
    optimizer.dispose();
    // As in learning/train.ts: MomentumOptimizer.dispose() leaves its learning-rate scalar (tfjs-core 4.22).
    const rate = (optimizer as unknown as { c?: tf.Tensor }).c;
    if (rate !== undefined && !rate.isDisposed) rate.dispose();
    built.model.dispose();
  }
}
