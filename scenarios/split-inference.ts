/**
 * Split inference: twenty terminals — phones, Raspberry Pis and IoT sensors — at various distances
 * from two roadside edge servers send inference requests for MNIST digits; each terminal's split
 * point (layers run on the terminal before the activation is sent) is chosen per terminal by the
 * eq. 5 optimizer, and compared with running everything on the device or everything on the edge.
 *
 * The deployed model is the 2NN (784-200-200-10, McMahan et al. 2017), trained once on 5 000 MNIST
 * digits and cached under out/cache/models, with two structurally pruned variants (50% and 90% of
 * the hidden neurons removed, fine-tuned one epoch, accuracy measured); the optimizer picks split,
 * variant (at least 85% accurate) and server share per terminal. Every request carries a real test
 * digit and is right or wrong as the real (split, pruned) model classifies it. Terminals reach the edge server they attach to over
 * a 3GPP UMi link at 3.5 GHz with Rayleigh fading, the 20 MHz band shared by OFDMA; each edge
 * server (an NVIDIA T4 profile) adds 1 ms of framework overhead per computation. Requests arrive as
 * Poisson processes of 5 per second per terminal with a 50 ms deadline.
 *
 * Known limit: device profiles give peak FLOP/s, so the terminals' compute is optimistic (no
 * framework overhead on the device), which favours running on the device.
 *
 * Run it: `npx edgesim run scenarios/split-inference.ts` (per-terminal split by the optimizer)
 * All on the device: `npx edgesim run scenarios/split-inference.ts --set inference.deployment.plan=fixed --set inference.deployment.split=device`
 * All on the edge: `npx edgesim run scenarios/split-inference.ts --set inference.deployment.plan=fixed --set inference.deployment.split=edge`
 * The plan alone: `npx edgesim optimize deploy scenarios/split-inference.ts`
 */
import { defineScenario, type LinkSpec, type NodeSpec } from 'edgesim';

const EDGES = [0, 600]; // x of the two edge servers (m)
const profiles = ['phone', 'phone', 'raspberry-pi-4', 'iot-sensor'] as const;
const terminals: NodeSpec[] = Array.from({ length: 20 }, (_, i): NodeSpec => {
  // Alternate sides of each edge server, 20 to 280 m away, 10 m off the road.
  const edge = EDGES[i % 2]!;
  const distanceM = 20 + 15 * i;
  return { id: `${profiles[i % 4]!.split('-')[0]}${i}`, kind: 'terminal', profile: profiles[i % 4]!, positionM: [edge + (i % 4 < 2 ? distanceM : -distanceM), 10, 1.5] };
});
const nodes: NodeSpec[] = [...EDGES.map((x, j): NodeSpec => ({ id: `edge${j}`, kind: 'edge', profile: 'edge-server', positionM: [x, 0, 10] })), ...terminals];
const links: LinkSpec[] = terminals.flatMap((t) => EDGES.map((_, j): LinkSpec => ({ from: t.id, to: `edge${j}`, wireless: true })));

export default defineScenario({
  name: 'split-inference',
  description: 'Twenty terminals (phones, Raspberry Pis, IoT sensors) send MNIST inference requests to two edge servers; per-terminal split chosen by the eq. 5 optimizer, against all-on-device and all-on-edge.',
  seed: 1,
  horizonS: 30,
  radio: { pathLoss: { model: '3gpp-umi' }, fading: { model: 'rayleigh' }, bandwidthHz: 20e6, access: 'ofdma', association: {} },
  nodes,
  links,
  inference: {
    // The 2NN and two structurally pruned variants (half and a tenth of the neurons, fine-tuned, accuracy measured): the optimizer picks per terminal.
    model: { name: '2nn', pruning: { kind: 'structured', rates: [0.5, 0.9] } },
    overheadS: 0.001,
    workload: [{ arrivals: { name: 'poisson', ratePerS: 5 }, deadlineS: 0.05 }],
    deployment: { plan: 'optimize', optimizer: { weights: { energyPerJ: 1, latencyPerS: 1, sharePerUnit: 0.001 }, minAccuracy: 0.85 } },
  },
});
