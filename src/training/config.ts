/**
 * The training section with every default filled in: what a run actually used. The protocol reads
 * its settings from here (one place for the defaults), and the report records it, so a figure can
 * be traced to its configuration.
 * @module
 */
import { COMPRESSOR_DEFAULTS } from '../learning/compress.js';
import type { CompressorSpec } from '../learning/compress.js';
import { TRAINING_DEFAULTS } from './defaults.js';
import { protocols } from './protocols/index.js';
import { models } from '../learning/models.js';
import type { ProtocolSpec } from './protocols/protocol.js';

export { TRAINING_DEFAULTS } from './defaults.js';
import type { CalibrationCurves, TrainingMode, HandoverPolicy, FusionSpec, LocalTrainingSpec, PartitionSpec, SelectionSpec, TrainingDatasetSpec, TrainingSpec } from './spec.js';

/** A training section with its defaults: every field present (null where the feature is off). */
export interface ResolvedTraining {
  /** model name */
  model: string;
  /** dataset, with `testFraction` */
  dataset: TrainingDatasetSpec & Required<Pick<TrainingDatasetSpec, 'testFraction'>>;
  /** partition with its parameter (`alpha`, `sigma` or `bytesPerExample`) */
  partition: PartitionSpec;
  /** the aggregating node */
  server: string;
  /** the client ids (`terminals` resolved), in order */
  clients: string[];
  /** the strategy */
  algorithm: 'fedavg' | 'fedsgd';
  /** rounds */
  rounds: number;
  /** local training */
  local: Required<LocalTrainingSpec>;
  /** FedSGD's server learning rate; null for FedAvg */
  serverLearningRate: number | null;
  /** examples kept per client (a seeded sample of its share); null: all it is dealt */
  samplesPerClient: number | null;
  /** client selection, with `fraction` unless `all` */
  selection: SelectionSpec;
  /** the round deadline (s), or null (wait for all) */
  deadlineS: number | null;
  /** the upload compressor with its parameter (`density` or `levels`) */
  compression: CompressorSpec;
  /** time-to-accuracy target */
  targetAccuracy: number;
  /** an upload cut by a handover: dropped, or sent again through the new edge center */
  onHandover: HandoverPolicy;
  /** layer-bucket fusion with its defaults, or null when off */
  fusion: Required<FusionSpec> | null;
  /** ρ of the loss's ρ‖w‖² term */
  l2: number;
  /** whether the optimality gap and its bound are tracked (FedSGD of softmax regression) */
  optimalityGap: boolean;
  /** the protocol with its defaults (`sync` when the scenario names none) */
  protocol: ProtocolSpec;
  /** `real` (TF.js) or `timing` only */
  mode: TrainingMode;
  /** timing mode: the learning curves (the CLI reads a calibration file into them); null in real mode or when not yet read */
  calibration: CalibrationCurves | null;
}

/**
 * Fills in a training section's defaults.
 * @param spec - the scenario's training section (validated)
 * @param nodes - the scenario's nodes (to resolve `clients: 'terminals'`)
 */
export function resolveTraining(spec: TrainingSpec, nodes: readonly { id: string; kind: string }[]): ResolvedTraining {
  const D = TRAINING_DEFAULTS;
  const algorithm = spec.algorithm ?? D.algorithm;
  const p = spec.partition ?? { name: 'iid' };
  const partition: PartitionSpec =
    p.name === 'dirichlet'
      ? { name: p.name, alpha: p.alpha ?? D.dirichletAlpha }
      : p.name === 'quantity'
        ? { name: p.name, sigma: p.sigma ?? D.quantitySigma }
        : p.name === 'memory'
          ? { name: p.name, bytesPerExample: p.bytesPerExample ?? 4 * (datasetDim(spec.dataset) + 1) }
          : { name: p.name };
  const sel = spec.selection ?? { policy: 'all' };
  const clients = spec.clients === 'terminals' ? nodes.filter((n) => n.kind === 'terminal').map((n) => n.id) : [...spec.clients];
  const selected = sel.policy === 'all' ? clients.length : Math.max(1, Math.round((sel.fraction ?? D.selectionFraction) * clients.length));
  const c = spec.compression ?? { name: 'none' };
  const compression: CompressorSpec =
    c.name === 'top-k' || c.name === 'random-k' ? { name: c.name, density: c.density ?? COMPRESSOR_DEFAULTS.density } : c.name === 'qsgd' ? { name: c.name, levels: c.levels ?? COMPRESSOR_DEFAULTS.levels } : { name: c.name };
  return {
    model: spec.model,
    dataset: { ...spec.dataset, testFraction: spec.dataset.testFraction ?? D.testFraction },
    partition,
    server: spec.server,
    clients,
    algorithm,
    rounds: spec.rounds ?? D.rounds,
    local: {
      epochs: spec.local?.epochs ?? D.epochs,
      batchSize: spec.local?.batchSize ?? D.batchSize,
      learningRate: spec.local?.learningRate ?? D.learningRate,
      momentum: spec.local?.momentum ?? D.momentum,
    },
    serverLearningRate: algorithm === 'fedsgd' ? (spec.serverLearningRate ?? D.serverLearningRate) : null,
    samplesPerClient: spec.samplesPerClient ?? null,
    selection: sel.policy === 'all' ? { policy: 'all' } : { policy: sel.policy, fraction: sel.fraction ?? D.selectionFraction },
    deadlineS: spec.deadlineS ?? null,
    compression,
    targetAccuracy: spec.targetAccuracy ?? D.targetAccuracy,
    onHandover: spec.onHandover ?? 'drop',
    optimalityGap: spec.optimalityGap ?? false,
    l2: spec.l2 ?? models.get(spec.model)().l2,
    protocol: protocols.get(spec.protocol?.name ?? 'sync').resolve(spec.protocol ?? { name: 'sync' }, { rounds: spec.rounds ?? D.rounds, clients: clients.length, selected, epochs: spec.local?.epochs ?? D.epochs }),
    fusion: spec.fusion === undefined ? null : { bucketBytes: spec.fusion.bucketBytes, headerBits: spec.fusion.headerBits ?? 0, messageLatencyS: spec.fusion.messageLatencyS ?? 0 },
    mode: spec.mode ?? D.mode,
    calibration: spec.mode === 'timing' && typeof spec.calibration === 'object' ? { accuracy: { ...spec.calibration.accuracy }, loss: { ...spec.calibration.loss } } : null,
  };
}

/** Features of an example: MNIST's 784 pixels, or the mixture's `dim`. */
function datasetDim(d: TrainingDatasetSpec): number {
  return d.name === 'mnist' ? 784 : d.dim;
}
