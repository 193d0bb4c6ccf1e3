/**
 * Layer-bucket gradient fusion (as PyTorch DDP buckets gradients; DESIGN §7): backprop visits the
 * layers in reverse, and a bucket closes once it holds `bucketBytes` of fp32 gradient values (or at
 * the first layer), so its transfer can overlap the backprop of the layers before it. Pure
 * functions of the model profile; the federated client (FedSGD's fused backprop) and the
 * data-center data-parallel job both use them.
 * @module
 */
import type { ModelDef } from './models.js';

/**
 * Per layer in backprop (reverse) order: the parameters of the bucket that closes after it, else 0.
 * @param def - the model
 * @param bucketBytes - the bucket cap (bytes of fp32)
 */
export function bucketPlan(def: ModelDef, bucketBytes: number): number[] {
  let pending = 0;
  const layers = [...def.layers].reverse();
  return layers.map((l, i) => {
    pending += l.params;
    if (pending === 0 || (pending * 4 < bucketBytes && i < layers.length - 1)) return 0;
    const closed = pending;
    pending = 0;
    return closed;
  });
}

/**
 * The parameter counts of the buckets of a model's gradient: layers in reverse order, merged until
 * a bucket holds `bucketBytes` of fp32 values (layers without parameters add none).
 * @param def - the model
 * @param bucketBytes - the cap
 */
export function fusionBuckets(def: ModelDef, bucketBytes: number): number[] {
  return bucketPlan(def, bucketBytes).filter((p) => p > 0);
}
