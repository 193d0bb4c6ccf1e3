/**
 * Quickstart: five rounds of a hierarchical, FedAvg-shaped workload on fixed-rate links.
 *
 * A parameter server sends the model of a 2NN (784-200-200-10, 199 210 parameters; McMahan et al.
 * 2017) to two edge centers over a wired backhaul; each edge forwards it to its terminals, which
 * train locally (3 × forward FLOPs per sample) and upload their update; the edges aggregate and
 * relay to the server, which aggregates and starts the next round. Terminals differ in CPU rate
 * and link rate, so the report shows stragglers, queueing at shared CPUs and links, and where the
 * time of each round goes. Radio, mobility and real training replace these fixed links and FLOP
 * counts in later versions of this scenario.
 *
 * Run it: `npm start` (or `npx edgesim run scenarios/quickstart.ts --format json,md,csv`).
 */
import { defineScenario, type NodeSpec, type LinkSpec, type TaskSpec } from 'edgesim';

const PARAMS = 199_210; // 2NN parameters (McMahan et al., AISTATS 2017)
const MODEL_BITS = PARAMS * 32; // float32 weights
const FORWARD_FLOPS_PER_SAMPLE = 2 * PARAMS; // one multiply and one add per weight
const TRAIN_FLOPS_PER_SAMPLE = 3 * FORWARD_FLOPS_PER_SAMPLE; // forward + backward ≈ 3 × forward
const SAMPLES_PER_TERMINAL = 600;
const ROUNDS = 5;

// Terminals: a Raspberry Pi 4 class board (≈ 8 GFLOP/s, HPL), phones, and a slow IoT gateway.
const terminals = [
  { id: 't0', edge: 'e0', cpuFlopsPerS: 8e9, uplinkBps: 20e6 },
  { id: 't1', edge: 'e0', cpuFlopsPerS: 25e9, uplinkBps: 50e6 },
  { id: 't2', edge: 'e0', cpuFlopsPerS: 1e9, uplinkBps: 5e6 },
  { id: 't3', edge: 'e1', cpuFlopsPerS: 25e9, uplinkBps: 30e6 },
  { id: 't4', edge: 'e1', cpuFlopsPerS: 8e9, uplinkBps: 10e6 },
];

const nodes: NodeSpec[] = [
  { id: 'ps', kind: 'server', positionM: [0, 0, 0], cpuFlopsPerS: 19.5e12 }, // A100 FP32
  { id: 'e0', kind: 'edge', positionM: [-500, 0, 25], cpuFlopsPerS: 8.1e12 }, // T4 FP32
  { id: 'e1', kind: 'edge', positionM: [500, 0, 25], cpuFlopsPerS: 8.1e12 },
  ...terminals.map((t, i): NodeSpec => ({ id: t.id, kind: 'terminal', positionM: [-600 + 300 * i, 50, 1.5], cpuFlopsPerS: t.cpuFlopsPerS })),
];

const links: LinkSpec[] = [
  { from: 'ps', to: 'e0', rateBps: 1e9, delayS: 0.01 },
  { from: 'ps', to: 'e1', rateBps: 1e9, delayS: 0.01 },
  ...terminals.map((t): LinkSpec => ({ from: t.edge, to: t.id, rateBps: t.uplinkBps, delayS: 0.001 })),
];

const tasks: TaskSpec[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const prev = r === 0 ? [] : [`r${r - 1}/aggregate@ps`];
  for (const edge of ['e0', 'e1']) {
    const mine = terminals.filter((t) => t.edge === edge);
    tasks.push({ id: `r${r}/model ps->${edge}`, type: 'send', from: 'ps', to: edge, bits: MODEL_BITS, after: prev });
    for (const t of mine) {
      tasks.push({ id: `r${r}/model ${edge}->${t.id}`, type: 'send', from: edge, to: t.id, bits: MODEL_BITS, after: [`r${r}/model ps->${edge}`] });
      tasks.push({ id: `r${r}/train@${t.id}`, type: 'compute', node: t.id, flops: SAMPLES_PER_TERMINAL * TRAIN_FLOPS_PER_SAMPLE, after: [`r${r}/model ${edge}->${t.id}`] });
      tasks.push({ id: `r${r}/update ${t.id}->${edge}`, type: 'send', from: t.id, to: edge, bits: MODEL_BITS, after: [`r${r}/train@${t.id}`] });
    }
    // Weighted averaging: one multiply-add per parameter and update.
    tasks.push({ id: `r${r}/aggregate@${edge}`, type: 'compute', node: edge, flops: 2 * PARAMS * mine.length, after: mine.map((t) => `r${r}/update ${t.id}->${edge}`) });
    tasks.push({ id: `r${r}/update ${edge}->ps`, type: 'send', from: edge, to: 'ps', bits: MODEL_BITS, after: [`r${r}/aggregate@${edge}`] });
  }
  tasks.push({ id: `r${r}/aggregate@ps`, type: 'compute', node: 'ps', flops: 2 * PARAMS * 2, after: ['e0', 'e1'].map((e) => `r${r}/update ${e}->ps`) });
}

export default defineScenario({
  name: 'quickstart',
  description:
    'Five rounds of a hierarchical FedAvg-shaped workload (2NN model, 5 terminals, 2 edge centers, 1 parameter server) on fixed-rate links: where does the time of a round go?',
  seed: 1,
  nodes,
  links,
  tasks,
});
