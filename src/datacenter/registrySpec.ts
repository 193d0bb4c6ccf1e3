/**
 * Resolution of a data-center registry entry's spec (a topology, a collective, later a
 * placement): the spec as written, its defaults filled in.
 * @module
 */
import type { RegistrySpec } from './types.js';

/**
 * A spec with its defaults filled in (fields given win; fields given as undefined take the default).
 * @param defaults - the entry's defaults
 * @param spec - a schema-valid spec
 */
export function withDefaults<P>(defaults: object, spec: RegistrySpec): P {
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(spec)) if (v !== undefined) out[k] = v;
  return out as P;
}
