/**
 * The registry of model placements (`placements`): how a partitioned model's pieces are cut and
 * put on servers — `random` (the seed's scheme), `balanced` (memory-constrained, minimal maximum
 * stage time) and `optimized` (minimal predicted step time over the topology).
 * @module
 */
import { Registry } from '../../engine/registry.js';
import type { NamedParams, RegistrySpec } from '../types.js';
import { balancedPlacement } from './balanced.js';
import { optimizedPlacement } from './optimized.js';
import { randomPlacement } from './random.js';
import type { PlacementEntry } from './types.js';

/** The registry of model placements. */
export const placements = new Registry<PlacementEntry<any>>('placement')
  .register('random', "the seed's scheme: random cut points and a random ordered choice of distinct servers (tensor: a random group, equal slices); retries redraws", randomPlacement)
  .register('balanced', 'servers in rank order, cuts minimizing the largest stage time within memory (linear-partition DP); tensor: the servers with most memory, slices ∝ FLOP/s capped by memory', balancedPlacement)
  .register('optimized', "least predicted step (flow-shop predictor) over cuts × ordered servers: exhaustive up to 2·10⁶ candidates, else local search from seeded starts; tensor: every group of w (≤ 10⁵)", optimizedPlacement);

/**
 * The parameters a spec names, defaults filled in.
 * @throws UnknownNameError when the name is not registered; ZodError when a field is invalid
 */
export function resolvePlacement(spec: RegistrySpec): NamedParams {
  return placements.get(spec.name).resolve(spec);
}
