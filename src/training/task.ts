/**
 * The federated task, built once and independent of the protocol: the data set and its split, the
 * partition among clients, each client's local data, the model, its initial weights, each client's
 * upload compressor (with its error-feedback state), and evaluation on the test set.
 * @module
 */
import type * as tf from '@tensorflow/tfjs';
import type { RandomStream } from '../engine/random.js';
import type { RandomStreams } from '../engine/random.js';
import { loadSplit, shareViews, type Dataset } from '../learning/dataset.js';
import { iidPartition, dirichletPartition, shardPartition, quantitySkewPartition, memoryPartition, sampleShares, type Partition } from '../learning/partition.js';
import { initialWeights, parameterCount, type ModelDef } from '../learning/models.js';
import { evaluate, type Evaluation } from '../learning/train.js';
import { compressors, type Compressor } from '../learning/compress.js';
import type { ResolvedTraining } from './config.js';
import type { TrainingMode } from './spec.js';
import { GapTracker } from './gap.js';

/** The federated task of a run. */
export interface FederatedTask {
  /** `real` (TF.js) or `timing` only (see `src/training/timing/task.ts`) */
  readonly mode: TrainingMode;
  /** the model's definition */
  readonly def: ModelDef;
  /** the built TF.js model (shared; its weights are set per use); null in timing mode */
  readonly model: tf.LayersModel | null;
  /** the training section with its defaults */
  readonly config: ResolvedTraining;
  /** the clients, in order */
  readonly clients: readonly string[];
  /** each client's local data; null in timing mode */
  readonly local: ReadonlyMap<string, Dataset> | null;
  /** a client's local examples (its aggregation weight) */
  localExamples(client: string): number;
  /** the held-out test set; null in timing mode */
  readonly test: Dataset | null;
  /** the initial global weights */
  readonly initial: Float32Array;
  /** the model's size on the wire (bits): 32 per parameter */
  readonly modelBits: number;
  /** a client's upload compressor (one per client: error feedback is per client) */
  compressor(client: string): Compressor;
  /**
   * The global model's test accuracy and loss at these weights (timing mode: the calibration's
   * surrogate at this progress).
   * @param progress - client updates aggregated into the global model so far
   */
  evaluate(weights: Float32Array, progress: number): Evaluation;
  /** the optimality-gap tracker, when the training section asks for it */
  readonly gap: GapTracker | null;
  /** timing mode: what stands in for the computed update; null in real mode */
  readonly timing: TimingUpdates | null;
}

/** What stands in for a client's computed update in timing mode. */
export interface TimingUpdates {
  /** every update (zeros, shared: never modify it) */
  readonly update: Float32Array;
  /** the training loss reported: the surrogate test loss at the last evaluation */
  trainLoss(): number;
}

function loadDataset(cfg: ResolvedTraining, rng: RandomStream): { train: Dataset; test: Dataset } {
  return loadSplit(cfg.dataset, rng);
}

function partition(cfg: ResolvedTraining, train: Dataset, clients: number, rng: RandomStream, memoryBytes: number[]): Partition {
  const p = cfg.partition;
  switch (p.name) {
    case 'iid':
      return iidPartition(train.n, clients, rng);
    case 'dirichlet':
      return dirichletPartition(train.y, train.classes, clients, p.alpha!, rng);
    case 'shards':
      return shardPartition(train.y, clients, rng);
    case 'quantity':
      return quantitySkewPartition(train.n, clients, rng, p.sigma!);
    case 'memory':
      return memoryPartition(train.n, memoryBytes, p.bytesPerExample!, rng);
  }
}

/**
 * Builds the federated task (streams `training/data`, `training/partition`, `training/samples`,
 * `training/init`).
 * @param cfg - the resolved training section
 * @param def - its model's definition
 * @param model - the built model
 * @param rng - the run's random streams
 * @param memoryBytes - a client's memory (for the `memory` partition)
 */
export function buildTask(cfg: ResolvedTraining, def: ModelDef, model: tf.LayersModel, rng: RandomStreams, memoryBytes: (client: string) => number): FederatedTask {
  const clients = cfg.clients;
  const data = loadDataset(cfg, rng.stream('training/data'));
  const parts = partition(cfg, data.train, clients.length, rng.stream('training/partition'), clients.map(memoryBytes));
  // A seeded sample of each share when it exceeds samplesPerClient (a share may list its examples
  // class by class: its first ones would be one class).
  const kept = sampleShares(parts, cfg.samplesPerClient ?? Infinity, rng.stream('training/samples'));
  // Clients' data as views into one packed copy of their shares (no buffer per client; same rows, same batches).
  const views = shareViews(data.train, kept);
  const local = new Map(clients.map((c, k) => [c, views[k]!]));
  const compressorOf = new Map<string, Compressor>(clients.map((c) => [c, compressors.get(cfg.compression.name)(cfg.compression)]));
  const test = data.test;
  const initial = initialWeights(model, rng.stream('training/init'));
  const gap = cfg.optimalityGap ? new GapTracker([...local.values()], def.l2, initial, cfg.serverLearningRate ?? 0) : null;
  return {
    mode: 'real',
    def,
    model,
    config: cfg,
    clients,
    local,
    localExamples: (c) => local.get(c)!.n,
    test,
    initial,
    gap,
    modelBits: 32 * parameterCount(def),
    compressor: (c) => compressorOf.get(c)!,
    evaluate: (w) => evaluate(def, model, test, w),
    timing: null,
  };
}
