import test from 'ava';
import { editDistance, nearestIds } from '../../src/mobility/traces/suggest.js';

test('edit distance: hand-counted cases', (t) => {
  t.is(editDistance('', ''), 0);
  t.is(editDistance('', 'abc'), 3);
  t.is(editDistance('kitten', 'sitting'), 3); // k→s, e→i, +g
  t.is(editDistance('0', 'veh0'), 3); // +v, +e, +h
  t.is(editDistance('flaw', 'lawn'), 2); // −f, +n
  t.is(editDistance('veh12', 'veh21'), 2);
});

test('nearest ids: by distance, then the longer shared prefix or suffix, then trace order; case ignored', (t) => {
  const ids = ['veh0', 'veh1', 'veh10', 'veh2', 'bus0'];
  // From '0': veh0 and bus0 at distance 3 (three insertions), in trace order; veh1, veh10, veh2 at
  // 4, veh10 first as it shares the suffix '0'.
  t.deepEqual(nearestIds('0', ids), ['veh0', 'bus0', 'veh10']);
  t.deepEqual(nearestIds('0', ids, 5), ['veh0', 'bus0', 'veh10', 'veh1', 'veh2']);
  t.deepEqual(nearestIds('VEH10', ids, 1), ['veh10']);
  // From 'vh1': veh1 at 1; veh0, veh10, veh2 at 2, each sharing the prefix 'v': trace order.
  t.deepEqual(nearestIds('vh1', ids, 2), ['veh1', 'veh0']);
  t.deepEqual(nearestIds('x', [], 3), []);
});
