import test from 'ava';
import { Shadowing } from '../../src/radio/shadowing.js';

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
