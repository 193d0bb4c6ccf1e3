/**
 * The `training` section of a scenario: what is learned (model, data, partition), by whom
 * (clients, server), and how (algorithm, rounds, local training, selection, deadline, compression).
 * @module
 */
import type { CompressorSpec } from '../learning/compress.js';
import type { ProtocolSpec } from './protocols/protocol.js';
import type { PowerCurve } from './timing/curve.js';

/** MNIST (the `mnist` package's 10 000 digits). */
export interface MnistDatasetSpec {
  /** discriminator */
  name: 'mnist';
  /** share held out for testing; default 0.2 */
  testFraction?: number;
}

/** A seeded Gaussian mixture. */
export interface GaussianMixtureDatasetSpec {
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

/** The dataset to learn. */
export type TrainingDatasetSpec = MnistDatasetSpec | GaussianMixtureDatasetSpec;

/** Which clients take part in a round. */
export interface SelectionSpec {
  /** `all`, a `random` fraction, or the `best-channel` fraction (strongest mean received power) */
  policy: 'all' | 'random' | 'best-channel';
  /** the fraction selected; default 0.1 */
  fraction?: number;
}

/** How the data is dealt to clients. */
export interface PartitionSpec {
  /** `iid`, `dirichlet`, `shards`, `quantity`, or `memory` (samples ∝ the client's memoryBytes, capped by it) */
  name: 'iid' | 'dirichlet' | 'shards' | 'quantity' | 'memory';
  /** Dirichlet α; default 0.5 */
  alpha?: number;
  /** quantity skew σ; default 1 */
  sigma?: number;
  /** memory: bytes an example takes in memory; default 4 per feature value plus 4 for the label */
  bytesPerExample?: number;
}

/** Local training at each client. */
export interface LocalTrainingSpec {
  /** passes over the local data; default 1 */
  epochs?: number;
  /** minibatch size; default 10 */
  batchSize?: number;
  /** learning rate; default 0.05 */
  learningRate?: number;
  /** momentum; default 0 */
  momentum?: number;
}

/** What becomes of an update whose upload a handover cut. */
export type HandoverPolicy = 'drop' | 'deliver-new' | 'forward';

/** The `training` section. */
export interface TrainingSpec {
  /** model (`edgesim list`): `softmax`, `2nn`, `cnn` */
  model: string;
  /** dataset */
  dataset: TrainingDatasetSpec;
  /** partition; default IID */
  partition?: PartitionSpec;
  /** the node that aggregates (a server or edge center) */
  server: string;
  /** the clients: node ids, or `terminals` for every terminal */
  clients: string[] | 'terminals';
  /** the strategy (`edgesim list`): `fedavg` (local epochs, weighted model averaging) or `fedsgd` (one full-batch gradient, averaged); default fedavg */
  algorithm?: 'fedavg' | 'fedsgd';
  /** rounds; default 10 */
  rounds?: number;
  /** local training (FedAvg) */
  local?: LocalTrainingSpec;
  /** FedSGD: the server's learning rate; default 0.1 */
  serverLearningRate?: number;
  /** at most this many training examples per client; default all it is dealt */
  samplesPerClient?: number;
  /** clients per round: `all` (default), a random `fraction`, or the `best-channel` fraction */
  selection?: SelectionSpec;
  /** a round aggregates what has arrived this long after it started (s); default: wait for all */
  deadlineS?: number;
  /** compression of the uploaded update; default none */
  compression?: CompressorSpec;
  /** time-to-accuracy target (fraction); default 0.9 */
  targetAccuracy?: number;
  /** an upload cut by its client's handover: `drop` it (a dropout), `deliver-new`: send it again over the route through the new edge center, or (hierarchical training) `forward`: through the new edge center, which forwards it to the old one; default drop */
  onHandover?: HandoverPolicy;
  /** ρ of the loss's ρ‖w‖² term (the seed's eq. 1); default the model's (softmax 1e-4, the others 0) */
  l2?: number;
  /** FedSGD of softmax regression: track the optimality gap F(w_t) − F* and its convergence bound each round (F* by L-BFGS at the start); default false */
  optimalityGap?: boolean;
  /** the protocol (`edgesim list`): `sync` (default), `fedasync`, `fedbuff`, `ota`, with its parameters */
  protocol?: ProtocolSpec;
  /** FedSGD: send gradients in layer buckets while backprop continues (see `FusionSpec`); default off */
  fusion?: FusionSpec;
  /** `real` (default): clients train with TF.js; `timing`: the same timeline without TF.js (compute from FLOPs × examples, payloads from the compressor's exact size), accuracy from a calibrated learning curve (a surrogate) */
  mode?: TrainingMode;
  /** timing mode: the calibration file `edgesim calibrate` wrote (a path relative to the scenario file), or its curves; default `<scenario>.calibration.json` next to the scenario */
  calibration?: string | CalibrationCurves;
}

/** How clients compute: for `real` with TF.js, or `timing` only (accuracy from a learning curve). */
export type TrainingMode = 'real' | 'timing';

/** The learning curves of a calibration (see `edgesim calibrate`): test accuracy and loss against aggregated client updates. */
export interface CalibrationCurves {
  /** test accuracy: a + b·(k + 1)^(−d) after k aggregated client updates */
  accuracy: PowerCurve;
  /** test loss, of the same form */
  loss: PowerCurve;
}

/**
 * Layer-bucket fusion (as PyTorch DDP's `bucket_cap_mb`, Horovod's fusion buffer): during backprop,
 * layer gradients become ready in reverse layer order, each when its backward FLOPs finish;
 * adjacent layers merge into a bucket until it holds `bucketBytes`; each bucket is a message with
 * `headerBits` of overhead and a fixed `messageLatencyS`, sent while backprop continues.
 */
export interface FusionSpec {
  /** bucket cap (bytes of fp32 gradient); PyTorch DDP's default is 25 MiB */
  bucketBytes: number;
  /** per-message overhead (bits); default 0 */
  headerBits?: number;
  /** per-message fixed latency before sending (s); default 0 */
  messageLatencyS?: number;
}
