/**
 * Parallel training inside a data center (issue 16): 16 heterogeneous servers on a 2:1
 * oversubscribed leaf–spine fabric, three data-parallel jobs that differ only in their collective,
 * then three pipeline jobs that differ only in how the model is cut and placed.
 *
 * Fabric: 4 leaves × 4 servers, 2 spines, 25 Gbit/s everywhere: each leaf has 4 × 25 Gbit/s down
 * and 2 × 25 Gbit/s up (oversubscription 2). ECMP routes, 256 KiB segments forwarded hop by hop.
 *
 * Servers (rack by rack): 4 `a100-server` (19.5 TFLOP/s), 4 `edge-server` (8.1 TFLOP/s), 8 CPU
 * servers at 1 TFLOP/s. Memories are scaled down about 1000× (96 MB, 64 MB, 32 MB, 48 MB) so
 * that the CNN's model states — 6.65 MB of weights, plus gradients and a momentum value per
 * parameter, ≈ 20 MB — force it to be cut into pieces at `memoryFraction: 0.25`.
 *
 * Jobs, run one after another from t = 0:
 * - `dp-ps`, `dp-ring`, `dp-hier`: data parallelism on the 2NN, 20 real steps of a global batch of
 *   256 (shares ∝ memory), gradients fused into buckets of 100 kB (dense3+dense2, then dense1),
 *   summed by a sharded parameter server, a ring, and a hierarchical all-reduce (reduce-scatter in
 *   each rack, all-reduce across racks, all-gather in each rack).
 * - `pp-random`, `pp-balanced`, `pp-optimized`: the CNN in 3 pipeline stages, 8 micro-batches of
 *   32, 10 GPipe steps, each at a quarter of every server's memory, with a random placement, a
 *   memory-balanced one and one optimized over the topology.
 *
 * Why the 2NN trains for real and the CNN in timing mode: on TF.js's cpu backend (the wasm
 * backend lacks convolution gradients) one 32-example CNN gradient took 33 s on the machine this
 * was written on, so 20 real CNN steps of 256 would take hours; timing mode moves the same bytes
 * and charges the same FLOPs without computing values. With a native backend, train the CNN for
 * real: `--set datacenters.0.jobs.3.mode=real` (and 4, 5).
 *
 * Run it: `npx edgesim run scenarios/datacenter.ts`
 */
import { defineScenario, leafSpine, type DcJobSpec, type RegistrySpec } from 'edgesim';

const RATE_BPS = 25e9;
const MB = 1e6;

const topology = leafSpine({
  leaves: 4,
  spines: 2,
  serversPerLeaf: 4,
  serverRateBps: RATE_BPS,
  uplinkRateBps: RATE_BPS,
  servers: [
    { count: 4, profile: 'a100-server', memoryBytes: 96 * MB },
    { count: 4, profile: 'edge-server', memoryBytes: 64 * MB },
    { count: 4, cpuFlopsPerS: 1e12, memoryBytes: 32 * MB },
    { count: 4, cpuFlopsPerS: 1e12, memoryBytes: 48 * MB },
  ],
});

const dp = (name: string, collective: RegistrySpec): DcJobSpec => ({
  name,
  kind: 'data-parallel',
  model: '2nn',
  steps: 20,
  batch: 256,
  learningRate: 0.05,
  collective,
  fusion: { bucketBytes: 100_000 },
});

const pp = (name: string, placement: RegistrySpec): DcJobSpec => ({
  name,
  kind: 'pipeline',
  model: 'cnn',
  mode: 'timing',
  steps: 10,
  batch: 256,
  stages: 3,
  microbatches: 8,
  memoryFraction: 0.25,
  placement,
});

export default defineScenario({
  name: 'datacenter',
  description: 'data-parallel collectives and pipeline placements on a 2:1 leaf-spine of 16 heterogeneous servers',
  seed: 1,
  nodes: [{ id: 'gateway', kind: 'server', profile: 'a100-server' }],
  datacenters: [
    {
      id: 'dc',
      topology,
      attach: { node: 'gateway', rateBps: 100e9 },
      jobs: [
        dp('dp-ps', { name: 'parameter-server', servers: 'sharded' }),
        dp('dp-ring', { name: 'ring' }),
        dp('dp-hier', { name: 'hierarchical', variant: 'rs-ar-ag', inter: 'ring', racks: 'topology' }),
        pp('pp-random', { name: 'random', retries: 50 }),
        pp('pp-balanced', { name: 'balanced' }),
        pp('pp-optimized', { name: 'optimized' }),
      ],
    },
  ],
  report: { omit: ['transfers'] },
});
