/**
 * Deployment optimizer (eq. 5) against baselines under a latency budget, at two request loads.
 *
 * Twelve IoT sensors (64 MFLOP/s microcontrollers, 10 dBm radios) 30 to 140 m from one edge
 * server (an NVIDIA T4 profile, 1 ms framework overhead per computation) ask it to classify MNIST
 * digits with the 2NN under a 20 ms latency budget (the deadline), over a 3GPP UMi link at 3.5 GHz
 * with Rayleigh fading and a 10 MHz band shared by OFDMA. All on the device costs a sensor 6.2 ms
 * per digit and no radio; all on the edge sends 25 kbit and queues at the server; the optimizer
 * chooses per sensor the split and its reserved share of the server from the expected rates
 * (each sensor alone on the band) and M/D/1 queues, and the report checks its predictions against
 * the timeline (contention on the band, queueing) — the constraint violations its model missed.
 *
 * Low load (default, 2 requests/s per sensor): `npx edgesim run scenarios/deploy-optimize.ts`
 * High load: `--set inference.workload.0.arrivals.ratePerS=100`
 * Baselines: `--set inference.deployment.plan=fixed --set inference.deployment.split=device` (or `=edge`)
 * The plan alone: `npx edgesim optimize deploy scenarios/deploy-optimize.ts`
 */
import { defineScenario, type LinkSpec, type NodeSpec } from 'edgesim';

const sensors: NodeSpec[] = Array.from({ length: 12 }, (_, i): NodeSpec => {
  const angle = (2 * Math.PI * i) / 12;
  const r = 30 + 10 * i;
  return { id: `sensor${i}`, kind: 'terminal', profile: 'iot-sensor', positionM: [r * Math.cos(angle), r * Math.sin(angle), 1.5] };
});
const links: LinkSpec[] = sensors.map((s) => ({ from: s.id, to: 'edge', wireless: true }));

export default defineScenario({
  name: 'deploy-optimize',
  description: 'Twelve IoT sensors classify MNIST digits with the 2NN under a 20 ms budget: the eq. 5 optimizer (split and reserved share per sensor) against all-on-device and all-on-edge, predicted against measured.',
  seed: 1,
  horizonS: 20,
  radio: { pathLoss: { model: '3gpp-umi' }, fading: { model: 'rayleigh' }, bandwidthHz: 10e6, access: 'ofdma', association: {} },
  nodes: [{ id: 'edge', kind: 'edge', profile: 'edge-server', positionM: [0, 0, 10] }, ...sensors],
  links,
  inference: {
    model: { name: '2nn' },
    overheadS: 0.001,
    workload: [{ arrivals: { name: 'poisson', ratePerS: 2 }, deadlineS: 0.02 }],
    deployment: { plan: 'optimize', optimizer: { weights: { energyPerJ: 1000, latencyPerS: 1, sharePerUnit: 0 } } },
  },
});
