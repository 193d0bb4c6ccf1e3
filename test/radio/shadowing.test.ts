import test from 'ava';
import { Shadowing, SHADOWING_GRID_PER_DECORRELATION, SHADOWING_WINDOW } from '../../src/radio/shadowing.js';
import { normalPairAt } from '../../src/radio/counterRng.js';

// Issue 8: a waypoint at 1e12 m made a link's travelled distance huge, and the shadowing process,
// which kept every grid value from 0 to the distance asked (d_corr/8 apart), grew until V8 aborted.

test('a jump of 1e7 m does not allocate a grid proportional to the distance', (t) => {
  const s = new Shadowing(0x1234abcd, 7.82, 10); // UMi NLOS: grid step 1.25 m → 8e6 points to 1e7 m
  s.lossDbAt(0);
  const before = process.memoryUsage().heapUsed;
  const v = s.lossDbAt(1e7);
  const grownBytes = process.memoryUsage().heapUsed - before;
  t.true(Number.isFinite(v));
  // The old grid held 8e6 doubles (64 MB) here; the process now keeps O(1) state.
  t.true(grownBytes < 8e6, `heap grew by ${grownBytes} bytes`);
  t.true(Number.isFinite(s.lossDbAt(1e9)));
  t.true(Number.isFinite(s.lossDbAt(1e15)));
});

test('the value at a distance does not depend on what was asked before', (t) => {
  const distancesM = [0, 0.3, 1.25, 7, 40.6, 1000, 1e6 + 0.5];
  const inOrder = new Shadowing(42, 6, 50);
  const forward = distancesM.map((d) => inOrder.lossDbAt(d));
  const shuffled = new Shadowing(42, 6, 50);
  const backward = [...distancesM].reverse().map((d) => shuffled.lossDbAt(d)).reverse();
  t.deepEqual(backward, forward);
  for (const [i, d] of distancesM.entries()) t.is(new Shadowing(42, 6, 50).lossDbAt(d), forward[i]);
});

test('σ = 0 gives no loss; an infinite decorrelation distance gives one value per link', (t) => {
  t.is(new Shadowing(7, 0, 10).lossDbAt(123), 0);
  const constant = new Shadowing(7, 5, Infinity);
  t.is(constant.lossDbAt(1e8), constant.lossDbAt(0));
  t.not(constant.lossDbAt(0), 0);
});

test('a walked link reuses its window of normals: values equal, bit for bit, the moving average summed from scratch, slots stolen or not', (t) => {
  // The reference: S_k = Σ_(j<L) w_j·N[k − j + L] with w_j = c·R^j (R = e^(−1/8), Σ w_j² = σ²) and
  // N[m] entry m mod 2 of normalPairAt(key, ⌊m/2⌋), summed in the order of j — the formula of the
  // module's documentation, written out here. 33 000 walkers (more than the pool’s 32 768 slots)
  // step in turn, so slots are taken from one another; one also jumps back and far ahead.
  const L = SHADOWING_WINDOW;
  const sigmaDb = 4;
  const r = Math.exp(-1 / SHADOWING_GRID_PER_DECORRELATION);
  let sumSquares = 0;
  for (let j = 0; j < L; j++) sumSquares += r ** (2 * j);
  const w = Array.from({ length: L }, (_, j) => r ** j * (sigmaDb / Math.sqrt(sumSquares)));
  const reference = (key: number, k: number): number => {
    let v = 0;
    for (let j = 0; j < L; j++) {
      const m = k - j + L;
      v += w[j]! * normalPairAt(key, Math.floor(m / 2))[m % 2]!;
    }
    return v;
  };
  const stepM = 8 / SHADOWING_GRID_PER_DECORRELATION; // d_corr = 8 m: grid step 1 m
  const walkers = Array.from({ length: 33_000 }, (_, i) => new Shadowing(1000 + i, sigmaDb, 8));
  let checked = 0;
  for (let k = 0; k < 4; k++) {
    for (const [i, s] of walkers.entries()) {
      if (i % 97 === 0 || k === 3) {
        t.is(s.lossDbAt(k * stepM), reference(1000 + i, k));
        checked++;
      } else s.lossDbAt(k * stepM);
    }
  }
  const s = walkers[5]!;
  for (const k of [2, 70, 71, 10, 11, 500]) t.is(s.lossDbAt(k * stepM), reference(1005, k));
  t.true(checked > 33_000);
});
