import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { edgesim, tmp } from './helpers.js';

// tiny.ts: 2e9 FLOPs at cpuFlopsPerS, then 8e6 bits at rateBps + 0.01 s: the end is known by hand.
const TINY = 'test/fixtures/scenarios/tiny.ts';
const GRID = ['--grid', 'links.0.rateBps=4e6,8e6', '--seeds', '1..2'];

test('a 2 × 2-seed sweep gives the same sweep.json with 1 and 2 workers, and a rerun reuses every cell', async (t) => {
  const dir = tmp();
  const [a, b] = await Promise.all([edgesim('sweep', TINY, ...GRID, '--workers', '1', '--out', join(dir, 'a')), edgesim('sweep', TINY, ...GRID, '--workers', '2', '--out', join(dir, 'b'))]);
  t.is(a.code, 0, a.stderr);
  t.is(b.code, 0, b.stderr);
  const ja = readFileSync(join(dir, 'a', 'sweep.json'), 'utf8');
  t.is(ja, readFileSync(join(dir, 'b', 'sweep.json'), 'utf8'));
  t.is(readFileSync(join(dir, 'a', 'sweep.csv'), 'utf8'), readFileSync(join(dir, 'b', 'sweep.csv'), 'utf8'));
  const s = JSON.parse(ja);
  t.is(s.cells.length, 4);
  t.is(readdirSync(join(dir, 'a', 'cells')).length, 4);
  // 2 s of compute, then 8e6 bits at 4 and 8 Mbit/s, plus 10 ms.
  t.deepEqual(s.combinations.map((c: { stats: { simulatedEndS: { n: number; mean: number; std: number } } }) => c.stats.simulatedEndS), [
    { n: 2, mean: 4.01, std: 0, ci95: 0, ciLow: 4.01, ciHigh: 4.01 },
    { n: 2, mean: 3.01, std: 0, ci95: 0, ciLow: 3.01, ciHigh: 3.01 },
  ]);
  t.regex(readFileSync(join(dir, 'a', 'sweep.md'), 'utf8'), /\| links\.0\.rateBps=4e6 \| 2 \| 4\.01 ± 0 \|/);
  t.is(JSON.parse(readFileSync(join(dir, 'b', 'run.json'), 'utf8')).workers, 2);

  const again = await edgesim('sweep', TINY, ...GRID, '--out', join(dir, 'a'));
  t.is(again.code, 0, again.stderr);
  t.regex(again.stdout, /4 cells, 4 reused, 0 run, 0 failed/);
  t.is(readFileSync(join(dir, 'a', 'sweep.json'), 'utf8'), ja);
});

test('a cell whose override fails validation is recorded with its error; the others run', async (t) => {
  const dir = tmp();
  const r = await edgesim('sweep', TINY, '--grid', 'links.0.rateBps=-1,8e6', '--workers', '2', '--out', dir, '--quiet');
  t.is(r.code, 0, r.stderr);
  const s = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8'));
  t.is(s.cells[0].metrics, null);
  t.regex(s.cells[0].error, /rateBps/);
  t.is(s.cells[1].error, null);
  t.is(s.cells[1].metrics.simulatedEndS, 3.01);
  t.is(s.combinations[0].failed, 1);
  t.is(s.combinations[0].stats.simulatedEndS.n, 0);
  t.deepEqual(readdirSync(join(dir, 'cells')), [`${s.cells[1].key}.json`]);

  const none = await edgesim('sweep', TINY, '--grid', 'links.0.rateBps=-1,-2', '--out', join(dir, 'none'), '--quiet');
  t.is(none.code, 1);
  t.regex(none.stderr, /every one of the 2 cells failed/);
});

test('bad --grid or --seeds syntax exits 2 and says what was expected', async (t) => {
  const dir = tmp();
  const r = await edgesim('sweep', TINY, '--grid', 'links.0.rateBps', '--out', dir);
  t.is(r.code, 2);
  t.regex(r.stderr, /--grid links\.0\.rateBps: expected path=v1,v2/);
  const s = await edgesim('sweep', TINY, '--seeds', '3..1', '--out', dir);
  t.is(s.code, 2);
  t.regex(s.stderr, /--seeds: range '3\.\.1' is empty/);
  t.deepEqual(readdirSync(dir), []);
});
