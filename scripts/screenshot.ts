/**
 * Runs a scenario to report.html and saves a PNG screenshot of its plots for the README:
 *
 *   node --import tsx scripts/screenshot.ts [scenario] [--set path=value ...] [--out docs/img/report.png]
 *
 * Default: scenarios/quickstart.ts with 8 rounds, the screenshot 1200 px wide, cut at 2000 px
 * (the first plots). Needs Chromium (Debian's `chromium`, or $CHROMIUM).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findChromium, launch } from '../test/report/browser.js';

const ROOT = resolve(import.meta.dirname, '..');
const WIDTH = 1200;
const MAX_HEIGHT = 2000;

const argv = process.argv.slice(2);
const outIndex = argv.indexOf('--out');
const pngFile = resolve(outIndex < 0 ? join(ROOT, 'docs/img/report.png') : argv.splice(outIndex, 2)[1]!);
const scenario = argv[0] !== undefined && !argv[0].startsWith('--') ? argv.shift()! : 'scenarios/quickstart.ts';
const sets = argv.length > 0 ? argv : ['--set', 'training.rounds=8'];

const chromium = findChromium();
if (chromium === null) {
  process.stderr.write('screenshot: chromium not installed (apt-get install chromium, or set $CHROMIUM)\n');
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'edgesim-screenshot-'));
try {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin/edgesim.js'), 'run', scenario, ...sets, '--quiet', '--format', 'html', '--out', join(dir, 'out')], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`edgesim run failed (${run.status})`);
  const browser = await launch(chromium);
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: 900 } });
    await page.goto(pathToFileURL(join(dir, 'out', 'report.html')).href, { waitUntil: 'load' });
    const box = (await page.locator('section#plots').boundingBox())!;
    mkdirSync(dirname(pngFile), { recursive: true });
    await page.screenshot({ path: pngFile, fullPage: true, clip: { x: 0, y: Math.max(0, box.y - 10), width: WIDTH, height: Math.min(box.height + 20, MAX_HEIGHT) } });
  } finally {
    await browser.close();
  }
  process.stdout.write(`${pngFile}: ${Math.round(statSync(pngFile).size / 1024)} KB\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
