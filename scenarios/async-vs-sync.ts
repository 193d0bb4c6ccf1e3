/**
 * Async vs sync: one heterogeneous edge population trained three ways — synchronous FedAvg,
 * FedAsync and FedBuff — to see what waiting for every client costs and what staleness costs
 * instead.
 *
 * Twenty terminals, ten around each of two edge centers (3GPP UMi at 3.5 GHz with a 100 MHz NR
 * carrier shared by OFDMA, Rayleigh fading, association), reach a parameter server over a 1 Gbit/s
 * backhaul and train the 2NN (784-200-200-10) on 200 MNIST digits each (IID, E = 1, B = 10):
 * - twelve phones (the median device, 64 GFLOP/s), three of them battery-limited (`phone9`–`phone11`
 *   have 2 J left: under sync, `phone10` dies in round 7 and `phone9`, `phone11` in round 11 of 15);
 * - three vehicle units (faster) and two Raspberry Pis (8 GFLOP/s, mains);
 * - a slow tail of three phones 10× slower than the median (4 cores × 1 GHz × 1.6 FLOP/cycle);
 * - an availability trace (`traces/edge-availability.csv`) takes five clients away for 0.6–1.5 s
 *   and brings them back (`phone1` twice).
 * A training takes 239 MFLOP: 3.7 ms on a phone, 37 ms in the slow tail, against ≈ 0.1–0.2 s to
 * upload the 6.4 Mbit model through a shared cell, so here the uplink, not the slow tail, sets the
 * pace; a round of sync lasts ≈ 0.22 s.
 * All three runs use the same population, data, local training and target accuracy (85%). The
 * budgets are matched in client updates: 15 sync rounds of 20 clients ≈ 300 updates; FedBuff
 * (K = 10) 30 server steps = 300 updates; FedAsync 300 server steps = 300 updates.
 *
 * The protocol object holds only its name; the asynchronous protocols' defaults follow the training
 * budget (docs/learning.md): as many clients at once as a sync round selects (20) and training
 * that ends after as many client updates as 15 rounds aggregate (FedAsync 300 server steps,
 * FedBuff 30 steps of K = 10):
 *
 *   npx edgesim run scenarios/async-vs-sync.ts --out out/async-vs-sync/sync
 *   npx edgesim run scenarios/async-vs-sync.ts --set training.protocol.name=fedasync --out out/async-vs-sync/fedasync
 *   npx edgesim run scenarios/async-vs-sync.ts --set training.protocol.name=fedbuff --out out/async-vs-sync/fedbuff
 *
 * Compare the reports' final accuracy, time to 85%, dropouts (battery, availability) and energy.
 * Seed 1 (wasm backend): sync ends at 90.3% after 2.92 s, 85% at 1.13 s (round 4); FedAsync ends at
 * 90.15% after 2.13 s, 85% at 0.61 s (step 80; staleness mean 16, max 69); FedBuff reaches 85% at
 * 0.68 s (step 9) but its accuracy swings 74–89% from step to step and ends at 74.5%. The async
 * runs lose 6 updates (battery, availability, one uplink outage) where sync drops 53 client-rounds,
 * and the terminals spend ≈ 95 J against sync's 124 J, but the edge centers send one unicast model
 * per update instead of one broadcast per round (≈ 490 J of edge transmit against 72 J).
 */
import { defineScenario, type NodeSpec, type LinkSpec, type Vec3M } from 'edgesim';

/** Terminal k's place: even k around e0, odd k around e1, on a 90 m ring, 36° apart. */
const place = (k: number): Vec3M => {
  const a = (2 * Math.PI * Math.floor(k / 2)) / 10 + 0.3;
  return [Math.round((k % 2 === 0 ? -200 : 200) + 90 * Math.cos(a)), Math.round(90 * Math.sin(a)), 1.5];
};

/** The slow tail: 6.4 GFLOP/s in all, 1.6 a thread — a tenth of a phone. */
const slowCpu = { cores: 4, freqHz: 1e9, flopsPerCycle: 1.6 };

const terminals: NodeSpec[] = [
  ...Array.from({ length: 12 }, (_, i): NodeSpec => ({ id: `phone${i}`, kind: 'terminal', profile: 'phone', ...(i >= 9 ? { batteryJ: 2 } : {}), positionM: place(i) })),
  ...Array.from({ length: 3 }, (_, i): NodeSpec => ({ id: `car${i}`, kind: 'terminal', profile: 'vehicle-unit', positionM: place(12 + i) })),
  ...Array.from({ length: 2 }, (_, i): NodeSpec => ({ id: `pi${i}`, kind: 'terminal', profile: 'raspberry-pi-4', positionM: place(15 + i) })),
  ...Array.from({ length: 3 }, (_, i): NodeSpec => ({ id: `slow${i}`, kind: 'terminal', profile: 'phone', cpu: slowCpu, positionM: place(17 + i) })),
];

const nodes: NodeSpec[] = [
  { id: 'ps', kind: 'server', positionM: [0, 2000, 30], cpuFlopsPerS: 19.5e12 }, // A100 FP32, in the cloud
  { id: 'e0', kind: 'edge', profile: 'edge-server', positionM: [-200, 0, 10] },
  { id: 'e1', kind: 'edge', profile: 'edge-server', positionM: [200, 0, 10] },
  ...terminals,
];

const links: LinkSpec[] = [
  { from: 'ps', to: 'e0', rateBps: 1e9, delayS: 0.01 },
  { from: 'ps', to: 'e1', rateBps: 1e9, delayS: 0.01 },
  ...terminals.flatMap((t): LinkSpec[] => ['e0', 'e1'].map((e) => ({ from: t.id, to: e, wireless: true }))),
];

export default defineScenario({
  name: 'async-vs-sync',
  description:
    'The 2NN on MNIST with twenty heterogeneous terminals (phones, three battery-limited; vehicles; Raspberry Pis; a slow tail 10× slower than the median phone) over a 100 MHz 3GPP UMi edge, some clients away and back by an availability trace: sync FedAvg, FedAsync or FedBuff (training.protocol.name) to the same 85% target.',
  seed: 1,
  radio: { bandwidthHz: 100e6, pathLoss: { model: '3gpp-umi' }, fading: { model: 'rayleigh' }, access: 'ofdma', association: {} },
  availability: '../traces/edge-availability.csv',
  nodes,
  links,
  training: {
    model: '2nn',
    dataset: { name: 'mnist', testFraction: 0.2 },
    partition: { name: 'iid' },
    server: 'ps',
    clients: 'terminals',
    algorithm: 'fedavg',
    rounds: 15,
    samplesPerClient: 200,
    local: { epochs: 1, batchSize: 10, learningRate: 0.05 },
    targetAccuracy: 0.85,
    protocol: { name: 'sync' },
  },
});
