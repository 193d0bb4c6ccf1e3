import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { edgesim, tmp } from './helpers.js';

// tiny.ts: 2e9 FLOPs at 1e9 FLOP/s, then 8e6 bits at rateBps + 0.01 s: simulatedEndS 4.01 s at 4 Mbit/s, 3.01 s at 8 Mbit/s.
const TINY = 'test/fixtures/scenarios/tiny.ts';
const TRAINING = 'test/training/fixtures/tiny-training.ts';
const GRID = ['--grid', 'links.0.rateBps=4e6,8e6', '--seeds', '1..2'];

/** Self-contained: no script, no stylesheet or image fetched, no link out (the SVG namespace aside). */
function assertSelfContained(t: { false: (v: boolean, m?: string) => void }, html: string): void {
  t.false(/<script/i.test(html), 'a script');
  t.false(/\s(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i.test(html), 'an external resource');
  t.false(/@import|url\(/i.test(html), 'a CSS import');
}

test('sweep --format html: one plot per metric present, against the varied parameter, the same whatever the worker count', async (t) => {
  const dir = tmp();
  const [a, b] = await Promise.all([
    edgesim('sweep', TINY, ...GRID, '--format', 'html', '--workers', '1', '--out', join(dir, 'a')),
    edgesim('sweep', TINY, ...GRID, '--format', 'json,html', '--workers', '2', '--out', join(dir, 'b'), '--quiet'),
  ]);
  t.is(a.code, 0, a.stderr);
  t.is(b.code, 0, b.stderr);
  t.regex(a.stdout, /plots: .*sweep\.html/);
  const html = readFileSync(join(dir, 'a', 'sweep.html'), 'utf8');
  t.is(html, readFileSync(join(dir, 'b', 'sweep.html'), 'utf8'));
  assertSelfContained(t, html);
  // tiny has no training and no inference: simulatedEndS is the only metric present.
  t.deepEqual([...html.matchAll(/data-plot="([^"]+)"/g)].map((m) => m[1]), ['sweep-simulatedEndS']);
  t.regex(html, /aria-label="X-axis titled 'links\.0\.rateBps'/);
  t.regex(html, /aria-label="Y-axis titled 'simulatedEndS \(s\)'/);
  // The table of sweep.md, as HTML.
  t.regex(html, /<td[^>]*>links\.0\.rateBps=4e6<\/td>\s*<td[^>]*>2<\/td>\s*<td[^>]*>4\.01 ± 0<\/td>/);
  // csv and md are written anyway.
  t.truthy(readFileSync(join(dir, 'b', 'sweep.md'), 'utf8'));
});

test('an unknown sweep format exits 2 naming it', async (t) => {
  const r = await edgesim('sweep', TINY, '--format', 'pdf', '--out', tmp());
  t.is(r.code, 2);
  t.regex(r.stderr, /--format: unknown sweep format 'pdf'/);
});

test('compare --format html overlays the runs\' accuracy curves and shows the sweeps with error bars', async (t) => {
  const dir = tmp();
  const [a, b, s] = await Promise.all([
    edgesim('run', TRAINING, '--out', join(dir, 'a'), '--quiet'),
    edgesim('run', TRAINING, '--seed', '2', '--out', join(dir, 'b'), '--quiet'),
    edgesim('sweep', TINY, ...GRID, '--workers', '1', '--out', join(dir, 's'), '--quiet'),
  ]);
  t.deepEqual([a.code, b.code, s.code], [0, 0, 0], a.stderr + b.stderr + s.stderr);
  const r = await edgesim('compare', join(dir, 'a'), join(dir, 'b'), join(dir, 's'), '--format', 'html');
  t.is(r.code, 0, r.stderr);
  const html = r.stdout;
  assertSelfContained(t, html);
  const plots = [...html.matchAll(/data-plot="([^"]+)"/g)].map((m) => m[1]);
  t.deepEqual(plots, ['compare-accuracy', 'compare-loss', 'compare-round-duration', 'compare-sweeps-simulatedEndS']);
  // Both runs are in the accuracy plot's legend.
  const accuracy = html.slice(html.indexOf('data-plot="compare-accuracy"'), html.indexOf('data-plot="compare-loss"'));
  t.true(accuracy.includes(join(dir, 'a')) && accuracy.includes(join(dir, 'b')));
  // The runs' table is there too.
  t.regex(html, /<td[^>]*>scenario<\/td>\s*<td[^>]*>tiny-training<\/td>/);
  const bad = await edgesim('compare', join(dir, 'a'), '--format', 'pdf');
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--format: unknown format 'pdf'/);
});
