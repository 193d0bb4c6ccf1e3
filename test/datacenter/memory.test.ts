/**
 * Memory of pieces and replicas (src/datacenter/memory.ts) against numbers worked out by hand from
 * the models' layer dimensions (McMahan et al. 2017's 2NN 784-200-200-10 and CNN 5×5×32, pool,
 * 5×5×64, pool, 512, 10), fp32: 4 bytes per value.
 * bytes = 4·share·q·(2 + k) + 4·microbatch·inFlight·(input values + Σ output values).
 */
import test from 'ava';
import { exampleBytes, pieceBytes, replicaBytes } from '../../src/datacenter/memory.js';
import { models } from '../../src/learning/models.js';

const nn2 = models.get('2nn')();
const cnn = models.get('cnn')();

// 2NN: dense1 784×200 + 200 = 157 000; dense2 200×200 + 200 = 40 200; dense3 200×10 + 10 = 2 010.
const NN2_PARAMS = 157_000 + 40_200 + 2_010; // 199 210
// Activations per example: input 784, outputs 200, 200, 10.
const NN2_ACTS = 784 + 200 + 200 + 10; // 1 194

test('2nn: one example is 784 pixels and a label, 4 bytes each', (t) => {
  t.is(exampleBytes(nn2), 4 * 784 + 4); // 3 140
});

test('2nn: a whole replica, batch 32, momentum (k = 1)', (t) => {
  t.is(NN2_PARAMS, 199_210);
  // 4·199 210·3 = 2 390 520; 4·32·1 194 = 152 832
  t.is(replicaBytes(nn2, 32, 1), 2_390_520 + 152_832);
  t.is(pieceBytes(nn2, [0, 3], 32, 1, 1), 2_543_352);
});

test('2nn: a tensor slice of a quarter, SGD (k = 0), batch 16', (t) => {
  // 4·0.25·199 210·2 = 398 420; activations whole: 4·16·1 194 = 76 416
  t.is(pieceBytes(nn2, [0, 3], 16, 1, 0, 0.25), 398_420 + 76_416);
});

test('2nn: the middle stage (dense2) holds its input (200) and output (200)', (t) => {
  // 4·40 200·(2 + 2) = 643 200; micro-batch 4, 5 in flight: 4·4·5·(200 + 200) = 32 000
  t.is(pieceBytes(nn2, [1, 2], 4, 5, 2), 643_200 + 32_000);
});

test('cnn: one example is 28×28×1 and a label', (t) => {
  t.is(exampleBytes(cnn), 4 * 28 * 28 + 4);
});

test('cnn: the stage conv2 + pool2, micro-batch 8, 3 in flight, Adam (k = 2)', (t) => {
  // conv2: 5·5·32·64 + 64 = 51 264 parameters. Input = pool1 output 14·14·32 = 6 272;
  // outputs conv2 14·14·64 = 12 544 ('same'), pool2 7·7·64 = 3 136.
  const q = 5 * 5 * 32 * 64 + 64;
  t.is(q, 51_264);
  const acts = 14 * 14 * 32 + 14 * 14 * 64 + 7 * 7 * 64; // 21 952
  // 4·51 264·4 = 820 224; 4·8·3·21 952 = 2 107 392
  t.is(pieceBytes(cnn, [2, 4], 8, 3, 2), 4 * q * 4 + 4 * 8 * 3 * acts);
  t.is(pieceBytes(cnn, [2, 4], 8, 3, 2), 2_927_616);
});

test('cnn: the dense stage starts from the flattened 7·7·64', (t) => {
  // dense1 3 136·512 + 512 = 1 606 144; dense2 512·10 + 10 = 5 130; input 3 136, outputs 512, 10
  const q = 1_606_144 + 5_130;
  t.is(pieceBytes(cnn, [4, 6], 2, 1, 0), 4 * q * 2 + 4 * 2 * (3_136 + 512 + 10));
});

test('cnn: a whole replica, batch 10, SGD', (t) => {
  // q = 832 + 51 264 + 1 606 144 + 5 130 = 1 663 370 (McMahan et al.'s count)
  const q = 5 * 5 * 1 * 32 + 32 + 51_264 + 1_606_144 + 5_130;
  t.is(q, 1_663_370);
  // activations: 784 + 25 088 + 6 272 + 12 544 + 3 136 + 512 + 10 = 48 346
  t.is(replicaBytes(cnn, 10, 0), 4 * q * 2 + 4 * 10 * 48_346); // 15 240 800
  t.is(replicaBytes(cnn, 10, 0), 15_240_800);
});

test('pieceBytes rejects an empty or out-of-range piece', (t) => {
  t.throws(() => pieceBytes(nn2, [1, 1], 1, 1, 0), { instanceOf: RangeError });
  t.throws(() => pieceBytes(nn2, [0, 4], 1, 1, 0), { instanceOf: RangeError });
});
