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

test('`optimize ota` prints the learning rate and power schedule, and its plan bounds the gap below full power and channel inversion on the same channels', async (t) => {
  const r = await edgesim('optimize', 'ota', 'scenarios/ota-power-control.ts', '--set', 'training.rounds=8', '--set', 'training.samplesPerClient=30', '--backend', 'cpu', '--json');
  t.is(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout);
  const last = (p: { boundPerRound: number[] }): number => p.boundPerRound[p.boundPerRound.length - 1]!;
  t.is(o.optimized.powerW.length, 8);
  t.is(o.optimized.powerW[0].length, 20);
  t.true(o.optimized.learningRate > 0 && o.optimized.learningRate <= 1 / o.problem.smoothness);
  t.true(last(o.optimized) <= last(o.fullPower) && last(o.optimized) <= last(o.channelInversion));
  for (const row of o.optimized.powerW) for (const p of row) t.true(p >= 0 && p <= 0.2 + 1e-12); // phones: 23 dBm
  const text = await edgesim('optimize', 'ota', 'scenarios/ota-power-control.ts', '--set', 'training.rounds=8', '--set', 'training.samplesPerClient=30', '--backend', 'cpu');
  t.regex(text.stdout, /^learning rate η = /);
  t.regex(text.stdout, /power schedule p_l\^t \(W\)/);
  const bad = await edgesim('optimize', 'ota', 'test/training/fixtures/tiny-training.ts');
  t.is(bad.code, 2);
  t.regex(bad.stderr, /optimize ota needs a scenario whose training.protocol.name is 'ota'/);
});
