import test from 'ava';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { edgesim, ROOT, tmp } from './helpers.js';

test('trace info: format, nodes, span, bounds, speeds, samples', async (t) => {
  const r = await edgesim('trace', 'info', 'traces/highway-fcd.xml', '--json');
  t.is(r.code, 0, r.stderr);
  const info = JSON.parse(r.stdout);
  t.is(info.format, 'sumo-fcd');
  t.is(info.nodes, 22);
  t.deepEqual(info.timeSpanS, [5, 60]);
  t.true(info.speedMps.max <= 140 / 3.6 + 0.02);
  const text = await edgesim('trace', 'info', 'traces/campus-rwp.ns2');
  t.regex(text.stdout, /format: +ns2\nnodes: +5\n/);
});

test('trace sample: CSV at every step by the simulator’s interpolation, present nodes only', async (t) => {
  const r = await edgesim('trace', 'sample', 'traces/highway.csv', '--step', '0.5', '--from', '5', '--to', '6', '--node', 'veh0');
  t.is(r.code, 0, r.stderr);
  // veh0 is at x = 18.82 at 5 s and 51.71 at 6 s (traces/highway.csv): the midpoint at 5.5 s.
  t.is(r.stdout, 't,id,x,y,z\n5,veh0,18.82,60,1.5\n5.5,veh0,35.265,60,1.5\n6,veh0,51.71,60,1.5\n');
  const absent = await edgesim('trace', 'sample', 'traces/highway.csv', '--step', '1', '--from', '0', '--to', '4', '--node', 'veh0');
  t.is(absent.stdout, 't,id,x,y,z\n'); // not yet on the road
  const bad = await edgesim('trace', 'sample', 'traces/highway.csv', '--step', '0');
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--step: expected a number > 0 of seconds, got '0'/);
});

test('trace convert round-trips through our readers; errors are clean', async (t) => {
  const dir = tmp();
  for (const [to, ext] of [['ns2', 'ns2'], ['bonnmotion', 'movements'], ['one', 'one'], ['csv', 'csv']]) {
    const out = join(dir, `campus.${ext}`);
    const r = await edgesim('trace', 'convert', 'traces/campus-rwp.movements', out, '--to', to!);
    t.is(r.code, 0, r.stderr);
    const a = await edgesim('trace', 'sample', 'traces/campus-rwp.movements', '--step', '7');
    const b = await edgesim('trace', 'sample', out, '--step', '7');
    const rows = (s: string) => s.trim().split('\n').slice(1).map((l) => l.split(','));
    const ra = rows(a.stdout);
    const rb = rows(b.stdout);
    t.is(rb.length, ra.length, to);
    ra.forEach((row, i) => {
      const d = Math.hypot(Number(row[2]) - Number(rb[i]![2]), Number(row[3]) - Number(rb[i]![3]));
      if (d > 1e-6) t.fail(`${to}: row ${i} differs by ${d} m`);
    });
  }
  t.deepEqual(readdirSync(dir).sort(), ['campus.csv', 'campus.movements', 'campus.ns2', 'campus.one']); // no temporary files left
  const unknown = await edgesim('trace', 'convert', 'traces/campus-rwp.ns2', join(dir, 'x'), '--to', 'gpx');
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /--to: cannot write 'gpx'; writable formats: ns2, bonnmotion, one, csv/);
  const missing = await edgesim('trace', 'info', 'traces/none.ns2');
  t.is(missing.code, 2);
  t.regex(missing.stderr, /traces\/none\.ns2: trace file not found/);
});

test('the example traces are exactly what scripts/make-traces.ts makes', (t) => {
  const dir = tmp();
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/make-traces.ts'), dir], { cwd: ROOT });
  for (const name of readdirSync(dir)) t.is(readFileSync(join(dir, name), 'utf8'), readFileSync(join(ROOT, 'traces', name), 'utf8'), name);
});
