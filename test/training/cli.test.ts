import test from 'ava';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { edgesim, tmp, ROOT } from '../cli/helpers.js';

const FIXTURE = join(ROOT, 'test/training/fixtures/tiny-training.ts');

test('`run --backend cpu --quiet` of a training scenario prints nothing (no TF.js banner) and writes the report', async (t) => {
  const out = join(tmp(), 'out');
  const r = await edgesim('run', FIXTURE, '--backend', 'cpu', '--quiet', '--out', out);
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, '');
  t.is(r.stderr, '');
  t.true(existsSync(join(out, 'report.json')));
});
