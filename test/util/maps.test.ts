import test from 'ava';
import { getOrInsert, pushTo } from '../../src/util/maps.js';

test('getOrInsert builds a missing value once and returns the stored one after', (t) => {
  const m = new Map<string, { n: number }>();
  let built = 0;
  const make = () => ({ n: ++built });
  const a = getOrInsert(m, 'a', make);
  a.n += 10;
  t.is(getOrInsert(m, 'a', make).n, 11);
  t.is(built, 1);
  t.is(getOrInsert(m, 'b', make).n, 2);
});

test('pushTo groups values by key in arrival order', (t) => {
  const m = new Map<string, number[]>();
  for (const [k, v] of [['x', 1], ['y', 2], ['x', 3]] as const) pushTo(m, k, v);
  t.deepEqual([...m], [['x', [1, 3]], ['y', [2]]]);
});
