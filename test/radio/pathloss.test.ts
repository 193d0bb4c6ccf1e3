import test from 'ava';
import { friisLossDb, logDistanceLossDb, umaLosLossDb, umaNlosLossDb, umiLosLossDb, umiNlosLossDb, umaLosProbability, umiLosProbability, breakpointDistanceM, validity3gpp } from '../../src/radio/pathLoss.js';
import { noisePowerDbm, shannonRateBps, rxPowerDbm } from '../../src/radio/budget.js';
import { dbToLinear, linearToDb, dbmToW, wToDbm } from '../../src/radio/units.js';

const within = (a: number, b: number, tol: number): boolean => Math.abs(a - b) <= tol;
const geom = (d2: number, hBs: number, hUt: number) => ({ distance2dM: d2, distance3dM: Math.hypot(d2, hBs - hUt), hBsM: hBs, hUtM: hUt });

test('units: dB, dBm and W', (t) => {
  t.is(dbToLinear(30), 1000);
  t.true(within(linearToDb(2), 3.0103, 1e-4));
  t.true(within(dbmToW(23), 0.19953, 1e-5)); // 3GPP power class 3 UE: 23 dBm ≈ 200 mW
  t.true(within(wToDbm(1), 30, 1e-12));
});

test('Friis: 100 m at 2.4 GHz is 80.05 dB (20·log10 d + 20·log10 f − 147.55)', (t) => {
  t.true(within(friisLossDb(100, 2.4e9), 80.05, 0.01));
  // Doubling the distance adds 6.02 dB.
  t.true(within(friisLossDb(200, 2.4e9) - friisLossDb(100, 2.4e9), 6.0206, 1e-4));
  // Log-distance with exponent 2 is free space; exponent 3.5 adds 35 dB per decade past d0.
  t.true(within(logDistanceLossDb(100, 2.4e9, 2), friisLossDb(100, 2.4e9), 1e-9));
  t.true(within(logDistanceLossDb(1000, 2.4e9, 3.5, 10) - logDistanceLossDb(100, 2.4e9, 3.5, 10), 35, 1e-9));
});

// TR 38.901 Table 7.4.1-1 values worked by hand from the standard's formulas (fc = 3.5 GHz;
// UMa hBS = 25 m, UMi hBS = 10 m, hUT = 1.5 m). E.g. UMa LOS at d2D = 100 m: d3D = √(100² + 23.5²)
// = 102.72 m < d′BP = 4·24·0.5·3.5e9/c = 560.39 m, so PL1 = 28 + 22·log10(102.72) + 20·log10(3.5)
// = 28 + 44.257 + 10.881 = 83.14 dB.
test('3GPP TR 38.901 UMa and UMi, LOS and NLOS, both sides of the breakpoint (≤ 0.1 dB)', (t) => {
  const fc = 3.5e9;
  t.true(within(breakpointDistanceM(25, 1.5, fc), 560.388, 0.01));
  t.true(within(breakpointDistanceM(10, 1.5, fc), 210.145, 0.01));
  const cases: [string, number, number][] = [
    ['umaLos', 100, 83.138],
    ['umaNlos', 100, 103.038],
    ['umaLos', 1000, 109.406],
    ['umaNlos', 1000, 141.666],
    ['umiLos', 100, 85.314],
    ['umiNlos', 100, 104.644],
    ['umiLos', 1000, 119.147],
    ['umiNlos', 1000, 139.889],
  ];
  for (const [model, d2, expected] of cases) {
    const uma = model.startsWith('uma');
    const g = geom(d2, uma ? 25 : 10, 1.5);
    const got = model === 'umaLos' ? umaLosLossDb(g, fc) : model === 'umaNlos' ? umaNlosLossDb(g, fc) : model === 'umiLos' ? umiLosLossDb(g, fc) : umiNlosLossDb(g, fc);
    t.true(within(got, expected, 0.1), `${model} at ${d2} m: ${got} vs ${expected}`);
  }
});

test('LOS probabilities (TR 38.901 Table 7.4.2-1)', (t) => {
  t.is(umiLosProbability(10), 1);
  t.true(within(umiLosProbability(200), 0.093518, 1e-6)); // 18/200 + e^(−200/36)·(1 − 18/200)
  t.true(within(umaLosProbability(200, 20), 0.325726, 1e-6)); // with C′(20 m) = 0.7^1.5
  t.true(umaLosProbability(200, 1.5) < umaLosProbability(200, 20));
});

test('validity ranges are reported', (t) => {
  t.deepEqual(validity3gpp('uma', geom(100, 25, 1.5)), []);
  t.deepEqual(validity3gpp('umi', geom(5, 12, 1.5)), ['base-station height 12 m (the model is for 10 m)', '2-D distance 5.0 m (valid 10–5000 m)']);
});

test('noise −174 dBm/Hz + 10·log10 B + NF: 1 MHz at NF 0 is −114 dBm; Shannon rate', (t) => {
  t.true(within(noisePowerDbm(1e6), -114, 1e-9));
  t.true(within(noisePowerDbm(20e6, 9), -174 + 73.0103 + 9, 1e-4));
  t.is(shannonRateBps(1e6, 1), 1e6); // log2(1 + 1) = 1
  t.true(within(shannonRateBps(1e6, 15), 4e6, 1e-6));
  t.true(within(shannonRateBps(1e6, 15, linearToDb(3)), 1e6 * Math.log2(6), 1e-6)); // gap Γ = 3
  t.true(within(rxPowerDbm(23, 0, 5, 100, 4, 0.5), 23 + 5 - 100 - 4 - 3.0103, 1e-4));
});
