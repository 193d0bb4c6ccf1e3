/**
 * Which TF.js layers make up each profile layer of a model (design §8.1), so a pipeline stage of
 * profile layers [a, b) can run exactly the TF.js layers that compute them.
 * @module
 */
import type * as tf from '@tensorflow/tfjs';
import type { ModelDef } from '../../learning/models.js';

/** Values one example's output of a TF.js layer holds (the batch dimension left out). */
function outputValues(layer: tf.layers.Layer): number {
  const shape = layer.outputShape as (number | null)[];
  return shape.slice(1).reduce<number>((a, b) => a * (b ?? 1), 1);
}

/**
 * Maps each profile layer of `def` to the TF.js layer indices of `model` it covers. A TF.js
 * layer is a profile entry's when its parameter count and per-example output size equal the
 * entry's; a parameterless TF.js layer that only reshapes (as the `Flatten` of `cnn`, which has no
 * profile entry) and matches no entry joins the next entry.
 * @param def - the model's profile
 * @param model - a built model of `def`
 * @returns for each profile layer, its TF.js layer indices in order (each non-empty)
 * @throws Error when the model's layers do not line up with the profile
 */
export function profileToModelLayers(def: ModelDef, model: tf.LayersModel): number[][] {
  const out: number[][] = def.layers.map(() => []);
  let p = 0;
  let pending: number[] = [];
  model.layers.forEach((layer, i) => {
    const entry = def.layers[p];
    const params = layer.countParams();
    const size = outputValues(layer);
    if (entry !== undefined && params === entry.params && size === entry.outputSize) {
      out[p] = [...pending, i];
      pending = [];
      p++;
    } else if (params === 0 && size === (i === 0 ? def.inputShape.reduce((a, b) => a * b, 1) : outputValues(model.layers[i - 1]!))) {
      pending.push(i);
    } else {
      throw new Error(`model '${def.name}': TF.js layer ${i} (${layer.getClassName()}, ${params} parameters, ${size} outputs) matches no profile entry (next: ${entry?.name ?? 'none'})`);
    }
  });
  if (p !== def.layers.length || pending.length > 0) throw new Error(`model '${def.name}': ${def.layers.length - p} profile layers without TF.js layers, ${pending.length} TF.js layers left over`);
  return out;
}
