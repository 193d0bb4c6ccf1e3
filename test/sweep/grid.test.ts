import test from 'ava';
import { cellKey, combinations, parseGrid, parseSeeds } from '../../src/sweep/grid.js';
import { InputError } from '../../src/engine/errors.js';

test('grids multiply out, the first axis slowest; seeds take ranges and lists', (t) => {
  const combos = combinations(parseGrid(['a=1,2', 'b.c=x,y,z']));
  t.is(combos.length, 6);
  t.deepEqual(combos.map((c) => c.label), ['a=1, b.c=x', 'a=1, b.c=y', 'a=1, b.c=z', 'a=2, b.c=x', 'a=2, b.c=y', 'a=2, b.c=z']);
  t.deepEqual(combinations([]).map((c) => c.overrides), [[]]);
  t.deepEqual(parseSeeds('1..3,7'), [1, 2, 3, 7]);
  t.deepEqual(parseSeeds('5'), [5]);
});

test('malformed grids and seeds are input errors', (t) => {
  for (const bad of ['a', '=1,2', 'a=1,,2', 'a=', 'a=1,1', '__proto__.x=1']) t.throws(() => parseGrid([bad]), { instanceOf: InputError }, bad);
  t.throws(() => parseGrid(['a=1', 'a=2']), { instanceOf: InputError });
  for (const bad of ['', '1..', '3..1', 'x', '1,1', '1.5']) t.throws(() => parseSeeds(bad), { instanceOf: InputError }, bad);
});

test('a cell key depends on the scenario, the overrides and the seed', (t) => {
  const k = cellKey('h', ['a=1'], 1);
  t.is(k, cellKey('h', ['a=1'], 1));
  t.regex(k, /^[0-9a-f]{20}$/);
  t.not(k, cellKey('h2', ['a=1'], 1));
  t.not(k, cellKey('h', ['a=2'], 1));
  t.not(k, cellKey('h', ['a=1'], 2));
});
