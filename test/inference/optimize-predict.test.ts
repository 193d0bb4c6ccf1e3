import test from 'ava';
import {
  md1WaitS,
  predictChoice,
  exhaustiveDeployment,
  lagrangianDeployment,
  greedyDeployment,
  optimizeDeployment,
  deploymentSolvers,
  deploymentSolverSchema,
  DeploymentTooLargeError,
  UnknownNameError,
  type DeploymentProblem,
  type DeploymentTerminal,
} from '../../src/index.js';

const close = (a: number, b: number, rel = 1e-12): boolean => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

// Reference: Kleinrock, Queueing Systems vol. 1 (1975), eq. 5.105 (P–K mean wait W = λ·E[S²]/(2(1 − ρ)));
// for deterministic service E[S²] = s², so W = ρs/(2(1 − ρ)), half of the M/M/1 wait ρ/(μ − λ).
test('M/D/1 wait equals the Pollaczek–Khinchine formula at a hand value and half the M/M/1 wait', (t) => {
  // λ = 5/s, s = 0.1 s: ρ = 0.5, W = 5 · 0.01 / (2 · 0.5) = 0.05 s; M/M/1: 0.5/(10 − 5) = 0.1 s.
  t.true(close(md1WaitS(5, 0.1), 0.05));
  t.true(close(md1WaitS(5, 0.1), 0.5 / (10 - 5) / 2));
  // λ = 2/s, s = 0.3 s: ρ = 0.6, W = 2 · 0.09 / (2 · 0.4) = 0.225 s.
  t.true(close(md1WaitS(2, 0.3), 0.225));
  t.is(md1WaitS(10, 0.1), Infinity, 'ρ = 1 is unstable');
  t.is(md1WaitS(0, 0.1), 0);
});

const terminal = (over: Partial<DeploymentTerminal> = {}): DeploymentTerminal => ({
  id: 't0',
  edge: 'e0',
  weight: 2,
  requestRatePerS: 5,
  flopsPerS: 1e9,
  energyPerFlopJ: 1e-9,
  txPowerW: 1,
  rxPowerW: 0.5,
  uplinkRateBps: 1e7,
  downlinkRateBps: 1e6,
  maxEnergyJ: Infinity,
  maxLatencyS: Infinity,
  maxShare: 1,
  ...over,
});

const handProblem = (t0: DeploymentTerminal = terminal()): DeploymentProblem => ({
  variants: [
    {
      pruningRate: 0,
      accuracy: 0.95,
      splits: [
        { terminalFlops: 0, edgeFlops: 6e9, activationBits: 4e6, resultBits: 1e4 },
        { terminalFlops: 2e8, edgeFlops: 4e9, activationBits: 1e6, resultBits: 1e4 },
        { terminalFlops: 6.2e9, edgeFlops: 0, activationBits: 0, resultBits: 1e4 },
      ],
    },
  ],
  terminals: [t0],
  edges: [{ id: 'e0', flopsPerS: 1e11 }],
  weights: { energyPerJ: 1, latencyPerS: 1, sharePerUnit: 0.1 },
  shares: [0.5, 1],
});

test('predicted latency, energy and objective of a hand-built case equal the hand-computed sums', (t) => {
  const p = predictChoice(handProblem(), terminal(), { split: 1, variant: 0, share: 0.5 });
  // terminal 2e8/1e9 = 0.2 s; uplink 1e6/1e7 = 0.1 s; edge s = 4e9/(0.5 · 1e11) = 0.08 s;
  // ρ = 5 · 0.08 = 0.4, W = 0.4 · 0.08/(2 · 0.6) = 0.02666… s; downlink 1e4/1e6 = 0.01 s.
  t.true(close(p.terminalComputeS, 0.2));
  t.true(close(p.uplinkS, 0.1));
  t.true(close(p.edgeServiceS, 0.08));
  t.true(close(p.utilisation, 0.4));
  t.true(close(p.edgeWaitS, 0.032 / 1.2));
  t.true(close(p.downlinkS, 0.01));
  t.true(close(p.latencyS, 0.2 + 0.1 + 0.08 + 0.032 / 1.2 + 0.01));
  // energy: 2e8 · 1e-9 = 0.2 J + 1 W · 0.1 s + 0.5 W · 0.01 s = 0.305 J
  t.true(close(p.energyJ, 0.305));
  // objective: φ = 2 × (0.305 + latency + 0.1 · 0.5)
  t.true(close(p.objective, 2 * (0.305 + p.latencyS + 0.05)));
  t.deepEqual(p.violated, []);
});

test('k = n runs locally: no share, no transfer, no queue; k = 0 uploads the raw input', (t) => {
  const local = predictChoice(handProblem(), terminal(), { split: 2, variant: 0, share: 0 });
  t.true(close(local.latencyS, 6.2));
  t.true(close(local.energyJ, 6.2));
  t.is(local.uplinkS + local.downlinkS + local.edgeServiceS + local.edgeWaitS, 0);
  const edge = predictChoice(handProblem(), terminal(), { split: 0, variant: 0, share: 1 });
  t.true(close(edge.uplinkS, 0.4));
  t.true(close(edge.edgeServiceS, 0.06));
  t.is(edge.terminalComputeS, 0);
});

test('an unstable share (ρ ≥ 1) is infeasible and reported as stability', (t) => {
  // s = 4e9/(0.5 · 1e11) = 0.08 s; λ = 12.5/s gives ρ = 1.
  const p = predictChoice(handProblem(), terminal({ requestRatePerS: 12.5 }), { split: 1, variant: 0, share: 0.5 });
  t.is(p.latencyS, Infinity);
  t.deepEqual(p.violated, ['stability']);
});

test('the solvers pick the hand optimum and report the binding share bound', (t) => {
  // Objective terms by hand (λ = 5, φ = 2, α = (1, 1, 0.1)):
  // k=0,b=1: latency 0.4 + 0.06 + 0.3·0.06/1.4 + 0.01 ≈ 0.4829 s, e = 0.405 J → 1.976;
  // k=0,b=0.5: 0.4 + 0.12 + 0.6·0.12/0.8 + 0.01 = 0.62 s → 2.15;
  // k=1,b=1: 0.2 + 0.1 + 0.04 + 0.2·0.04/1.6 + 0.01 = 0.355 s, e = 0.305 J → 1.52 (the optimum);
  // k=1,b=0.5: 0.4167 s → 1.543; k=2 (local): 6.2 s, 6.2 J → 24.8.
  const free = exhaustiveDeployment(handProblem());
  t.true(free.feasible);
  t.deepEqual([free.terminals[0]!.split, free.terminals[0]!.share], [1, 1]);
  t.true(close(free.terminals[0]!.prediction.latencyS, 0.355));
  t.deepEqual(free.terminals[0]!.binding, []);
  // Share capped at 0.5: k=1,b=0.5 (0.4167 s) beats k=0,b=0.5; the share bound binds.
  const capped = exhaustiveDeployment(handProblem(terminal({ maxShare: 0.5 })));
  t.deepEqual([capped.terminals[0]!.split, capped.terminals[0]!.share], [1, 0.5]);
  t.deepEqual(capped.terminals[0]!.binding, ['share']);
  for (const solve of [lagrangianDeployment, greedyDeployment]) t.is(solve(handProblem(terminal({ maxShare: 0.5 }))).objective, capped.objective);
});

test('infeasibility is explained per terminal: the constraint no option meets, or the over-full edge', (t) => {
  const tooFast = exhaustiveDeployment(handProblem(terminal({ maxLatencyS: 0.1 })));
  t.false(tooFast.feasible);
  t.deepEqual(tooFast.infeasible.map((i) => [i.id, i.unmet]), [['t0', ['latency']]]);
  t.regex(tooFast.infeasible[0]!.reason, /latency ≤ 0\.1 s \(least 0\.355 s\)/);
  const accuracy = lagrangianDeployment(handProblem(terminal({ minAccuracy: 0.99 })));
  t.deepEqual(accuracy.infeasible[0]!.unmet, ['accuracy']);
  // Jointly infeasible: latency ≤ 0.4 s needs the edge (b = 1), share ≤ 0.5 forbids it.
  const joint = greedyDeployment(handProblem(terminal({ maxLatencyS: 0.4, maxShare: 0.5 })));
  t.deepEqual(joint.infeasible[0]!.unmet, []);
  t.regex(joint.infeasible[0]!.reason, /none meets all together/);
  // Two terminals that each need the whole edge (latency ≤ 0.4 s only with b = 1).
  const p = handProblem(terminal({ maxLatencyS: 0.4 }));
  p.terminals.push(terminal({ id: 't1', maxLatencyS: 0.4 }));
  const full = exhaustiveDeployment(p);
  t.false(full.feasible);
  t.deepEqual(full.infeasible.map((i) => [i.id, i.unmet]), [['t0', ['edge-capacity']], ['t1', ['edge-capacity']]]);
  t.regex(full.infeasible[0]!.reason, /edge e0 is over capacity, Σ .* is 2 > 1/);
  t.false(lagrangianDeployment(p).feasible);
});

test('two terminals share one edge: the edge-capacity constraint binds and Σb ≤ 1', (t) => {
  const p = handProblem();
  p.terminals.push(terminal({ id: 't1' }));
  for (const solve of [exhaustiveDeployment, lagrangianDeployment, greedyDeployment]) {
    const plan = solve(p);
    t.true(plan.feasible);
    t.true(plan.edgeShares[0]!.share <= 1);
    t.true(plan.terminals.some((x) => x.binding.includes('edge-capacity')));
  }
});

test('registry: three solvers, schema-validated specs, defaults, clear errors', (t) => {
  t.deepEqual(deploymentSolvers.names(), ['exhaustive', 'lagrangian', 'greedy']);
  t.true(deploymentSolverSchema.safeParse({ solver: 'lagrangian', bisectionSteps: 30 }).success);
  t.false(deploymentSolverSchema.safeParse({ solver: 'lagrangian', typo: 1 }).success);
  t.false(deploymentSolverSchema.safeParse({ solver: 'annealing' }).success);
  t.throws(() => optimizeDeployment(handProblem(), { solver: 'annealing' } as never), { instanceOf: UnknownNameError });
  t.is(optimizeDeployment(handProblem()).solver, 'lagrangian');
  const e = t.throws(() => optimizeDeployment(handProblem(), { solver: 'exhaustive', maxCombinations: 2 }), { instanceOf: DeploymentTooLargeError });
  t.regex(e.message, /exceed maxCombinations = 2/);
  t.throws(() => exhaustiveDeployment({ ...handProblem(), shares: [0] }), { instanceOf: RangeError, message: /share 0 not in \(0, 1\]/ });
});
