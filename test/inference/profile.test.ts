import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/learning/backend.js';
import { cnn, cnnDeep, mlp2nn, models, parameterCount, forwardFlops } from '../../src/learning/models.js';
import { splitProfiles } from '../../src/inference/profile.js';
import { splitBoundaries } from '../../src/inference/split.js';

test.before(async () => {
  await selectBackend('auto');
});

test('2NN split points match a hand computation (FLOPs, parameters, activation bytes at 32/16/8 bits)', (t) => {
  const p = splitProfiles(mlp2nn());
  // dense 784→200: 2·784·200 + 200 = 313 800 FLOPs, 157 000 parameters; 200→200: 80 200, 40 200; 200→10: 4 010, 2 010.
  t.deepEqual(
    p.map((s) => [s.k, s.after, s.terminalFlops, s.edgeFlops, s.terminalParams, s.edgeParams, s.activationValues, s.activationBytes]),
    [
      [0, 'input', 0, 398_010, 0, 199_210, 784, 3_136],
      [1, 'dense1', 313_800, 84_210, 157_000, 42_210, 200, 800],
      [2, 'dense2', 394_000, 4_010, 197_200, 2_010, 200, 800],
      [3, 'dense3', 398_010, 0, 199_210, 0, 10, 40],
    ],
  );
  // 8 bits: one byte a value + 8 header bytes (float32 scale, int32 zero point); 16 bits: two.
  t.deepEqual(splitProfiles(mlp2nn(), 8).map((s) => s.activationBytes), [792, 208, 208, 18]);
  t.deepEqual(splitProfiles(mlp2nn(), 16).map((s) => s.activationBytes), [1_576, 408, 408, 28]);
});

test('cnn-deep: registered, 98 442 parameters by hand, and the Neurosurgeon shape of its activations', (t) => {
  const def = models.get('cnn-deep')();
  t.is(def.name, 'cnn-deep');
  // conv 3×3: 9·cin·cout + cout → 160, 4 640, 18 496; dense 576·128 + 128 = 73 856; 128·10 + 10 = 1 290.
  t.is(parameterCount(def), 160 + 4_640 + 18_496 + 73_856 + 1_290);
  t.is(parameterCount(def), 98_442);
  // conv1 FLOPs: 2·3·3·1·16·28·28 + 16·28·28 = 238 336; pool1: 3 comparisons per 14·14·16 output.
  t.is(def.layers[0]!.forwardFlops, 238_336);
  t.is(def.layers[1]!.forwardFlops, 9_408);
  const p = splitProfiles(def);
  t.deepEqual(
    p.map((s) => s.activationValues),
    [784, 12_544, 3_136, 6_272, 1_568, 3_136, 576, 576, 128, 10],
  );
  // early activations are larger than the input, late ones much smaller
  t.true(p[1]!.activationValues > 16 * p[0]!.activationValues - 1);
  t.true(p[8]!.activationValues < p[0]!.activationValues / 6);
  for (const s of p) t.is(s.terminalFlops + s.edgeFlops, forwardFlops(def));
  // conv2: 2·9·16·32·14·14 + 32·14·14 = 1 812 608, so T(3) = 238 336 + 9 408 + 1 812 608
  t.is(p[3]!.terminalFlops, 2_060_352);
  // after dense1 only dense2 is left on the edge: 2·128·10 + 10
  t.is(p[8]!.edgeFlops, 2_570);
});

/** FLOPs of a built TF.js layer from its own shapes (independent of the profile code). */
function layerFlops(layer: tf.layers.Layer): number {
  const out = (layer.outputShape as number[]).slice(1);
  const outputs = out.reduce((a, b) => a * b, 1);
  const cls = layer.getClassName();
  if (cls === 'Conv2D') {
    const [kh, kw, cin] = layer.getWeights()[0]!.shape as number[];
    return 2 * kh! * kw! * cin! * outputs + outputs; // each output: kh·kw·cin multiply-adds + bias
  }
  if (cls === 'Dense') return 2 * (layer.getWeights()[0]!.shape[0] as number) * outputs + outputs;
  if (cls === 'MaxPooling2D') return 3 * outputs; // 2×2 window: 3 comparisons
  return 0; // Flatten
}

test('profiles agree with the built TF.js models: parameters, output shapes and FLOPs per layer', (t) => {
  for (const def of [mlp2nn(), cnnDeep()]) {
    const model = def.build();
    t.is(model.layers.length, def.layers.length, `${def.name}: one profile entry per TF.js layer`);
    model.layers.forEach((layer, i) => {
      const entry = def.layers[i]!;
      t.is(layer.countParams(), entry.params, `${def.name} ${entry.name} params`);
      t.is((layer.outputShape as number[]).slice(1).reduce((a, b) => a * b, 1), entry.outputSize, `${def.name} ${entry.name} output`);
      t.is(layerFlops(layer), entry.forwardFlops, `${def.name} ${entry.name} FLOPs`);
    });
    t.is(model.countParams(), parameterCount(def));
    t.deepEqual(splitBoundaries(def, model), def.layers.map((_, i) => i).concat(def.layers.length));
    model.dispose();
  }
  // McMahan's CNN has a Flatten without a profile entry: it runs on the edge side of the split after pool2.
  const c = cnn();
  const m = c.build();
  t.deepEqual(splitBoundaries(c, m), [0, 1, 2, 3, 4, 6, 7]);
  m.dispose();
});

test('a profile that does not match its TF.js model is refused', (t) => {
  const def = mlp2nn();
  const wrong = { ...def, layers: [def.layers[0]!, { ...def.layers[1]!, outputSize: 201 }, def.layers[2]!] };
  const m = def.build();
  t.throws(() => splitBoundaries(wrong, m), { message: /profile entry 'dense2'/ });
  m.dispose();
});
