/**
 * Quickstart: five rounds of a hierarchical, FedAvg-shaped workload over wireless links.
 *
 * A parameter server sends the model of a 2NN (784-200-200-10, 199 210 parameters; McMahan et al.
 * 2017) to two edge centers over a wired backhaul. Six terminals — phones and a Raspberry Pi
 * walking a 600 m × 200 m campus (random waypoint), and a vehicle unit driving past both edge
 * centers — download it from the edge center serving them, train locally (3 × forward FLOPs per
 * sample), and upload their update back over a shared 20 MHz OFDMA uplink. The channel is 3GPP UMi
 * street canyon at 3.5 GHz with shadowing and Rayleigh (Jakes) fading; terminals attach to the
 * strongest edge center and hand over as they move. The edges aggregate and relay to the server,
 * which aggregates and starts the next round. Download, compute and upload times, energy per
 * node, SNRs and handovers all emerge from the events. Real training replaces the FLOP counts in a
 * later version of this scenario.
 *
 * Run it: `npm start` (or `npx edgesim run scenarios/quickstart.ts --format json,md,csv`).
 */
import { defineScenario, type NodeSpec, type LinkSpec, type TaskSpec } from 'edgesim';

const PARAMS = 199_210; // 2NN parameters (McMahan et al., AISTATS 2017)
const MODEL_BITS = PARAMS * 32; // float32 weights
const TRAIN_FLOPS_PER_SAMPLE = 3 * 2 * PARAMS; // forward (a multiply and an add per weight) + backward ≈ 3 × forward
const SAMPLES_PER_TERMINAL = 600;
const ROUNDS = 5;
const CAMPUS = { xM: [-300, 300] as [number, number], yM: [-100, 100] as [number, number] };

const walker = (startM: [number, number, number]) => ({ model: 'random-waypoint' as const, boundsM: CAMPUS, speedMps: [0.8, 1.6] as [number, number], pauseS: [0, 5] as [number, number], startM });

const terminals: NodeSpec[] = [
  { id: 'phone0', kind: 'terminal', profile: 'phone', mobility: walker([-250, 50, 1.5]) },
  { id: 'phone1', kind: 'terminal', profile: 'phone', mobility: walker([-100, -60, 1.5]) },
  { id: 'phone2', kind: 'terminal', profile: 'phone', mobility: walker([120, 80, 1.5]) },
  { id: 'phone3', kind: 'terminal', profile: 'phone', mobility: walker([260, -20, 1.5]) },
  { id: 'pi0', kind: 'terminal', profile: 'raspberry-pi-4', positionM: [0, 30, 1.5] },
  // A vehicle driving east at 15 m/s: it leaves e0's cell for e1's during the run.
  { id: 'car0', kind: 'terminal', profile: 'vehicle-unit', positionM: [-400, -20, 1.5], mobility: { model: 'constant-velocity', velocityMps: [15, 0, 0] } },
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

const tasks: TaskSpec[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const prev = r === 0 ? [] : [`r${r - 1}/aggregate@ps`];
  for (const e of ['e0', 'e1']) tasks.push({ id: `r${r}/model ps->${e}`, type: 'send', from: 'ps', to: e, bits: MODEL_BITS, after: prev });
  for (const t of terminals) {
    // A terminal whose download or upload fails sits the round out (its tasks fail; the round goes on).
    tasks.push({ id: `r${r}/download ${t.id}`, type: 'send', from: '@serving', to: t.id, bits: MODEL_BITS, after: [`r${r}/model ps->e0`, `r${r}/model ps->e1`] });
    tasks.push({ id: `r${r}/train@${t.id}`, type: 'compute', node: t.id, flops: SAMPLES_PER_TERMINAL * TRAIN_FLOPS_PER_SAMPLE, after: [`r${r}/download ${t.id}`] });
    tasks.push({ id: `r${r}/upload ${t.id}`, type: 'send', from: t.id, to: '@serving', bits: MODEL_BITS, after: [`r${r}/train@${t.id}`] });
  }
  const uploads = terminals.map((t) => `r${r}/upload ${t.id}`);
  for (const e of ['e0', 'e1']) {
    // Weighted averaging of what reached this edge: a multiply-add per parameter and update.
    // Uploads cut by a handover are lost: aggregate what arrived (afterSettled), as FL servers do.
    tasks.push({ id: `r${r}/aggregate@${e}`, type: 'compute', node: e, flops: 2 * PARAMS * terminals.length, afterSettled: uploads });
    tasks.push({ id: `r${r}/relay ${e}->ps`, type: 'send', from: e, to: 'ps', bits: MODEL_BITS, after: [`r${r}/aggregate@${e}`] });
  }
  tasks.push({ id: `r${r}/aggregate@ps`, type: 'compute', node: 'ps', flops: 4 * PARAMS, after: ['e0', 'e1'].map((e) => `r${r}/relay ${e}->ps`) });
}

export default defineScenario({
  name: 'quickstart',
  description:
    'Five rounds of a hierarchical FedAvg-shaped workload (2NN model) with six mobile terminals on a 3GPP UMi campus: wireless download and upload over OFDMA with fading, handovers between two edge centers, wired relay to a parameter server. Where does the time and the energy of a round go?',
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
  tasks,
});
