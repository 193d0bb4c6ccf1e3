import test from 'ava';
import { backendOption, BACKEND_OPTIONS } from '../../src/learning/backend.js';
import { InputError } from '../../src/engine/errors.js';

test('--backend accepts auto and the three backends; anything else is bad input naming --backend', (t) => {
  t.is(backendOption(undefined), 'auto');
  for (const b of ['auto', 'tensorflow', 'wasm', 'cpu'] as const) t.is(backendOption(b), b);
  t.deepEqual([...BACKEND_OPTIONS], ['auto', 'tensorflow', 'wasm', 'cpu']);
  const err = t.throws(() => backendOption('gpu'), { instanceOf: InputError });
  t.regex(err!.message, /expected auto, tensorflow, wasm or cpu, got 'gpu'/);
  t.regex(String((err as InputError & { field?: string }).field ?? err!.message), /--backend/);
});
