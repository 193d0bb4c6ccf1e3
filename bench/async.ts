/**
 * Asynchronous-training benchmark, two cases:
 *
 * 1. Overhead of a simulated FedBuff run over raw TF.js. Ten identical clients on a wired star
 *    train the 2NN on 200 MNIST digits each under FedBuff with K = concurrency = 10 for `--updates`
 *    updates (serverSteps = updates / 10; the model evaluated at the start and the end only). With
 *    equal clients the K trainings of a step are done together and the next ones are still
 *    downloading when the last step lands, so the run trains exactly `--updates` times. The same
 *    trainings are then done directly with `trainLocal` on the same client data (built by the
 *    simulator's own `buildTask` from the same seed), plus the same two evaluations. Prints
 *      {"case":"fedbuff-overhead","updates":…,"simWallS":…,"rawWallS":…,"overhead":…,"simCpuS":…,"rawCpuS":…,"cpuOverhead":…}
 *    overhead = (sim wall − raw wall) / raw wall; the CPU-time figures (this process's user +
 *    system time) are the same ratio, less sensitive to other load on a shared machine.
 * 2. Engine throughput of a timing-heavy asynchronous run: 1 000 clients (four CPU classes, wired
 *    links of four rates) train softmax regression on 5 digits each under FedBuff with concurrency
 *    100 and K = 10 for `--steps` server steps (10 updates a step), so routing, CPU queues and the
 *    protocol's processes dominate over TF.js. Prints
 *      {"case":"async-1000","clients":1000,"updates":…,"events":…,"wallS":…,"eventsPerS":…}
 *
 * Each case runs once untimed first (JIT, TF.js kernels), then the best of two is kept.
 *
 * Usage: npm run bench:async [-- --updates 100 --steps 300 --skip-overhead --skip-engine]
 */
import { validateScenario } from '../src/scenario/validate.js';
import { simulate } from '../src/report/simulate.js';
import { selectBackend } from '../src/learning/backend.js';
import { trainLocal } from '../src/learning/train.js';
import { models } from '../src/learning/models.js';
import { RandomStreams } from '../src/engine/random.js';
import { resolveTraining } from '../src/training/config.js';
import { buildTask } from '../src/training/task.js';
import type { Scenario, NodeSpec, LinkSpec } from '../src/scenario/types.js';

const args = process.argv.slice(2);
const argValue = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const UPDATES = Number(argValue('--updates') ?? 100);
const STEPS = Number(argValue('--steps') ?? 300);
const K = 10;
if (!(UPDATES > 0 && UPDATES % K === 0)) throw new Error(`--updates must be a positive multiple of ${K}`);

const backend = await selectBackend((process.env.EDGESIM_BACKEND as 'auto') ?? 'auto');

/** Wall and CPU (user + system) seconds of `f`. */
function timed(f: () => void): { wallS: number; cpuS: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const wallS = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { wallS, cpuS: (c.user + c.system) / 1e6 };
}

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

// --- 1. FedBuff over raw TF.js ------------------------------------------------------------------

function overheadScenario(): Scenario {
  const clients: NodeSpec[] = Array.from({ length: K }, (_, i) => ({ id: `c${i}`, kind: 'terminal', profile: 'phone' }));
  const links: LinkSpec[] = clients.map((c) => ({ from: 'ps', to: c.id, rateBps: 100e6, delayS: 0.005 }));
  const steps = UPDATES / K;
  return validateScenario({
    name: 'bench-async-overhead',
    nodes: [{ id: 'ps', kind: 'server', cpuFlopsPerS: 19.5e12 }, ...clients],
    links,
    training: {
      model: '2nn',
      dataset: { name: 'mnist' },
      server: 'ps',
      clients: 'terminals',
      samplesPerClient: 200,
      local: { epochs: 1, batchSize: 10, learningRate: 0.05 },
      protocol: { name: 'fedbuff', bufferSize: K, concurrency: K, serverSteps: steps, evalEverySteps: steps },
    },
  });
}

function simulatedFedBuff(s: Scenario): void {
  const { report } = simulate(s);
  // Guard the premise: exactly UPDATES trainings were computed (none cut off in flight at the end).
  const trainings = report.nodes.filter((n) => n.kind === 'terminal').reduce((sum, n) => sum + n.computeTasks, 0);
  if (trainings !== UPDATES) throw new Error(`expected ${UPDATES} trainings, the run computed ${trainings}`);
}

function rawTrainings(s: Scenario): void {
  const spec = s.training!;
  const cfg = resolveTraining(spec, s.nodes);
  const def = models.get(spec.model)();
  const model = def.build();
  const rng = new RandomStreams(s.seed, 0);
  const task = buildTask(cfg, def, model, rng, () => Infinity);
  task.evaluate(task.initial, 0);
  let w = task.initial;
  for (let u = 0; u < UPDATES; u++) {
    const client = task.clients[u % task.clients.length]!;
    w = trainLocal(def, model, task.local!.get(client)!, task.initial, cfg.local, rng.stream(`training/batches/${client}`)).weights;
  }
  task.evaluate(w, UPDATES);
  model.dispose();
}

if (!args.includes('--skip-overhead')) {
  const s = overheadScenario();
  // Alternate the two so that drifting load on the machine hits both alike.
  rawTrainings(s);
  simulatedFedBuff(s);
  const raw: { wallS: number; cpuS: number }[] = [];
  const sim: { wallS: number; cpuS: number }[] = [];
  for (let i = 0; i < 2; i++) {
    raw.push(timed(() => rawTrainings(s)));
    sim.push(timed(() => simulatedFedBuff(s)));
  }
  const best = (xs: { wallS: number; cpuS: number }[]) => ({ wallS: Math.min(...xs.map((x) => x.wallS)), cpuS: Math.min(...xs.map((x) => x.cpuS)) });
  const r = best(raw);
  const m = best(sim);
  console.log(
    JSON.stringify({
      case: 'fedbuff-overhead',
      backend: backend.name,
      updates: UPDATES,
      simWallS: round(m.wallS),
      rawWallS: round(r.wallS),
      overhead: round((m.wallS - r.wallS) / r.wallS),
      simCpuS: round(m.cpuS),
      rawCpuS: round(r.cpuS),
      cpuOverhead: round((m.cpuS - r.cpuS) / r.cpuS),
    }),
  );
}

// --- 2. Events/s of a 1 000-client asynchronous run ---------------------------------------------

function engineScenario(): Scenario {
  const N = 1000;
  const cpus = [4e9, 8e9, 16e9, 64e9]; // four CPU classes, so clients finish out of step
  const rates = [5e6, 10e6, 20e6, 50e6]; // four access rates
  const clients: NodeSpec[] = Array.from({ length: N }, (_, i) => ({ id: `c${i}`, kind: 'terminal', cpuFlopsPerS: cpus[i % 4]! }));
  const links: LinkSpec[] = clients.map((c, i) => ({ from: 'ps', to: c.id, rateBps: rates[Math.floor(i / 4) % 4]!, delayS: 0.001 * (1 + (i % 7)) }));
  return validateScenario({
    name: 'bench-async-1000',
    nodes: [{ id: 'ps', kind: 'server', cpuFlopsPerS: 19.5e12 }, ...clients],
    links,
    training: {
      model: 'softmax',
      dataset: { name: 'mnist' },
      server: 'ps',
      clients: 'terminals',
      samplesPerClient: 5,
      local: { epochs: 1, batchSize: 5, learningRate: 0.05 },
      protocol: { name: 'fedbuff', bufferSize: K, concurrency: 100, serverSteps: STEPS, evalEverySteps: STEPS },
    },
  });
}

if (!args.includes('--skip-engine')) {
  const s = engineScenario();
  let events = 0;
  let wallS = Infinity;
  simulate(s); // warm-up
  for (let i = 0; i < 2; i++) {
    const r = simulate(s);
    events = r.report.events.processed;
    wallS = Math.min(wallS, r.runInfo.wallS);
  }
  console.log(JSON.stringify({ case: 'async-1000', backend: backend.name, clients: 1000, updates: STEPS * K, events, wallS: round(wallS, 2), eventsPerS: Math.round(events / wallS) }));
}
