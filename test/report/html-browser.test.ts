import test from 'ava';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { edgesim, tmp } from '../cli/helpers.js';
import { findChromium, inspectReport, launch } from './browser.js';

// report.html in a real browser: Debian's `chromium` (/usr/bin/chromium, or on PATH, or $CHROMIUM),
// driven by playwright-core. Without Chromium only this test is skipped, and it says so.
const CHROMIUM = findChromium();

/** Short runs (a few seconds each) covering every kind of plot, and the plots each must show. */
const CASES: { name: string; args: string[]; plots: string[] }[] = [
  {
    name: 'sync FedAvg (quickstart)',
    args: ['scenarios/quickstart.ts', '--set', 'training.rounds=2', '--set', 'training.samplesPerClient=50'],
    plots: ['accuracy-time', 'accuracy-round', 'round-breakdown', 'energy', 'activity', 'links'],
  },
  {
    name: 'FedAsync (async-vs-sync)',
    args: ['scenarios/async-vs-sync.ts', '--set', 'training.protocol.name=fedasync', '--set', 'training.rounds=2', '--set', 'training.samplesPerClient=50'],
    plots: ['accuracy-time', 'accuracy-round', 'staleness', 'energy', 'activity', 'links'],
  },
  {
    name: 'over the air (ota-vs-digital)',
    args: ['scenarios/ota-vs-digital.ts', '--set', 'training.rounds=3'],
    plots: ['accuracy-time', 'accuracy-round', 'round-breakdown', 'ota-error', 'energy', 'activity', 'links'],
  },
  {
    name: 'split inference',
    args: ['scenarios/split-inference.ts', '--set', 'horizonS=3'],
    plots: ['latency-cdf', 'energy', 'activity', 'links'],
  },
];

if (CHROMIUM === null) console.log('chromium not installed: skipping the browser test (apt-get install chromium, or set $CHROMIUM)');

(CHROMIUM === null ? test.skip : test)(`report.html renders every expected plot in headless Chromium, without console errors${CHROMIUM === null ? ' (chromium not installed: skipped)' : ''}`, async (t) => {
  t.timeout(180_000);
  const dir = tmp();
  const t0 = process.hrtime.bigint();
  const runs = await Promise.all(CASES.map((c, i) => edgesim('run', ...c.args, '--quiet', '--format', 'html', '--out', join(dir, `r${i}`))));
  runs.forEach((r, i) => t.is(r.code, 0, `${CASES[i]!.name}: ${r.stderr}`));
  const t1 = process.hrtime.bigint();
  const browser = await launch(CHROMIUM!);
  try {
    for (const [i, c] of CASES.entries()) {
      const png = join(dir, `r${i}.png`);
      const seen = await inspectReport(browser, join(dir, `r${i}`, 'report.html'), png);
      t.deepEqual(seen.consoleErrors, [], c.name);
      t.deepEqual(seen.pageErrors, [], c.name);
      t.deepEqual(seen.requests, [], `${c.name}: the page fetched nothing`);
      t.deepEqual(
        seen.plots.map((p) => p.id),
        c.plots,
        c.name,
      );
      for (const p of seen.plots) {
        t.true(p.width > 100 && p.height > 100, `${c.name} ${p.id}: ${p.width}×${p.height} px`);
        t.true(p.axes >= 2, `${c.name} ${p.id}: ${p.axes} axes`);
        t.true(p.marks > 0, `${c.name} ${p.id}: no mark drawn`);
      }
      t.true(statSync(png).size > 10_000, `${c.name}: screenshot ${png}`);
      t.log(`${c.name}: ${seen.plots.length} plots, screenshot ${png}`);
    }
  } finally {
    await browser.close();
  }
  const t2 = process.hrtime.bigint();
  t.log(`simulations ${(Number(t1 - t0) / 1e9).toFixed(1)} s, browser ${(Number(t2 - t1) / 1e9).toFixed(1)} s (timings for information, not asserted)`);
});

(CHROMIUM === null ? test.skip : test)(`sweep.html and compare --format html render their plots in headless Chromium${CHROMIUM === null ? ' (chromium not installed: skipped)' : ''}`, async (t) => {
  t.timeout(180_000);
  const dir = tmp();
  const training = 'test/training/fixtures/tiny-training.ts';
  const [s, a, b] = await Promise.all([
    edgesim('sweep', 'test/fixtures/scenarios/tiny.ts', '--grid', 'links.0.rateBps=4e6,8e6', '--seeds', '1..2', '--workers', '1', '--format', 'html', '--out', join(dir, 's'), '--quiet'),
    edgesim('run', training, '--out', join(dir, 'a'), '--quiet'),
    edgesim('run', training, '--seed', '2', '--out', join(dir, 'b'), '--quiet'),
  ]);
  t.deepEqual([s.code, a.code, b.code], [0, 0, 0], s.stderr + a.stderr + b.stderr);
  const c = await edgesim('compare', join(dir, 'a'), join(dir, 'b'), join(dir, 's'), '--format', 'html');
  t.is(c.code, 0, c.stderr);
  writeFileSync(join(dir, 'compare.html'), c.stdout);
  const pages: [string, string, string[]][] = [
    ['sweep.html', join(dir, 's', 'sweep.html'), ['sweep-simulatedEndS']],
    ['compare', join(dir, 'compare.html'), ['compare-accuracy', 'compare-loss', 'compare-round-duration', 'compare-sweeps-simulatedEndS']],
  ];
  const browser = await launch(CHROMIUM!);
  try {
    for (const [name, file, plots] of pages) {
      const seen = await inspectReport(browser, file, join(dir, `${name}.png`));
      t.deepEqual([seen.consoleErrors, seen.pageErrors, seen.requests], [[], [], []], name);
      t.deepEqual(seen.plots.map((p) => p.id), plots, name);
      for (const p of seen.plots) t.true(p.width > 100 && p.height > 100 && p.axes >= 2 && p.marks > 0, `${name} ${p.id}: ${JSON.stringify(p)}`);
    }
  } finally {
    await browser.close();
  }
});
