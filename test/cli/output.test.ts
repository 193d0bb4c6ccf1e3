import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../../src/engine/errors.js';
import { checkOutputDir, commitStagingDir, createStagingDir, discardStagingDir, OUTPUT_MARKER, removeStaleStaging, writeFiles, writeNewFileAtomic } from '../../src/report/output.js';
import { tmp } from './helpers.js';

// The rule under test: edgesim never deletes or replaces anything it did not create.

/** A process id that is not running: a child that has exited and been reaped. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;

const write = (dir: string, files: Record<string, string>): void => {
  mkdirSync(dir, { recursive: true });
  writeFiles(dir, files);
};

test('outputs that are not edgesim outputs are refused with what to do, and left untouched', (t) => {
  const dir = tmp();
  writeFileSync(join(dir, 'thesis.tex'), 'my thesis');
  write(join(dir, 'data'), { 'measurements.csv': '1,2\n' });
  mkdirSync(join(dir, 'target'));
  symlinkSync(join(dir, 'target'), join(dir, 'link'));
  const refused: [string, RegExp][] = [
    ['', /^--out: expected a folder path, got ''$/],
    ['  ', /^--out: expected a folder path/],
    [process.cwd(), /is the working folder; edgesim would replace it: choose a new folder/],
    ['.', /is the working folder/],
    [dirname(process.cwd()), /is the working folder or holds it/],
    ['/', /is the root of the file system/],
    [join(dir, 'thesis.tex'), /thesis\.tex is a file, not an output folder; edgesim does not replace it: choose another --out, or remove it yourself if it may go/],
    [join(dir, 'data'), /data is not empty and not an earlier edgesim output \(it holds no \.edgesim-output\); edgesim does not replace it: choose another --out/],
    [join(dir, 'link'), /link is a symbolic link/],
    [join(dir, 'thesis.tex', 'out'), /a part of the path is a file/],
  ];
  for (const [out, message] of refused) t.throws(() => createStagingDir(out, 'run'), { instanceOf: InputError, message }, JSON.stringify(out));
  t.deepEqual(readdirSync(dir).sort(), ['data', 'link', 'target', 'thesis.tex'], 'no staging folder made');
  t.is(readFileSync(join(dir, 'thesis.tex'), 'utf8'), 'my thesis');
  t.deepEqual(readdirSync(join(dir, 'data')), ['measurements.csv']);
  // A marker that is not edgesim's does not count.
  writeFileSync(join(dir, 'data', OUTPUT_MARKER), '{"tool":"other"}');
  t.throws(() => checkOutputDir(join(dir, 'data')), { instanceOf: InputError, message: /not an earlier edgesim output/ });
  t.throws(() => checkOutputDir(join(dir, 'data'), { field: 'sweep.out' }), { message: /^sweep\.out: .*choose another sweep\.out/ });
});

test('a new or empty folder is used; an earlier output (marked) is replaced whole', (t) => {
  const dir = tmp();
  const out = join(dir, 'empty');
  mkdirSync(out);
  let staging = createStagingDir(out, 'run');
  writeFiles(staging, { 'report.json': '{}' });
  commitStagingDir(staging, out);
  t.deepEqual(readdirSync(out).sort(), [OUTPUT_MARKER, 'report.json']);
  const marker = JSON.parse(readFileSync(join(out, OUTPUT_MARKER), 'utf8'));
  t.deepEqual(marker, { tool: 'edgesim', version: JSON.parse(readFileSync('package.json', 'utf8')).version, kind: 'run' });
  staging = createStagingDir(out, 'run');
  writeFiles(staging, { 'report.md': '#' });
  commitStagingDir(staging, out);
  t.deepEqual(readdirSync(out).sort(), [OUTPUT_MARKER, 'report.md']);
  t.deepEqual(readdirSync(dir), ['empty'], 'no staging or old folder left');
  const fresh = join(dir, 'a', 'b');
  staging = createStagingDir(fresh, 'run');
  commitStagingDir(staging, fresh);
  t.deepEqual(readdirSync(fresh), [OUTPUT_MARKER]);
});

test('the commit checks again: a folder that became foreign meanwhile is not replaced', (t) => {
  const dir = tmp();
  const out = join(dir, 'out');
  const staging = createStagingDir(out, 'run');
  write(out, { 'notes.txt': 'written by someone else during the run' });
  t.throws(() => commitStagingDir(staging, out), { instanceOf: InputError, message: /not empty and not an earlier edgesim output/ });
  discardStagingDir(staging);
  t.deepEqual(readdirSync(dir), ['out']);
  t.deepEqual(readdirSync(out), ['notes.txt']);
});

test('stale staging of the same output left by dead processes is removed; nothing else is', (t) => {
  const dir = tmp();
  const out = join(dir, 'out');
  const dead = deadPid();
  const alive = process.ppid;
  const names = [
    `.out.tmp-${dead}`, // stale staging: removed
    `.out.old-${dead}`, // stale previous output while out exists: removed
    `.out.tmp-${alive}`, // a running process's staging: kept
    `.out.tmp-${dead}x`, // not our pattern: kept
    `.out.tmp-0${dead}`, // not our pattern (leading zero): kept
    `.other.tmp-${dead}`, // another output's: kept
    `out.tmp-${dead}`, // not hidden: kept
  ];
  for (const n of names) write(join(dir, n), { 'report.json': '{}' });
  writeFileSync(join(dir, `.out.json.tmp-${dead}`), '{}'); // a stale temporary file of another output: kept
  write(out, { [OUTPUT_MARKER]: '{"tool":"edgesim","version":"0","kind":"run"}' });
  const staging = createStagingDir(out, 'run');
  t.deepEqual(readdirSync(dir).sort(), [...names.slice(2), `.out.json.tmp-${dead}`, `.out.tmp-${process.pid}`, 'out'].sort());
  discardStagingDir(staging);
});

test('a previous output moved aside by a process killed mid-commit is put back', (t) => {
  const dir = tmp();
  const dead = deadPid();
  write(join(dir, `.out.old-${dead}`), { 'report.json': 'previous', [OUTPUT_MARKER]: '{"tool":"edgesim","version":"0","kind":"run"}' });
  t.deepEqual(removeStaleStaging(join(dir, 'out')), [join(dir, `.out.old-${dead}`)]);
  t.deepEqual(readdirSync(dir), ['out']);
  t.is(readFileSync(join(dir, 'out', 'report.json'), 'utf8'), 'previous');
});

test('writeNewFileAtomic writes a new file and never replaces one; stale temporary files go', (t) => {
  const dir = tmp();
  const file = join(dir, 'sub', 'trace.csv');
  writeNewFileAtomic(file, 'first');
  t.is(readFileSync(file, 'utf8'), 'first');
  t.throws(() => writeNewFileAtomic(file, 'second'), { instanceOf: InputError, message: `${file}: already exists; edgesim does not replace files: choose another output path, or remove it yourself if it may go` });
  t.is(readFileSync(file, 'utf8'), 'first');
  t.throws(() => writeNewFileAtomic(join(dir, 'sub'), 'x'), { instanceOf: InputError, message: /already exists/ });
  t.throws(() => writeNewFileAtomic('', 'x'), { instanceOf: InputError, message: "expected a file path, got ''" });
  const dead = deadPid();
  writeFileSync(join(dir, 'sub', `.other.csv.tmp-${dead}`), 'half');
  writeFileSync(join(dir, 'sub', `.other.csv.tmp-${dead}.bak`), 'not ours');
  writeNewFileAtomic(join(dir, 'sub', 'other.csv'), 'whole');
  t.deepEqual(readdirSync(join(dir, 'sub')).sort(), [`.other.csv.tmp-${dead}.bak`, 'other.csv', 'trace.csv']);
  t.false(existsSync(join(dir, 'sub', `.other.csv.tmp-${process.pid}`)));
});
