/**
 * Highway, hierarchical: vehicles from a SUMO FCD trace train a model with HierFAVG through four
 * roadside edge data centers, a cloud behind them; flat sync FedAvg at the cloud for comparison.
 *
 * DRAFT — see the README section "Hierarchical training" for what ran.
 */
import { fileURLToPath } from 'node:url';
import { defineScenario, loadTrace, type LinkSpec, type NodeSpec } from 'edgesim';

const TRACE = '../traces/highway-fcd.xml'; // relative to this file, as trace paths in a scenario are
const trace = loadTrace(fileURLToPath(new URL(TRACE, import.meta.url)));
const RSUS = [125, 375, 625, 875]; // x of the four roadside units along the 1 km road (m)

const nodes: NodeSpec[] = [
  { id: 'cloud', kind: 'server', positionM: [500, -5000, 0], cpuFlopsPerS: 19.5e12 },
  ...RSUS.map((x, i): NodeSpec => ({ id: `rsu${i}`, kind: 'edge', profile: 'edge-server', positionM: [x, 20, 10] })),
];
const links: LinkSpec[] = RSUS.map((_, i) => ({ from: 'cloud', to: `rsu${i}`, rateBps: 1e9, delayS: 0.01 }));
for (const id of trace.nodes.keys()) {
  nodes.push({ id, kind: 'terminal', profile: 'vehicle-unit', mobility: { trace: TRACE, id } });
  for (let i = 0; i < RSUS.length; i++) links.push({ from: id, to: `rsu${i}`, wireless: true });
}

export default defineScenario({
  name: 'highway-hier',
  description: 'Vehicles from a SUMO FCD trace train the 2NN on MNIST with HierFAVG through four roadside edge centers (association, handovers) and a cloud; compare flat sync FedAvg with --set training.protocol.name=sync.',
  seed: 1,
  horizonS: 20,
  availability: '../traces/highway-fcd-availability.csv',
  radio: { pathLoss: { model: '3gpp-umi' }, fading: { model: 'rayleigh' }, access: 'ofdma', association: {} },
  nodes,
  links,
  training: {
    model: '2nn',
    dataset: { name: 'mnist', testFraction: 0.1 },
    partition: { name: 'iid' },
    server: 'cloud',
    clients: 'terminals',
    algorithm: 'fedavg',
    protocol: { name: 'hierarchical', tau1: 1, tau2: 2 },
    rounds: 2000, // the horizon ends the run; rounds before the first vehicle enters (5 s) find nobody
    samplesPerClient: 100,
    local: { epochs: 1, batchSize: 20, learningRate: 0.05 },
    targetAccuracy: 0.8,
  },
});
