/**
 * The federated task of timing-only mode: no data set, TF.js model or weights; each client's local
 * example count computed with the real partition's random draws (label-dependent partitions load
 * the data set's labels with the same stream, as the real task does: no TF.js either), payload sizes
 * from {@link TimingCompressor}, and evaluations from the calibration's learning curves.
 * @module
 */
import type { RandomStreams } from '../../engine/random.js';
import { loadSplit, trainExamples } from '../../learning/dataset.js';
import { iidPartition, dirichletPartition, shardPartition, quantitySkewPartition, memoryPartition, sampleShares, type Partition } from '../../learning/partition.js';
import { parameterCount, type ModelDef } from '../../learning/models.js';
import { InputError } from '../../engine/errors.js';
import type { ResolvedTraining } from '../config.js';
import type { FederatedTask } from '../task.js';
import { TimingCompressor } from './payload.js';
import { surrogateEvaluation } from './calibration.js';

/** Training examples after the test split: the shares the partition deals. */
function trainCount(cfg: ResolvedTraining): number {
  return trainExamples(cfg.dataset);
}

/** The partition's shares, drawn as the real task draws them. */
function shares(cfg: ResolvedTraining, rng: RandomStreams, memoryBytes: number[]): Partition {
  const p = cfg.partition;
  const draw = rng.stream('training/partition');
  const clients = cfg.clients.length;
  switch (p.name) {
    case 'iid':
      return iidPartition(trainCount(cfg), clients, draw);
    case 'quantity':
      return quantitySkewPartition(trainCount(cfg), clients, draw, p.sigma!);
    case 'memory':
      return memoryPartition(trainCount(cfg), memoryBytes, p.bytesPerExample!, draw);
    case 'dirichlet':
    case 'shards': {
      // These deal by label: the labels of the training split, drawn from the same stream.
      const d = cfg.dataset;
      const train = loadSplit(d, rng.stream('training/data')).train;
      return p.name === 'dirichlet' ? dirichletPartition(train.y, train.classes, clients, p.alpha!, draw) : shardPartition(train.y, clients, draw);
    }
  }
}

/**
 * Builds the timing-only task (streams `training/partition`, `training/samples`, and for Dirichlet
 * and shard partitions `training/data`; never TF.js).
 * @param cfg - the resolved training section (`mode: 'timing'`, with its calibration)
 * @param def - the model's definition
 * @param rng - the run's random streams
 * @param memoryBytes - a client's memory (for the `memory` partition)
 * @throws InputError without a calibration
 */
export function buildTimingTask(cfg: ResolvedTraining, def: ModelDef, rng: RandomStreams, memoryBytes: (client: string) => number): FederatedTask {
  const calibration = cfg.calibration;
  if (calibration === null) throw new InputError("timing-only training needs a calibration: run 'edgesim calibrate <scenario>' first, or set training.calibration", { field: 'training.calibration' });
  const clients = cfg.clients;
  const kept = sampleShares(shares(cfg, rng, clients.map(memoryBytes)), cfg.samplesPerClient ?? Infinity, rng.stream('training/samples'));
  const examples = new Map(clients.map((c, k) => [c, kept[k]!.length]));
  const q = parameterCount(def);
  // One empty vector stands for every update and the weights: their values mean nothing here, and
  // aggregating it costs nothing (sizes on the wire come from the model, `modelBits`, and the compressors).
  const zero = new Float32Array(0);
  // One compressor for every client: a timing compressor keeps no state (no residual, no stream).
  const compressor = new TimingCompressor(cfg.compression, q);
  let progress = 0;
  return {
    mode: 'timing',
    def,
    model: null,
    config: cfg,
    clients,
    local: null,
    localExamples: (c) => examples.get(c)!,
    test: null,
    initial: zero,
    gap: null,
    modelBits: 32 * q,
    compressor: () => compressor,
    evaluate: (_w, k) => {
      progress = k;
      return surrogateEvaluation(calibration, k);
    },
    timing: { update: zero, trainLoss: () => surrogateEvaluation(calibration, progress).loss },
  };
}
