/**
 * Multi-exit MLPs (BranchyNet: S. Teerapittayanon, B. McDanel, H. T. Kung, "BranchyNet: Fast
 * Inference via Early Exiting from Deep Neural Networks", ICPR 2016): a trunk of dense layers (the
 * 2NN shape 784-200-200-10 by default) with side exits — small classifier heads (an optional
 * hidden dense ReLU layer, then a dense softmax to the classes) — after chosen trunk layers. The
 * trunk's last layer is the final exit. This file holds the definition: the per-layer and per-exit
 * profiles (FLOPs = 2·in·out + out per dense layer, parameters = in·out + out), the TF.js
 * functional model with one output per exit, the flat weight layout (trunk layers first, then the
 * heads in exit order; kernel then bias per layer), seeded initial weights and the FLOPs each side
 * of a split computes for a request that leaves at a given exit.
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { RandomStream } from '../engine/random.js';
import type { LayerProfile, ModelDef } from '../learning/models.js';

/** One side exit: where it branches off and its head's shape. */
export interface ExitHeadSpec {
  /** trunk layers computed before the head (1 … trunk layers − 1) */
  after: number;
  /** units of an optional hidden dense ReLU layer in the head; none when absent or 0 */
  hidden?: number;
}

/** The shape of a multi-exit MLP. */
export interface MultiExitSpec {
  /** input values per sample; default 784 */
  inputs?: number;
  /** widths of the trunk's hidden ReLU layers; default [200, 200] (the 2NN) */
  hidden?: number[];
  /** classes; default 10 */
  classes?: number;
  /** the side exits, in increasing `after` order (the final exit is implicit) */
  exits: ExitHeadSpec[];
  /** name; default `multiexit-<inputs>-<hidden…>-<classes>` */
  name?: string;
}

/** One dense layer of the model: trunk or head. */
export interface MultiExitLayer {
  /** name (`trunk1`, `exit1.hidden`, `exit1.out`, …) */
  name: string;
  /** input values */
  inputs: number;
  /** output units */
  units: number;
  /** its activation */
  activation: 'relu' | 'softmax';
}

/** One exit's profile. */
export interface ExitProfile {
  /** 0-based position among the exits (side exits first, the final exit last) */
  index: number;
  /** `exit1`, `exit2`, … or `final` */
  name: string;
  /** trunk layers computed before this exit decides (the trunk's length for the final exit) */
  after: number;
  /** the head's layers (empty for the final exit: its classifier is the trunk's last layer) */
  head: LayerProfile[];
  /** forward FLOPs per sample of the head */
  headFlops: number;
  /** parameters of the head */
  headParams: number;
  /**
   * forward FLOPs per sample of a request that leaves here: trunk layers 1..after plus the heads
   * of this and every earlier exit (each was evaluated, and rejected but this one)
   */
  flops: number;
}

/** A multi-exit model definition. */
export interface MultiExitDef {
  /** name */
  name: string;
  /** input shape of one sample */
  inputShape: number[];
  /** classes */
  classes: number;
  /** the trunk's layer profiles, input to output (a split at k runs trunk layers 1..k on the terminal) */
  trunk: LayerProfile[];
  /** the exits, side exits in `after` order then the final exit */
  exits: ExitProfile[];
  /** every dense layer in flat-weight order: the trunk, then each side exit's head */
  dense: MultiExitLayer[];
  /** parameters of the whole model (trunk and heads) */
  params: number;
}

/** A built TF.js multi-exit model. */
export interface BuiltMultiExit {
  /** the functional model; its outputs are the exits' softmax outputs in exit order */
  model: tf.LayersModel;
  /** its dense layers in the order of {@link MultiExitDef.dense} (the flat-weight order) */
  layers: tf.layers.Layer[];
}

/** The FLOPs each side of a split computes for one request. */
export interface ExitSplitCost {
  /** whether the request leaves at an exit on the terminal (after ≤ k): nothing is sent */
  onTerminal: boolean;
  /** forward FLOPs on the terminal */
  terminalFlops: number;
  /** forward FLOPs on the edge */
  edgeFlops: number;
}

const denseProfile = (name: string, inputs: number, units: number): LayerProfile => ({ name, params: inputs * units + units, forwardFlops: 2 * inputs * units + units, outputSize: units });

/**
 * A multi-exit MLP definition.
 * @param spec - trunk shape and side exits
 * @throws RangeError when an exit is not after a hidden trunk layer, or exits are not in strictly increasing `after` order
 */
export function multiExitMlp(spec: MultiExitSpec): MultiExitDef {
  const inputs = spec.inputs ?? 784;
  const hidden = spec.hidden ?? [200, 200];
  const classes = spec.classes ?? 10;
  const widths = [inputs, ...hidden, classes];
  const n = widths.length - 1;
  const dense: MultiExitLayer[] = [];
  const trunk: LayerProfile[] = [];
  for (let i = 1; i <= n; i++) {
    dense.push({ name: `trunk${i}`, inputs: widths[i - 1]!, units: widths[i]!, activation: i < n ? 'relu' : 'softmax' });
    trunk.push(denseProfile(`trunk${i}`, widths[i - 1]!, widths[i]!));
  }
  const trunkFlopsTo = (k: number): number => trunk.slice(0, k).reduce((a, l) => a + l.forwardFlops, 0);
  const exits: ExitProfile[] = [];
  let headsSoFar = 0;
  let previous = 0;
  spec.exits.forEach((e, j) => {
    if (!Number.isInteger(e.after) || e.after < 1 || e.after > n - 1) throw new RangeError(`exit ${j + 1}: after = ${e.after} is not a hidden trunk layer (1..${n - 1})`);
    if (e.after <= previous) throw new RangeError(`exit ${j + 1}: after = ${e.after} does not follow the previous exit's ${previous}`);
    previous = e.after;
    const name = `exit${j + 1}`;
    const width = widths[e.after]!;
    const head: LayerProfile[] = [];
    if ((e.hidden ?? 0) > 0) {
      dense.push({ name: `${name}.hidden`, inputs: width, units: e.hidden!, activation: 'relu' });
      head.push(denseProfile(`${name}.hidden`, width, e.hidden!));
    }
    const into = head.length > 0 ? e.hidden! : width;
    dense.push({ name: `${name}.out`, inputs: into, units: classes, activation: 'softmax' });
    head.push(denseProfile(`${name}.out`, into, classes));
    const headFlops = head.reduce((a, l) => a + l.forwardFlops, 0);
    headsSoFar += headFlops;
    exits.push({ index: j, name, after: e.after, head, headFlops, headParams: head.reduce((a, l) => a + l.params, 0), flops: trunkFlopsTo(e.after) + headsSoFar });
  });
  exits.push({ index: exits.length, name: 'final', after: n, head: [], headFlops: 0, headParams: 0, flops: trunkFlopsTo(n) + headsSoFar });
  const params = trunk.reduce((a, l) => a + l.params, 0) + exits.reduce((a, e) => a + e.headParams, 0);
  return { name: spec.name ?? `multiexit-${widths.join('-')}`, inputShape: [inputs], classes, trunk, exits, dense, params };
}

/**
 * Builds the TF.js functional model (`tf.model` with one softmax output per exit, in exit order).
 * Its weights are zero until set (see {@link setMultiExitWeights}).
 * @param def - the definition
 */
export function buildMultiExit(def: MultiExitDef): BuiltMultiExit {
  const input = tf.input({ shape: def.inputShape });
  const make = (d: MultiExitLayer): tf.layers.Layer => tf.layers.dense({ units: d.units, activation: d.activation, kernelInitializer: 'zeros' });
  const layers = def.dense.map(make);
  const outputs: tf.SymbolicTensor[] = [];
  const trunkOut: tf.SymbolicTensor[] = [input];
  for (let i = 0; i < def.trunk.length; i++) trunkOut.push(layers[i]!.apply(trunkOut[i]!) as tf.SymbolicTensor);
  let li = def.trunk.length;
  for (const e of def.exits.slice(0, -1)) {
    let h = trunkOut[e.after]!;
    for (let k = 0; k < e.head.length; k++) h = layers[li++]!.apply(h) as tf.SymbolicTensor;
    outputs.push(h);
  }
  outputs.push(trunkOut[def.trunk.length]!);
  return { model: tf.model({ inputs: input, outputs }), layers };
}

/**
 * Sets a built model's weights from a flat vector in {@link MultiExitDef.dense} order (kernel
 * [in, out] row-major, then bias, per layer).
 * @param def - the definition
 * @param built - a model built from `def`
 * @param flat - the weights
 * @throws RangeError when the length is not `def.params`
 */
export function setMultiExitWeights(def: MultiExitDef, built: BuiltMultiExit, flat: Float32Array): void {
  if (flat.length !== def.params) throw new RangeError(`weight vector of ${flat.length} values for a multi-exit model of ${def.params}`);
  let off = 0;
  def.dense.forEach((d, i) => {
    const tensors = tf.tidy(() => {
      const kernel = tf.tensor2d(flat.subarray(off, off + d.inputs * d.units), [d.inputs, d.units]);
      const bias = tf.tensor1d(flat.subarray(off + d.inputs * d.units, off + d.inputs * d.units + d.units));
      return [kernel, bias];
    });
    built.layers[i]!.setWeights(tensors);
    for (const t of tensors) t.dispose();
    off += d.inputs * d.units + d.units;
  });
}

/**
 * A built model's weights as one flat vector in {@link MultiExitDef.dense} order.
 * @param def - the definition
 * @param built - a model built from `def`
 */
export function getMultiExitWeights(def: MultiExitDef, built: BuiltMultiExit): Float32Array {
  const out = new Float32Array(def.params);
  let off = 0;
  for (const layer of built.layers) {
    for (const w of layer.getWeights()) {
      out.set(w.dataSync() as Float32Array, off);
      off += w.size;
    }
  }
  return out;
}

/**
 * Glorot-uniform kernels (limit √(6 / (in + out))) and zero biases in flat-weight order, drawn
 * from `rng` (the scheme of `initialWeights` in `learning/models.ts`; pure arithmetic, no TF.js).
 * @param def - the definition
 * @param rng - the stream (e.g. `multiexit/init`)
 */
export function multiExitInitialWeights(def: MultiExitDef, rng: RandomStream): Float32Array {
  const out = new Float32Array(def.params);
  let off = 0;
  for (const d of def.dense) {
    const limit = Math.sqrt(6 / (d.inputs + d.units));
    for (let i = 0; i < d.inputs * d.units; i++) out[off + i] = rng.uniform(-limit, limit);
    off += d.inputs * d.units + d.units;
  }
  return out;
}

/** Values of the trunk's weights (the first ones of the flat vector). */
function trunkParams(def: MultiExitDef): number {
  return def.trunk.reduce((a, l) => a + l.params, 0);
}

/**
 * The trunk alone as a {@link ModelDef} (a sequential MLP whose weight order is the flat vector's
 * first part): for `splitProfiles`, `SplitModel` and the final exit's reference.
 * @param def - the definition
 */
export function trunkModelDef(def: MultiExitDef): ModelDef {
  const trunkDense = def.dense.slice(0, def.trunk.length);
  return {
    name: `${def.name}/trunk`,
    inputShape: [...def.inputShape],
    classes: def.classes,
    layers: def.trunk.map((l) => ({ ...l })),
    convolutional: false,
    l2: 0,
    build: () => tf.sequential({ layers: trunkDense.map((d, i) => tf.layers.dense({ ...(i === 0 ? { inputShape: [d.inputs] } : {}), units: d.units, activation: d.activation, kernelInitializer: 'zeros' })) }),
  };
}

/**
 * The trunk's part of a flat weight vector (a view, for {@link trunkModelDef}).
 * @param def - the definition
 * @param weights - the whole model's weights
 */
export function trunkWeights(def: MultiExitDef, weights: Float32Array): Float32Array {
  return weights.subarray(0, trunkParams(def));
}

/**
 * FLOPs on each side of a split at k (trunk layers 1..k on the terminal, as in `splitProfiles`)
 * for a request that leaves at `exit`: the trunk layers up to the exit and the heads of exits 1..exit
 * run where their input is — a head after layer a runs on the terminal when a ≤ k. The request
 * ends on the terminal when the exit's `after` ≤ k (for the final exit: k = all layers).
 * @param def - the definition
 * @param exit - the exit index taken
 * @param k - split point, 0..trunk layers
 * @throws RangeError for an unknown exit or split point
 */
export function exitSplitCost(def: MultiExitDef, exit: number, k: number): ExitSplitCost {
  const e = def.exits[exit];
  if (e === undefined) throw new RangeError(`exit ${exit} is not in 0..${def.exits.length - 1}`);
  if (!Number.isInteger(k) || k < 0 || k > def.trunk.length) throw new RangeError(`split point ${k} is not in 0..${def.trunk.length}`);
  let terminalFlops = 0;
  let edgeFlops = 0;
  def.trunk.slice(0, e.after).forEach((l, i) => {
    if (i < k) terminalFlops += l.forwardFlops;
    else edgeFlops += l.forwardFlops;
  });
  for (const h of def.exits.slice(0, exit + 1)) {
    if (h.after <= k) terminalFlops += h.headFlops;
    else edgeFlops += h.headFlops;
  }
  return { onTerminal: e.after <= k, terminalFlops, edgeFlops };
}
