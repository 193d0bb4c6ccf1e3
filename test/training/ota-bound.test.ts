// The OTA convergence bound, its error model, the offline optimizer and the online policy
// (REFERENCES.md "Over-the-air aggregation"; docs/ota-bound.md). Every check has an independent
// reference: gradient descent simulated directly, a Monte Carlo of the superposition written inline.
import test from 'ava';
import { RandomStream } from '../../src/engine/random.js';
import { convergenceBound, roundErrorSq } from '../../src/training/ota/bound.js';
import { optimizeOta, fullPowerPlan, channelInversionPlan, bestLearningRate, evaluatePlan, type OtaProblem, type OtaPlan } from '../../src/training/ota/optimize.js';
import { boundOptimalPolicy } from '../../src/training/ota/power/boundOptimal.js';

const rng = (name: string): RandomStream => new RandomStream(name, `ota-bound/0/${name}`);
const last = (p: OtaPlan): number => p.boundPerRound[p.boundPerRound.length - 1]!;

/** Rayleigh channels with large-scale gains spread over 10 dB. */
function problem(T: number, L: number, seed: string, over: Partial<OtaProblem> = {}): OtaProblem {
  const r = rng(seed);
  const mean = Array.from({ length: L }, () => 10 ** r.uniform(-1, 0));
  const gains = Array.from({ length: T }, () => mean.map((m) => m * r.exponential(1)));
  return { gains, maxPowerW: Array<number>(L).fill(1), averagePowerW: Array<number>(L).fill(0.2), noiseW: 1e-2, entries: 100, gradientBoundSq: 1, mu: 0.1, smoothness: 1, initialGap: 10, ...over };
}

// (i) F(w) = ½ wᵀAw, A = diag(λ_i), λ_i ∈ [μ, L_s], F* = 0, with injected errors.
const eig = [0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 1];
const F = (w: readonly number[]): number => w.reduce((s, x, i) => s + 0.5 * eig[i]! * x * x, 0);

test('(i) the bound holds round by round for GD on a quadratic with zero-mean noise (mean of 400 runs and the exact expectation)', (t) => {
  const d = eig.length;
  const [mu, smoothness, T, runs] = [0.1, 1, 60, 400];
  const w0 = eig.map((_, i): number => (i % 2 ? 2 : -1.5));
  const sigmaSq = Array.from({ length: T }, (_, k) => 0.02 * (1 + Math.sin(k / 5)));
  for (const learningRate of [1, 0.5, 0.1]) {
    const bound = convergenceBound({ learningRate, mu, smoothness, initialGap: F(w0), errorsSq: sigmaSq.map((s) => d * s) });
    const tight = convergenceBound({ learningRate, mu, smoothness, initialGap: F(w0), errorsSq: sigmaSq.map((s) => d * s), unbiased: true });
    const mean = new Array<number>(T).fill(0);
    const r = rng(`gd-${learningRate}`);
    for (let run = 0; run < runs; run++) {
      const w = [...w0];
      for (let k = 0; k < T; k++) {
        for (let i = 0; i < d; i++) w[i] = w[i]! - learningRate * (eig[i]! * w[i]! + r.normal(0, Math.sqrt(sigmaSq[k]!)));
        mean[k] = mean[k]! + F(w) / runs;
      }
    }
    // exact: E w_i² evolves as (1 − ηλ_i)²·E w_i² + η²σ_t²
    const m2 = w0.map((x) => x * x);
    let [worst, worstTight, ratioT, ratioTightT] = [0, 0, 0, 0];
    for (let k = 0; k < T; k++) {
      for (let i = 0; i < d; i++) m2[i] = (1 - learningRate * eig[i]!) ** 2 * m2[i]! + learningRate ** 2 * sigmaSq[k]!;
      const exact = m2.reduce((s, x, i) => s + 0.5 * eig[i]! * x, 0);
      t.true(exact <= bound[k]!, `η ${learningRate}, round ${k + 1}: exact ${exact} > bound ${bound[k]}`);
      t.true(mean[k]! <= bound[k]!, `η ${learningRate}, round ${k + 1}: simulated ${mean[k]} > bound ${bound[k]}`);
      t.true(Math.abs(mean[k]! - exact) <= 0.1 * exact, 'the simulation agrees with the exact expectation');
      t.true(exact <= tight[k]! && tight[k]! <= bound[k]! * (1 + 1e-12), 'the unbiased form holds and is tighter');
      worst = Math.max(worst, bound[k]! / exact);
      worstTight = Math.max(worstTight, tight[k]! / exact);
      [ratioT, ratioTightT] = [bound[k]! / exact, tight[k]! / exact];
    }
    t.log(`η = ${learningRate}: bound / E gap at T = ${ratioT.toFixed(2)} (worst round ${worst.toFixed(1)}); unbiased form ${ratioTightT.toFixed(2)} (worst ${worstTight.toFixed(1)})`);
    // Noise alone (w_0 = w*, exact expectation, 2000 rounds at the mean σ²): the general form's floor
    // dσ²/(2μ) against GD's Σ_i ½λ_iη²σ²/(1 − (1 − ηλ_i)²), a factor of order 2/(ημ); the unbiased form's at most 2L_s/μ.
    const s2 = sigmaSq.reduce((a, b) => a + b, 0) / T;
    const floor = (unbiased: boolean): number => convergenceBound({ learningRate, mu, smoothness, initialGap: 0, errorsSq: new Array<number>(2000).fill(d * s2), unbiased }).at(-1)!;
    const exactFloor = eig.reduce((a, l) => a + (0.5 * l * learningRate ** 2 * s2) / (1 - (1 - learningRate * l) ** 2), 0);
    t.log(`   noise floor: bound / E gap ${(floor(false) / exactFloor).toFixed(2)} (2/(ημ) = ${(2 / (learningRate * mu)).toFixed(0)}), unbiased form ${(floor(true) / exactFloor).toFixed(2)}`);
    t.true(floor(false) / exactFloor <= 2 / (learningRate * mu) && floor(true) / exactFloor <= (2 * smoothness) / mu);
    t.true(exactFloor <= floor(true) && floor(true) <= floor(false) * (1 + 1e-12));
  }
});

test('(i) the bound also holds for a biased (deterministic) error, which is why it carries η/2', (t) => {
  const T = 80;
  const w = eig.map(() => 3);
  const e = eig.map((_, i) => (i % 3 === 0 ? 0.1 : -0.05));
  const eSq = e.reduce((s, x) => s + x * x, 0);
  const bound = convergenceBound({ learningRate: 1, mu: 0.1, smoothness: 1, initialGap: F(w), errorsSq: new Array<number>(T).fill(eSq) });
  for (let k = 0; k < T; k++) {
    for (let i = 0; i < w.length; i++) w[i] = w[i]! - (eig[i]! * w[i]! + e[i]!);
    t.true(F(w) <= bound[k]! * (1 + 1e-12), `round ${k + 1}: ${F(w)} > ${bound[k]}`);
  }
  t.log(`biased error: final gap ${F(w).toExponential(3)}, bound ${bound[T - 1]!.toExponential(3)}`);
});

test('(iii) the per-round error matches a Monte Carlo of y = Σ a_l g_l + z, and the bias bounds are ordered', (t) => {
  const r = rng('superposition');
  const [L, q, noiseW, alpha] = [5, 8, 0.3, 1.7];
  const g = Array.from({ length: L }, () => Array.from({ length: q }, () => r.normal(0, 1)));
  const amplitudes = [0.4, 1.1, 1.3, 0.9, 1.6];
  const formula = roundErrorSq({ amplitudes, alpha, noiseW, entries: q, gradients: g });
  const draws = 40000;
  let acc = 0;
  for (let n = 0; n < draws; n++) {
    let e2 = 0;
    for (let i = 0; i < q; i++) {
      let y = r.normal(0, Math.sqrt(noiseW));
      let mean = 0;
      for (let l = 0; l < L; l++) {
        y += amplitudes[l]! * g[l]![i]!;
        mean += g[l]![i]! / L;
      }
      e2 += (y / (L * Math.sqrt(alpha)) - mean) ** 2;
    }
    acc += e2 / draws;
  }
  t.log(`E‖e‖²: formula ${formula.totalSq.toFixed(5)} (bias ${formula.biasSq.toFixed(5)}), Monte Carlo ${acc.toFixed(5)}`);
  t.true(Math.abs(acc - formula.totalSq) <= 0.02 * formula.totalSq);
  const norms = g.map((v) => v.reduce((s, x) => s + x * x, 0));
  const tri = roundErrorSq({ amplitudes, alpha, noiseW, entries: q, gradientBoundSq: norms });
  const cs = roundErrorSq({ amplitudes, alpha, noiseW, entries: q, gradientBoundSq: norms, biasBound: 'cauchy-schwarz' });
  t.true(formula.biasSq <= tri.biasSq && tri.biasSq <= cs.biasSq);
  t.is(formula.noiseSq, cs.noiseSq);
});

test('(ii) the optimizer beats full power and channel inversion (each at its best step) on the bound, T = 100, L = 20', (t) => {
  for (const [seed, over] of [['a', {}], ['b', { averagePowerW: Array<number>(20).fill(0.5), noiseW: 0.1 }], ['c', { entries: 1000, averagePowerW: Array<number>(20).fill(0.1) }]] as const) {
    const P = problem(100, 20, seed, over);
    const t0 = performance.now();
    const opt = optimizeOta(P);
    const ms = performance.now() - t0;
    const fp = last(fullPowerPlan(P, bestLearningRate(1, (x) => last(fullPowerPlan(P, x)))));
    const ci = last(channelInversionPlan(P, bestLearningRate(1, (x) => last(channelInversionPlan(P, x)))));
    t.log(`${seed}: ${ms.toFixed(0)} ms, η ${opt.learningRate.toFixed(3)}; bound ${last(opt).toFixed(4)} vs full power ${fp.toFixed(4)} (${(fp / last(opt)).toFixed(2)}×), channel inversion ${ci.toFixed(4)} (${(ci / last(opt)).toFixed(2)}×)`);
    // Its speed (90–300 ms here) is a benchmark figure (docs/performance.md), not a timed test.
    t.true(last(opt) < 0.9 * fp && last(opt) < 0.9 * ci);
  }
});

test('(iv) the offline plan keeps every device within P_max and its average budget (1e-9)', (t) => {
  const P = problem(100, 20, 'budget', { averagePowerW: Array.from({ length: 20 }, (_, l) => 0.05 + 0.05 * (l % 4)) });
  const plan = optimizeOta(P);
  for (let l = 0; l < 20; l++) {
    t.true(plan.averagePowerW[l]! <= P.averagePowerW[l]! + 1e-9, `device ${l}: ${plan.averagePowerW[l]} > ${P.averagePowerW[l]}`);
    t.true(plan.powerW.every((p) => p[l]! >= 0 && p[l]! <= P.maxPowerW[l]!));
  }
  t.true(plan.averagePowerW.some((p, l) => p > 0.999 * P.averagePowerW[l]!), 'some budget binds');
});

/** Runs the online policy over the rounds of P, feeding back its spend; returns its plan at the given step. */
function runOnline(P: OtaProblem, mean: readonly number[], params: Record<string, unknown>, learningRate: number): OtaPlan {
  const L = P.maxPowerW.length;
  const policy = boundOptimalPolicy.create({ ...boundOptimalPolicy.defaults, ...params });
  const [used, n] = [new Array<number>(L).fill(0), new Array<number>(L).fill(0)];
  const alpha: number[] = [];
  const powerW: number[][] = [];
  P.gains.forEach((gains, k) => {
    const d = policy({ round: k, rounds: P.gains.length, gains, meanGains: mean, maxPowerW: P.maxPowerW, averagePowerW: P.averagePowerW, usedPowerW: used, roundsSoFar: n, noiseW: P.noiseW, entries: P.entries });
    alpha.push(d.eta);
    powerW.push(d.powerW);
    d.powerW.forEach((p, l) => {
      used[l] = used[l]! + p;
      n[l] = n[l]! + 1;
    });
  });
  return evaluatePlan(P, learningRate, alpha, powerW);
}

test('(iv) the online policy keeps the average power within 5% of the budget over 200 Rayleigh rounds', (t) => {
  const [T, L] = [200, 20];
  const r = rng('online');
  const mean = Array.from({ length: L }, () => 10 ** r.uniform(-1.5, 0));
  const gains = Array.from({ length: T }, () => mean.map((m) => m * r.exponential(1)));
  const P = problem(T, L, 'online', { gains, averagePowerW: mean.map((_, l) => (l % 2 ? 0.1 : 0.3)) });
  for (const scheduleExponent of [0, 1, 2]) {
    const plan = runOnline(P, mean, { learningRate: 1, mu: 0.05, scheduleExponent }, 1);
    t.true(plan.alpha.every((a) => a > 0 && Number.isFinite(a)) && plan.powerW.every((p) => p.every((x) => x >= 0 && x <= 1)));
    const ratios = plan.averagePowerW.map((u, l) => u / P.averagePowerW[l]!);
    t.log(`γ = ${scheduleExponent}: average power / budget: max ${Math.max(...ratios).toFixed(4)}, min ${Math.min(...ratios).toFixed(4)}`);
    t.true(Math.max(...ratios) <= 1.05);
  }
});

test('(ii) online, the policy lands between the offline optimum and the baselines on the bound', (t) => {
  for (const seed of ['on-a', 'on-b']) {
    const P = problem(100, 20, seed);
    const mean = P.gains.reduce((m, g) => m.map((x, l) => x + g[l]! / 100), new Array<number>(20).fill(0));
    const opt = optimizeOta(P);
    const online = last(runOnline(P, mean, { learningRate: opt.learningRate, mu: P.mu, gradientBound: 1 }, opt.learningRate));
    const [fp, ci] = [last(fullPowerPlan(P, opt.learningRate)), last(channelInversionPlan(P, opt.learningRate))];
    t.log(`${seed}: offline ${last(opt).toFixed(4)}, online ${online.toFixed(4)}, full power ${fp.toFixed(4)}, channel inversion ${ci.toFixed(4)}`);
    t.true(last(opt) <= online && online < fp && online < ci);
  }
});

test('(v) KKT sanity: moving η by ±5%, any α_t by ±5%, or power between rounds does not lower the bound', (t) => {
  const P = problem(60, 10, 'kkt');
  const opt = optimizeOta(P);
  const b = last(opt);
  for (const f of [0.95, 1.05]) {
    const eta = opt.learningRate * f;
    if (eta > 1 / P.smoothness) t.throws(() => optimizeOta(P, { learningRate: eta }), { instanceOf: RangeError }, 'beyond 1/L_s the bound does not hold');
    else t.true(last(optimizeOta(P, { learningRate: eta })) >= b * (1 - 1e-6), `η × ${f}`);
  }
  for (let k = 0; k < 60; k += 7) {
    for (const f of [0.95, 1.05]) {
      const alpha = opt.alpha.map((a, i) => (i === k ? a * f : a));
      t.true(last(evaluatePlan(P, opt.learningRate, alpha, opt.powerW)) >= b * (1 - 1e-9));
    }
    const powerW = opt.powerW.map((p) => [...p]);
    const move = 0.05 * powerW[k]![0]!;
    powerW[k]![0] = powerW[k]![0]! - move;
    const j = (k + 30) % 60;
    powerW[j]![0] = Math.min(P.maxPowerW[0]!, powerW[j]![0]! + move);
    t.true(last(evaluatePlan(P, opt.learningRate, opt.alpha, powerW)) >= b * (1 - 1e-9));
  }
  t.log(`optimal η ${opt.learningRate} (1/L_s = ${1 / P.smoothness}), bound ${b.toFixed(5)}`);
});

// (vi) FedSGD over the air on a federated quadratic: F(w) = (1/L)Σ_l ½(w − c_l)ᵀA(w − c_l), so
// w* = mean c_l and F* = F(w*); device gradients g_l = A(w − c_l); the superposition written inline.
test('(vi) simulated OTA FedSGD: the gap stays below the optimizer’s bound every round, and the optimized plan beats full power and channel inversion', (t) => {
  const A = [0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 1, 0.3, 0.6];
  const [d, L, T, runs] = [A.length, 10, 80, 100];
  for (const [N0, offset] of [[1e-2, 1], [1e-3, 0.5]] as const) {
    const r = rng(`fed-${N0}`);
    const c = Array.from({ length: L }, () => A.map(() => r.normal(0, 2)));
    const ws = A.map((_, i) => c.reduce((s, v) => s + v[i]!, 0) / L);
    const F = (w: readonly number[]): number => c.reduce((s, v) => s + v.reduce((a, x, i) => a + 0.5 * A[i]! * (w[i]! - x) ** 2, 0), 0) / L;
    const Fs = F(ws);
    const w0 = ws.map((x, i) => x + (i % 2 ? offset : -offset));
    const D0 = F(w0) - Fs;
    // ‖g_l‖ ≤ ‖A(w − w*)‖ + ‖A(w* − c_l)‖ ≤ √(2L_s·gap) + ζ_l; assume gap ≤ 2·D0 and check it below
    const G = c.map((v) => Math.sqrt(2 * 2 * D0) + Math.hypot(...v.map((x, i) => A[i]! * (ws[i]! - x))));
    const mean = Array.from({ length: L }, () => 10 ** r.uniform(-1.5, 0));
    const gains = Array.from({ length: T }, () => mean.map((m) => m * r.exponential(1)));
    const P: OtaProblem = { gains, maxPowerW: Array<number>(L).fill(1), averagePowerW: Array<number>(L).fill(0.2), noiseW: N0, entries: d, gradientBoundSq: G.map((g) => g * g), mu: 0.1, smoothness: 1, initialGap: D0 };
    const simulate = (plan: OtaPlan): { gap: number[]; outside: number } => {
      const gap = new Array<number>(T).fill(0);
      const noise = rng(`noise-${N0}`); // the same noise for every plan
      let outside = 0;
      for (let run = 0; run < runs; run++) {
        const w = [...w0];
        for (let k = 0; k < T; k++) {
          const a = gains[k]!.map((x, l) => Math.sqrt(x * plan.powerW[k]![l]!));
          const g = c.map((v) => v.map((x, i) => A[i]! * (w[i]! - x)));
          outside += g.filter((v, l) => Math.hypot(...v) > G[l]!).length;
          for (let i = 0; i < d; i++) {
            let y = noise.normal(0, Math.sqrt(N0)); // y = Σ_l a_l g_l + z, estimate y / (L√α)
            for (let l = 0; l < L; l++) y += a[l]! * g[l]![i]!;
            w[i] = w[i]! - (plan.learningRate * y) / (L * Math.sqrt(plan.alpha[k]!));
          }
          gap[k] = gap[k]! + (F(w) - Fs) / runs;
        }
      }
      return { gap, outside };
    };
    const opt = optimizeOta(P);
    const plans = { optimized: opt, 'full power': fullPowerPlan(P, opt.learningRate), 'channel inversion': channelInversionPlan(P, opt.learningRate) };
    const final: Record<string, number> = {};
    for (const [name, plan] of Object.entries(plans)) {
      const { gap, outside } = simulate(plan);
      t.is(outside, 0, `${name}: a gradient left the assumed bound G_l, so the bound would not apply`);
      gap.forEach((x, k) => t.true(x <= plan.boundPerRound[k]!, `${name}, round ${k + 1}: simulated gap ${x} > bound ${plan.boundPerRound[k]}`));
      final[name] = gap[T - 1]!;
      t.log(`N0 ${N0}: ${name}: simulated gap at T ${gap[T - 1]!.toExponential(3)}, bound ${last(plan).toExponential(3)}`);
    }
    t.true(final['optimized']! < final['full power']! && final['optimized']! < final['channel inversion']!);
  }
});
