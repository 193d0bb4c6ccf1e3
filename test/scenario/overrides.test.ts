import test from 'ava';
import fc from 'fast-check';
import { parseOverride, applyOverrides } from '../../src/scenario/overrides.js';
import { InputError } from '../../src/engine/errors.js';

const scenario = () => ({
  name: 'x',
  seed: 1,
  nodes: [
    { id: 't0', kind: 'terminal', cpuFlopsPerS: 1e9, positionM: [0, 0, 0] },
    { id: 'e0', kind: 'edge', cpuFlopsPerS: 1e12 },
  ],
});

test('values parse as JSON scalars, else as bare strings', (t) => {
  t.is(parseOverride('seed=7').value, 7);
  t.is(parseOverride('a=1e9').value, 1e9);
  t.is(parseOverride('a=true').value, true);
  t.is(parseOverride('a=null').value, null);
  t.is(parseOverride('a="7"').value, '7');
  t.is(parseOverride('name=my-run').value, 'my-run');
  t.is(parseOverride('a=x=y').value, 'x=y');
  t.deepEqual(parseOverride('nodes[1].cpuFlopsPerS=2').path, ['nodes', '1', 'cpuFlopsPerS']);
});

test('malformed --set arguments are InputErrors naming the argument', (t) => {
  for (const bad of ['seed', '=7', 'seed=', 'a..b=1', 'a.b c=1', 'a={"x":1}', 'a=[1]']) {
    const err = t.throws(() => parseOverride(bad), { instanceOf: InputError });
    t.is(err!.where.field, `--set ${bad}`);
  }
});

test('paths reach array elements by index or by id, on a copy', (t) => {
  const original = scenario();
  const { scenario: out, applied } = applyOverrides(original, [parseOverride('nodes.e0.cpuFlopsPerS=5'), parseOverride('nodes.0.positionM.2=1.5'), parseOverride('seed=9'), parseOverride('horizonS=10')]);
  const o = out as ReturnType<typeof scenario> & { horizonS: number };
  t.is(o.nodes[1]!.cpuFlopsPerS, 5);
  t.deepEqual(o.nodes[0]!.positionM, [0, 0, 1.5]);
  t.is(o.seed, 9);
  t.is(o.horizonS, 10);
  t.deepEqual(applied.map((a) => a.path), [['nodes', 1, 'cpuFlopsPerS'], ['nodes', 0, 'positionM', 2], ['seed'], ['horizonS']]);
  t.is(original.nodes[1]!.cpuFlopsPerS, 1e12); // untouched
});

test('paths that lead nowhere, or to non-scalars, are errors', (t) => {
  for (const bad of ['nodes.t9.cpuFlopsPerS=1', 'nodes.5.id=x', 'nothere.x=1', 'nodes=1', 'nodes.0=1', 'seed.x=1']) {
    t.throws(() => applyOverrides(scenario(), [parseOverride(bad)]), { instanceOf: InputError }, bad);
  }
});

test('any scalar value round-trips through --set text', (t) => {
  fc.assert(
    fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.string({ minLength: 1 }).filter((s) => s.trim() !== '')), (v) => {
      const text = typeof v === 'string' ? JSON.stringify(v) : String(v);
      const { scenario: out } = applyOverrides({ a: 1 }, [parseOverride(`a=${text}`)]);
      t.is((out as { a: unknown }).a, Object.is(v, -0) ? 0 : v);
    }),
  );
});

test('paths through __proto__, constructor or prototype are refused, and nothing is polluted', (t) => {
  for (const bad of ['__proto__.horizonS=5', 'nodes[0].__proto__.x=1', 'constructor.prototype.horizonS=5', 'nodes.0.constructor=1']) {
    const err = t.throws(() => applyOverrides(scenario(), [parseOverride(bad)]), { instanceOf: InputError }, bad);
    t.regex(err!.message, /is not a scenario field/, bad);
  }
  t.is(({} as { horizonS?: number }).horizonS, undefined);
});
