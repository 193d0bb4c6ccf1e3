import test from 'ava';
import { readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { edgesim, ROOT, tmp } from './helpers.js';

test('trace info: format, nodes, span, bounds, speeds, samples', async (t) => {
  const r = await edgesim('trace', 'info', 'traces/highway-fcd.xml', '--json');
  t.is(r.code, 0, r.stderr);
  const info = JSON.parse(r.stdout);
  t.is(info.format, 'sumo-fcd');
  t.is(info.nodes, 22);
  t.deepEqual(info.timeSpanS, [0, 60]); // the file's timesteps run from 0.00 to 60.00 (the first vehicle enters at 5 s)
  t.is(info.speedSource, 'file');
  t.true(info.speedMps.max <= 140 / 3.6 + 0.02);
  const text = await edgesim('trace', 'info', 'traces/campus-rwp.ns2');
  t.regex(text.stdout, /format: +ns2\nnodes: +5\nids: +0, 1, 2, 3, 4\n/);
});

test('trace info lists the node ids: the first 10 and how many more; --json lists all', async (t) => {
  const dir = tmp();
  const file = join(dir, 'many.csv');
  writeFileSync(file, `t,id,x,y\n${Array.from({ length: 13 }, (_, i) => `0,car${i},${i},0`).join('\n')}\n`);
  const text = await edgesim('trace', 'info', file);
  t.is(text.code, 0, text.stderr);
  t.regex(text.stdout, /\nids: +car0, car1, car2, car3, car4, car5, car6, car7, car8, car9 … and 3 more \(--json lists all\)\n/);
  const json = JSON.parse((await edgesim('trace', 'info', file, '--json')).stdout);
  t.deepEqual(json.ids, Array.from({ length: 13 }, (_, i) => `car${i}`));
});

test('trace sample: an unknown --node suggests the nearest ids and how to list them all', async (t) => {
  const r = await edgesim('trace', 'sample', 'traces/highway.csv', '--step', '1', '--node', '0');
  t.is(r.code, 2, r.stderr);
  t.regex(r.stderr, /^edgesim: error: traces\/highway\.csv: --node: node '0' is not in the trace; nearest ids: veh0, veh10, veh20 \(all 22: edgesim trace info traces\/highway\.csv --json\)\n$/);
  const typo = await edgesim('trace', 'sample', 'traces/highway.csv', '--step', '1', '--node', 'VEH3');
  t.regex(typo.stderr, /nearest ids: veh3, /);
});

test('trace info of a folder, a device or a FIFO is exit 2 naming it, without a stack', async (t) => {
  for (const [file, what] of [['/tmp', 'a folder'], ['/dev/zero', 'a device']]) {
    const r = await edgesim('trace', 'info', file!);
    t.is(r.code, 2, r.stderr);
    t.is(r.stderr, `edgesim: error: ${file}: is ${what}; expected a trace file (a regular file)\n`);
  }
  const fifo = join(tmp(), 'pipe.ns2');
  execFileSync('mkfifo', [fifo]);
  const r = await edgesim('trace', 'info', fifo);
  t.is(r.stderr, `edgesim: error: ${fifo}: is a FIFO; expected a trace file (a regular file)\n`);
});

test('trace convert never writes over its input or over an existing file', async (t) => {
  const dir = tmp();
  const input = join(dir, 'a.csv');
  const original = 't,id,x,y\n0,a,1,2\n1,a,3,4\n';
  writeFileSync(input, original);
  symlinkSync(input, join(dir, 'link.csv'));
  for (const out of [input, join(dir, 'link.csv'), join(dir, '.', 'a.csv')]) {
    const r = await edgesim('trace', 'convert', input, out, '--to', 'csv');
    t.is(r.code, 2, r.stderr);
    t.regex(r.stderr, /: the output is the input trace; choose another output path\n$/);
  }
  const other = join(dir, 'b.ns2');
  writeFileSync(other, 'not a trace edgesim wrote');
  const r = await edgesim('trace', 'convert', input, other, '--to', 'ns2');
  t.is(r.code, 2, r.stderr);
  t.is(r.stderr, `edgesim: error: ${other}: already exists; edgesim does not replace files: choose another output path, or remove it yourself if it may go\n`);
  t.is(readFileSync(input, 'utf8'), original);
  t.is(readFileSync(other, 'utf8'), 'not a trace edgesim wrote');
  t.deepEqual(readdirSync(dir).sort(), ['a.csv', 'b.ns2', 'link.csv']);
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

test('trace convert SUMO → ns2: the id mapping and presence windows, noted on stderr; sidecars never overwrite', async (t) => {
  const dir = tmp();
  const out = join(dir, 'highway.ns2');
  const r = await edgesim('trace', 'convert', 'traces/highway-fcd.xml', out, '--to', 'ns2');
  t.is(r.code, 0, r.stderr);
  // 22 vehicles veh0…veh21 in order of first appearance (veh0 enters at 5 s, veh1 at 6 s).
  t.regex(r.stderr, /^edgesim: note: ns2 numbers its nodes: 22 ids mapped to 0…21 \(veh0 → 0, veh1 → 1, veh2 → 2, …\); the original ids are in the # header of .*highway\.ns2, from which edgesim reads them back\n/);
  t.regex(r.stderr, /\nedgesim: note: ns2 cannot say that a node is absent: the presence windows of 22 nodes are in .*highway\.ns2\.presence\.csv, which edgesim reads back; other tools ignore it/);
  t.deepEqual(readdirSync(dir).sort(), ['highway.ns2', 'highway.ns2.presence.csv']);
  // veh0's window: its first sample at 5 s; traces/highway-fcd.xml: enters at 5 s at x = 18.82.
  t.regex(readFileSync(`${out}.presence.csv`, 'utf8'), /^id,fromS,toS\nveh0,5,/);
  const back = JSON.parse((await edgesim('trace', 'info', out, '--json')).stdout);
  t.deepEqual(back.ids.slice(0, 3), ['veh0', 'veh1', 'veh2']);
  const sample = await edgesim('trace', 'sample', out, '--step', '1', '--from', '4', '--to', '5', '--node', 'veh0');
  t.is(sample.stdout, 't,id,x,y,z\n5,veh0,18.82,60,0\n'); // absent at 4 s, as in the SUMO file (which has no z)
  // A sidecar name already taken: refused before anything is written.
  const other = join(dir, 'again.movements');
  writeFileSync(`${other}.presence.csv`, 'mine');
  const refused = await edgesim('trace', 'convert', 'traces/highway-fcd.xml', other, '--to', 'bonnmotion');
  t.is(refused.code, 2, refused.stderr);
  t.is(refused.stderr, `edgesim: error: ${other}.presence.csv: already exists; edgesim does not replace files: choose another output path, or remove it yourself if it may go\n`);
  t.deepEqual(readdirSync(dir).sort(), ['again.movements.presence.csv', 'highway.ns2', 'highway.ns2.presence.csv']);
  t.is(readFileSync(`${other}.presence.csv`, 'utf8'), 'mine');
});
