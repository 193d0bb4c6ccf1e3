import test from 'ava';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { main } from '../../src/cli/main.js';

// The CLI under hostile input (issue 8): `--set` values and mutated trace files. Every case must
// end with exit 0, or exit 2 and a message that names the input; never another exit code (1 is a
// simulation failure, 133 a V8 abort), never past a time bound, and never touching a file outside
// its output folder. The CLI runs in this process (`main`), so a case costs milliseconds, not a
// Node start-up; `--backend cpu` keeps TF.js cases independent of what is installed.

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/scenarios');
const RADIO = join(FIXTURES, 'fuzz-radio.ts');
const TRAINING = join(FIXTURES, 'fuzz-training.ts');
const OTA = join(FIXTURES, 'fuzz-ota.ts');
const ASYNC = join(FIXTURES, 'fuzz-async.ts');
const CASE_LIMIT_MS = 20_000;
/** `FUZZ_SEED` and `FUZZ_RUNS` (a multiplier) explore further than CI's fixed seeds. */
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1);

interface CliResult {
  code: number;
  stderr: string;
  ms: number;
}

/** Runs `edgesim …` in this process, capturing what it prints. */
async function cli(...args: string[]): Promise<CliResult> {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  let stderr = '';
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true)) as typeof process.stderr.write;
  const t0 = performance.now();
  try {
    const code = await main(['node', 'edgesim', ...args]);
    return { code, stderr, ms: performance.now() - t0 };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

/** Every file below `dir` with its size and modification time (skipping `skip`). */
function snapshot(dir: string, skip: string[] = []): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (skip.some((s) => p === s || p.startsWith(s + '/'))) continue;
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else files.set(relative(dir, p), `${st.size}/${st.mtimeMs}`);
    }
  };
  walk(dir);
  return files;
}

/** The watched folders: the fixtures, the example traces, the repository's top level and `out/`. */
function watched(): Map<string, string> {
  const all = new Map<string, string>();
  for (const [k, v] of snapshot(FIXTURES)) all.set(`fixtures/${k}`, v);
  for (const [k, v] of snapshot(join(ROOT, 'traces'))) all.set(`traces/${k}`, v);
  for (const name of readdirSync(ROOT)) {
    const st = statSync(join(ROOT, name));
    if (st.isFile()) all.set(name, `${st.size}/${st.mtimeMs}`);
  }
  return all;
}

/** Scalar leaves of a scenario as `--set` paths (`nodes[2].cpu.freqHz`) with their values. */
function leaves(value: unknown, path = ''): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, path === '' ? k : `${path}.${k}`));
  return path === '' ? [] : [[path, value]];
}

/** Factors a plausible mutation scales a number by: most give a valid scenario that simulates differently. */
const FACTORS = [0, 1e-3, 0.1, 0.5, 0.9, 1.1, 2, 10, 1e3, -1];

const HOSTILE = ['0', '-1', '1', '0.5', '2', '1e-308', '1e-12', '1e9', '1e12', '-1e12', '1e308', '-1e308', '9007199254740993', 'NaN', 'Infinity', '-Infinity', 'abc', '', 'true', 'null', '[]', '{}', 'e0', 't1', '__proto__'];
/** Fields every scenario has or may add, beyond its own leaves. */
const EXTRA_PATHS = ['horizonS', 'seed', 'radio.outageSnrDb', 'radio.bandwidthHz', 'radio.stepS', 'radio.carrierHz', 'radio.snrGapDb', 'radio.outagePolicy', 'radio.access'];
const HOSTILE_PATHS = ['__proto__.horizonS', 'constructor.prototype.x', 'nodes[999].cpuFlopsPerS', 'nodes.nobody.cpuFlopsPerS', 'nodes[0].__proto__', 'radio..stepS', 'tasks[-1].bits'];

async function leavesOf(file: string): Promise<[string, unknown][]> {
  const mod = (await import(file)) as { default: unknown };
  const own = leaves(mod.default);
  const known = new Set(own.map(([p]) => p));
  return [...own, ...EXTRA_PATHS.filter((p) => !known.has(p)).map((p): [string, unknown] => [p, undefined])];
}

/** A plausible change of one leaf: a number scaled, a boolean flipped, a string swapped for another of the scenario's. */
function scaled([path, value]: [string, unknown], factor: number, other: string): string {
  // Fields that multiply real TF.js work (rounds, epochs, samples) grow at most 2×: a 1000-round
  // run is slow, not wrong, and the time bound is there to catch hangs.
  if (typeof value === 'number' && /rounds|epochs|samples/i.test(path) && factor > 2) factor = 2;
  if (typeof value === 'number') return `${path}=${value * factor}`;
  if (typeof value === 'boolean') return `${path}=${!value}`;
  return `${path}=${other}`;
}

/** Asserts one case's outcome; returns a failure description or undefined. */
function judge(r: CliResult, names: string[]): string | undefined {
  if (r.ms > CASE_LIMIT_MS) return `took ${Math.round(r.ms)} ms`;
  if (r.code === 0) return undefined;
  if (r.code !== 2) return `exit ${r.code}: ${r.stderr}`;
  if (!names.some((n) => r.stderr.includes(n))) return `exit 2 without naming the input (${names.join(' or ')}): ${r.stderr}`;
  if (/Invalid (input|discriminator)|Too big|Too small|expected int|ZodError|    at /.test(r.stderr)) return `a library's words or a stack: ${r.stderr}`;
  return undefined;
}

async function fuzzSets(t: import('ava').ExecutionContext, file: string, numRuns: number, extraArgs: string[]): Promise<void> {
  const all = await leavesOf(file);
  const paths = all.map(([p]) => p);
  const numeric = all.filter(([, v]) => typeof v === 'number' || typeof v === 'boolean');
  const strings = [...new Set(all.flatMap(([, v]) => (typeof v === 'string' ? [v] : [])))];
  const work = mkdtempSync(join(tmpdir(), 'edgesim-fuzz-'));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const before = watched();
  let n = 0;
  const codes = { ok: 0, bad: 0 };
  const assignment = fc.oneof(
    { weight: 12, arbitrary: fc.tuple(fc.constantFrom(...numeric), fc.constantFrom(...FACTORS), fc.constantFrom(...strings)).map(([leaf, f, o]) => scaled(leaf, f, o)) },
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...paths), fc.constantFrom(...HOSTILE)).map(([p, v]) => `${p}=${v}`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_PATHS), fc.constantFrom(...HOSTILE)).map(([p, v]) => `${p}=${v}`) },
    { weight: 1, arbitrary: fc.constantFrom('noequals', '=5', 'horizonS==5', 'horizonS') },
  );
  await fc.assert(
    fc.asyncProperty(fc.array(assignment, { minLength: 1, maxLength: 3 }), async (sets) => {
      const out = join(work, `out${n++}`);
      const r = await cli('run', file, '--out', out, '--quiet', '--backend', 'cpu', ...extraArgs, ...sets.flatMap((s) => ['--set', s]));
      codes[r.code === 0 ? 'ok' : 'bad']++;
      const problem = judge(r, [...sets, file.slice(ROOT.length + 1)]);
      if (problem !== undefined) throw new Error(`edgesim run ${relative(ROOT, file)} ${sets.map((s) => `--set '${s}'`).join(' ')}: ${problem}`);
      // Nothing but the output folder appeared in the work folder.
      const stray = readdirSync(work).filter((name) => !/^out\d+$/.test(name));
      if (stray.length > 0) throw new Error(`files outside the output folder: ${stray.join(', ')}`);
    }),
    { numRuns: numRuns * RUNS, seed: SEED ?? 42, endOnFailure: true, includeErrorInReport: true },
  );
  t.log(`${codes.ok} runs simulated, ${codes.bad} refused as bad input`);
  // The fuzz must reach the simulation, not only the validator.
  t.true(codes.ok >= (numRuns * RUNS) / 5, `only ${codes.ok} of ${numRuns * RUNS} cases simulated`);
  t.deepEqual(watched(), before, 'no file outside the output folders changed');
}

test.serial('fuzz: --set values on a wireless scenario give exit 0 or 2 naming the input, in bounded time, touching nothing else', async (t) => {
  await fuzzSets(t, RADIO, 300, []);
  t.pass();
});

test.serial('fuzz: --set values on a training scenario give exit 0 or 2 naming the input', async (t) => {
  await fuzzSets(t, TRAINING, 40, []);
  t.pass();
});

test.serial('fuzz: --set values on an over-the-air scenario give exit 0 or 2 naming the input', async (t) => {
  await fuzzSets(t, OTA, 40, []);
  t.pass();
});

test.serial('fuzz: --set values on an asynchronous scenario give exit 0 or 2 naming the input', async (t) => {
  await fuzzSets(t, ASYNC, 40, []);
  t.pass();
});

// Mutations of real trace files: cut, lines duplicated or dropped, numbers made hostile, a BOM,
// garbage; read by `trace info`, `trace sample`, `trace convert`, and replayed by a scenario.
const TRACES = ['campus-rwp.ns2', 'campus-rwp.movements', 'hall-gm.one', 'highway.csv', 'highway-fcd.xml', 'highway-fcd.csv'];
const NUMBERS = ['1e308', '-1e308', 'NaN', 'Infinity', '-0', '1e-320', '9e15', '', '-1', 'x'];

const mutation = fc.record({
  trace: fc.constantFrom(...TRACES),
  cutAt: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  dropLine: fc.option(fc.nat(), { nil: undefined }),
  dupLine: fc.option(fc.nat(), { nil: undefined }),
  number: fc.option(fc.tuple(fc.nat(), fc.constantFrom(...NUMBERS)), { nil: undefined }),
  bom: fc.boolean(),
  garbage: fc.option(fc.constantFrom('\0\0\0', '<<<>>>', '$node_(x) set X_ 1', '"', '\r\n\r\n', 'ééé'), { nil: undefined }),
});

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function applyMutation(text: string, m: Mutation): string {
  let lines = text.split('\n');
  if (m.dropLine !== undefined && lines.length > 0) lines.splice(m.dropLine % lines.length, 1);
  if (m.dupLine !== undefined && lines.length > 0) {
    const i = m.dupLine % lines.length;
    lines.splice(i, 0, lines[i]!);
  }
  if (m.number !== undefined) {
    const [k, v] = m.number;
    let seen = 0;
    lines = lines.map((line) => line.replace(/-?\d+(\.\d+)?(e-?\d+)?/g, (num) => (seen++ === k % 50 ? v : num)));
  }
  if (m.garbage !== undefined) lines.splice(Math.floor(lines.length / 2), 0, m.garbage);
  let s = lines.join('\n');
  if (m.cutAt !== undefined) s = s.slice(0, Math.floor(s.length * m.cutAt));
  return (m.bom ? '\uFEFF' : '') + s;
}

test.serial('fuzz: mutated traces give exit 0 or 2 naming the file from trace info, sample, convert and a replaying scenario', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'edgesim-fuzz-'));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const before = watched();
  let n = 0;
  await fc.assert(
    fc.asyncProperty(mutation, async (m) => {
      const dir = join(work, `case${n++}`);
      mkdirSync(dir);
      const file = join(dir, m.trace);
      writeFileSync(file, applyMutation(readFileSync(join(ROOT, 'traces', m.trace), 'utf8'), m));
      const snapshotBefore = readFileSync(file);
      const runs: [string[], string[]][] = [
        [['trace', 'info', file], [file]],
        [['trace', 'sample', file, '--step', '5', '--to', '20'], [file]],
        [['trace', 'convert', file, join(dir, 'converted.csv'), '--to', 'csv'], [file]],
      ];
      if (m.trace.endsWith('.ns2')) {
        runs.push([['run', RADIO, '--out', join(dir, 'out'), '--quiet', '--set', `nodes.t3.mobility.trace=${file}`], [file, 'nodes[6]', 't3']]);
      }
      for (const [args, names] of runs) {
        const r = await cli(...args);
        const problem = judge(r, names);
        if (problem !== undefined) throw new Error(`edgesim ${args.join(' ')}: ${problem}\n--- mutation: ${JSON.stringify(m)}`);
      }
      // The input is untouched; only what the commands were asked to write appeared beside it.
      if (!readFileSync(file).equals(snapshotBefore)) throw new Error(`${file} was modified`);
      const extra = readdirSync(dir).filter((name) => ![m.trace, 'converted.csv', 'out'].includes(name));
      if (extra.length > 0) throw new Error(`unexpected files beside the trace: ${extra.join(', ')}`);
    }),
    { numRuns: 80 * RUNS, seed: SEED ?? 7, endOnFailure: true, includeErrorInReport: true },
  );
  t.deepEqual(watched(), before, 'no file outside the output folders changed');
});
