/**
 * Pipeline stages' real math against the whole model's: S = 3 stages, M = 4 micro-batches of a
 * batch of 12 (and 4 uneven micro-batches of 10), forward through the stages, backward in reverse,
 * each micro-batch's last-stage loss scaled by mb/B — the accumulated flat gradient equals
 * `computeGradient` on the whole batch (an independent single-graph computation) within 1e-5, and
 * no tensor is left behind. Models: 2nn (dense), cnn-deep (conv, on the cpu backend: wasm lacks
 * convolution gradients), softmax with L2 as one stage, and the 2nn with an L2 term (ρ·Σw² split
 * over the stages).
 */
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/learning/backend.js';
import { models, initialWeights, type ModelDef } from '../../src/learning/models.js';
import { computeGradient, batchTensors } from '../../src/learning/train.js';
import { subset, type Dataset } from '../../src/learning/dataset.js';
import { RandomStreams } from '../../src/engine/random.js';
import { StageModel } from '../../src/datacenter/partition/stageModel.js';

test.before(async () => {
  await selectBackend('cpu');
});

function randomData(def: ModelDef, n: number, streams: RandomStreams): Dataset {
  const rng = streams.stream('data');
  const dim = def.inputShape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(n * dim);
  for (let i = 0; i < x.length; i++) x[i] = rng.uniform(0, 1);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = i % def.classes;
  return { x, y, n, dim, classes: def.classes };
}

/** Micro-batch sizes: the first B mod M one larger. */
const sizes = (B: number, M: number): number[] => Array.from({ length: M }, (_, k) => Math.floor(B / M) + (k < B % M ? 1 : 0));

function pipelineGradient(def: ModelDef, model: tf.LayersModel, data: Dataset, weights: Float32Array, cuts: [number, number][], M: number): { gradient: Float32Array; loss: number } {
  const stages = new StageModel(def, model, cuts);
  stages.setWeights(weights);
  const S = stages.stages;
  let loss = 0;
  let start = 0;
  for (const mb of sizes(data.n, M)) {
    const idx = Array.from({ length: mb }, (_, i) => start + i);
    start += mb;
    const [x, y] = tf.tidy(() => {
      const b = batchTensors(def, data, idx);
      return [b.x, b.y];
    });
    const inputs: tf.Tensor[] = [x];
    for (let s = 0; s < S - 1; s++) inputs.push(stages.forward(s, inputs[s]!));
    const last = stages.lossBackward(S - 1, inputs[S - 1]!, y, mb / data.n);
    loss += last.loss;
    let dy = last.dx;
    for (let s = S - 2; s >= 0; s--) {
      const b = stages.backward(s, inputs[s]!, dy!, mb / data.n);
      dy!.dispose();
      dy = b.dx;
    }
    t0(dy === null);
    for (const t of inputs) t.dispose();
    y.dispose();
  }
  return { gradient: stages.gradient(), loss };
}
function t0(ok: boolean): void {
  if (!ok) throw new Error('stage 0 returned an activation gradient');
}

function check(name: string, def: ModelDef, cuts: [number, number][], B: number, M: number): void {
  test(`${name}: ${cuts.length} stages × ${M} micro-batches of ${B} = computeGradient on the batch`, (t) => {
    const streams = new RandomStreams(7);
    const model = def.build();
    const weights = initialWeights(model, streams.stream('init'));
    const data = randomData(def, B, streams);
    const whole = computeGradient(def, model, subset(data, Array.from({ length: B }, (_, i) => i)), weights);
    const before = tf.memory().numTensors;
    const piped = pipelineGradient(def, model, data, weights, cuts, M);
    t.is(tf.memory().numTensors, before);
    t.is(piped.gradient.length, whole.gradient.length);
    let maxErr = 0;
    let maxAbs = 0;
    for (let i = 0; i < whole.gradient.length; i++) {
      maxErr = Math.max(maxErr, Math.abs(piped.gradient[i]! - whole.gradient[i]!));
      maxAbs = Math.max(maxAbs, Math.abs(whole.gradient[i]!));
    }
    t.true(maxAbs > 1e-3, `the gradient is not trivially zero (max |g| ${maxAbs})`);
    t.true(maxErr <= 1e-5, `max |Δg| = ${maxErr}`);
    if (def.l2 === 0) t.true(Math.abs(piped.loss - whole.loss) <= 1e-5, `loss ${piped.loss} vs ${whole.loss}`);
    model.dispose();
  });
}

check('2nn', models.get('2nn')(), [[0, 1], [1, 2], [2, 3]], 12, 4);
check('2nn (uneven micro-batches)', models.get('2nn')(), [[0, 1], [1, 2], [2, 3]], 10, 4);
check('cnn-deep', models.get('cnn-deep')(), [[0, 3], [3, 7], [7, 9]], 12, 4);
check('cnn (Flatten joins dense1)', models.get('cnn')(), [[0, 2], [2, 4], [4, 6]], 4, 4);
check('softmax with L2 (one stage)', models.get('softmax')(), [[0, 1]], 12, 4);
check('2nn with L2 ρ = 0.01', { ...models.get('2nn')(), l2: 0.01 }, [[0, 1], [1, 2], [2, 3]], 12, 4);
