/**
 * Magnitude (unstructured) pruning (Han et al., "Learning both Weights and Connections for
 * Efficient Neural Networks", NeurIPS 2015): in every kernel (a weight tensor of rank ≥ 2: dense
 * [in, out], conv [k, k, cin, cout]) the ⌊c·n⌋ weights of smallest |w| are set to 0; biases
 * (rank 1) are kept. Ties in |w| are broken by position: the lower flat index is pruned first. The
 * model keeps its shape, so its FLOPs and parameter count do NOT change (dense kernels still run
 * over the zeros); the nonzero count is reported instead. Pure arithmetic on flat weights.
 * @module
 */
import type { ModelDef } from '../learning/models.js';
import { weightLayout, type WeightSlice } from '../learning/weights.js';

/** How many of `n` items a pruning rate removes: ⌊c·n⌋ (a 1e-9 slack absorbs c·n = 28.999…96). */
export function prunedCount(rate: number, n: number): number {
  return Math.min(n, Math.floor(rate * n + 1e-9));
}

/**
 * Checks a pruning rate c ∈ [0, 1).
 * @param rate - the rate
 * @throws RangeError outside [0, 1)
 */
export function checkPruningRate(rate: number): void {
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`pruning rate ${rate} is not in [0, 1)`);
}

/** One kernel's sparsity after magnitude pruning. */
export interface KernelSparsity {
  /** tensor name */
  name: string;
  /** values in the kernel */
  size: number;
  /** values the pruning zeroed: ⌊c·size⌋ */
  pruned: number;
  /** values that are nonzero afterwards */
  nonzero: number;
}

/** The result of {@link magnitudePrune}. */
export interface MagnitudePruned {
  /** the pruned weights, flat in the model's weight order */
  weights: Float32Array;
  /** 1 where a value is kept (every bias value), 0 where it was pruned; same length as the weights */
  mask: Uint8Array;
  /** per kernel, in weight order */
  kernels: KernelSparsity[];
  /** nonzero values in the whole vector (kernels and biases) */
  nonzero: number;
}

/**
 * Magnitude pruning of flat weights with a known layout.
 * @param layout - the tensors' places in the vector (see {@link weightLayout})
 * @param weights - the weights
 * @param rate - c ∈ [0, 1): the fraction of each kernel to zero
 * @throws RangeError on a rate outside [0, 1) or a length that does not match the layout
 */
export function magnitudePruneLayout(layout: WeightSlice[], weights: Float32Array, rate: number): MagnitudePruned {
  checkPruningRate(rate);
  const total = layout.reduce((a, s) => a + s.size, 0);
  if (weights.length !== total) throw new RangeError(`weight vector of ${weights.length} values for a layout of ${total}`);
  const out = weights.slice();
  const mask = new Uint8Array(weights.length).fill(1);
  const kernels: KernelSparsity[] = [];
  for (const s of layout) {
    if (s.shape.length < 2) continue;
    const k = prunedCount(rate, s.size);
    if (k > 0) {
      const order = Uint32Array.from({ length: s.size }, (_, i) => i);
      const mag = (i: number): number => Math.abs(weights[s.offset + i]!);
      order.sort((a, b) => mag(a) - mag(b) || a - b);
      for (let j = 0; j < k; j++) {
        out[s.offset + order[j]!] = 0;
        mask[s.offset + order[j]!] = 0;
      }
    }
    let nonzero = 0;
    for (let i = s.offset; i < s.offset + s.size; i++) if (out[i] !== 0) nonzero++;
    kernels.push({ name: s.name, size: s.size, pruned: k, nonzero });
  }
  let nonzero = 0;
  for (const v of out) if (v !== 0) nonzero++;
  return { weights: out, mask, kernels, nonzero };
}

/**
 * Magnitude pruning of a model's flat weights (the layout from a model built and disposed here).
 * @param def - the model definition
 * @param weights - its weights, flat
 * @param rate - c ∈ [0, 1): the fraction of each kernel to zero
 * @throws RangeError on a rate outside [0, 1) or a length that does not match the model
 */
export function magnitudePrune(def: ModelDef, weights: Float32Array, rate: number): MagnitudePruned {
  const model = def.build();
  try {
    return magnitudePruneLayout(weightLayout(model), weights, rate);
  } finally {
    model.dispose();
  }
}

/**
 * The weights with the pruned values set back to 0 (after a fine-tuning step moved them).
 * @param weights - the weights
 * @param mask - 1 to keep, 0 to zero
 * @throws RangeError when the lengths differ
 */
export function applyMask(weights: Float32Array, mask: Uint8Array): Float32Array {
  if (weights.length !== mask.length) throw new RangeError(`mask of ${mask.length} values for ${weights.length} weights`);
  const out = weights.slice();
  for (let i = 0; i < out.length; i++) if (mask[i] === 0) out[i] = 0;
  return out;
}
