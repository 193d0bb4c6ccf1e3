/**
 * The model zoo: softmax regression (convex, with L2), the 2NN of McMahan et al. (784-200-200-10,
 * 199 210 parameters), their CNN (1 663 370 parameters) and a deeper CNN for split inference, each with its layer profile — parameters
 * and forward FLOPs per sample from the layer shapes (a multiply-add is 2 FLOPs; training ≈ 3 ×
 * forward) — and deterministic initial weights drawn from a named stream.
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { Registry } from '../engine/registry.js';
import type { RandomStream } from '../engine/random.js';

/** One layer's profile. */
export interface LayerProfile {
  /** layer name */
  name: string;
  /** trainable parameters */
  params: number;
  /** forward FLOPs per sample */
  forwardFlops: number;
  /** output activations per sample (values) */
  outputSize: number;
}

/** A model definition. */
export interface ModelDef {
  /** registry name */
  name: string;
  /** input shape of one sample (e.g. [784] or [28, 28, 1]) */
  inputShape: number[];
  /** classes */
  classes: number;
  /** layer profiles, input to output */
  layers: LayerProfile[];
  /** whether training needs convolution gradients (not in the wasm backend) */
  convolutional: boolean;
  /** L2 regularization coefficient ρ on the weights (0 for none) */
  l2: number;
  /** builds the TF.js model (weights to be set from {@link initialWeights}) */
  build(): tf.Sequential;
}

const dense = (name: string, inputs: number, units: number): LayerProfile => ({ name, params: inputs * units + units, forwardFlops: 2 * inputs * units + units, outputSize: units });

const conv = (name: string, h: number, w: number, cin: number, k: number, cout: number): LayerProfile => ({
  name,
  params: k * k * cin * cout + cout,
  forwardFlops: 2 * k * k * cin * cout * h * w + cout * h * w, // 'same' padding: output h × w
  outputSize: h * w * cout,
});

/** Softmax regression 784 → 10 with L2 (convex). */
export function softmaxRegression(l2 = 1e-4, inputs = 784, classes = 10): ModelDef {
  return {
    name: 'softmax',
    inputShape: [inputs],
    classes,
    layers: [dense('dense', inputs, classes)],
    convolutional: false,
    l2,
    build: () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [inputs], units: classes, activation: 'softmax', kernelInitializer: 'zeros' })] }),
  };
}

/** The 2NN: 784-200-200-10 with ReLU (McMahan et al. 2017): 199 210 parameters. */
export function mlp2nn(inputs = 784, hidden = 200, classes = 10): ModelDef {
  return {
    name: '2nn',
    inputShape: [inputs],
    classes,
    layers: [dense('dense1', inputs, hidden), dense('dense2', hidden, hidden), dense('dense3', hidden, classes)],
    convolutional: false,
    l2: 0,
    build: () =>
      tf.sequential({
        layers: [
          tf.layers.dense({ inputShape: [inputs], units: hidden, activation: 'relu', kernelInitializer: 'zeros' }),
          tf.layers.dense({ units: hidden, activation: 'relu', kernelInitializer: 'zeros' }),
          tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: 'zeros' }),
        ],
      }),
  };
}

/** The CNN of McMahan et al. 2017: 5×5 conv 32, pool, 5×5 conv 64, pool, dense 512, dense 10: 1 663 370 parameters. */
export function cnn(classes = 10): ModelDef {
  return {
    name: 'cnn',
    inputShape: [28, 28, 1],
    classes,
    layers: [conv('conv1', 28, 28, 1, 5, 32), { name: 'pool1', params: 0, forwardFlops: 14 * 14 * 32 * 3, outputSize: 14 * 14 * 32 }, conv('conv2', 14, 14, 32, 5, 64), { name: 'pool2', params: 0, forwardFlops: 7 * 7 * 64 * 3, outputSize: 7 * 7 * 64 }, dense('dense1', 7 * 7 * 64, 512), dense('dense2', 512, classes)],
    convolutional: true,
    l2: 0,
    build: () =>
      tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 5, padding: 'same', activation: 'relu', kernelInitializer: 'zeros' }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d({ filters: 64, kernelSize: 5, padding: 'same', activation: 'relu', kernelInitializer: 'zeros' }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 512, activation: 'relu', kernelInitializer: 'zeros' }),
          tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: 'zeros' }),
        ],
      }),
  };
}

const pool = (name: string, h: number, w: number, c: number): LayerProfile => ({ name, params: 0, forwardFlops: 3 * h * w * c, outputSize: h * w * c }); // 2×2 max: 3 comparisons per output

/**
 * A deeper CNN for split inference (the Neurosurgeon shape, Kang et al. 2017): three blocks of 3×3
 * conv ('same', ReLU) + 2×2 max-pool with 16, 32, 64 filters, flatten, dense 128, dense 10: 98 442
 * parameters. The first activation (28·28·16 = 12 544 values) is 16× the input; each block then
 * halves it, down to 576 after the last pool and 128 after dense 1. Every TF.js layer (flatten
 * included) has its profile entry, so a split can follow any of them.
 */
export function cnnDeep(classes = 10): ModelDef {
  return {
    name: 'cnn-deep',
    inputShape: [28, 28, 1],
    classes,
    layers: [
      conv('conv1', 28, 28, 1, 3, 16),
      pool('pool1', 14, 14, 16),
      conv('conv2', 14, 14, 16, 3, 32),
      pool('pool2', 7, 7, 32),
      conv('conv3', 7, 7, 32, 3, 64),
      pool('pool3', 3, 3, 64), // 'valid' 2×2 pooling of 7×7: floor(7/2) = 3
      { name: 'flatten', params: 0, forwardFlops: 0, outputSize: 3 * 3 * 64 },
      dense('dense1', 3 * 3 * 64, 128),
      dense('dense2', 128, classes),
    ],
    convolutional: true,
    l2: 0,
    build: () =>
      tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: 'zeros' }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: 'zeros' }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: 'zeros' }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: 'zeros' }),
          tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: 'zeros' }),
        ],
      }),
  };
}

/** Parameters of a model (from its profile). */
export function parameterCount(def: ModelDef): number {
  return def.layers.reduce((a, l) => a + l.params, 0);
}

/** Forward FLOPs per sample. */
export function forwardFlops(def: ModelDef): number {
  return def.layers.reduce((a, l) => a + l.forwardFlops, 0);
}

/** Training FLOPs per sample: forward + backward ≈ 3 × forward. */
export function trainingFlops(def: ModelDef): number {
  return 3 * forwardFlops(def);
}

/**
 * Glorot-uniform kernels and zero biases, as a flat vector in the model's weight order, drawn from
 * `rng` (TF.js's own initializers are unseeded).
 * @param model - a built model
 * @param rng - the stream (e.g. `model/init`)
 */
export function initialWeights(model: tf.LayersModel, rng: RandomStream): Float32Array {
  const shapes = model.getWeights().map((w) => w.shape);
  const total = shapes.reduce((a, s) => a + s.reduce((x, y) => x * y, 1), 0);
  const out = new Float32Array(total);
  let off = 0;
  for (const shape of shapes) {
    const size = shape.reduce((x, y) => x * y, 1);
    if (shape.length > 1) {
      // fan in / fan out: dense [in, out]; conv [k, k, cin, cout]
      const receptive = shape.slice(0, -2).reduce((x, y) => x * y, 1);
      const fanIn = receptive * shape[shape.length - 2]!;
      const fanOut = receptive * shape[shape.length - 1]!;
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < size; i++) out[off + i] = rng.uniform(-limit, limit);
    }
    off += size;
  }
  return out;
}

/** The registry of models. */
export const models = new Registry<() => ModelDef>('model')
  .register('softmax', 'softmax regression 784 → 10 with L2 (convex)', () => softmaxRegression())
  .register('2nn', 'MLP 784-200-200-10, 199 210 parameters (McMahan et al. 2017)', () => mlp2nn())
  .register('cnn', 'CNN 5×5×32, 5×5×64, 512, 10: 1 663 370 parameters (McMahan et al. 2017)', () => cnn())
  .register('cnn-deep', 'CNN of three 3×3 conv + pool blocks (16, 32, 64), 128, 10: 98 442 parameters (split inference)', () => cnnDeep());
