/**
 * Parallel training inside a data center (issue 16): 16 heterogeneous servers on a 2:1
 * oversubscribed leaf–spine fabric: the CNN data-parallel under three collectives, the 2NN trained
 * for real data-parallel, then the CNN in three pipelines that differ only in how it is cut and placed.
 *
 * Fabric: 4 leaves × 4 servers, 2 spines, 25 Gbit/s everywhere: each leaf has 4 × 25 Gbit/s down
 * and 2 × 25 Gbit/s up (oversubscription 2). ECMP routes, 16 KiB segments forwarded hop by hop.
 *
 * Servers (rack by rack): 4 `a100-server` (19.5 TFLOP/s), 4 `edge-server` (8.1 TFLOP/s), 8 CPU
 * servers at 1 TFLOP/s. Memories are scaled down about 1000× (96 MB, 64 MB, 32 MB, 48 MB) so
 * that the CNN's model states — 6.65 MB of weights, plus gradients and a momentum value per
 * parameter, ≈ 20 MB — and its stashed activations force it to be cut into pieces at
 * `memoryFraction: 0.25` (24 MB on the largest server; the whole model needs 32 MB there).
 *
 * Jobs, run one after another from t = 0:
 * - `dp-ps`, `dp-ring`, `dp-hier`: data parallelism on the CNN, 20 steps of a global batch of 256
 *   (shares ∝ memory), gradients fused into buckets of 1 MiB (dense2+dense1, then the convolutions),
 *   summed by a sharded parameter server, a ring, and a hierarchical all-reduce (reduce-scatter in
 *   each rack, ring across racks, all-gather in each rack).
 * - `dp-2nn`: the 2NN data-parallel with real TF.js maths (ring, 60 steps of 256), its accuracy
 *   evaluated every 20 steps: the step is mini-batch SGD on the union batch.
 * - `pp-random`, `pp-balanced`, `pp-optimized`: the CNN in 3 pipeline stages, 8 micro-batches of
 *   8, 10 GPipe steps, each at a quarter of every server's memory, with a random placement, a
 *   memory-balanced one and one optimized over the topology.
 *
 * Why the CNN jobs run in timing mode: on TF.js's cpu backend (the wasm backend lacks convolution
 * gradients) one 32-example CNN gradient takes ≈ 30 s, so 20 real CNN steps of 256 would take
 * hours; timing mode moves the same bytes and charges the same FLOPs without computing values (a
 * test checks the timelines are identical). With a native backend, train them for real:
 * `--set datacenters.0.jobs.0.mode=real` (and 1, 2, 4–6).
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
  model: 'cnn',
  mode: 'timing',
  steps: 20,
  batch: 256,
  collective,
  fusion: { bucketBytes: 2 ** 20 },
});

const pp = (name: string, placement: RegistrySpec): DcJobSpec => ({
  name,
  kind: 'pipeline',
  model: 'cnn',
  mode: 'timing',
  steps: 10,
  batch: 64,
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
      // 16 KiB segments: each extra hop of a route adds one segment's time (5 µs at 25 Gbit/s)
      // before a message's tail arrives, near a cut-through switch's packet-level pipelining;
      // the 256 KiB default would add 84 µs a hop (4 hops between racks), inflating the ring's
      // 30 steps of 0.42 MB by ≈ 2× (docs/datacenter.md, "Choosing segmentBytes").
      segmentBytes: 16_384,
      attach: { node: 'gateway', rateBps: 100e9 },
      jobs: [
        dp('dp-ps', { name: 'parameter-server', servers: 'sharded' }),
        dp('dp-ring', { name: 'ring' }),
        dp('dp-hier', { name: 'hierarchical', variant: 'rs-ar-ag', inter: 'ring', racks: 'topology' }),
        { name: 'dp-2nn', kind: 'data-parallel', model: '2nn', steps: 60, batch: 256, learningRate: 0.1, evaluateEvery: 20, collective: { name: 'ring' }, fusion: { bucketBytes: 100_000 } },
        pp('pp-random', { name: 'random', retries: 50 }),
        pp('pp-balanced', { name: 'balanced' }),
        pp('pp-optimized', { name: 'optimized' }),
      ],
    },
  ],
  report: { omit: ['transfers'] },
});
