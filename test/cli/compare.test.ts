import test from 'ava';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { edgesim, tmp } from './helpers.js';

const TINY = 'test/fixtures/scenarios/tiny.ts';
const TRAINING = 'test/training/fixtures/tiny-training.ts';
const SWEEP_FILE = 'test/fixtures/sweeps/tiny.sweep.ts';

// Six significant digits, trailing zeros dropped, written independently of src/report/format.ts.
const six = (x: number): string => String(Number(x.toPrecision(6)));
const mean = (xs: number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;

interface RoundJson {
  startS: number;
  endS: number;
  energyJ: number;
}

test('two runs side by side: the values of their report.json, one column per folder', async (t) => {
  const dir = tmp();
  const [a, b] = await Promise.all([edgesim('run', TINY, '--out', join(dir, 'tiny'), '--quiet'), edgesim('run', TRAINING, '--out', join(dir, 'training'), '--quiet')]);
  t.is(a.code, 0, a.stderr);
  t.is(b.code, 0, b.stderr);
  const rep = JSON.parse(readFileSync(join(dir, 'training', 'report.json'), 'utf8'));
  const rounds = rep.rounds as RoundJson[];
  const energy = mean(rounds.map((r) => r.energyJ));
  const latency = mean(rounds.map((r) => r.endS - r.startS));

  const j = await edgesim('compare', join(dir, 'tiny'), join(dir, 'training'), '--json');
  t.is(j.code, 0, j.stderr);
  const c = JSON.parse(j.stdout);
  t.deepEqual(c.runs.map((r: { folder: string; scenario: string; seed: number }) => [r.folder, r.scenario, r.seed]), [
    [join(dir, 'tiny'), 'tiny', 1],
    [join(dir, 'training'), 'tiny-training', rep.seed],
  ]);
  // tiny.ts by hand: 2e9 FLOPs at 1e9 FLOP/s, then 8e6 bits at 4e6 bit/s, plus 10 ms; no training, no inference.
  t.deepEqual(c.runs[0].metrics, { finalAccuracy: null, timeToAccuracyS: null, energyPerRoundJ: null, roundLatencyS: null, simulatedEndS: 4.01, inferenceP95LatencyS: null, deadlineMissFraction: null, dcStepS: null, dcCommExposedS: null });
  t.is(c.runs[1].metrics.finalAccuracy, rep.training.finalAccuracy);
  t.is(c.runs[1].metrics.simulatedEndS, rep.simulatedEndS);
  t.is(c.runs[1].metrics.energyPerRoundJ, energy);
  t.is(c.runs[1].metrics.roundLatencyS, latency);
  t.deepEqual(c.sweeps, []);

  const md = await edgesim('compare', join(dir, 'tiny'), join(dir, 'training'));
  t.is(md.code, 0, md.stderr);
  const lines = md.stdout.split('\n');
  t.true(lines.includes(`| metric | ${join(dir, 'tiny')} | ${join(dir, 'training')} |`), md.stdout);
  t.true(lines.includes('| --- | ---: | ---: |'));
  t.true(lines.includes('| scenario | tiny | tiny-training |'));
  t.true(lines.includes(`| seed | 1 | ${rep.seed} |`));
  t.true(lines.includes(`| finalAccuracy | — | ${six(rep.training.finalAccuracy)} |`), md.stdout);
  t.true(lines.includes(`| energyPerRoundJ | — | ${six(energy)} |`), md.stdout);
  t.true(lines.includes(`| simulatedEndS | 4.01 | ${six(rep.simulatedEndS)} |`), md.stdout);
  t.true(lines.includes('| inferenceP95LatencyS | — | — |'));
  t.false(md.stdout.includes('## Sweeps'));
});

test('a sweep file gives the sweep.json of the equivalent command line, and compare shows a row per combination', async (t) => {
  const dir = tmp();
  const [f, c] = await Promise.all([
    edgesim('sweep', SWEEP_FILE, '--out', join(dir, 'file'), '--workers', '2', '--quiet'),
    edgesim('sweep', TINY, '--set', 'nodes.0.cpuFlopsPerS=2000000000', '--grid', 'links.0.rateBps=4000000,8000000', '--seeds', '1,2', '--out', join(dir, 'cli'), '--workers', '1', '--quiet'),
  ]);
  t.is(f.code, 0, f.stderr);
  t.is(c.code, 0, c.stderr);
  const sf = readFileSync(join(dir, 'file', 'sweep.json'), 'utf8');
  t.is(sf, readFileSync(join(dir, 'cli', 'sweep.json'), 'utf8'));
  t.is(JSON.parse(sf).scenario.file, TINY); // '../scenarios/tiny.ts' relative to the sweep file's folder

  const md = await edgesim('compare', join(dir, 'file'));
  t.is(md.code, 0, md.stderr);
  const lines = md.stdout.split('\n');
  // 2e9 FLOPs at 2e9 FLOP/s = 1 s, then 8e6 bits at 4e6 or 8e6 bit/s, plus 10 ms; both seeds alike, so ± 0.
  t.true(lines.includes(`| ${join(dir, 'file')} | links.0.rateBps=4000000 | 2 | 0 | — | — | — | — | 3.01 ± 0 | — | — | — | — |`), md.stdout);
  t.true(lines.includes(`| ${join(dir, 'file')} | links.0.rateBps=8000000 | 2 | 0 | — | — | — | — | 2.01 ± 0 | — | — | — | — |`), md.stdout);
  t.false(md.stdout.includes('## Runs'));
  const j = JSON.parse((await edgesim('compare', join(dir, 'file'), '--json')).stdout);
  t.deepEqual(j.sweeps.map((s: { combination: string; stats: { simulatedEndS: { mean: number } } }) => [s.combination, s.stats.simulatedEndS.mean]), [
    ['links.0.rateBps=4000000', 3.01],
    ['links.0.rateBps=8000000', 2.01],
  ]);
});

test('an invalid sweep file, or --grid added to one, exits 2 naming the file and the field', async (t) => {
  const dir = tmp();
  const r = await edgesim('sweep', 'test/fixtures/sweeps/bad-seeds.sweep.ts', '--out', join(dir, 'x'));
  t.is(r.code, 2);
  t.regex(r.stderr, /bad-seeds\.sweep\.ts: seeds: expected a non-empty array of integers/);
  const g = await edgesim('sweep', SWEEP_FILE, '--grid', 'links.0.rateBps=1e6', '--out', join(dir, 'y'));
  t.is(g.code, 2);
  t.regex(g.stderr, /--grid: the sweep file .*tiny\.sweep\.ts gives the grid/);
});

test('a folder without report.json or sweep.json, or with invalid JSON, exits 2 naming it', async (t) => {
  const dir = tmp();
  const empty = join(dir, 'empty');
  mkdirSync(empty);
  const e = await edgesim('compare', empty);
  t.is(e.code, 2);
  t.true(e.stderr.includes(`${empty}: not a run or sweep folder`), e.stderr);
  t.is(e.stdout, '');

  const broken = join(dir, 'broken');
  mkdirSync(broken);
  writeFileSync(join(broken, 'report.json'), '{ "schema": ');
  const b = await edgesim('compare', broken);
  t.is(b.code, 2);
  t.true(b.stderr.includes(`${join(broken, 'report.json')}: cannot read it as JSON`), b.stderr);

  const wrong = join(dir, 'wrong');
  mkdirSync(wrong);
  writeFileSync(join(wrong, 'sweep.json'), '{ "schema": "edgesim.sweep/1", "scenario": { "file": "x.ts" } }');
  const w = await edgesim('compare', wrong);
  t.is(w.code, 2);
  t.true(w.stderr.includes(`${join(wrong, 'sweep.json')}: combinations: not a valid sweep.json`), w.stderr);
});
