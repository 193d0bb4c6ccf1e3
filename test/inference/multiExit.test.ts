import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/learning/backend.js';
import { forwardFlops, mlp2nn, parameterCount } from '../../src/learning/models.js';
import { setFlatWeights } from '../../src/learning/weights.js';
import { loadMnist, subset } from '../../src/learning/dataset.js';
import { RandomStreams } from '../../src/engine/random.js';
import { splitProfiles } from '../../src/inference/profile.js';
import { buildMultiExit, exitSplitCost, multiExitInitialWeights, multiExitMlp, trunkModelDef, trunkWeights } from '../../src/inference/multiExit.js';
import { decideExits, exitOutputsOf, MultiExitModel, softmaxEntropy, summarizeExits } from '../../src/inference/multiExitDecide.js';
import { trainMultiExit } from '../../src/inference/multiExitTrain.js';

test.before(async () => {
  await selectBackend('auto');
});

const LN3 = Math.log(3);

test('entropy of hand-given softmax vectors equals the hand values (nats)', (t) => {
  t.true(Math.abs(softmaxEntropy(new Array(10).fill(0.1)) - 2.302585093) < 1e-9); // uniform over 10: ln 10
  t.is(softmaxEntropy([0, 1, 0]), 0); // one-hot: 0 (0 · ln 0 = 0)
  t.true(Math.abs(softmaxEntropy([0.75, 0.25]) - 0.562335145) < 1e-9); // ln 4 − (3/4) ln 3
  t.true(Math.abs(softmaxEntropy([0.9, 0.1]) - 0.325082973) < 1e-9); // −(0.9 ln 0.9 + 0.1 ln 0.1)
  t.true(Math.abs(softmaxEntropy([0.5, 0.5]) - 0.693147181) < 1e-9); // ln 2
});

test('the multi-exit 2NN: trunk profile equals the 2NN, heads 2·200·10 + 10 FLOPs, built model has the counted parameters', (t) => {
  const def = multiExitMlp({ exits: [{ after: 1 }, { after: 2 }] });
  const nn = mlp2nn();
  t.deepEqual(
    def.trunk.map((l) => [l.params, l.forwardFlops, l.outputSize]),
    nn.layers.map((l) => [l.params, l.forwardFlops, l.outputSize]),
  );
  t.deepEqual(def.exits.map((e) => [e.name, e.after, e.headFlops, e.headParams]), [['exit1', 1, 4_010, 2_010], ['exit2', 2, 4_010, 2_010], ['final', 3, 0, 0]]);
  // 2·784·200 + 200 = 313 800; + 80 200 (2·200·200 + 200); + 4 010 (2·200·10 + 10)
  t.deepEqual(def.exits.map((e) => e.flops), [313_800 + 4_010, 313_800 + 80_200 + 2 * 4_010, 398_010 + 2 * 4_010]);
  t.is(def.params, parameterCount(nn) + 2 * 2_010);
  const withHidden = multiExitMlp({ exits: [{ after: 1, hidden: 32 }] });
  // head 200→32 (2·200·32 + 32 = 12 832) then 32→10 (2·32·10 + 10 = 650)
  t.is(withHidden.exits[0]!.headFlops, 12_832 + 650);
  for (const d of [def, withHidden]) {
    const b = buildMultiExit(d);
    t.is(b.model.countParams(), d.params);
    t.is(b.model.outputs.length, d.exits.length);
    b.model.dispose();
  }
  t.throws(() => multiExitMlp({ exits: [{ after: 3 }] }), { instanceOf: RangeError });
  t.throws(() => multiExitMlp({ exits: [{ after: 2 }, { after: 1 }] }), { instanceOf: RangeError });
});

/**
 * A tiny hand-built net: 2 inputs, trunk 2-2-2 (ReLU, ReLU) and a 2-class final layer; exit 1
 * after trunk layer 1 (dense 2→2), exit 2 after layer 2 (hidden dense 2→2 ReLU, then dense 2→2).
 */
function tinyNet() {
  const def = multiExitMlp({ inputs: 2, hidden: [2, 2], classes: 2, exits: [{ after: 1 }, { after: 2, hidden: 2 }] });
  const I = [1, 0, 0, 1];
  // flat order: trunk1, trunk2, trunk3, exit1.out, exit2.hidden, exit2.out (kernel [in,out] row-major, bias)
  const w = Float32Array.from([...I, 0, 0, ...I, 0, 0, 0, 1, 1, 0, 0, 1, ...I, 0, 0, ...I, 0, 0, 2, 0, 0, 2, 0, 0]);
  return { def, w };
}

test('a hand-built tiny network gives the hand-computed outputs, entropies, exits and FLOPs', (t) => {
  const { def, w } = tinyNet();
  t.is(w.length, def.params);
  t.deepEqual(def.exits.map((e) => e.flops), [20, 50, 60]); // each dense 2→2: 2·2·2 + 2 = 10 FLOPs
  const before = tf.memory().numTensors;
  const m = new MultiExitModel(def, w);
  // a = [ln 3, 0] (label 0), b = [0, 0] (label 1)
  const out = m.outputs({ x: Float32Array.from([LN3, 0, 0, 0]), y: Float32Array.from([0, 1]), n: 2, dim: 2, classes: 2 });
  m.dispose();
  t.is(tf.memory().numTensors, before);
  const e = Math.E;
  const hand = [
    [0.75, 0.25, 0.5, 0.5], // exit 1: softmax([ln 3, 0]); softmax([0, 0])
    [0.9, 0.1, 0.5, 0.5], // exit 2: softmax([2 ln 3, 0]); softmax([0, 0])
    [1 / (1 + 3 * e), (3 * e) / (1 + 3 * e), 1 / (1 + e), e / (1 + e)], // final: swap, bias [0, 1]
  ];
  hand.forEach((h, i) => h.forEach((v, j) => t.true(Math.abs(out.probabilities[i]![j]! - v) < 1e-6, `exit ${i} value ${j}: ${out.probabilities[i]![j]} vs ${v}`)));
  t.true(Math.abs(out.entropies[0]![0]! - 0.562335) < 1e-5);
  t.true(Math.abs(out.entropies[1]![0]! - 0.325083) < 1e-5);
  t.true(Math.abs(out.entropies[2]![1]! - 0.582203) < 1e-5); // −(p ln p + q ln q), p = 1/(1+e)
  const labels = [0, 1];
  const pick = (th: number | number[]) => decideExits(def, out, labels, th).map((d) => [d.exit, d.prediction, d.correct, d.flops]);
  t.deepEqual(pick(0.6), [[0, 0, true, 20], [2, 1, true, 60]]); // a: 0.562 < 0.6 at exit 1; b: ln 2 > 0.6 twice
  t.deepEqual(pick(0.4), [[1, 0, true, 50], [2, 1, true, 60]]); // a: 0.325 < 0.4 only at exit 2
  t.deepEqual(pick([0, 0.7]), [[1, 0, true, 50], [1, 0, false, 50]]); // b: ln 2 < 0.7 at exit 2, a tie → class 0
  t.deepEqual(pick(0), [[2, 1, false, 60], [2, 1, true, 60]]); // H ≥ 0: nobody leaves early
  t.deepEqual(pick(Infinity), [[0, 0, true, 20], [0, 0, false, 20]]);
  const s = summarizeExits(def, decideExits(def, out, labels, 0.6), [0.6, 0.6]);
  t.deepEqual([s.meanFlops, s.accuracy, s.exitCounts, s.exitShares], [40, 1, [1, 0, 1], [0.5, 0, 0.5]]);
  t.throws(() => decideExits(def, out, labels, [0.1]), { instanceOf: RangeError });
});

test('split costs: heads after layer a ≤ k run on the terminal; terminal + edge = the exit FLOPs; the final exit matches splitProfiles plus the heads', (t) => {
  const { def } = tinyNet();
  t.deepEqual(exitSplitCost(def, 1, 1), { onTerminal: false, terminalFlops: 20, edgeFlops: 30 }); // trunk1 + head1 | trunk2 + head2
  t.deepEqual(exitSplitCost(def, 1, 2), { onTerminal: true, terminalFlops: 50, edgeFlops: 0 });
  t.deepEqual(exitSplitCost(def, 2, 0), { onTerminal: false, terminalFlops: 0, edgeFlops: 60 });
  t.deepEqual(exitSplitCost(def, 0, 1), { onTerminal: true, terminalFlops: 20, edgeFlops: 0 });
  const big = multiExitMlp({ exits: [{ after: 1 }, { after: 2, hidden: 16 }] });
  const profile = splitProfiles(trunkModelDef(big));
  for (let k = 0; k <= 3; k++) {
    const c = exitSplitCost(big, 2, k);
    const heads = big.exits.filter((e) => e.after <= k).reduce((a, e) => a + e.headFlops, 0);
    t.is(c.terminalFlops, profile[k]!.terminalFlops + heads, `k=${k}`);
    for (let e = 0; e < 3; e++) {
      const x = exitSplitCost(big, e, k);
      t.is(x.terminalFlops + x.edgeFlops, big.exits[e]!.flops);
      t.is(x.onTerminal, big.exits[e]!.after <= k);
    }
  }
  t.throws(() => exitSplitCost(def, 3, 0), { instanceOf: RangeError });
  t.throws(() => exitSplitCost(def, 0, 4), { instanceOf: RangeError });
});

const N = 40;
const samples = subset(loadMnist(), Array.from({ length: N }, (_, i) => i * 247));

test('threshold 0: every sample leaves at the final exit with the 2NN trunk’s prediction; +∞: every sample leaves at the first exit with a float64 reference head', (t) => {
  const def = multiExitMlp({ exits: [{ after: 1 }, { after: 2 }] });
  const w = multiExitInitialWeights(def, new RandomStreams(3).stream('multiexit/init'));
  const bias = new RandomStreams(3).stream('bias');
  for (let i = 0; i < w.length; i++) if (w[i] === 0) w[i] = bias.uniform(-0.1, 0.1);
  const before = tf.memory().numTensors;
  const m = new MultiExitModel(def, w);
  const out = m.outputs(samples, 16); // uneven batches
  m.dispose();
  // reference: the registry's 2NN (separately built sequential model) with the trunk's weights
  const nn = mlp2nn();
  const seq = nn.build();
  setFlatWeights(seq, trunkWeights(def, w));
  const ref = tf.tidy(() => (seq.predict(tf.tensor2d(samples.x, [N, 784])) as tf.Tensor).dataSync() as Float32Array);
  seq.dispose();
  t.is(tf.memory().numTensors, before);
  let worst = 0;
  for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(ref[i]! - out.probabilities[2]![i]!));
  t.true(worst < 1e-5, `max |final − 2NN| = ${worst}`);
  const refPred = exitOutputsOf([ref], N, 10).predictions[0]!;
  const zero = decideExits(def, out, samples.y, 0);
  t.true(zero.every((d, s) => d.exit === 2 && d.prediction === refPred[s] && d.flops === def.exits[2]!.flops));
  // exit 1 by hand in float64: softmax(relu(x W1 + b1) We + be); flat offsets: W1 0, b1 156 800, exit1.out after the trunk
  const off = parameterCount(nn);
  const inf = decideExits(def, out, samples.y, Infinity);
  let worstHead = 0;
  for (let s = 0; s < N; s++) {
    const h = new Float64Array(200);
    for (let j = 0; j < 200; j++) {
      let v = w[156_800 + j]!;
      for (let i = 0; i < 784; i++) v += samples.x[s * 784 + i]! * w[i * 200 + j]!;
      h[j] = Math.max(0, v);
    }
    const z = Array.from({ length: 10 }, (_, c) => h.reduce((a, v, j) => a + v * w[off + j * 10 + c]!, w[off + 2000 + c]!));
    const zmax = Math.max(...z);
    const ez = z.map((v) => Math.exp(v - zmax));
    const p = ez.map((v) => v / ez.reduce((a, b) => a + b, 0));
    p.forEach((v, c) => (worstHead = Math.max(worstHead, Math.abs(v - out.probabilities[0]![s * 10 + c]!))));
    t.is(inf[s]!.exit, 0);
    t.is(inf[s]!.prediction, p.indexOf(Math.max(...p)));
    t.is(inf[s]!.correct, inf[s]!.prediction === samples.y[s]);
  }
  t.true(worstHead < 1e-5, `max |exit 1 − float64 reference| = ${worstHead}`);
  // the two settings differ on these samples (the checks above can fail)
  t.true(inf.some((d, s) => d.prediction !== zero[s]!.prediction));
});

test('joint training: an exit with loss weight 0 trains nothing off its path (chain rule); tensors do not grow; runs are reproducible', (t) => {
  const def = multiExitMlp({ exits: [{ after: 1 }, { after: 2, hidden: 8 }] });
  const w0 = multiExitInitialWeights(def, new RandomStreams(8).stream('multiexit/init'));
  const data = subset(loadMnist(), Array.from({ length: 120 }, (_, i) => i * 83));
  const before = tf.memory().numTensors;
  const opts = { epochs: 1, batchSize: 20, learningRate: 0.1 };
  const run = (lossWeights: number[], momentum = 0) => trainMultiExit(def, data, w0, { ...opts, momentum, lossWeights }, new RandomStreams(8).stream('multiexit/batches'));
  const onlyFirst = run([1, 0, 0]);
  const again = run([1, 0, 0]);
  const withMomentum = run([1, 1, 1], 0.9);
  t.is(tf.memory().numTensors, before);
  t.deepEqual(onlyFirst.weights, again.weights);
  t.is(onlyFirst.steps, 6);
  t.is(withMomentum.samples, 120);
  // layers in flat order: trunk1 trunk2 trunk3 exit1.out exit2.hidden exit2.out
  const spans: [string, number, number][] = [];
  let off = 0;
  for (const d of def.dense) {
    spans.push([d.name, off, off + d.inputs * d.units + d.units]);
    off += d.inputs * d.units + d.units;
  }
  const changed = (w: Float32Array) => spans.filter(([, a, b]) => w.subarray(a, b).some((v, i) => v !== w0[a + i])).map(([n]) => n);
  t.deepEqual(changed(onlyFirst.weights), ['trunk1', 'exit1.out']);
  t.deepEqual(changed(run([0, 0, 1]).weights), ['trunk1', 'trunk2', 'trunk3']);
  t.deepEqual(changed(withMomentum.weights), def.dense.map((d) => d.name));
  t.throws(() => run([1, 1]), { instanceOf: RangeError });
  t.is(tf.memory().numTensors, before);
  t.is(forwardFlops(trunkModelDef(def)), 398_010);
});
