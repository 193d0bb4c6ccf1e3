import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { edgesim, tmp, ROOT } from '../../cli/helpers.js';
import { defaultCalibrationPath } from '../../../src/training/timing/file.js';

const FIXTURE = join(ROOT, 'test/training/fixtures/tiny-training.ts');

test('the default calibration file sits beside the scenario, named after it', (t) => {
  t.is(defaultCalibrationPath('scenarios/cells.ts'), join('scenarios', 'cells.calibration.json'));
});

test('`calibrate` writes a calibration a timing-only run reads; a rerun replaces its own file, never another file', async (t) => {
  const dir = tmp();
  const cal = join(dir, 'tiny.calibration.json');
  const sets = ['--set', 'training.rounds=3'];
  const c = await edgesim('calibrate', FIXTURE, '--backend', 'cpu', '--quiet', '--out', cal, ...sets);
  t.is(c.code, 0, c.stderr);
  const written = JSON.parse(readFileSync(cal, 'utf8'));
  t.is(written.schema, 'edgesim.calibration/1');
  t.is(written.points.length, 3);
  t.deepEqual(written.points.map((p: { progress: number }) => p.progress), [1, 2, 3]);
  // A rerun replaces its own file.
  const again = await edgesim('calibrate', FIXTURE, '--backend', 'cpu', '--quiet', '--out', cal, ...sets);
  t.is(again.code, 0, again.stderr);
  // The timing-only run: no backend chosen, accuracy marked as a surrogate.
  const out = join(dir, 'out');
  const r = await edgesim('run', FIXTURE, '--quiet', '--out', out, ...sets, '--set', 'training.mode=timing', '--set', `training.calibration=${cal}`);
  t.is(r.code, 0, r.stderr);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  t.is(report.training.accuracySource, 'surrogate');
  t.is(report.provenance.backend, null);
  t.regex(readFileSync(join(out, 'report.md'), 'utf8'), /Surrogate accuracy/);
  // A file that is not a calibration is never replaced.
  const foreign = join(dir, 'notes.json');
  writeFileSync(foreign, '{"mine": true}');
  const refused = await edgesim('calibrate', FIXTURE, '--backend', 'cpu', '--quiet', '--out', foreign, ...sets);
  t.is(refused.code, 2);
  t.regex(refused.stderr, /not an edgesim calibration/);
  t.is(readFileSync(foreign, 'utf8'), '{"mine": true}');
});

test('a timing-only run without its calibration exits 2 and says to run `edgesim calibrate`', async (t) => {
  const r = await edgesim('run', FIXTURE, '--quiet', '--out', join(tmp(), 'out'), '--set', 'training.mode=timing', '--set', `training.calibration=${join(tmp(), 'missing.json')}`);
  t.is(r.code, 2);
  t.regex(r.stderr, /edgesim calibrate/);
});
