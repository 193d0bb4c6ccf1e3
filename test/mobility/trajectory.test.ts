import test from 'ava';
import { SampledTrajectory } from '../../src/mobility/trajectory.js';
import { near } from './helpers.js';

const path = (presence: 'always' | 'window' = 'always'): SampledTrajectory => {
  const t = new SampledTrajectory('trace', presence);
  t.add(10, 0, 0, 0);
  t.add(20, 100, 0, 0); // 10 m/s east
  t.add(30, 100, 0, 0); // pause
  t.add(30, 100, 50, 0); // jump north at 30 s
  t.add(40, 100, 80, 3); // 3 m/s north, climbing 0.3 m/s
  return t;
};

test('linear interpolation between samples; holds before the first and after the last', (t) => {
  const p = path();
  t.true(near(p.positionAt(0), [0, 0, 0]));
  t.true(near(p.positionAt(15), [50, 0, 0]));
  t.true(near(p.positionAt(25), [100, 0, 0]));
  t.true(near(p.positionAt(35), [100, 65, 1.5]));
  t.true(near(p.positionAt(1e6), [100, 80, 3]));
  // Queries in any order give the same answers (the search hint is only a shortcut).
  t.true(near(p.positionAt(12), [20, 0, 0]));
  t.true(near(p.positionAt(39), [100, 77, 2.7]));
  t.true(near(p.positionAt(11), [10, 0, 0]));
});

test('two samples at one time are a jump: the later one holds from that time', (t) => {
  const p = path();
  t.true(near(p.positionAt(30 - 1e-9), [100, 0, 0]));
  t.true(near(p.positionAt(30), [100, 50, 0]));
});

test('velocity is the segment slope, zero when paused, absent or outside the samples', (t) => {
  const p = path('window');
  t.true(near(p.velocityAt(15), [10, 0, 0]));
  t.true(near(p.velocityAt(25), [0, 0, 0]));
  t.true(near(p.velocityAt(35), [0, 3, 0.3]));
  t.true(near(p.velocityAt(5), [0, 0, 0]));
  t.true(near(p.velocityAt(45), [0, 0, 0]));
});

test('presence: always, or only from the first to the last sample', (t) => {
  t.true(path('always').presentAt(0));
  const w = path('window');
  t.false(w.presentAt(9.99));
  t.true(w.presentAt(10));
  t.true(w.presentAt(40));
  t.false(w.presentAt(40.01));
  t.is(w.presentS(0, 100), 30);
  t.is(w.presentS(15, 35), 20);
  t.is(path('always').presentS(0, 100), 100);
});

test('path length counts moves, not jumps, within the window asked', (t) => {
  const p = path();
  t.is(p.pathLengthM(0, 100), 100 + Math.hypot(30, 3));
  t.is(p.pathLengthM(15, 20), 50);
  t.is(p.pathLengthM(12, 18), 60);
  t.is(p.pathLengthM(50, 60), 0);
});

test('a time going backwards is refused', (t) => {
  const p = path();
  t.throws(() => p.add(39, 0, 0, 0), { instanceOf: RangeError, message: /backwards/ });
  t.throws(() => p.add(50, Number.NaN, 0, 0), { instanceOf: RangeError });
});

test('path length: a segment measured, then cut off and replaced, is measured anew', (t) => {
  // A 3-4-5 leg of 50 m over 10 s; half of it by 5 s. The leg is then cut (a trace command
  // interrupting the movement) and replaced by a 6-8-10 leg of 10 m over the same 10 s.
  const tr = new SampledTrajectory('test');
  tr.add(0, 0, 0, 0);
  tr.add(10, 30, 40, 0);
  t.is(tr.pathLengthM(0, 5), 25);
  t.is(tr.pathLengthM(5, 10), 25);
  tr.truncateAfter(0);
  tr.add(10, 6, 8, 0);
  t.is(tr.pathLengthM(0, 10), 10);
  t.is(tr.pathLengthM(0, 5), 5);
  // A second segment after it: each measured with its own length.
  tr.add(20, 6, 8, 20);
  t.is(tr.pathLengthM(5, 15), 5 + 10);
  t.is(tr.pathLengthM(0, 20), 30);
});
