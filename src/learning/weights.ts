/**
 * Weights cross module boundaries as one flat `Float32Array` in the model's weight order, with a
 * layout naming each tensor's slice; aggregation and compression code needs no TF.js.
 * @module
 */
import * as tf from '@tensorflow/tfjs';

/** One tensor's place in a flat weight vector. */
export interface WeightSlice {
  /** tensor name */
  name: string;
  /** its shape */
  shape: number[];
  /** first index */
  offset: number;
  /** values */
  size: number;
}

/** The layout of a model's flat weights. */
export function weightLayout(model: tf.LayersModel): WeightSlice[] {
  let offset = 0;
  return model.weights.map((w) => {
    const size = w.shape.reduce((a, b) => a! * b!, 1) as number;
    const slice = { name: w.name, shape: w.shape as number[], offset, size };
    offset += size;
    return slice;
  });
}

/** The model's weights as one flat vector (no tensor left behind). */
export function getFlatWeights(model: tf.LayersModel): Float32Array {
  const weights = model.getWeights();
  const total = weights.reduce((a, w) => a + w.size, 0);
  const out = new Float32Array(total);
  let off = 0;
  for (const w of weights) {
    out.set(w.dataSync() as Float32Array, off);
    off += w.size;
  }
  return out;
}

/**
 * Sets the model's weights from a flat vector.
 * @throws RangeError when the length does not match
 */
export function setFlatWeights(model: tf.LayersModel, flat: Float32Array): void {
  const layout = weightLayout(model);
  const total = layout.reduce((a, s) => a + s.size, 0);
  if (flat.length !== total) throw new RangeError(`weight vector of ${flat.length} values for a model of ${total}`);
  const tensors = layout.map((s) => tf.tensor(flat.subarray(s.offset, s.offset + s.size), s.shape));
  model.setWeights(tensors);
  for (const t of tensors) t.dispose();
}
