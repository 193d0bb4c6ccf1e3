import test from 'ava';
import { join } from 'node:path';
import { loadScenario } from '../../src/scenario/load.js';
import { parseOverride } from '../../src/scenario/overrides.js';
import { InputError } from '../../src/engine/errors.js';
import { edgesim } from '../cli/helpers.js';

// Issue 8: bad --set values went through as exit 1 "simulation failed", a stack, or the validation
// library's wording. Each row goes through what `edgesim run --set` does (load, override,
// validate) and must give an InputError naming the field, the limit, and the value found.
const FIXTURE = join(import.meta.dirname, 'fixtures', 'many-fields.ts');
const ZOD_WORDING = /Invalid|Too big|Too small|discriminator|expected int\b|received|expected (number|string|tuple|array|object)\b/;

/** [--set argument, field as the message names it, what the message must also say] */
const table: [string, string, string[]][] = [
  ['horizonS=1e9', 'horizonS', ['expected a time ≤ 9.0e6 s', '2^53 ns ≈ 104 days', 'got 1e9']],
  ['horizonS=-1', 'horizonS', ['expected a number > 0', 'got -1']],
  ['horizonS=1e-12', 'horizonS', ['1e-9 s', 'got 1e-12']],
  ['seed=x', 'seed', ["expected a number, got 'x'"]],
  ['seed=1.5', 'seed', ['integer', 'got 1.5']],
  ['nodes[0].cpuFlopsPerS=1e300', 'nodes[0].cpuFlopsPerS', ['at most 1e18 FLOP/s', 'got 1e300']],
  ['nodes[2].cpu.freqHz=1e308', 'nodes[2].cpu.freqHz', ['at most 1e11 Hz', 'got 1e308']],
  ['nodes[2].cpu.cores=1.5', 'nodes[2].cpu.cores', ['expected an integer', 'got 1.5']],
  ['nodes[2].cpu.kappa=1', 'nodes[2].cpu.kappa', ['at most 1e-20', 'got 1']],
  ['nodes[1].radio.txPowerDbm=1e308', 'nodes[1].radio.txPowerDbm', ['±300 dB', 'got 1e308']],
  ['nodes[0].positionM[0]=1e12', 'nodes[0].positionM[0]', ['±1e8 m', 'got 1e12']],
  ['nodes[3].mobility.waypoints[1].positionM[1]=1e12', 'nodes[3].mobility.waypoints[1].positionM[1]', ['±1e8 m', 'got 1e12']],
  ['nodes[3].mobility.waypoints[1].tS=1e10', 'nodes[3].mobility.waypoints[1].tS', ['9.0e6 s', 'got 1e10']],
  ['nodes[3].mobility.waypoints[1].tS=-1', 'nodes[3].mobility.waypoints[1].tS', ['≥ 0', 'got -1']],
  ['nodes[3].mobility.model=teleport', 'nodes[3].mobility.model', ["unknown mobility model 'teleport'"]],
  ['nodes[0].kind=satellite', 'nodes[0].kind', ["unknown node kind 'satellite'"]],
  ['links[0].rateBps=1e-300', 'links[0].rateBps', ['at least 1 bit/s', 'got 1e-300']],
  ['links[0].rateBps=1e300', 'links[0].rateBps', ['at most 1e15 bit/s', 'got 1e300']],
  ['links[0].delayS=1e12', 'links[0].delayS', ['9.0e6 s', 'got 1e12']],
  ['radio.bandwidthHz=1', 'radio.bandwidthHz', ['at least 1e3 Hz', 'got 1']],
  ['radio.bandwidthHz=0', 'radio.bandwidthHz', ['at least 1e3 Hz', 'got 0']],
  ['radio.carrierHz=1e300', 'radio.carrierHz', ['at most 1e12 Hz', 'got 1e300']],
  ['radio.pathLoss.model=foo', 'radio.pathLoss.model', ["unknown model 'foo'; known: free-space, log-distance, 3gpp-uma, 3gpp-umi"]],
  ['radio.pathLoss.exponent=1e308', 'radio.pathLoss.exponent', ['at most 10', 'got 1e308']],
  ['radio.shadowing.sigmaDb=-1', 'radio.shadowing.sigmaDb', ['expected a number ≥ 0', 'got -1']],
  ['radio.shadowing.decorrelationM=1e300', 'radio.shadowing.decorrelationM', ['at most 1e8 m', 'got 1e300']],
  ['radio.shadowing.decorrelationM=1e-300', 'radio.shadowing.decorrelationM', ['at least 1e-3 m', 'got 1e-300']],
  ['nodes[2].cpu.freqHz=0', 'nodes[2].cpu.freqHz', ['expected a number > 0', 'got 0']],
  ['tasks[0].freqHz=1e12', 'tasks[0].freqHz', ['at most 1e11 Hz', 'got 1e12']],
  ['radio.fading.model=weird', 'radio.fading.model', ["expected one of 'none', 'rayleigh', 'rician'", "got 'weird'"]],
  ['radio.outageSnrDb=1e308', 'radio.outageSnrDb', ['±300 dB', 'got 1e308']],
  ['radio.access=true', 'radio.access', ["expected one of 'ofdma', 'tdma', 'dedicated'", 'got true']],
  ['training.compression.density=2', 'training.compression.density', ['fraction in (0, 1]', 'got 2']],
  ['training.selection.fraction=0', 'training.selection.fraction', ['expected a number > 0', 'got 0']],
  ['training.dataset.testFraction=1', 'training.dataset.testFraction', ['fraction in (0, 1)', 'got 1']],
  ['training.dataset.name=cifar', 'training.dataset.name', ["unknown name 'cifar'; known: mnist, gaussian-mixture"]],
  ['training.rounds=1e20', 'training.rounds', ['expected an integer ≤ 2^53 − 1', 'got 1e20']],
  ['training.rounds=0', 'training.rounds', ['expected a number > 0', 'got 0']],
  ['training.local.momentum=1', 'training.local.momentum', ['[0, 1)', 'got 1']],
  ['training.local.learningRate=1e300', 'training.local.learningRate', ['at most 1e3', 'got 1e300']],
  ['training.clients=someone', 'training.clients', ["expected 'terminals' or a list", "got 'someone'"]],
  ['training.model=gpt', 'training.model', ["unknown model 'gpt'"]],
  ['tasks[0].flops=1e300', 'tasks[0].flops', ["on a core of 't0'", '9.0e6 s']],
  ['tasks[0].flops=-1', 'tasks[0].flops', ['expected a number ≥ 0', 'got -1']],
  ['tasks[0].type=fly', 'tasks[0].type', ["unknown type 'fly'; known: compute, send, broadcast"]],
  ['tasks[1].bits=1e30', 'tasks[1].bits', ['over the 1e9 bit/s link', '9.0e6 s']],
  ['tasks[1].notBeforeS=1e10', 'tasks[1].notBeforeS', ['9.0e6 s', 'got 1e10']],
  ['name=a b', 'name', ['expected a name of letters', "got 'a b'"]],
];

test('the fixture itself is valid', async (t) => {
  const { scenario } = await loadScenario(FIXTURE);
  t.is(scenario.nodes.length, 4);
});

for (const [set, field, says] of table) {
  test(`--set ${set}: an InputError naming ${field} in our words`, async (t) => {
    const err = await t.throwsAsync(loadScenario(FIXTURE, [parseOverride(set)]), { instanceOf: InputError });
    const first = err!.message.split('\n')[0]!;
    t.true(first.includes(`: ${field}: `), first);
    t.true(first.endsWith(`(set by --set ${set})`), first);
    for (const s of says) t.true(first.includes(s), `${first}\n  should say: ${s}`);
    t.notRegex(err!.message, ZOD_WORDING);
  });
}

test('--set through __proto__ is an InputError naming the argument, not a TypeError', async (t) => {
  const err = await t.throwsAsync(async () => loadScenario(FIXTURE, [parseOverride('__proto__.horizonS=5')]), { instanceOf: InputError });
  t.is(err!.message, "--set __proto__.horizonS=5: '__proto__' is not a scenario field (it names JavaScript's object machinery, which --set does not change)");
});

test('the CLI exits 2 for a waypoint 1e12 m away and for a horizon beyond the clock', async (t) => {
  for (const set of ['nodes[3].mobility.waypoints[1].positionM[1]=1e12', 'horizonS=1e9']) {
    const r = await edgesim('run', 'test/scenario/fixtures/many-fields.ts', '--set', set, '--quiet', '--out', join(import.meta.dirname, 'never-written'));
    t.is(r.code, 2, r.stderr);
    t.regex(r.stderr, /many-fields\.ts: nodes\[3\]\.mobility\.waypoints\[1\]\.positionM\[1\]: expected a length or coordinate within ±1e8 m|many-fields\.ts: horizonS: expected a time ≤ 9\.0e6 s/);
  }
});
