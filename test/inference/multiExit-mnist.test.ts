import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/learning/backend.js';
import { forwardFlops, mlp2nn } from '../../src/learning/models.js';
import { loadMnist, subset, trainTestSplit } from '../../src/learning/dataset.js';
import { RandomStreams } from '../../src/engine/random.js';
import { multiExitInitialWeights, multiExitMlp } from '../../src/inference/multiExit.js';
import { trainMultiExit } from '../../src/inference/multiExitTrain.js';
import { MultiExitModel, sweepThresholds } from '../../src/inference/multiExitDecide.js';

test.before(async () => {
  await selectBackend('auto');
});

/**
 * The measurement of docs/inference-multiexit.md: the 2NN (784-200-200-10) with exits after
 * trunk layers 1 and 2, trained jointly with equal loss weights (BranchyNet's reference code) on
 * 2000 MNIST digits for 2 epochs, evaluated on 1000 held-out digits.
 */
test('a jointly trained multi-exit 2NN at T = 0.5: mean FLOPs below the 2NN’s, accuracy within 0.02 of the final exit’s', (t) => {
  const streams = new RandomStreams(13);
  const split = trainTestSplit(loadMnist(), 0.2, streams.stream('data/split'));
  const first = (n: number) => Array.from({ length: n }, (_, i) => i);
  const train = subset(split.train, first(2000));
  const testSet = subset(split.test, first(1000));
  const def = multiExitMlp({ exits: [{ after: 1 }, { after: 2 }] });
  const before = tf.memory().numTensors;
  const trained = trainMultiExit(def, train, multiExitInitialWeights(def, streams.stream('multiexit/init')), { epochs: 2, batchSize: 10, learningRate: 0.1 }, streams.stream('multiexit/batches'));
  const model = new MultiExitModel(def, trained.weights);
  const outputs = model.outputs(testSet);
  model.dispose();
  t.is(tf.memory().numTensors, before);

  const [none, moderate, all] = sweepThresholds(def, outputs, testSet.y, [0, 0.5, Infinity]);
  const full = forwardFlops(mlp2nn()); // 398 010: the 2NN without heads
  t.log(`final exit only (T = 0): accuracy ${none!.accuracy}, ${none!.meanFlops} FLOPs`);
  t.log(`T = 0.5: accuracy ${moderate!.accuracy}, mean ${moderate!.meanFlops.toFixed(0)} FLOPs, exits ${moderate!.exitShares.map((s) => s.toFixed(3)).join(' / ')}, per-exit accuracy ${moderate!.exitAccuracy.map((a) => a.toFixed(3)).join(' / ')}`);
  t.log(`first exit only (T = ∞): accuracy ${all!.accuracy}`);
  // a trained network: well above chance (0.1) at every exit
  t.true(none!.accuracy > 0.8 && all!.accuracy > 0.8);
  t.deepEqual(none!.exitCounts, [0, 0, 1000]);
  t.deepEqual(all!.exitCounts, [1000, 0, 0]);
  // the early-exit trade-off: a moderate threshold sends many samples out early …
  t.true(moderate!.exitShares[0]! > 0.3, `exit 1 share ${moderate!.exitShares[0]}`);
  t.true(moderate!.meanFlops < full, `${moderate!.meanFlops} ≥ ${full}`);
  t.true(moderate!.meanFlops < 0.95 * none!.meanFlops);
  // … at little cost in accuracy (stated tolerance: 2 points), and confident early exits are more often right than the rest
  t.true(Math.abs(moderate!.accuracy - none!.accuracy) <= 0.02, `${moderate!.accuracy} vs ${none!.accuracy}`);
  t.true(moderate!.exitAccuracy[0]! > none!.accuracy);
});
