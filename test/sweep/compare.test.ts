import test from 'ava';
import { compare, compareMarkdown, formatMeanCi } from '../../src/sweep/compare.js';
import { sampleStats } from '../../src/sweep/stats.js';
import type { SweepResult } from '../../src/sweep/summary.js';

test('mean ± 95% CI as sweep.md writes it: samples 1, 2, 3 give 2 ± 2.48 (t_{0.975,2} = 4.303, s/√3 = 0.5774)', (t) => {
  t.is(formatMeanCi(sampleStats([1, 2, 3])), '2 ± 2.48');
  t.is(formatMeanCi(sampleStats([5])), '5'); // one sample: no interval
  t.is(formatMeanCi(sampleStats([])), '—');
  t.is(formatMeanCi(undefined), '—');
});

test('a sweep gives one row per combination, in order, after the folder', (t) => {
  const stats = (xs: number[]): Record<string, ReturnType<typeof sampleStats>> => ({ simulatedEndS: sampleStats(xs) });
  const sweep = {
    schema: 'edgesim.sweep/1',
    scenario: { file: 's.ts', sha256: '' },
    combinations: [
      { index: 0, label: 'a=1', values: { a: '1' }, cells: 3, failed: 0, stats: stats([1, 2, 3]) },
      { index: 1, label: 'a=2', values: { a: '2' }, cells: 3, failed: 1, stats: stats([4, 4]) },
    ],
  } as unknown as SweepResult;
  const c = compare([{ kind: 'sweep', folder: 'out/s', sweep }]);
  t.deepEqual(c.runs, []);
  t.deepEqual(c.sweeps.map((r) => [r.folder, r.combination, r.cells, r.failed]), [
    ['out/s', 'a=1', 3, 0],
    ['out/s', 'a=2', 3, 1],
  ]);
  const lines = compareMarkdown(c).split('\n');
  // Metrics absent from stats print '—'; simulatedEndS is the fifth metric column.
  t.true(lines.includes('| out/s | a=1 | 3 | 0 | — | — | — | — | 2 ± 2.48 | — | — | — | — |'));
  t.true(lines.includes('| out/s | a=2 | 3 | 1 | — | — | — | — | 4 ± 0 | — | — | — | — |'));
});
