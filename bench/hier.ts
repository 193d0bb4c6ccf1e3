/**
 * HierFAVG's trend, measured: more local and edge steps per cloud round (larger τ1·τ2) cost less
 * cloud traffic per unit of accuracy (Liu et al., ICC 2020, arXiv:1905.06641).
 *
 * Runs `scenarios/hier-fedavg.ts` (50 phones, 5 edges, MNIST, 2NN; τ1 in local epochs of 3
 * minibatches) with each (τ1, τ2) of `--pairs` until the global model first reaches `--target`
 * test accuracy (at most enough cloud rounds for 72 epochs per client), and prints one JSON line
 * per pair:
 *   {"case":"hier-trend","tau1":…,"tau2":…,"cloudRounds":…,"accuracy":…,"timeS":…,"cloudMbit":…,"cloudMbitPerPoint":…,"wallS":…}
 * cloudRounds: cloud rounds to reach the target; cloudMbit: bits of every transfer to or from the
 * cloud that ended by then (report.transfers); cloudMbitPerPoint: cloudMbit per percentage point
 * of accuracy reached; timeS: simulated time to the target. `null` fields: the target was not
 * reached.
 *
 * Usage: npm run bench:hier -- [--target 0.7 --pairs 1x1,1x4,4x4]
 */
import { validateScenario } from '../src/scenario/validate.js';
import { simulate } from '../src/report/simulate.js';
import { selectBackend } from '../src/learning/backend.js';
import type { ScenarioSpec } from '../src/scenario/types.js';

const args = process.argv.slice(2);
const argValue = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const TARGET = Number(argValue('--target') ?? 0.7);
const PAIRS = (argValue('--pairs') ?? '1x1,1x4,4x4').split(',').map((p) => p.split('x').map(Number) as [number, number]);

await selectBackend((process.env.EDGESIM_BACKEND as 'auto') ?? 'auto');
const base = (await import('../scenarios/hier-fedavg.js')).default as ScenarioSpec;

for (const [tau1, tau2] of PAIRS) {
  const spec: ScenarioSpec = {
    ...base,
    training: { ...base.training!, rounds: Math.ceil(72 / (tau1 * tau2)), targetAccuracy: TARGET, protocol: { name: 'hierarchical', tau1, tau2 } },
  };
  const t0 = performance.now();
  const { report } = simulate(validateScenario(spec));
  const wallS = (performance.now() - t0) / 1000;
  const hit = report.rounds.find((r) => (r.testAccuracy ?? 0) >= TARGET);
  const cloudBits = hit === undefined ? null : report.transfers.filter((x) => (x.from === spec.training!.server || x.to === spec.training!.server) && x.endS <= hit.endS + 1e-9).reduce((a, x) => a + x.bits, 0);
  const r3 = (x: number): number => Number(x.toFixed(3));
  console.log(
    JSON.stringify({
      case: 'hier-trend',
      tau1,
      tau2,
      cloudRounds: hit === undefined ? null : hit.round + 1,
      accuracy: hit?.testAccuracy ?? null,
      timeS: hit === undefined ? null : r3(hit.endS),
      cloudMbit: cloudBits === null ? null : r3(cloudBits / 1e6),
      cloudMbitPerPoint: cloudBits === null || hit === undefined ? null : r3(cloudBits / 1e6 / (100 * hit.testAccuracy!)),
      wallS: r3(wallS),
    }),
  );
}
