/**
 * Split-point profiles of a model (Neurosurgeon, Kang et al., ASPLOS 2017): cut after layer k of
 * the model's layer profile, the terminal computes layers 1..k, sends the activation of layer k
 * (the raw input when k = 0) and the edge computes layers k+1..n. For every k in 0..n: FLOPs and
 * parameters on each side, and the activation in values and in bytes at a precision. Pure
 * arithmetic on the {@link ModelDef}'s {@link LayerProfile}s; no TF.js.
 * @module
 */
import type { ModelDef } from '../learning/models.js';
import { activationBytes, type ActivationBits } from './quantize.js';

/** One split point. */
export interface SplitPoint {
  /** layers on the terminal (0 = all on the edge, n = all on the terminal) */
  k: number;
  /** name of the last terminal layer ('input' when k = 0) */
  after: string;
  /** forward FLOPs per sample on the terminal, layers 1..k */
  terminalFlops: number;
  /** forward FLOPs per sample on the edge, layers k+1..n */
  edgeFlops: number;
  /** parameters the terminal holds */
  terminalParams: number;
  /** parameters the edge holds */
  edgeParams: number;
  /** values sent per sample: the output of layer k (the input when k = 0) */
  activationValues: number;
  /** bytes sent per sample at the profile's precision (see {@link activationBytes}) */
  activationBytes: number;
}

/**
 * The n + 1 split points of a model, k = 0..n.
 * @param def - the model
 * @param bits - precision of the activation on the wire; default 32 (float32)
 */
export function splitProfiles(def: ModelDef, bits: ActivationBits = 32): SplitPoint[] {
  const inputValues = def.inputShape.reduce((a, b) => a * b, 1);
  const totalFlops = def.layers.reduce((a, l) => a + l.forwardFlops, 0);
  const totalParams = def.layers.reduce((a, l) => a + l.params, 0);
  const out: SplitPoint[] = [];
  let flops = 0;
  let params = 0;
  for (let k = 0; k <= def.layers.length; k++) {
    if (k > 0) {
      flops += def.layers[k - 1]!.forwardFlops;
      params += def.layers[k - 1]!.params;
    }
    const values = k === 0 ? inputValues : def.layers[k - 1]!.outputSize;
    out.push({
      k,
      after: k === 0 ? 'input' : def.layers[k - 1]!.name,
      terminalFlops: flops,
      edgeFlops: totalFlops - flops,
      terminalParams: params,
      edgeParams: totalParams - params,
      activationValues: values,
      activationBytes: activationBytes(values, bits),
    });
  }
  return out;
}
