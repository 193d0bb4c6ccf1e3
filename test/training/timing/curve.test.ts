import test from 'ava';
import { curveAt, fitPowerCurve } from '../../../src/training/timing/curve.js';
import { calibrationPoints, fitCalibration, parseCalibration, surrogateEvaluation, CALIBRATION_SCHEMA } from '../../../src/training/timing/calibration.js';
import { RandomStreams } from '../../../src/engine/random.js';

const points = (a: number, b: number, d: number, ks: number[]): { progress: number; value: number }[] => ks.map((k) => ({ progress: k, value: a + b * Math.pow(k + 1, -d) }));
const ks = Array.from({ length: 40 }, (_, i) => 5 * i);

test('the fit recovers the parameters of noiseless power-law curves (rising accuracy, falling loss)', (t) => {
  for (const [a, b, d] of [
    [0.92, -0.85, 0.6],
    [0.3, 2.0, 0.25],
    [0.75, -0.6, 1.8],
  ] as const) {
    const { curve, rmse } = fitPowerCurve(points(a, b, d, ks));
    t.true(Math.abs(curve.a - a) < 1e-6, `a ${curve.a} vs ${a}`);
    t.true(Math.abs(curve.b - b) < 1e-6, `b ${curve.b} vs ${b}`);
    t.true(Math.abs(curve.d - d) < 1e-6, `d ${curve.d} vs ${d}`);
    t.true(rmse < 1e-9);
  }
});

test('with noise of σ = 0.005 the fit stays close to the true curve', (t) => {
  const rng = new RandomStreams(7).stream('noise');
  const noisy = points(0.9, -0.8, 0.5, ks).map((p) => ({ ...p, value: p.value + 0.005 * rng.normal() }));
  const { curve, rmse } = fitPowerCurve(noisy);
  t.true(rmse < 0.01);
  for (const k of [0, 50, 195]) t.true(Math.abs(curveAt(curve, k) - (0.9 - 0.8 * Math.pow(k + 1, -0.5))) < 0.01);
});

test('calibration points: round rows sum their participants; evaluations keep their applied updates', (t) => {
  const rounds = [
    { participants: 3, testAccuracy: 0.2, testLoss: 2 },
    { participants: 0, testAccuracy: 0.2, testLoss: 2 },
    { participants: 2, testAccuracy: 0.5, testLoss: 1 },
  ];
  t.deepEqual(calibrationPoints(rounds, []).map((p) => p.progress), [3, 3, 5]);
  t.deepEqual(calibrationPoints([], [{ updatesApplied: 0, testAccuracy: 0.1, testLoss: 2.3 }, { updatesApplied: 8, testAccuracy: 0.6, testLoss: 1 }]), [
    { progress: 0, accuracy: 0.1, loss: 2.3 },
    { progress: 8, accuracy: 0.6, loss: 1 },
  ]);
});

test('a calibration round-trips through JSON and clamps its surrogate to [0, 1]', (t) => {
  const pts = ks.map((k) => ({ progress: k, accuracy: 0.9 - 0.8 * Math.pow(k + 1, -0.5), loss: 0.3 + 2 * Math.pow(k + 1, -0.5) }));
  const c = fitCalibration({ scenario: 's', seed: 1, protocol: 'sync' }, pts);
  const back = parseCalibration(JSON.parse(JSON.stringify(c)), 'x.json');
  t.is(back.schema, CALIBRATION_SCHEMA);
  t.true(Math.abs(surrogateEvaluation(back, 99).accuracy - 0.82) < 1e-6);
  t.true(Math.abs(surrogateEvaluation(back, 99).loss - 0.5) < 1e-6);
  t.is(surrogateEvaluation({ accuracy: { a: 1.2, b: 0, d: 1 }, loss: { a: -1, b: 0, d: 1 } }, 3).accuracy, 1);
  t.is(surrogateEvaluation({ accuracy: { a: 1.2, b: 0, d: 1 }, loss: { a: -1, b: 0, d: 1 } }, 3).loss, 0);
  t.throws(() => parseCalibration({ schema: 'other' }, 'x.json'), { message: /not an edgesim calibration/ });
});
