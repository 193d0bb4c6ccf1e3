import test from 'ava';
import { RandomStreams } from '../../src/engine/random.js';
import { distance, hypot2, hypot3, norm } from '../../src/mobility/vec.js';

test('hypot2 and hypot3: hand-computed right triangles', (t) => {
  t.is(hypot2(3, 4), 5);
  t.is(hypot2(-5, 12), 13);
  t.is(hypot3(1, 2, 2), 3);
  t.is(hypot3(-2, 3, -6), 7);
  t.is(norm({ x: 2, y: 3, z: 6 }), 7);
  t.is(distance({ x: 1, y: 1, z: 1 }, { x: 4, y: 5, z: 1 }), 5);
});

test('hypot2 and hypot3: zeros, infinities and NaN as Math.hypot (Infinity wins over NaN)', (t) => {
  t.true(Object.is(hypot2(-0, -0), 0));
  t.true(Object.is(hypot3(0, -0, 0), 0));
  t.is(hypot2(Number.NaN, -Infinity), Infinity);
  t.is(hypot3(1, Number.NaN, Infinity), Infinity);
  t.true(Number.isNaN(hypot2(1, Number.NaN)));
  t.true(Number.isNaN(hypot3(Number.NaN, 0, 0)));
  t.is(hypot2(1e308, 1e308), Math.SQRT2 * 1e308); // no overflow: scaled by the larger
  t.is(hypot2(5e-324, 0), 5e-324); // no underflow
});

test('hypot2 and hypot3 equal Math.hypot to the last bit over 20 decades and mixed signs', (t) => {
  const rng = new RandomStreams(11).stream('hypot');
  const special = [0, -0, 1, -1, 0.1, 0.2, 0.3, 3, 4, 2 ** 52, 1e-310, 5e-324, 1e308, -1e308, Infinity, -Infinity, Number.NaN];
  const values: number[] = [...special];
  for (let i = 0; i < 300; i++) values.push((rng.random() - 0.5) * 10 ** rng.integer(-20, 20));
  let checked = 0;
  for (const a of values) {
    for (const b of values) {
      if (!Object.is(hypot2(a, b), Math.hypot(a, b))) return t.fail(`hypot2(${a}, ${b}) = ${hypot2(a, b)}, Math.hypot ${Math.hypot(a, b)}`);
      checked++;
    }
  }
  for (let i = 0; i < 200_000; i++) {
    const a = values[rng.integer(0, values.length - 1)]!;
    const b = (rng.random() - 0.5) * 1e4;
    const c = (rng.random() - 0.5) * 10 ** rng.integer(-3, 3);
    if (!Object.is(hypot3(a, b, c), Math.hypot(a, b, c))) return t.fail(`hypot3(${a}, ${b}, ${c}) = ${hypot3(a, b, c)}, Math.hypot ${Math.hypot(a, b, c)}`);
    if (!Object.is(hypot3(c, a, b), Math.hypot(c, a, b))) return t.fail(`hypot3(${c}, ${a}, ${b})`);
    checked += 2;
  }
  t.true(checked > 400_000);
});
