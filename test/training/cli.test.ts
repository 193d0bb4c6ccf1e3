import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
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

test('report.json names the configuration and a command that reruns it: the rerun gives the same report.json, byte for byte', async (t) => {
  const first = join(tmp(), 'first');
  const r = await edgesim('run', FIXTURE, '--backend', 'cpu', '--quiet', '--out', first, '--seed', '7', '--set', 'training.rounds=2', '--set', 'links[0].delayS=0.002');
  t.is(r.code, 0, r.stderr);
  const report = JSON.parse(readFileSync(join(first, 'report.json'), 'utf8'));
  t.is(report.provenance.rerun, "edgesim run test/training/fixtures/tiny-training.ts --seed 7 --set training.rounds=2 --set 'links[0].delayS=0.002' --backend cpu");
  t.is(report.configuration.training.rounds, 2);
  t.is(report.configuration.links[0].delayS, 0.002);
  t.is(report.configuration.seed, 7);
  const again = join(tmp(), 'again');
  const words = ['run', 'test/training/fixtures/tiny-training.ts', '--seed', '7', '--set', 'training.rounds=2', '--set', 'links[0].delayS=0.002', '--backend', 'cpu'];
  const r2 = await edgesim(...words, '--quiet', '--out', again);
  t.is(r2.code, 0, r2.stderr);
  t.is(readFileSync(join(again, 'report.json'), 'utf8'), readFileSync(join(first, 'report.json'), 'utf8'));
});
