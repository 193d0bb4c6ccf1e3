/**
 * The registry of data-center topologies (`dcTopologies`): `fat-tree`, `leaf-spine`, `ring`,
 * `star` and `explicit`, each with its zod schema, defaults, resolution and expansion into a
 * {@link DcLayout}.
 * @module
 */
import { Registry } from '../../engine/registry.js';
import type { DcLayout, TopologyEntry, RegistrySpec } from '../types.js';
import { fatTreeEntry } from './fatTree.js';
import { leafSpineEntry } from './leafSpine.js';
import { ringEntry, starEntry } from './simple.js';
import { explicitEntry } from './explicit.js';

/** The registry of data-center topologies. */
export const dcTopologies = new Registry<TopologyEntry<any>>('data-center topology')
  .register('fat-tree', 'k-ary fat-tree (Al-Fares et al. 2008): k pods, k²/2 edge + k²/2 aggregation + k²/4 core switches, k³/4 servers', fatTreeEntry)
  .register('leaf-spine', 'two-level Clos: every leaf to every spine, serversPerLeaf under each leaf; oversubscription shown', leafSpineEntry)
  .register('ring', 'servers linked directly in a ring, no switch', ringEntry)
  .register('star', 'servers around one switch', starEntry)
  .register('explicit', "the scenario's own server and switch nodes and links; racks given or by first-hop switch", explicitEntry);

/**
 * Resolves and expands a schema-valid topology spec.
 * @param spec - the spec
 * @param prefix - id prefix (the data center's id followed by `.`)
 */
export function buildTopology(spec: RegistrySpec, prefix: string): DcLayout {
  const entry = dcTopologies.get(spec.name);
  return entry.build(entry.resolve(spec), prefix);
}
