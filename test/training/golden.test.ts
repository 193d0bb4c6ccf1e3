import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../../src/scenario/load.js';
import { parseOverride } from '../../src/scenario/overrides.js';
import { simulate } from '../../src/report/simulate.js';
import { selectBackend } from '../../src/learning/backend.js';
import { ROOT } from '../cli/helpers.js';

// The training-protocol refactor (issue 10) moved synchronous training from one closure onto the
// protocol seam. Its reports must not change: each case's report.json was written by the code
// *before* the refactor (commit 59a946f + these fixtures) and committed under golden/. Only the
// provenance (version, file) and the resolved training section (which gained the protocol's
// fields) may differ, and each dropout gained what its attempt wasted (`flopsDone`,
// `activeEnergyJ`) and the training summary its protocol, updates and dropouts by cause, which the
// old report did not have; every other figure must be identical.

test.before(async () => {
  await selectBackend('cpu');
});

const GOLDEN_CASES: { name: string; file: string; sets: string[] }[] = [
  { name: 'sync-wireless', file: 'test/training/fixtures/golden-sync.ts', sets: [] },
  { name: 'sync-random-fedsgd', file: 'test/training/fixtures/golden-sync.ts', sets: ['training.selection.policy=random', 'training.algorithm=fedsgd', 'training.deadlineS=0.1', 'seed=5'] },
  { name: 'sync-fedsgd-fusion', file: 'scenarios/bucket-fusion.ts', sets: ['training.rounds=2', 'training.samplesPerClient=100'] },
  { name: 'sync-wired', file: 'test/training/fixtures/tiny-training.ts', sets: ['training.rounds=2'] },
];

/** A report without the fields a refactor may change. */
function comparable(report: Record<string, unknown>): Record<string, unknown> {
  // Inference serving (issue 13) added `inference: null` to reports and configurations without it;
  // report.html's activity Gantt added the `computations` and `downtimes` sections (new data, none changed).
  const { provenance: _p, configuration, inference: _i, computations: _c, downtimes: _dt, ...rest } = report as { provenance: unknown; configuration: Record<string, unknown>; rounds: unknown; training: unknown; inference: unknown; computations?: unknown; downtimes?: unknown };
  const { training: _t, inference: _ci, ...config } = configuration;
  const rounds = (rest.rounds as { dropouts: Record<string, unknown>[] }[]).map((r) => ({
    ...r,
    dropouts: r.dropouts.map(({ flopsDone: _f, activeEnergyJ: _e, ...d }) => d),
  }));
  // The training summary gained the protocol, its updates, the dropouts by cause, the optimum and
  // (issue 15) the accuracy's source.
  const { protocol: _pr, serverVersions: _sv, updates: _u, dropouts: _d, optimum: _o, accuracySource: _as, ...training } = rest.training as Record<string, unknown>;
  return { ...rest, rounds, training, configuration: config };
}

for (const c of GOLDEN_CASES) {
  test(`the sync protocol reproduces the pre-refactor report: ${c.name}`, async (t) => {
    const { scenario } = await loadScenario(join(ROOT, c.file), c.sets.map(parseOverride));
    const { report } = simulate(scenario);
    const expected = JSON.parse(readFileSync(join(ROOT, 'test/training/golden', `${c.name}.json`), 'utf8'));
    t.deepEqual(comparable(JSON.parse(JSON.stringify(report))), comparable(expected));
  });
}
