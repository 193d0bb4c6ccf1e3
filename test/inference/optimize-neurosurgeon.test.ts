import test from 'ava';
import { cnn, mlp2nn, exhaustiveDeployment, lagrangianDeployment, DeploymentTooLargeError, type DeploymentProblem, type DeploymentTerminal, type LayerProfile, type ModelDef, type ModelVariant, type ObjectiveWeights } from '../../src/index.js';

/**
 * AlexNet's layer profile (Krizhevsky et al., NIPS 2012; Neurosurgeon's running example) from its
 * layer shapes, ungrouped, with the same conventions as src/learning/models.ts: a multiply-add is
 * 2 FLOPs, a pooling output 3 FLOPs. Only `layers`, `inputShape` and `classes` are used here.
 */
function alexnet(): ModelDef {
  const conv = (name: string, hw: number, cin: number, k: number, cout: number): LayerProfile => ({ name, params: k * k * cin * cout + cout, forwardFlops: 2 * k * k * cin * cout * hw * hw, outputSize: hw * hw * cout });
  const pool = (name: string, hw: number, c: number): LayerProfile => ({ name, params: 0, forwardFlops: 3 * hw * hw * c, outputSize: hw * hw * c });
  const fc = (name: string, i: number, o: number): LayerProfile => ({ name, params: i * o + o, forwardFlops: 2 * i * o, outputSize: o });
  const layers = [conv('conv1', 55, 3, 11, 96), pool('pool1', 27, 96), conv('conv2', 27, 96, 5, 256), pool('pool2', 13, 256), conv('conv3', 13, 256, 3, 384), conv('conv4', 13, 384, 3, 384), conv('conv5', 13, 384, 3, 256), pool('pool5', 6, 256), fc('fc6', 9216, 4096), fc('fc7', 4096, 4096), fc('fc8', 4096, 1000)];
  return { ...mlp2nn(), name: 'alexnet', inputShape: [227, 227, 3], classes: 1000, layers, convolutional: true };
}

/** The split profile of a model from its layer profile: 32-bit activations, the raw input at k = 0, the class scores as result. */
function variantOf(def: ModelDef): ModelVariant {
  const n = def.layers.length;
  const bits = (values: number): number => 32 * values;
  const cum = (k: number): number => def.layers.slice(0, k).reduce((a, l) => a + l.forwardFlops, 0);
  const total = cum(n);
  return {
    pruningRate: 0,
    accuracy: 0.99,
    splits: Array.from({ length: n + 1 }, (_, k) => ({
      terminalFlops: cum(k),
      edgeFlops: total - cum(k),
      activationBits: k === n ? 0 : k === 0 ? bits(def.inputShape.reduce((a, x) => a * x, 1)) : bits(def.layers[k - 1]!.outputSize),
      resultBits: bits(def.classes),
    })),
  };
}

const terminal = (uplinkRateBps: number, flopsPerS: number): DeploymentTerminal => ({
  id: 'phone',
  edge: 'server',
  weight: 1,
  requestRatePerS: 1,
  flopsPerS,
  energyPerFlopJ: 1e-9,
  txPowerW: 1.5,
  rxPowerW: 0.8,
  uplinkRateBps,
  downlinkRateBps: 1e7,
  maxEnergyJ: Infinity,
  maxLatencyS: Infinity,
  maxShare: 1,
});

const problem = (def: ModelDef, t: DeploymentTerminal, weights: ObjectiveWeights): DeploymentProblem => ({
  variants: [variantOf(def)],
  terminals: [t],
  edges: [{ id: 'server', flopsPerS: 1e11 }],
  weights,
  shares: [0.25, 0.5, 1],
});

const LATENCY: ObjectiveWeights = { energyPerJ: 0, latencyPerS: 1, sharePerUnit: 0 };
const ENERGY: ObjectiveWeights = { energyPerJ: 1, latencyPerS: 0, sharePerUnit: 0 };
const geometric = (lo: number, hi: number, steps: number): number[] => Array.from({ length: steps + 1 }, (_, i) => lo * (hi / lo) ** (i / steps));
const splitOf = (p: DeploymentProblem): number => {
  const exact = exhaustiveDeployment(p);
  const heuristic = lagrangianDeployment(p);
  if (heuristic.terminals[0]!.split !== exact.terminals[0]!.split) throw new Error('the solvers disagree on one terminal');
  return exact.terminals[0]!.split;
};
const nonIncreasing = (xs: number[]): boolean => xs.every((x, i) => i === 0 || x <= xs[i - 1]!);
const nonDecreasing = (xs: number[]): boolean => xs.every((x, i) => i === 0 || x >= xs[i - 1]!);

// Reference: Kang et al., "Neurosurgeon", ASPLOS 2017, §4–5: with more wireless bandwidth the best
// partition moves toward the cloud (at high bandwidth everything is offloaded, at low bandwidth
// everything runs on the mobile), and with a faster mobile it moves toward the mobile; for energy
// the same bandwidth trend holds (the radio energy per bit falls with the rate).
for (const def of [mlp2nn(), cnn(), alexnet()]) {
  const n = def.layers.length;
  test(`${def.name}: as the uplink grows the latency-optimal split moves toward the edge, from k = n to k = 0`, (t) => {
    const ks = geometric(1e3, 1e10, 40).map((r) => splitOf(problem(def, terminal(r, 1e9), LATENCY)));
    t.log(`k by uplink rate: ${ks.join(' ')}`);
    t.true(nonIncreasing(ks));
    t.is(ks[0], n);
    t.is(ks[ks.length - 1], 0);
    // AlexNet's early pooling shrinks the activation below the raw image: cutting there wins in between
    if (def.name === 'alexnet') t.true(ks.some((k) => k > 0 && k < n), 'an intermediate split is optimal at some rate');
  });

  test(`${def.name}: as the uplink grows the energy-optimal split moves toward the edge`, (t) => {
    const ks = geometric(1e3, 1e10, 40).map((r) => splitOf(problem(def, terminal(r, 1e9), ENERGY)));
    t.log(`k by uplink rate: ${ks.join(' ')}`);
    t.true(nonIncreasing(ks));
    t.is(ks[0], n);
    t.is(ks[ks.length - 1], 0);
  });

  test(`${def.name}: as the terminal gets faster the latency-optimal split moves toward the terminal, from k = 0 to k = n`, (t) => {
    const ks = geometric(1e6, 1e13, 40).map((f) => splitOf(problem(def, terminal(1e7, f), LATENCY)));
    t.log(`k by terminal FLOP/s: ${ks.join(' ')}`);
    t.true(nonDecreasing(ks));
    t.is(ks[0], 0);
    t.is(ks[ks.length - 1], n);
  });
}

test('a large instance: exhaustive refuses, lagrangian answers feasibly', (t) => {
  const base = problem(cnn(), terminal(1e7, 1e9), { energyPerJ: 1, latencyPerS: 10, sharePerUnit: 0.01 });
  const terminals = Array.from({ length: 200 }, (_, l) => ({ ...terminal(1e6 * (1 + (l % 17)), 1e8 * (1 + (l % 7))), id: `t${l}`, edge: `e${l % 10}`, requestRatePerS: 5 }));
  const p: DeploymentProblem = { ...base, terminals, edges: Array.from({ length: 10 }, (_, j) => ({ id: `e${j}`, flopsPerS: 2e9 })) };
  t.throws(() => exhaustiveDeployment(p), { instanceOf: DeploymentTooLargeError });
  const plan = lagrangianDeployment(p);
  t.true(plan.feasible);
  for (const e of plan.edgeShares) t.true(e.share <= 1 + 1e-12);
  t.true(plan.terminals.some((x) => x.binding.includes('edge-capacity')), 'the edges are contended');
});
