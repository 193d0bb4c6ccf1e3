import test from 'ava';
import { join } from 'node:path';
import { loadScenario } from '../../src/scenario/load.js';
import { parseOverride } from '../../src/scenario/overrides.js';
import { simulate } from '../../src/report/simulate.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { selectBackend } from '../../src/learning/backend.js';
import { NoCompression, TopK, RandomK, Qsgd, Fp16, SignCompressor, indexBits, type Compressor, type CompressorSpec } from '../../src/learning/compress.js';
import { RandomStream } from '../../src/engine/random.js';
import type { Scenario } from '../../src/scenario/types.js';
import type { TrainingSpec } from '../../src/training/spec.js';
import { ROOT } from '../cli/helpers.js';

// Sync training charges the FLOPs and sends the bits first and trains when the upload lands, when
// the compressor's payload size does not depend on the values. The reference is the eager order
// (train as the model arrives, then charge, compress and send): the same run with the compressors'
// size query hidden takes it. Reports must be byte-identical — including lost attempts, whose
// clients' batch and compression streams and error-feedback residuals must still advance as in
// the eager order, or their next rounds would differ.

test.before(async () => {
  await selectBackend('cpu');
});

const classes = [NoCompression, TopK, RandomK, Qsgd, Fp16, SignCompressor] as const;

/** Runs `f` with every compressor's `fixedBits` hidden (the eager order). */
function eager<T>(f: () => T): T {
  const saved = classes.map((c) => Object.getOwnPropertyDescriptor(c.prototype, 'fixedBits'));
  // The sparsifiers inherit it from their (unexported) base class.
  const base = Object.getPrototypeOf(TopK.prototype) as object;
  const savedBase = Object.getOwnPropertyDescriptor(base, 'fixedBits')!;
  for (const c of classes) Object.defineProperty(c.prototype, 'fixedBits', { value: undefined, configurable: true, writable: true });
  Object.defineProperty(base, 'fixedBits', { value: undefined, configurable: true, writable: true });
  try {
    return f();
  } finally {
    classes.forEach((c, k) => (saved[k] === undefined ? delete (c.prototype as { fixedBits?: unknown }).fixedBits : Object.defineProperty(c.prototype, 'fixedBits', saved[k]!)));
    Object.defineProperty(base, 'fixedBits', savedBase);
  }
}

/** The golden sync scenario with overrides and this compressor. */
async function load(sets: string[], compression: CompressorSpec, protocol?: TrainingSpec['protocol']): Promise<Scenario> {
  const { scenario } = await loadScenario(join(ROOT, 'test/training/fixtures/golden-sync.ts'), sets.map(parseOverride));
  return { ...scenario, training: { ...scenario.training!, compression, ...(protocol === undefined ? {} : { protocol }) } };
}

/** A report as JSON, without its provenance (version, file, wall clock). */
function reportJson(scenario: Scenario): string {
  const { provenance: _p, ...rest } = simulate(scenario).report as unknown as Record<string, unknown>;
  return JSON.stringify(rest);
}

// The golden sync scenario: phones in two OFDMA cells, failures on one, a 85 ms deadline that cuts
// clients during compute and during upload; every client selected so the same clients return
// round after round (their streams carry over); six rounds.
const CASES: { name: string; sets: string[]; compression: CompressorSpec; protocol?: TrainingSpec['protocol'] }[] = [
  { name: 'top-k (error feedback), deadline', sets: ['training.selection.policy=all', 'training.rounds=6'], compression: { name: 'top-k', density: 0.1 } },
  { name: 'random-k (draws and residual), deadline', sets: ['training.selection.policy=all', 'training.rounds=6'], compression: { name: 'random-k', density: 0.1 } },
  { name: 'qsgd (draws), over-selection', sets: ['training.selection.policy=random', 'training.selection.fraction=0.5', 'training.rounds=6'], compression: { name: 'qsgd', levels: 4 }, protocol: { name: 'sync', overSelection: 1.5 } },
  // Asynchronous: trained when the server takes the update from its inbox (or discards it as too stale).
  { name: 'FedBuff, random-k, too-stale discards', sets: [], compression: { name: 'random-k', density: 0.1 }, protocol: { name: 'fedbuff', bufferSize: 2, concurrency: 4, serverSteps: 8, maxStaleness: 1 } },
  { name: 'FedAsync, top-k', sets: [], compression: { name: 'top-k', density: 0.1 }, protocol: { name: 'fedasync', concurrency: 3, serverSteps: 12 } },
  { name: 'fp16, fedsgd, deadline', sets: ['training.selection.policy=all', 'training.rounds=4', 'training.algorithm=fedsgd', 'training.deadlineS=0.12'], compression: { name: 'fp16' } },
];

for (const c of CASES) {
  test.serial(`training when the upload lands gives the eager order's report byte for byte: ${c.name}`, async (t) => {
    const scenario = await load(c.sets, c.compression, c.protocol);
    const ref = eager(() => reportJson(scenario));
    const deferred = reportJson(scenario);
    // Not vacuous: clients were lost after their model arrived, and later rounds had arrivals.
    const parsed = JSON.parse(ref) as { rounds: { participants: number; dropouts: { flopsDone: number }[] }[]; updates?: { client: string; outcome: string; trainLoss: number | null }[] | null };
    if (parsed.updates === undefined || parsed.updates === null) {
      const rounds = parsed.rounds;
      // A dropout that had done its FLOPs was lost during its upload (its compression must still happen).
      t.true(rounds.some((r) => r.dropouts.some((d) => d.flopsDone > 0)));
      t.true(rounds.slice(1).some((r) => r.participants > 0));
    } else {
      // Clients came back for more updates; some updates were lost or discarded.
      const ups = parsed.updates;
      t.true(new Set(ups.map((u) => u.client)).size < ups.length);
      t.true(ups.some((u) => u.outcome !== 'applied' && u.outcome !== 'buffered'), JSON.stringify(ups.map((u) => u.outcome)));
    }
    t.is(deferred, ref);
  });
}

test('every compressor states its payload size for any length, equal to what it sends (hand-computed)', (t) => {
  const n = 1000;
  const v = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * (i % 7));
  // ⌈log2 1000⌉ = 10 index bits; k = round(0.05·1000) = 50 pairs; QSGD s = 4: 1 + 3 bits an entry.
  const expected: [Compressor, number][] = [
    [new NoCompression(), 32_000],
    [new Fp16(), 16_000],
    [new TopK(0.05), 50 * 42],
    [new RandomK(0.05), 50 * 42],
    [new Qsgd(4), 32 + 4000],
    [new SignCompressor(), 32 + 1000],
  ];
  t.is(indexBits(n), 10);
  for (const [c, bits] of expected) {
    t.is(c.fixedBits?.(n), bits, c.name);
    // Twice: the error-feedback state does not change the size.
    t.is(c.compress(v, new RandomStream('t', 't')).bits, bits, c.name);
    t.is(c.compress(v, new RandomStream('t', 't')).bits, bits, c.name);
  }
});

test('an upload that lands at the deadline instant (it does not count) is still compressed, as the eager order had before sending', (t) => {
  // Six identical clients on identical wired links land together; a deadline at exactly that
  // instant drops them all after they landed. Their compressor (top-k, error feedback) must see
  // the same calls as in the eager order: count them, and compare the reports.
  const spec = (deadlineS: number | undefined): unknown => ({
    name: 'deadline-instant',
    seed: 2,
    nodes: [{ id: 'ps', kind: 'server', cpuFlopsPerS: 1e12 }, ...[0, 1, 2, 3, 4, 5].map((i) => ({ id: `c${i}`, kind: 'terminal', cpuFlopsPerS: 1e9 }))],
    links: [0, 1, 2, 3, 4, 5].map((i) => ({ from: 'ps', to: `c${i}`, rateBps: 10e6, delayS: 0.005 })),
    training: {
      model: 'softmax',
      dataset: { name: 'gaussian-mixture', samples: 600, classes: 10, dim: 784 },
      partition: { name: 'iid' },
      server: 'ps',
      clients: 'terminals',
      rounds: 2,
      samplesPerClient: 40,
      selection: { policy: 'random', fraction: 0.5 },
      compression: { name: 'top-k', density: 0.1 },
      ...(deadlineS === undefined ? {} : { deadlineS }),
    },
  });
  const free = simulate(validateScenario(spec(undefined))).report.rounds[0]!;
  const scenario = validateScenario(spec(free.endS - free.startS - free.aggregateS));
  let calls = 0;
  const compress = TopK.prototype.compress;
  TopK.prototype.compress = function (this: TopK, ...args: Parameters<TopK['compress']>) {
    calls++;
    return compress.apply(this, args);
  };
  try {
    const ref = eager(() => reportJson(scenario));
    const eagerCalls = calls;
    calls = 0;
    const deferred = reportJson(scenario);
    const rounds = (JSON.parse(ref) as { rounds: { participants: number; dropouts: { flopsDone: number }[] }[] }).rounds;
    // Not vacuous: every selected client landed (its FLOPs done) and was dropped.
    t.deepEqual(rounds.map((r) => [r.participants, r.dropouts.filter((d) => d.flopsDone > 0).length]), [[0, 3], [0, 3]]);
    t.is(eagerCalls, 6);
    t.is(calls, eagerCalls);
    t.is(deferred, ref);
  } finally {
    TopK.prototype.compress = compress;
  }
});
