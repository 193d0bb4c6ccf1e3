// --cell-timeout: a cell past the wall-clock limit is stopped and recorded as failed (not stored),
// while the others run; with --workers 1 too (the cells then run in a worker thread).
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { edgesim, tmp } from '../cli/helpers.js';

const SLOW = 'test/fixtures/scenarios/slow.ts';

for (const workers of ['1', '2']) {
  test(`with --workers ${workers}, a cell past --cell-timeout fails with the limit's message; the quick one is stored`, async (t) => {
    const dir = tmp();
    // 1e6 bits take no time; 1e12 bits take about a minute. A 15 s limit leaves the quick cell (a worker thread's start included) a margin on a machine loaded ≈ 15 deep.
    const r = await edgesim('sweep', SLOW, '--grid', 'tasks.0.bits=1e6,1e12', '--cell-timeout', '15', '--workers', workers, '--out', dir, '--quiet');
    t.is(r.code, 0, r.stderr);
    const s = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8'));
    t.is(s.cells[0].error, null);
    t.is(s.cells[1].metrics, null);
    t.is(s.cells[1].error, 'exceeded the cell time limit of 15 s');
    t.deepEqual(readdirSync(join(dir, 'cells')), [`${s.cells[0].key}.json`]);
  });
}

test('--cell-timeout must be a positive number of seconds', async (t) => {
  const r = await edgesim('sweep', SLOW, '--cell-timeout', '0', '--out', tmp());
  t.is(r.code, 2);
  t.regex(r.stderr, /--cell-timeout.*expected a positive number of seconds/);
});
