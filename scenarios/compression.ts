/**
 * Compression: what sparsifying or quantizing the uploads buys over a shared wireless uplink.
 *
 * Twelve phones at the edge of one cell (3GPP UMi, 10 MHz shared by OFDMA, Rayleigh fading) train
 * softmax regression on MNIST with FedAvg for 15 rounds through the edge center, which is also the
 * server. The uploads are compressed with top-k at 1% density and error feedback (DGC; each entry an
 * fp32 value and a 13-bit index); the download is the full model. Compare accuracy against
 * simulated time and the phones' transmit energy with the other compressors:
 *
 *   npx edgesim run scenarios/compression.ts                                          # top-k 1%
 *   npx edgesim run scenarios/compression.ts --set training.compression.name=none --out out/compression-none
 *   npx edgesim run scenarios/compression.ts --set training.compression.name=qsgd --set training.compression.levels=4 --out out/compression-qsgd
 */
import { defineScenario, type NodeSpec, type LinkSpec } from 'edgesim';

const phones: NodeSpec[] = Array.from({ length: 12 }, (_, i) => {
  const angle = (2 * Math.PI * i) / 12;
  return { id: `phone${i}`, kind: 'terminal', profile: 'phone', positionM: [180 * Math.cos(angle), 180 * Math.sin(angle), 1.5] };
});

const links: LinkSpec[] = phones.map((p) => ({ from: p.id, to: 'e0', wireless: true }));

export default defineScenario({
  name: 'compression',
  description: 'FedAvg of softmax regression on MNIST with twelve phones sharing a 10 MHz OFDMA uplink, the uploads compressed as training.compression says (top-k 1% with error feedback as written; --set changes it, and the Configuration section names the compressor that ran): accuracy against simulated time and phone transmit energy.',
  seed: 1,
  radio: { bandwidthHz: 10e6, pathLoss: { model: '3gpp-umi' }, fading: { model: 'rayleigh' }, access: 'ofdma' },
  nodes: [{ id: 'e0', kind: 'edge', profile: 'edge-server', positionM: [0, 0, 10] }, ...phones],
  links,
  training: {
    model: 'softmax',
    dataset: { name: 'mnist' },
    server: 'e0',
    clients: 'terminals',
    rounds: 15,
    samplesPerClient: 300,
    local: { epochs: 1, batchSize: 20, learningRate: 0.1 },
    compression: { name: 'top-k', density: 0.01 },
    targetAccuracy: 0.85,
  },
});
