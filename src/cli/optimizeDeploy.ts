/**
 * `edgesim optimize deploy <scenario>`: the eq. 5 deployment plan of a scenario's inference
 * section — each terminal's split point and reserved share of its server, with the optimizer's
 * predicted latency and terminal energy — from the world as it is when serving starts (terminals
 * attached, expected route rates, request rates from the arrival processes). It prepares the model
 * (trained or cached) and builds the world up to 0 s; it does not simulate the requests: `edgesim
 * run` with `inference.deployment.plan: 'optimize'` does, and reports predicted against measured.
 * @module
 */
import { InputError } from '../engine/errors.js';
import { Simulator } from '../engine/simulator.js';
import { parseOverride, type Override } from '../scenario/overrides.js';
import { loadScenario } from '../scenario/load.js';
import { buildWorld } from '../scenario/world.js';
import { selectBackendOption } from '../learning/backend.js';
import { prepareScenarioInference } from '../inference/deploy.js';
import type { DeploymentPlan, DeploymentProblem } from '../inference/optimize/types.js';
import { formatNumber as num, markdownTable } from '../report/format.js';
import type { OptimizeOtaOptions } from './optimize.js';

/** What `optimize deploy` found. */
export interface DeployOptimization {
  /** the problem, as the world was at 0 s */
  problem: DeploymentProblem;
  /** the solver's plan */
  plan: DeploymentPlan;
}

/**
 * Plans a scenario's deployment.
 * @param file - the scenario file
 * @param options - overrides, seed, backend
 * @throws InputError when the scenario has no inference section
 */
export async function optimizeDeployScenario(file: string, options: OptimizeOtaOptions): Promise<DeployOptimization> {
  const overrides: Override[] = options.set.map(parseOverride);
  if (options.seed !== undefined) overrides.push({ text: `seed=${options.seed}`, path: ['seed'], value: options.seed });
  const asWritten = (await loadScenario(file, overrides)).scenario;
  if (asWritten.inference === null) throw new InputError('optimize deploy needs a scenario with an inference section', { file, field: 'inference' });
  const { scenario } = await loadScenario(file, [...overrides, parseOverride('inference.deployment.plan=optimize')]);
  await selectBackendOption(options.backend);
  await prepareScenarioInference(scenario);
  const sim = new Simulator({ seed: scenario.seed });
  const world = buildWorld(sim, scenario);
  sim.run({ untilS: 0 }); // attach the terminals and plan (serving starts at 0 s)
  const o = world.inference!.optimized!;
  return { problem: o.problem, plan: o.plan };
}

/**
 * The plan as text: per terminal its server, split, share, predicted latency and energy, and the
 * constraints that bind; why it is infeasible when it is.
 * @param o - the plan and its problem
 */
export function renderDeployOptimization(o: DeployOptimization): string {
  const { plan, problem } = o;
  const out = [`Deployment plan (${plan.solver}): ${plan.feasible ? `feasible, objective ${num(plan.objective, 6)}` : 'infeasible'}`];
  for (const i of plan.infeasible) out.push(`  ${i.id}: ${i.reason}`);
  if (plan.terminals.length > 0) {
    const n = problem.variants[0]!.splits.length - 1;
    out.push('');
    out.push(
      markdownTable(
        ['terminal', 'server', 'split', 'share', 'latency (ms)', 'energy (mJ)', 'edge load ρ', 'binding'],
        plan.terminals.map((t) => [t.id, t.split === n ? '—' : t.edge, `${t.split}/${n}`, num(t.share), num(t.prediction.latencyS * 1e3, 4), num(t.prediction.energyJ * 1e3, 4), num(t.prediction.utilisation, 3), t.binding.join(', ') || '—']),
      ),
    );
    out.push(`Edge shares: ${plan.edgeShares.map((e) => `${e.edge} ${num(e.share, 3)}`).join(', ')}. Split k runs layers 1..k on the terminal (0: all on the edge, ${n}: all on the terminal).`);
  }
  return `${out.join('\n')}\n`;
}
