/**
 * Over-the-air power control (docs/ota-power.md) against independent references: the MSE-optimal
 * threshold policy of Cao, Zhu, Xu, Huang (IEEE TWC 2020) against a brute-force search over η;
 * truncated channel inversion of Zhu, Wang, Huang (IEEE TWC 2020) against its Rayleigh closed forms
 * (non-truncation probability e^(−g_th), average power ρ0·E1(g_th)); channel inversion's exact
 * alignment; full power's unbiasedness condition; every policy's bounds as a property.
 */
import test from 'ava';
import fc from 'fast-check';
import { RandomStream } from '../../src/engine/random.js';
import { UnknownNameError } from '../../src/engine/registry.js';
import type { PowerControlInput, PowerControlDecision } from '../../src/training/ota/power/policy.js';
import { decisionMse } from '../../src/training/ota/power/mse.js';
import { thresholdDecision } from '../../src/training/ota/power/threshold.js';
import { channelInversionDecision, channelInversionPolicy } from '../../src/training/ota/power/channelInversion.js';
import { fullPowerDecision } from '../../src/training/ota/power/fullPower.js';
import { truncatedInversionPolicy } from '../../src/training/ota/power/truncatedInversion.js';
import { powerPolicies, powerSpecSchema, resolvePower, powerPolicy, type PowerControlSpec } from '../../src/training/ota/power/index.js';

function slot(gains: number[], maxPowerW: number[], noiseW: number, extra: Partial<PowerControlInput> = {}): PowerControlInput {
  const n = gains.length;
  return {
    round: 0,
    rounds: 1,
    gains,
    meanGains: gains.slice(),
    maxPowerW,
    averagePowerW: new Array<number | null>(n).fill(null),
    usedPowerW: new Array<number>(n).fill(0),
    roundsSoFar: new Array<number>(n).fill(0),
    noiseW,
    entries: 1,
    ...extra,
  };
}

/** The MSE per entry with K = L, written out here from the model: (1/L²)[Σ (√(p|h|²/η) − 1)² + N0/η]. */
function referenceMse(gains: number[], powerW: number[], eta: number, noiseW: number): number {
  const n = gains.length;
  let s = noiseW / eta;
  for (let l = 0; l < n; l++) s += (Math.sqrt((powerW[l]! * gains[l]!) / eta) - 1) ** 2;
  return s / (n * n);
}

/**
 * Brute force: the least MSE over η on a log grid, refined around the best point. For a fixed η the
 * MSE is a sum of terms (√p_k|h_k|/√η − 1)², each depending on its own p_k only, and each term falls
 * as p_k grows until √p_k|h_k| = √η (where it is 0), then rises; so under p_k ≤ P_k the best p_k is
 * η/|h_k|² if that is ≤ P_k, else P_k: p_k = min(P_k, η/|h_k|²).
 */
function bruteForceMse(gains: number[], maxPowerW: number[], noiseW: number): number {
  const at = (eta: number): number => referenceMse(gains, gains.map((g, k) => Math.min(maxPowerW[k]!, eta / g)), eta, noiseW);
  const q = gains.map((g, k) => g * maxPowerW[k]!);
  const lo = Math.log(Math.min(...q) * 1e-3);
  const hi = Math.log((q.reduce((a, b) => a + b, 0) + noiseW) * 1e3);
  const steps = 4000;
  let best = Infinity;
  let bestX = lo;
  for (let i = 0; i <= steps; i++) {
    const x = lo + ((hi - lo) * i) / steps;
    const m = at(Math.exp(x));
    if (m < best) [best, bestX] = [m, x];
  }
  const h = (hi - lo) / steps;
  for (let i = -2000; i <= 2000; i++) {
    const m = at(Math.exp(bestX + (h * i) / 1000));
    if (m < best) best = m;
  }
  return best;
}

test('decisionMse by hand: gains 1, 4; powers 1, 1; η = 1; K = 2; N0 = 0.5 → (½ − ½)² + (1 − ½)² + 0.5/4 = 0.375; K = 0 → 1/L', (t) => {
  const input = slot([1, 4], [1, 1], 0.5);
  t.true(Math.abs(decisionMse(input, { powerW: [1, 1], eta: 1, denominator: 2 }) - 0.375) < 1e-15);
  t.is(decisionMse(input, { powerW: [0, 0], eta: 1, denominator: 0 }), 0.5);
});

test('threshold policy equals a brute-force search for the MSE minimum (K = 2..5, random gains, powers, noise)', (t) => {
  const rng = new RandomStream('ota-power-threshold', 'test/0/ota-power-threshold');
  let checked = 0;
  for (let devices = 2; devices <= 5; devices++) {
    for (let trial = 0; trial < 40; trial++) {
      const gains = Array.from({ length: devices }, () => Math.exp(rng.uniform(Math.log(1e-3), Math.log(1))));
      const maxPowerW = Array.from({ length: devices }, () => rng.uniform(0.1, 2));
      const totalW = gains.reduce((s, g, k) => s + g * maxPowerW[k]!, 0);
      const noiseW = trial % 5 === 0 ? 0 : totalW * Math.exp(rng.uniform(Math.log(1e-4), Math.log(1)));
      const d = thresholdDecision(slot(gains, maxPowerW, noiseW));
      const ours = referenceMse(gains, d.powerW, d.eta, noiseW);
      const brute = bruteForceMse(gains, maxPowerW, noiseW);
      t.true(ours <= brute * (1 + 1e-9) + 1e-20, `policy MSE ${ours} worse than brute force ${brute}`);
      t.true(Math.abs(ours - brute) <= 1e-3 * brute + 1e-20, `K=${devices}: ${ours} vs ${brute}`);
      t.true(Math.abs(decisionMse(slot(gains, maxPowerW, noiseW), d) - ours) <= 1e-12 * ours + 1e-30);
      d.powerW.forEach((p, k) => t.true(p <= maxPowerW[k]!));
      checked++;
    }
  }
  t.is(checked, 160);
});

test('threshold policy on a hand case: one device → full power and η = ((N0 + P|h|²)/(√P|h|))²', (t) => {
  const d = thresholdDecision(slot([0.25], [4], 1));
  t.is(d.powerW[0], 4);
  t.true(Math.abs(d.eta - 4) < 1e-12); // ((1 + 1)/1)²
});

test('truncated inversion under Rayleigh: transmit fraction ≈ e^(−g_th), average power ≈ P0 = ρ0·E1(g_th)/β', (t) => {
  for (const gth of [0.1, 0.5, 1]) {
    const rng = new RandomStream('ota-power-rayleigh', `test/0/ota-power-rayleigh/${gth}`);
    const policy = truncatedInversionPolicy({ gainThreshold: gth, denominator: 'transmitting', averagePowerW: null });
    const n = 4;
    const beta = 1e-9;
    const p0W = 0.1;
    const rounds = 25_000;
    let sent = 0;
    let energyW = 0;
    for (let r = 0; r < rounds; r++) {
      const gains = Array.from({ length: n }, () => beta * rng.exponential(1));
      const d = policy(slot(gains, new Array(n).fill(100), 1e-13, { meanGains: new Array(n).fill(beta), averagePowerW: new Array(n).fill(p0W) }));
      for (const p of d.powerW) {
        if (p > 0) sent++;
        energyW += p;
        t.true(p <= 100);
      }
    }
    const fraction = sent / (rounds * n);
    const averageW = energyW / (rounds * n);
    t.true(Math.abs(fraction - Math.exp(-gth)) < 0.02, `g_th ${gth}: fraction ${fraction} vs ${Math.exp(-gth)}`);
    t.true(Math.abs(averageW / p0W - 1) < 0.02, `g_th ${gth}: average ${averageW} W vs ${p0W} W`);
  }
});

test('channel inversion: every received amplitude √p|h| is √η (1e-12), no power above its maximum', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.double({ min: 1e-12, max: 1, noNaN: true }), fc.double({ min: 1e-3, max: 10, noNaN: true })), { minLength: 1, maxLength: 8 }), (devices) => {
      const d = channelInversionDecision(slot(devices.map((x) => x[0]), devices.map((x) => x[1]), 1e-12));
      return devices.every(([g, maxW], l) => d.powerW[l]! <= maxW && Math.abs(Math.sqrt(d.powerW[l]! * g) / Math.sqrt(d.eta) - 1) < 1e-12) && d.denominator === devices.length;
    }),
  );
  t.pass();
});

test('full power, one device, no noise: unbiased iff η = P|h|²; both η rules give exactly that, noise shrinks (η > P|h|²)', (t) => {
  const input = slot([0.3], [2], 0);
  for (const rule of ['mmse', 'weakest'] as const) {
    const d = fullPowerDecision(input, rule);
    t.is(d.powerW[0], 2);
    t.true(Math.abs(d.eta - 0.6) < 1e-15);
    t.true(decisionMse(input, d) < 1e-30); // weight √(P|h|²)/√η = 1: ĝ = x exactly
  }
  const noisy = fullPowerDecision(slot([0.3], [2], 0.1), 'mmse');
  t.true(Math.abs(noisy.eta - 0.7 ** 2 / 0.6) < 1e-12); // ((0.1 + 0.6)/√0.6)²
  t.true(noisy.eta > 0.6);
});

test('average-power tracking: the running average of channel inversion never exceeds the budget', (t) => {
  const rng = new RandomStream('ota-power-budget', 'test/0/ota-power-budget');
  const policy = channelInversionPolicy(true, 0.05);
  const n = 3;
  const used = new Array<number>(n).fill(0);
  for (let r = 0; r < 300; r++) {
    const gains = Array.from({ length: n }, () => 1e-9 * rng.exponential(1));
    const d = policy(slot(gains, new Array(n).fill(1), 1e-13, { meanGains: new Array(n).fill(1e-9), usedPowerW: used.slice(), roundsSoFar: new Array(n).fill(r) }));
    d.powerW.forEach((p, l) => (used[l] = used[l]! + p));
    for (const u of used) t.true(u / (r + 1) <= 0.05 * (1 + 1e-12));
  }
  t.true(used.some((u) => u / 300 > 0.04)); // the budget is actually used, not just respected by sending nothing
});

const inputArb = fc
  .integer({ min: 1, max: 6 })
  .chain((n) =>
    fc.record({
      gains: fc.array(fc.double({ min: 1e-13, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
      fading: fc.array(fc.double({ min: 1e-3, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
      maxPowerW: fc.array(fc.double({ min: 1e-3, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
      averagePowerW: fc.array(fc.option(fc.oneof(fc.constant(0), fc.double({ min: 1e-9, max: 5, noNaN: true }))), { minLength: n, maxLength: n }), // no subnormal budgets: their MSE overflows
      usedPowerW: fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: n, maxLength: n }),
      roundsSoFar: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: n, maxLength: n }),
      noiseW: fc.oneof(fc.constant(0), fc.double({ min: 1e-15, max: 1, noNaN: true })),
    }),
  )
  .map((r): PowerControlInput => ({ ...slot(r.gains, r.maxPowerW, r.noiseW), meanGains: r.gains.map((g, l) => g / r.fading[l]!), averagePowerW: r.averagePowerW, usedPowerW: r.usedPowerW, roundsSoFar: r.roundsSoFar }));

const specs: PowerControlSpec[] = [
  { policy: 'full-power' },
  { policy: 'full-power', eta: 'weakest' },
  { policy: 'channel-inversion' },
  { policy: 'channel-inversion', trackAveragePower: false },
  { policy: 'truncated-inversion' },
  { policy: 'truncated-inversion', gainThreshold: 1, denominator: 'expected', averagePowerW: 0.2 },
  { policy: 'threshold' },
  { policy: 'threshold', averagePowerW: 0.5 },
];

test('every policy: powers within [0, max], η > 0, K ≥ 0, all finite, MSE finite', (t) => {
  const finite = (d: PowerControlDecision): boolean => Number.isFinite(d.eta) && d.eta > 0 && Number.isFinite(d.denominator) && d.denominator >= 0;
  for (const spec of specs) {
    const policy = powerPolicy(spec);
    fc.assert(
      fc.property(inputArb, (input) => {
        const d = policy(input);
        return d.powerW.length === input.gains.length && d.powerW.every((p, l) => p >= 0 && p <= input.maxPowerW[l]! && Number.isFinite(p)) && finite(d) && Number.isFinite(decisionMse(input, d));
      }),
      { numRuns: 300 },
    );
    t.pass(spec.policy);
  }
});

test('registry, schema and defaults', (t) => {
  t.deepEqual(powerPolicies.names(), ['full-power', 'channel-inversion', 'truncated-inversion', 'threshold', 'bound-optimal']);
  t.true(powerSpecSchema.safeParse({ policy: 'bound-optimal', averagePowerW: 0.05 }).success);
  t.deepEqual(resolvePower({ policy: 'truncated-inversion' }), { policy: 'truncated-inversion', gainThreshold: 0.1, denominator: 'transmitting', averagePowerW: null });
  t.deepEqual(resolvePower({ policy: 'full-power' }), { policy: 'full-power', eta: 'mmse' });
  t.true(powerSpecSchema.safeParse({ policy: 'threshold', averagePowerW: 0.1 }).success);
  t.false(powerSpecSchema.safeParse({ policy: 'threshold', gainThreshold: 1 }).success); // strict: not a threshold parameter
  t.false(powerSpecSchema.safeParse({ policy: 'nope' }).success);
  t.throws(() => powerPolicies.get('nope'), { instanceOf: UnknownNameError, message: /known: full-power, channel-inversion/ });
});
