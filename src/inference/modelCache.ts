/**
 * Trained models for inference, trained once and cached: the weights under
 * `<root>/models/<key>.bin` (float32, little-endian, the model's weight order) and a small JSON
 * beside them (spec, seed, test accuracy, SHA-256 of the weights), keyed by a SHA-256 of the
 * canonical JSON of (model, data set, training, seed). A second call with the same spec loads
 * instead of training. Files are written to a temporary name and linked into place, so a file that
 * exists is never replaced; the cache deletes only its own temporary files.
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RandomStreams } from '../engine/random.js';
import { withTrainingBackend } from '../learning/backend.js';
import { loadMnist, subset, trainTestSplit, type Split } from '../learning/dataset.js';
import { initialWeights, models, type ModelDef } from '../learning/models.js';
import { evaluate, trainLocal } from '../learning/train.js';

/** What to train: the cache key is a hash of all of it. */
export interface CachedTrainingSpec {
  /** model registry name (e.g. `2nn`, `cnn-deep`) */
  model: string;
  /** the data: MNIST split into train and test by the `data/split` stream, then the first examples of each */
  data: {
    /** share of the 10 000 digits held out for test */
    testFraction: number;
    /** training examples used (≤ the training split) */
    train: number;
    /** test examples used (≤ the test split) */
    test: number;
  };
  /** centralised training (mini-batch SGD, see {@link trainLocal}) */
  training: {
    /** passes over the training examples */
    epochs: number;
    /** minibatch size */
    batchSize: number;
    /** learning rate */
    learningRate: number;
    /** momentum; default 0 */
    momentum?: number;
  };
  /** root seed of the streams `model/init`, `data/split`, `train/batches` */
  seed: number;
}

/** A trained model, from the cache or freshly trained. */
export interface TrainedModel {
  /** the model definition */
  def: ModelDef;
  /** the trained weights */
  weights: Float32Array;
  /** accuracy on the spec's test examples */
  accuracy: number;
  /** mean cross-entropy on the spec's test examples */
  loss: number;
  /** whether the weights were loaded or trained now */
  source: 'cache' | 'trained';
  /** the cache key (hex SHA-256) */
  key: string;
  /** the weights file */
  weightsPath: string;
  /** the metadata file */
  metaPath: string;
}

interface Meta {
  format: 'edgesim-model-cache/1';
  key: string;
  spec: CachedTrainingSpec;
  values: number;
  sha256: string;
  accuracy: number;
  loss: number;
  backend: string;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/**
 * The cache key of a spec: hex SHA-256 of its canonical JSON (keys sorted, momentum 0 when absent).
 * @param spec - what to train
 */
export function modelCacheKey(spec: CachedTrainingSpec): string {
  return sha256(canonical({ format: 'edgesim-model-cache/1', ...spec, training: { momentum: 0, ...spec.training } }));
}

/**
 * The spec's train and test examples (deterministic in the spec's seed).
 * @param spec - what to train
 * @throws RangeError when the spec asks for more examples than its split holds
 */
export function trainingData(spec: CachedTrainingSpec): Split {
  const split = trainTestSplit(loadMnist(), spec.data.testFraction, new RandomStreams(spec.seed).stream('data/split'));
  if (spec.data.train > split.train.n || spec.data.test > split.test.n) throw new RangeError(`the split has ${split.train.n} training and ${split.test.n} test examples; asked for ${spec.data.train} and ${spec.data.test}`);
  const first = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
  return { train: subset(split.train, first(spec.data.train)), test: subset(split.test, first(spec.data.test)) };
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

let tmpCounter = 0;

/** Writes `path` unless it exists (then leaves it); false when it existed. */
function writeNew(path: string, data: string | Uint8Array): boolean {
  if (exists(path)) return false;
  const tmp = `${path}.tmp-${process.pid}-${tmpCounter++}`;
  writeFileSync(tmp, data, { flag: 'wx' });
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw err;
    if (exists(path)) return false; // no hard links here: check again, then rename
    renameSync(tmp, path);
    return true;
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // renamed into place
    }
  }
}

function sameContent(path: string, hash: string): boolean {
  try {
    return sha256(readFileSync(path)) === hash;
  } catch {
    return false;
  }
}

function load(weightsPath: string, metaPath: string, key: string): { meta: Meta; weights: Float32Array } | undefined {
  try {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Meta;
    if (meta.format !== 'edgesim-model-cache/1' || meta.key !== key) return undefined;
    const bytes = readFileSync(weightsPath);
    if (bytes.length !== 4 * meta.values || sha256(bytes) !== meta.sha256) return undefined;
    const weights = new Float32Array(meta.values);
    new Uint8Array(weights.buffer).set(bytes);
    return { meta, weights };
  } catch {
    return undefined;
  }
}

/**
 * The trained model of a spec: loaded from the cache when a valid entry is there, else trained
 * (on cpu for convolutional models when the backend is wasm), evaluated on the test examples and
 * stored. An entry that exists but does not verify (foreign or damaged) is left as it is, and no
 * metadata is written for a weights file the cache did not write.
 * @param spec - what to train
 * @param root - the cache root; default `out/cache` (files go to `<root>/models/`)
 * @throws Error for an unknown model name
 */
export async function trainedModel(spec: CachedTrainingSpec, root = 'out/cache'): Promise<TrainedModel> {
  const def = models.get(spec.model)();
  const key = modelCacheKey(spec);
  const dir = join(root, 'models');
  const weightsPath = join(dir, `${key}.bin`);
  const metaPath = join(dir, `${key}.json`);
  const hit = load(weightsPath, metaPath, key);
  if (hit !== undefined) return { def, weights: hit.weights, accuracy: hit.meta.accuracy, loss: hit.meta.loss, source: 'cache', key, weightsPath, metaPath };

  const data = trainingData(spec);
  const streams = new RandomStreams(spec.seed);
  const { weights, accuracy, loss, backend } = await withTrainingBackend(def.convolutional, () => {
    const model = def.build();
    try {
      const w0 = initialWeights(model, streams.stream('model/init'));
      const { momentum, ...rest } = spec.training;
      const trained = trainLocal(def, model, data.train, w0, { ...rest, ...(momentum === undefined ? {} : { momentum }) }, streams.stream('train/batches')).weights;
      const ev = evaluate(def, model, data.test, trained);
      return { weights: trained, accuracy: ev.accuracy, loss: ev.loss, backend: tf.getBackend() };
    } finally {
      model.dispose();
    }
  });
  const bytes = new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength);
  const meta: Meta = { format: 'edgesim-model-cache/1', key, spec, values: weights.length, sha256: sha256(bytes), accuracy, loss, backend };
  mkdirSync(dir, { recursive: true });
  // Weights first: the metadata (which a load needs) appears only after them, and only when the
  // weights file holds these weights (not a foreign file of that name).
  if (writeNew(weightsPath, bytes) || sameContent(weightsPath, meta.sha256)) writeNew(metaPath, `${JSON.stringify(meta, null, 2)}\n`);
  return { def, weights, accuracy, loss, source: 'trained', key, weightsPath, metaPath };
}
