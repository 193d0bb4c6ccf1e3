import test from 'ava';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { edgesim, edgesimIn, ROOT, tmp } from './helpers.js';

const FIXTURES = 'test/fixtures/scenarios';

test('quickstart runs, says where the report is, and report.json is byte-identical across runs', async (t) => {
  const dir = tmp();
  const [a, b] = await Promise.all([
    edgesim('run', 'scenarios/quickstart.ts', '--out', join(dir, 'a')),
    edgesim('run', 'scenarios/quickstart.ts', '--out', join(dir, 'b')),
  ]);
  t.is(a.code, 0, a.stderr);
  t.is(b.code, 0, b.stderr);
  t.regex(a.stdout, /edgesim run: quickstart \(seed 1\)/);
  t.regex(a.stdout, /report: .*report\.md/);
  t.regex(a.stdout, /training: fedavg of 2nn, 20 rounds, final test accuracy \d+\.\d%/);
  const ja = readFileSync(join(dir, 'a', 'report.json'), 'utf8');
  t.is(ja, readFileSync(join(dir, 'b', 'report.json'), 'utf8'));
  t.is(readFileSync(join(dir, 'a', 'report.md'), 'utf8'), readFileSync(join(dir, 'b', 'report.md'), 'utf8'));
  const run = JSON.parse(readFileSync(join(dir, 'a', 'run.json'), 'utf8'));
  t.true(run.wallS > 0);
  t.is(run.nodeVersion, process.version);
  t.false(ja.includes('wallS'));
});

test('--seed and --set change the run; --format and --events choose the files', async (t) => {
  const dir = tmp();
  const r = await edgesim('run', `${FIXTURES}/tiny.ts`, '--out', dir, '--seed', '9', '--set', 'links.0.rateBps=8e6', '--format', 'json,csv', '--events', '--quiet');
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, '');
  t.deepEqual(readdirSync(dir).sort(), ['.edgesim-output', 'computations.csv', 'events.jsonl', 'links.csv', 'nodes.csv', 'report.json', 'run.json', 'tasks.csv', 'transfers.csv']);
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
  t.is(report.seed, 9);
  // train: 2 s; up: 8e6 bits at 8e6 bit/s = 1 s, + 0.01 s propagation.
  t.is(report.simulatedEndS, 3.01);
  const lines = readFileSync(join(dir, 'events.jsonl'), 'utf8').trim().split('\n');
  const total = Object.values(report.events.byType as Record<string, number>).reduce((a, b) => a + b, 0);
  t.is(lines.length, total);
  t.deepEqual(JSON.parse(lines[0]!), { tS: 0, event: 'task.ready', task: 'train', type: 'compute' });
  t.regex(readFileSync(join(dir, 'tasks.csv'), 'utf8'), /^id,type,node,from,to,flops,bits,after,readyS,startS,endS,waitS,durationS,status,failure\ntrain,compute,t0,,,2000000000,,,0,0,2,0,2,done,\n/);
});

const badInput: [string, string[], RegExp][] = [
  ['a missing file', ['run', 'scenarios/nope.ts'], /^edgesim: error: scenarios\/nope\.ts: scenario file not found\n$/],
  ['a module without a default export', ['run', `${FIXTURES}/no-default.ts`], /no-default\.ts: the module has no default export/],
  ['a module that throws while loading', ['run', `${FIXTURES}/throws-on-load.ts`], /throws-on-load\.ts: cannot load the module: cannot reach the trace server/],
  ['a negative CPU rate', ['run', `${FIXTURES}/negative-cpu.ts`], /negative-cpu\.ts:8: nodes\[1\]\.cpuFlopsPerS: expected a number > 0, got -5/],
  ['an unknown node kind', ['run', `${FIXTURES}/unknown-kind.ts`], /unknown-kind\.ts:9: nodes\[0\]\.kind: unknown node kind 'satellite'; known: terminal, edge, server/],
  ['a link to an unknown node', ['run', `${FIXTURES}/unknown-link-node.ts`], /unknown-link-node\.ts:10: links\[0\]\.to: unknown node 'e9'; known nodes: t0, e0/],
  ['a malformed --set', ['run', `${FIXTURES}/tiny.ts`, '--set', 'seed'], /--set seed: expected path=value/],
  ['a --set of a missing element', ['run', `${FIXTURES}/tiny.ts`, '--set', 'nodes.t7.cpuFlopsPerS=1'], /--set nodes\.t7\.cpuFlopsPerS=1: no element 't7' in 'nodes'/],
  ['a --set that breaks the schema', ['run', `${FIXTURES}/tiny.ts`, '--set', 'nodes.t0.cpuFlopsPerS=fast'], /nodes\[0\]\.cpuFlopsPerS: expected a number, got 'fast' \(set by --set nodes\.t0\.cpuFlopsPerS=fast\)/],
  ['an unknown format', ['run', `${FIXTURES}/tiny.ts`, '--format', 'pdf'], /--format: unknown report format 'pdf'; known: json, md, csv/],
  ['a non-integer --seed', ['run', `${FIXTURES}/tiny.ts`, '--seed', '1.5'], /option '--seed <n>' argument '1\.5' is invalid/],
  ['an unknown flag', ['run', `${FIXTURES}/tiny.ts`, '--colour'], /unknown option '--colour'/],
  ['an unknown command', ['fly'], /unknown command 'fly'/],
];

for (const [what, args, message] of badInput) {
  test(`exit code 2 and a clear message for ${what}`, async (t) => {
    const out = tmp();
    const r = await edgesim(...args, ...(args[0] === 'run' ? ['--out', join(out, 'r')] : []));
    t.is(r.code, 2, r.stderr);
    t.regex(r.stderr, message);
    t.false(existsSync(join(out, 'r')), 'no output folder after a failed run');
  });
}

test('a failed run leaves the previous report in place and no staging folder behind', async (t) => {
  const dir = tmp();
  const out = join(dir, 'report');
  t.is((await edgesim('run', `${FIXTURES}/tiny.ts`, '--out', out, '--quiet')).code, 0);
  const before = readFileSync(join(out, 'report.json'), 'utf8');
  const r = await edgesim('run', `${FIXTURES}/negative-cpu.ts`, '--out', out);
  t.is(r.code, 2);
  t.is(readFileSync(join(out, 'report.json'), 'utf8'), before);
  t.deepEqual(readdirSync(dir), ['report']);
  // A successful run replaces the folder whole.
  t.is((await edgesim('run', `${FIXTURES}/tiny.ts`, '--out', out, '--format', 'md', '--quiet')).code, 0);
  t.deepEqual(readdirSync(out).sort(), ['.edgesim-output', 'report.md', 'run.json']);
  t.deepEqual(readdirSync(dir), ['report']);
});

test('run never replaces what edgesim did not write: --out ., \'\', a file, a foreign folder are exit 2', async (t) => {
  // Each run happens in a scratch working folder holding the user's files, which must survive.
  const tiny = join(ROOT, FIXTURES, 'tiny.ts');
  const cases: [string, RegExp][] = [
    ['.', /--out: .* is the working folder; edgesim would replace it: choose a new folder for the outputs/],
    ['', /--out: expected a folder path, got ''/],
    ['thesis.tex', /--out: .*thesis\.tex is a file, not an output folder; edgesim does not replace it: choose another --out, or remove it yourself if it may go/],
    ['chapters', /--out: .*chapters is not empty and not an earlier edgesim output \(it holds no \.edgesim-output\)/],
  ];
  for (const [out, message] of cases) {
    const cwd = tmp();
    writeFileSync(join(cwd, 'thesis.tex'), 'my thesis');
    mkdirSync(join(cwd, 'chapters'));
    writeFileSync(join(cwd, 'chapters', 'one.tex'), 'chapter one');
    const r = await edgesimIn(cwd, 'run', tiny, '--out', out, '--quiet');
    t.is(r.code, 2, `--out '${out}': ${r.stderr}`);
    t.regex(r.stderr, message);
    t.deepEqual(readdirSync(cwd).sort(), ['chapters', 'thesis.tex'], `--out '${out}'`);
    t.is(readFileSync(join(cwd, 'thesis.tex'), 'utf8'), 'my thesis');
    t.is(readFileSync(join(cwd, 'chapters', 'one.tex'), 'utf8'), 'chapter one');
  }
  // An empty folder may be used, and then holds the marker.
  const cwd = tmp();
  mkdirSync(join(cwd, 'fresh'));
  const ok = await edgesimIn(cwd, 'run', tiny, '--out', 'fresh', '--quiet', '--format', 'json');
  t.is(ok.code, 0, ok.stderr);
  t.deepEqual(readdirSync(join(cwd, 'fresh')).sort(), ['.edgesim-output', 'report.json', 'run.json']);
});

test('--help, --version and list exit 0', async (t) => {
  const [help, version, list] = await Promise.all([edgesim('--help'), edgesim('--version'), edgesim('list', '--json')]);
  t.is(help.code, 0);
  t.regex(help.stdout, /Usage: edgesim/);
  t.is(version.code, 0);
  t.is(version.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  t.is(list.code, 0);
  const listed = JSON.parse(list.stdout);
  t.deepEqual(listed['node kinds'].map((e: { name: string }) => e.name), ['terminal', 'edge', 'server', 'switch']);
  t.deepEqual(listed['report formats'].map((e: { name: string }) => e.name), ['json', 'md', 'csv', 'html']);
});
