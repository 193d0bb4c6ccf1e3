/**
 * Quickstart: federated training of a real model over a mobile wireless edge.
 *
 * Ten terminals — phones and Raspberry Pis walking a 600 m × 200 m campus (random waypoint), a
 * vehicle unit driving past both edge centers, and a slow IoT gateway — train the 2NN
 * (784-200-200-10, 199 210 parameters; McMahan et al. 2017) on MNIST with FedAvg for 20 rounds,
 * 200 digits each (IID). A parameter server reaches them through the edge center serving each one
 * (1 Gbit/s backhaul, then a 3GPP UMi wireless link at 3.5 GHz with shadowing and Rayleigh (Jakes)
 * fading, shared by OFDMA); terminals attach to the strongest edge center and hand over as they
 * move. Each round's download, compute (the terminal's CPU time for the real TF.js training
 * FLOPs), upload and aggregation time, its energy, and the test accuracy of the global model
 * emerge from the events; the report gives accuracy against simulated time and the time to 85%.
 *
 * Run it: `npm start` (or `npx edgesim run scenarios/quickstart.ts --format json,md,csv`).
 */
import { defineScenario, type NodeSpec, type LinkSpec } from 'edgesim';

const CAMPUS = { xM: [-300, 300] as [number, number], yM: [-100, 100] as [number, number] };
const walker = (startM: [number, number, number]) => ({ model: 'random-waypoint' as const, boundsM: CAMPUS, speedMps: [0.8, 1.6] as [number, number], pauseS: [0, 5] as [number, number], startM });

const terminals: NodeSpec[] = [
  ...[-250, -150, -50, 50, 150, 250].map((x, i): NodeSpec => ({ id: `phone${i}`, kind: 'terminal', profile: 'phone', mobility: walker([x, i % 2 === 0 ? 50 : -50, 1.5]) })),
  { id: 'pi0', kind: 'terminal', profile: 'raspberry-pi-4', mobility: walker([-100, 80, 1.5]) },
  { id: 'pi1', kind: 'terminal', profile: 'raspberry-pi-4', mobility: walker([100, -80, 1.5]) },
  // A vehicle driving east at 15 m/s: it leaves e0's cell for e1's during training.
  { id: 'car0', kind: 'terminal', profile: 'vehicle-unit', positionM: [-400, -20, 1.5], mobility: { model: 'constant-velocity', velocityMps: [15, 0, 0] } },
  // A slow IoT gateway: the straggler of every round.
  { id: 'gateway0', kind: 'terminal', cpu: { cores: 1, freqHz: 1e9, flopsPerCycle: 2 }, positionM: [0, 90, 1.5] },
];

const nodes: NodeSpec[] = [
  { id: 'ps', kind: 'server', positionM: [0, 2000, 30], cpuFlopsPerS: 19.5e12 }, // A100 FP32, in the cloud
  { id: 'e0', kind: 'edge', profile: 'edge-server', positionM: [-200, 0, 10] }, // UMi base stations: 10 m
  { id: 'e1', kind: 'edge', profile: 'edge-server', positionM: [200, 0, 10] },
  ...terminals,
];

const links: LinkSpec[] = [
  { from: 'ps', to: 'e0', rateBps: 1e9, delayS: 0.01 }, // wired backhaul
  { from: 'ps', to: 'e1', rateBps: 1e9, delayS: 0.01 },
  ...terminals.flatMap((t): LinkSpec[] => ['e0', 'e1'].map((e) => ({ from: t.id, to: e, wireless: true }))),
];

export default defineScenario({
  name: 'quickstart',
  description:
    'FedAvg of the 2NN on MNIST with ten mobile terminals (phones, Raspberry Pis, a vehicle, a slow gateway) over a 3GPP UMi wireless edge with two edge centers, OFDMA, fading and handovers: accuracy against simulated time, and where the time and energy of each round go.',
  seed: 1,
  radio: {
    carrierHz: 3.5e9,
    bandwidthHz: 20e6,
    pathLoss: { model: '3gpp-umi', los: 'auto' },
    fading: { model: 'rayleigh', process: 'jakes' },
    access: 'ofdma',
    association: { hysteresisDb: 3, timeToTriggerS: 0.16 },
  },
  nodes,
  links,
  training: {
    model: '2nn',
    dataset: { name: 'mnist', testFraction: 0.2 },
    partition: { name: 'iid' },
    server: 'ps',
    clients: 'terminals',
    algorithm: 'fedavg',
    rounds: 20,
    samplesPerClient: 200,
    local: { epochs: 1, batchSize: 10, learningRate: 0.05 },
    targetAccuracy: 0.85,
  },
});
