/**
 * Real per-stage TF.js math of a pipeline (design §8.2) on the job's one shared model: a stage's
 * forward applies its TF.js layers to the activation it received; its backward takes the weights'
 * gradients as `tf.variableGrads(() => Σ stageOut(x_in) ⊙ dy, stageVars)` and the activation
 * gradient dx = ∂/∂x_in of the same sum (in the same backward pass: the input is wrapped as a
 * temporary variable), recomputing the stage's forward (wall time only: simulated time comes from
 * FLOPs). The last stage differentiates the loss (`lossOf`) of its
 * micro-batch scaled by mb/B, so the gradients accumulated over the micro-batches into one flat
 * gradient (`computeGradient`'s layout) equal the whole batch's. An L2 term ρ·Σw² is split the
 * same way: each stage adds (mb/B)·ρ·Σw² over its own weights.
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { lossOf } from '../../learning/train.js';
import type { ModelDef } from '../../learning/models.js';
import { setFlatWeights } from '../../learning/weights.js';
import { profileToModelLayers } from './layerMap.js';

/** What a stage's backward returns. */
export interface StageBackward {
  /** the gradient for the previous stage's output (the caller disposes it), or null at stage 0 */
  dx: tf.Tensor | null;
  /** the last stage's scaled loss (mb/B × the micro-batch's mean loss); 0 at other stages */
  loss: number;
}

/** One stage's TF.js layers and variables. */
interface StageParts {
  layers: tf.layers.Layer[];
  vars: tf.Variable[];
  layerVars: tf.LayerVariable[];
  offsets: number[];
}

/** The stages of a pipeline over one TF.js model, with the flat gradient they accumulate. */
export class StageModel {
  private readonly parts: StageParts[];
  private acc: Float32Array;

  /**
   * @param def - the model's profile
   * @param model - a built model of `def`, shared by every stage
   * @param stageLayers - each stage's profile layers [first, end), contiguous from 0 to all
   */
  constructor(
    private readonly def: ModelDef,
    private readonly model: tf.LayersModel,
    stageLayers: readonly (readonly [number, number])[],
  ) {
    const map = profileToModelLayers(def, model);
    const all = model.trainableWeights;
    const offsetOf = new Map<tf.LayerVariable, number>();
    let off = 0;
    for (const w of all) {
      offsetOf.set(w, off);
      off += (w.shape as number[]).reduce((a, b) => a * b, 1);
    }
    this.acc = new Float32Array(off);
    let next = 0;
    this.parts = stageLayers.map(([first, end]) => {
      if (first !== next || end <= first || end > def.layers.length) throw new RangeError(`stage layers [${first}, ${end}) do not continue from ${next} within ${def.layers.length} layers`);
      next = end;
      const layers = map.slice(first, end).flat().map((i) => model.layers[i]!);
      const layerVars = layers.flatMap((l) => l.trainableWeights);
      return { layers, layerVars, vars: layerVars.map((w) => (w as unknown as { val: tf.Variable }).val), offsets: layerVars.map((w) => offsetOf.get(w)!) };
    });
    if (next !== def.layers.length) throw new RangeError(`stages cover layers [0, ${next}) of ${def.layers.length}`);
  }

  /** Number of stages. */
  get stages(): number {
    return this.parts.length;
  }

  /** Sets the model's weights for a step and clears the accumulated gradient. */
  setWeights(weights: Float32Array): void {
    setFlatWeights(this.model, weights);
    this.acc.fill(0);
  }

  /** The gradient accumulated since {@link setWeights} (flat, `computeGradient`'s layout; a copy). */
  gradient(): Float32Array {
    return this.acc.slice();
  }

  private apply(stage: number, x: tf.Tensor): tf.Tensor {
    let y = x;
    for (const layer of this.parts[stage]!.layers) y = layer.apply(y, { training: true }) as tf.Tensor;
    return y;
  }

  /**
   * The stage's output for input `x` (a new tensor the caller disposes; `x` is kept by the caller for backward).
   * @param stage - stage index
   * @param x - the received activation (stage 0: the micro-batch's inputs)
   */
  forward(stage: number, x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.apply(stage, x));
  }

  /**
   * Backward of a stage that is not the last: accumulates its weights' gradients for output
   * gradient `dy` and returns dx.
   * @param stage - stage index
   * @param x - the input its forward had
   * @param dy - the gradient of the scaled loss with respect to its output
   * @param scale - mb/B (weights the stage's share of the L2 term)
   */
  backward(stage: number, x: tf.Tensor, dy: tf.Tensor, scale: number): StageBackward {
    const f = (xIn: tf.Tensor): tf.Scalar => tf.sum(tf.mul(this.apply(stage, xIn), dy)) as tf.Scalar;
    return this.differentiate(stage, x, f, scale);
  }

  /**
   * Backward of the last stage: the loss of its micro-batch (labels `yOneHot`) scaled by `scale`
   * = mb/B, its weights' gradients accumulated, and dx.
   * @param stage - the last stage's index
   * @param x - the input its forward had
   * @param yOneHot - the micro-batch's one-hot labels
   * @param scale - mb/B
   */
  lossBackward(stage: number, x: tf.Tensor, yOneHot: tf.Tensor, scale: number): StageBackward {
    const part = { apply: (xIn: tf.Tensor) => this.apply(stage, xIn), trainableWeights: this.parts[stage]!.layerVars } as unknown as tf.LayersModel;
    const f = (xIn: tf.Tensor): tf.Scalar => tf.mul(lossOf(this.def, part, xIn, yOneHot), scale) as tf.Scalar;
    return this.differentiate(stage, x, f, 0, true);
  }

  private differentiate(stage: number, x: tf.Tensor, f: (xIn: tf.Tensor) => tf.Scalar, l2Scale: number, isLoss = false): StageBackward {
    const { vars, layerVars, offsets } = this.parts[stage]!;
    const rho = this.def.l2;
    // One backward pass for the weights and dx: the input is wrapped as a (temporary) variable.
    const xVar = stage === 0 ? null : tf.variable(x, true);
    const varList = xVar === null ? vars : [...vars, xVar];
    if (varList.length === 0) {
      const loss = isLoss ? tf.tidy(() => f(x).dataSync()[0]!) : 0;
      return { dx: null, loss };
    }
    const { value, grads } = tf.tidy(() =>
      tf.variableGrads(() => {
        let v = f(xVar ?? x);
        if (rho > 0 && l2Scale > 0) for (const w of layerVars) v = tf.add(v, tf.mul(l2Scale * rho, tf.sum(tf.square(w.read())))) as tf.Scalar;
        return v;
      }, varList),
    );
    const loss = isLoss ? value.dataSync()[0]! : 0;
    value.dispose();
    vars.forEach((v, i) => {
      const g = grads[v.name]!;
      const data = g.dataSync();
      const o = offsets[i]!;
      for (let k = 0; k < data.length; k++) this.acc[o + k] = this.acc[o + k]! + data[k]!;
      g.dispose();
    });
    const dx = xVar === null ? null : grads[xVar.name]!;
    xVar?.dispose();
    return { dx, loss };
  }
}
