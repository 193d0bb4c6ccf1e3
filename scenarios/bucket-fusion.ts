/**
 * Layer-bucket fusion: iteration time against bucket size.
 *
 * Four Raspberry-Pi-class clients compute FedSGD gradients of the 2NN on 500 MNIST digits
 * each and send them to a server over 50 Mbit/s links. With fusion, gradients leave in buckets of
 * adjacent layers while backprop continues (reverse layer order); each bucket costs a 4 kbit
 * header and 3 ms of fixed latency. Small buckets overlap the upload with backprop but pay the
 * overhead per message; one big bucket (PyTorch DDP's 25 MiB default holds the whole 2NN) pays it
 * once but overlaps nothing. Compare the rounds' compute + upload time (seed 1: 64 KiB buckets
 * and one bucket per layer 0.404 s — the first bucket holds the two small layers — one bucket
 * 0.431 s):
 *
 *   npx edgesim run scenarios/bucket-fusion.ts                                               # 64 KiB buckets
 *   npx edgesim run scenarios/bucket-fusion.ts --set training.fusion.bucketBytes=1 --out out/fusion-per-layer
 *   npx edgesim run scenarios/bucket-fusion.ts --set training.fusion.bucketBytes=26214400 --out out/fusion-one-bucket
 */
import { defineScenario, type NodeSpec } from 'edgesim';

const clients: NodeSpec[] = Array.from({ length: 4 }, (_, i) => ({ id: `pi${i}`, kind: 'terminal', profile: 'raspberry-pi-4' }));

export default defineScenario({
  name: 'bucket-fusion',
  description: 'FedSGD of the 2NN with layer-bucket fusion: how the bucket size trades per-message overhead against overlapping the upload with backprop.',
  seed: 1,
  nodes: [{ id: 'ps', kind: 'server', cpuFlopsPerS: 19.5e12 }, ...clients],
  links: clients.map((c) => ({ from: 'ps', to: c.id, rateBps: 50e6, delayS: 0.002 })),
  training: {
    model: '2nn',
    dataset: { name: 'mnist' },
    server: 'ps',
    clients: 'terminals',
    algorithm: 'fedsgd',
    serverLearningRate: 0.5,
    rounds: 3,
    samplesPerClient: 500,
    fusion: { bucketBytes: 65_536, headerBits: 4096, messageLatencyS: 0.003 },
  },
});
