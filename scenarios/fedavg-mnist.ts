/**
 * FedAvg on MNIST over a wireless edge: real training on the timeline.
 *
 * Eight phones around two edge centers (3GPP UMi, 3.5 GHz, Rayleigh fading, OFDMA, association)
 * train the 2NN (784-200-200-10; McMahan et al. 2017) with FedAvg for five rounds, 300 MNIST digits
 * each (IID). The parameter server reaches them through the edge serving each phone (wired
 * backhaul, then the wireless downlink); updates come back the same way. Every round's download,
 * compute (the phone's CPU time for the real TF.js training FLOPs), upload and aggregation time,
 * its energy and the test accuracy of the global model are in the report.
 *
 * Run it: `npx edgesim run scenarios/fedavg-mnist.ts`
 */
import { defineScenario, type NodeSpec, type LinkSpec } from 'edgesim';

const phones: NodeSpec[] = Array.from({ length: 8 }, (_, i) => ({
  id: `phone${i}`,
  kind: 'terminal',
  profile: 'phone',
  positionM: [-300 + 85 * i, i % 2 === 0 ? 40 : -40, 1.5],
}));

const nodes: NodeSpec[] = [
  { id: 'ps', kind: 'server', positionM: [0, 2000, 30], cpuFlopsPerS: 19.5e12 },
  { id: 'e0', kind: 'edge', profile: 'edge-server', positionM: [-200, 0, 10] },
  { id: 'e1', kind: 'edge', profile: 'edge-server', positionM: [200, 0, 10] },
  ...phones,
];

const links: LinkSpec[] = [
  { from: 'ps', to: 'e0', rateBps: 1e9, delayS: 0.01 },
  { from: 'ps', to: 'e1', rateBps: 1e9, delayS: 0.01 },
  ...phones.flatMap((p): LinkSpec[] => ['e0', 'e1'].map((e) => ({ from: p.id, to: e, wireless: true }))),
];

export default defineScenario({
  name: 'fedavg-mnist',
  description: 'FedAvg of the 2NN on MNIST with eight phones over a 3GPP UMi wireless edge (two edge centers, OFDMA, fading, association): accuracy against simulated time, and where the time and energy of each round go.',
  seed: 1,
  radio: { pathLoss: { model: '3gpp-umi' }, fading: { model: 'rayleigh' }, access: 'ofdma', association: {} },
  nodes,
  links,
  training: {
    model: '2nn',
    dataset: { name: 'mnist', testFraction: 0.2 },
    partition: { name: 'iid' },
    server: 'ps',
    clients: 'terminals',
    algorithm: 'fedavg',
    rounds: 5,
    samplesPerClient: 300,
    local: { epochs: 1, batchSize: 10, learningRate: 0.05 },
    targetAccuracy: 0.85,
  },
});
