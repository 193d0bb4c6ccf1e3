/**
 * The registry of model placements (`placements`): how a partitioned model's pieces are cut and
 * put on servers — `random` (the seed's scheme), `balanced` (memory-constrained, minimal maximum
 * stage time) and `optimized` (minimal predicted step time over the topology).
 * @module
 */
import { Registry } from '../../engine/registry.js';
import type { NamedParams, RegistrySpec } from '../types.js';
import type { PlacementEntry } from './types.js';

/** The registry of model placements. */
export const placements = new Registry<PlacementEntry<any>>('placement');

/**
 * The parameters a spec names, defaults filled in.
 * @throws UnknownNameError when the name is not registered; ZodError when a field is invalid
 */
export function resolvePlacement(spec: RegistrySpec): NamedParams {
  return placements.get(spec.name).resolve(spec);
}
