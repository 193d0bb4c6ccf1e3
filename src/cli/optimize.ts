/**
 * `edgesim optimize ota <scenario>`: the learning rate and power schedule that minimise the
 * convergence bound of over-the-air FedSGD (the seed's eq. 4) on the scenario's own channels.
 *
 * The scenario is run once as written (its `ota` protocol and power policy, with the optimality gap
 * tracked) to obtain what the offline problem needs: every round's channel power gains and noise
 * at the slot, the update statistics (the bound's gradient scale), and, from the strongly convex
 * task, μ, L_s and F(w_0) − F*. `optimizeOta` (docs/ota-bound.md) then chooses η, α_t and p_l^t
 * under each device's maximum power and the policy's average-power budget, and the command prints
 * them with the bounds of full power and channel inversion on the same channels.
 * @module
 */
import { InputError } from '../engine/errors.js';
import { parseOverride, type Override } from '../scenario/overrides.js';
import { loadScenario } from '../scenario/load.js';
import { simulate } from '../report/simulate.js';
import { selectBackendOption } from '../learning/backend.js';
import { optimizeOta, fullPowerPlan, channelInversionPlan, type OtaPlan, type OtaProblem } from '../training/ota/optimize.js';
import { dbmToW } from '../radio/units.js';
import { formatNumber as num } from '../report/format.js';

/** Options of `edgesim optimize ota`. */
export interface OptimizeOtaOptions {
  /** `path=value` assignments */
  set: string[];
  /** root seed, overriding the scenario's */
  seed?: number;
  /** print JSON */
  json?: boolean;
  /** TF.js backend */
  backend?: string;
}

/** What `optimize ota` found. */
export interface OtaOptimization {
  /** the offline problem, as read from the run */
  problem: OtaProblem;
  /** the devices, in the order of the plans' columns */
  devices: string[];
  /** the optimized plan */
  optimized: OtaPlan;
  /** full power on the same channels, at the optimized step */
  fullPower: OtaPlan;
  /** channel inversion on the same channels, at the optimized step */
  channelInversion: OtaPlan;
}

/**
 * Runs the scenario and solves the offline problem on its channels.
 * @param file - the scenario file
 * @param options - overrides, seed, backend
 * @throws InputError when the scenario is not over-the-air FedSGD of softmax regression with every client in every round
 */
export async function optimizeOtaScenario(file: string, options: OptimizeOtaOptions): Promise<OtaOptimization> {
  const overrides: Override[] = options.set.map(parseOverride);
  if (options.seed !== undefined) overrides.push({ text: `seed=${options.seed}`, path: ['seed'], value: options.seed });
  const asWritten = (await loadScenario(file, overrides)).scenario.training;
  if (asWritten === null || asWritten.protocol?.name !== 'ota') throw new InputError("optimize ota needs a scenario whose training.protocol.name is 'ota'", { file, field: 'training.protocol.name' });
  if ((asWritten.selection?.policy ?? 'all') !== 'all') throw new InputError('optimize ota plans for the same devices every round: training.selection must be all', { file, field: 'training.selection' });
  // The run tracks the optimality gap, for μ, L_s and F(w_0) − F* (validation says what the task lacks).
  const { scenario } = await loadScenario(file, [...overrides, parseOverride('training.optimalityGap=true')]);
  const t = scenario.training!;
  await selectBackendOption(options.backend);
  const { report } = simulate(scenario);
  const optimum = report.training?.optimum;
  const slots = report.otaRounds ?? [];
  if (optimum === undefined || optimum === null || slots.length === 0) throw new InputError('the run produced no over-the-air rounds to plan for', { file });
  const devices = slots[0]!.clients;
  const full = slots.filter((s) => s.clients.length === devices.length && s.clients.every((c, l) => c === devices[l]));
  if (full.length === 0) throw new InputError('no round had every client in its slot', { file });
  const q = report.training!.parameters;
  // Raw updates are σ·x + μ of the standardised x (unit variance per entry): the error in update
  // units is σ times the slot's, so the noise per entry is σ²·N0-multiples and ‖g‖² ≈ q(σ² + μ²).
  const sigmaSq = full.reduce((a, s) => a + s.std ** 2, 0) / full.length;
  const meanSq = full.reduce((a, s) => a + s.mean ** 2, 0) / full.length;
  const nodes = new Map(scenario.nodes.map((n) => [n.id, n]));
  const budget = (t.protocol as { power?: { averagePowerW?: number | null } }).power?.averagePowerW ?? null;
  const problem: OtaProblem = {
    gains: full.map((s) => s.gains),
    maxPowerW: devices.map((d) => dbmToW(nodes.get(d)!.radio.txPowerDbm)),
    averagePowerW: devices.map(() => budget ?? Infinity),
    noiseW: full.reduce((a, s) => a + s.noiseW, 0) / full.length,
    entries: q,
    noisePerEntry: sigmaSq,
    gradientBoundSq: q * (sigmaSq + meanSq),
    mu: optimum.mu,
    smoothness: optimum.smoothness,
    initialGap: optimum.initialGap,
  };
  const optimized = optimizeOta(problem);
  return { problem, devices, optimized, fullPower: fullPowerPlan(problem, optimized.learningRate), channelInversion: channelInversionPlan(problem, optimized.learningRate) };
}

/**
 * The optimization as text: η, the final bounds, each device's average power, and the first rounds
 * of the power schedule.
 * @param o - the optimization
 * @param rows - rounds of the schedule to show
 */
export function renderOtaOptimization(o: OtaOptimization, rows = 10): string {
  const last = (p: OtaPlan): number => p.boundPerRound[p.boundPerRound.length - 1]!;
  const out = [
    `learning rate η = ${num(o.optimized.learningRate)} (1/L_s = ${num(1 / o.problem.smoothness)}; μ = ${num(o.problem.mu)})`,
    `bound on F(w_T) − F* after ${o.optimized.boundPerRound.length} rounds: optimized ${num(last(o.optimized))}; full power ${num(last(o.fullPower))}; channel inversion ${num(last(o.channelInversion))}`,
    `average power (W): ${o.devices.map((d, l) => `${d} ${num(o.optimized.averagePowerW[l]!)}`).join(', ')}`,
    '',
    `power schedule p_l^t (W), first ${Math.min(rows, o.optimized.powerW.length)} rounds:`,
    ['round', 'α_t (W)', ...o.devices].join('\t'),
    ...o.optimized.powerW.slice(0, rows).map((p, t) => [String(t), num(o.optimized.alpha[t]!), ...p.map((x) => num(x))].join('\t')),
  ];
  return `${out.join('\n')}\n`;
}
