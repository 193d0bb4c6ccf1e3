/**
 * The `datacenters` section of a scenario as written (`DatacenterSpec`) and as resolved (defaults
 * filled in, `ResolvedDatacenter`): a topology from the `dcTopologies` registry, how the fabric
 * carries messages, an optional attach link to the rest of the scenario, and jobs (data-parallel,
 * pipeline, tensor; the `dcJobKinds` registry) run one after another from t = 0.
 * docs/datacenter.md describes every field.
 * @module
 */
import type { CollectiveParams } from './collectives/index.js';
import type { DcLayout, FabricOptions, NamedParams, RegistrySpec } from './types.js';

/** MNIST (the `mnist` package's 10 000 digits). */
export interface DcMnistDatasetSpec {
  /** discriminator */
  name: 'mnist';
  /** share held out for testing; default 0.2 */
  testFraction?: number;
}

/** A seeded Gaussian mixture. */
export interface DcGaussianMixtureDatasetSpec {
  /** discriminator */
  name: 'gaussian-mixture';
  /** examples */
  samples: number;
  /** classes */
  classes: number;
  /** features */
  dim: number;
  /** share held out for testing; default 0.2 */
  testFraction?: number;
}

/** The dataset a data-center job learns. */
export type DcDatasetSpec = DcMnistDatasetSpec | DcGaussianMixtureDatasetSpec;

/** A link from a node of the rest of the scenario to the data center. */
export interface DcAttachSpec {
  /** the scenario's node (not a switch) */
  node: string;
  /** rate of each direction (bit/s) */
  rateBps: number;
  /** propagation delay (s); default 1e-3 */
  delayS?: number;
  /** the data-center node the link lands on; default the topology's `top` (required when it has none) */
  via?: string;
  /** whether a hierarchical training tier at `node` aggregates over the data center's servers; default false */
  aggregates?: boolean;
}

/** Fields every job has. */
export interface DcJobBaseSpec {
  /** unique among the data center's jobs */
  name: string;
  /** the `models` registry's name */
  model: string;
  /** synchronous steps */
  steps: number;
  /** global batch per step (examples) */
  batch: number;
  /** plain SGD step size; default 0.05 */
  learningRate?: number;
  /** `real` trains with TF.js; `timing` moves no values; default `real` */
  mode?: 'real' | 'timing';
  /** default MNIST with testFraction 0.2 */
  dataset?: DcDatasetSpec;
  /** evaluate every this many steps; default `steps` (at the end) */
  evaluateEvery?: number;
  /** the servers the job uses; default all of the data center's, in rank order */
  servers?: string[];
  /** optimizer state values per parameter: 0 SGD, 1 momentum, 2 Adam; default 1 */
  optimizerStateFactor?: number;
  /** share of each node's memory the job may use; default 1 */
  memoryFraction?: number;
}

/** Layer-bucket fusion of a data-parallel job's gradients. */
export interface DcFusionSpec {
  /** a bucket closes once it holds this many bytes */
  bucketBytes: number;
  /** bytes of header per bucket message; default 0 */
  headerBytes?: number;
}

/** Data parallelism: every server holds a replica and trains on its shard; a collective sums the gradients each step. */
export interface DataParallelJobSpec extends DcJobBaseSpec {
  /** discriminator */
  kind: 'data-parallel';
  /** samples per node ∝ memory (the seed), ∝ FLOP/s, or equal; default `memory` */
  allocation?: 'memory' | 'compute' | 'equal';
  /** the `collectives` registry's entry */
  collective: RegistrySpec;
  /** layer-bucket fusion overlapping backprop; default null (one bucket after backprop) */
  fusion?: DcFusionSpec | null;
  /** memory an example takes (bytes); default 4 per input value + 4 */
  bytesPerExample?: number;
}

/** Pipeline parallelism: the model's layers cut into stages on different servers. */
export interface PipelineJobSpec extends DcJobBaseSpec {
  /** discriminator */
  kind: 'pipeline';
  /** pieces (stages) */
  stages: number;
  /** micro-batches per step */
  microbatches: number;
  /** GPipe (all forwards then all backwards) or 1F1B (PipeDream-flush); default `gpipe` */
  schedule?: 'gpipe' | '1f1b';
  /** bits per activation value on the wire; default 32 */
  activationBits?: 32 | 16;
  /** the `placements` registry's entry */
  placement: RegistrySpec;
}

/** Tensor parallelism: every parametered layer's outputs sliced across a group of servers. */
export interface TensorJobSpec extends DcJobBaseSpec {
  /** discriminator */
  kind: 'tensor';
  /** servers in the group */
  width: number;
  /** the `placements` registry's entry */
  placement: RegistrySpec;
}

/** A job as written. */
export type DcJobSpec = DataParallelJobSpec | PipelineJobSpec | TensorJobSpec;

/** A data center as written. */
export interface DatacenterSpec {
  /** id prefix of its nodes (`dc` gives `dc.s0`, `dc.leaf1`); unique among data centers */
  id: string;
  /** the `dcTopologies` registry's entry */
  topology: RegistrySpec;
  /** ECMP or the world's shortest routes; default `ecmp` */
  routing?: 'ecmp' | 'shortest';
  /** segment size (bytes) forwarded hop by hop; null: whole messages; default 262 144 */
  segmentBytes?: number | null;
  /** per-message posting time at a NIC (s); default 0 */
  messageOverheadS?: number;
  /** FLOPs per fp32 value a collective reduces (γ); default 1; 0: free */
  reduceFlopsPerValue?: number;
  /** a link to a node of the rest of the scenario */
  attach?: DcAttachSpec;
  /** jobs, run one after another from t = 0; default none */
  jobs?: DcJobSpec[];
}

/** A test share, resolved. */
export interface ResolvedTestFraction {
  /** share held out for testing */
  testFraction: number;
}

/** A dataset with its defaults filled in. */
export type ResolvedDcDataset = (DcMnistDatasetSpec | DcGaussianMixtureDatasetSpec) & ResolvedTestFraction;

/** An attach link with its defaults filled in. */
export interface ResolvedDcAttach extends Required<Omit<DcAttachSpec, 'via'>> {
  /** the data-center node the link lands on */
  via: string;
}

/** The common fields of a job, defaults filled in. */
export interface ResolvedDcJobBase {
  /** job name */
  name: string;
  /** model name */
  model: string;
  /** steps */
  steps: number;
  /** global batch */
  batch: number;
  /** SGD step size */
  learningRate: number;
  /** real or timing */
  mode: 'real' | 'timing';
  /** the dataset */
  dataset: ResolvedDcDataset;
  /** evaluation period (steps) */
  evaluateEvery: number;
  /** the job's servers in rank order */
  servers: string[];
  /** optimizer state values per parameter */
  optimizerStateFactor: number;
  /** share of each node's memory the job may use */
  memoryFraction: number;
}

/** A data-parallel job, defaults filled in. */
export interface ResolvedDataParallelJob extends ResolvedDcJobBase {
  /** discriminator */
  kind: 'data-parallel';
  /** samples per node */
  allocation: 'memory' | 'compute' | 'equal';
  /** resolved collective */
  collective: CollectiveParams;
  /** fusion, or null */
  fusion: Required<DcFusionSpec> | null;
  /** bytes per example */
  bytesPerExample: number;
}

/** A pipeline job, defaults filled in. */
export interface ResolvedPipelineJob extends ResolvedDcJobBase {
  /** discriminator */
  kind: 'pipeline';
  /** stages */
  stages: number;
  /** micro-batches */
  microbatches: number;
  /** schedule */
  schedule: 'gpipe' | '1f1b';
  /** bits per activation value on the wire */
  activationBits: 32 | 16;
  /** resolved placement parameters */
  placement: NamedParams;
}

/** A tensor-parallel job, defaults filled in. */
export interface ResolvedTensorJob extends ResolvedDcJobBase {
  /** discriminator */
  kind: 'tensor';
  /** group size */
  width: number;
  /** resolved placement parameters */
  placement: NamedParams;
}

/** Any resolved job. */
export type ResolvedDcJob = ResolvedDataParallelJob | ResolvedPipelineJob | ResolvedTensorJob;

/** A data center as the validated scenario holds it. */
export interface ResolvedDatacenter {
  /** id prefix */
  id: string;
  /** resolved topology parameters */
  topology: NamedParams;
  /** what the topology expanded into */
  layout: DcLayout;
  /** routing, segments, overhead */
  fabric: FabricOptions;
  /** γ in FLOPs per reduced value */
  reduceFlopsPerValue: number;
  /** the attach link, defaults filled in, or null */
  attach: ResolvedDcAttach | null;
  /** jobs in run order */
  jobs: ResolvedDcJob[];
}
