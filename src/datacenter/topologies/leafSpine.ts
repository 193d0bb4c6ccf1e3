/**
 * A leaf–spine fabric (a two-level folded Clos): every leaf links to every spine; each leaf
 * serves `serversPerLeaf` servers. Oversubscription = serversPerLeaf·serverRateBps /
 * (spines·uplinkRateBps).
 * @module
 */
import { z } from 'zod';
import type { DcLayout, DcLinkDecl, TopologyEntry } from '../types.js';
import { assignServers, DEFAULT_SERVER_MIX, serverMixSchema, switchDecl, type ServerGroup } from './serverMix.js';
import { DEFAULT_DC_DELAY_S, delaySchema, positiveSchema, wire } from './common.js';
import { withDefaults } from '../registrySpec.js';

/** Resolved leaf–spine parameters. */
export interface LeafSpineParams {
  /** registry name */
  name: 'leaf-spine';
  /** leaf (top-of-rack) switches */
  leaves: number;
  /** spine switches */
  spines: number;
  /** servers under each leaf */
  serversPerLeaf: number;
  /** server–leaf link rate (bit/s) */
  serverRateBps: number;
  /** leaf–spine link rate (bit/s) */
  uplinkRateBps: number;
  /** propagation delay of every link (s); default 1 µs */
  delayS: number;
  /** latency each switch adds (s); default 0 */
  switchLatencyS: number;
  /** server mix */
  servers: ServerGroup[];
}

const count = z.number().int().positive();
const schema = z.strictObject({
  name: z.literal('leaf-spine'),
  leaves: count,
  spines: count,
  serversPerLeaf: count,
  serverRateBps: positiveSchema,
  uplinkRateBps: positiveSchema,
  delayS: delaySchema.optional(),
  switchLatencyS: delaySchema.optional(),
  servers: serverMixSchema.optional(),
});

const defaults = { delayS: DEFAULT_DC_DELAY_S, switchLatencyS: 0, servers: DEFAULT_SERVER_MIX as ServerGroup[] };

/**
 * A leaf's downlink capacity over its uplink capacity (1: non-blocking).
 * @param p - the fabric's counts and rates
 */
export function oversubscription(p: Pick<LeafSpineParams, 'serversPerLeaf' | 'serverRateBps' | 'spines' | 'uplinkRateBps'>): number {
  return (p.serversPerLeaf * p.serverRateBps) / (p.spines * p.uplinkRateBps);
}

/**
 * Expands a leaf–spine fabric: ids `spine{j}`, `leaf{i}`, `s{n}` (servers numbered leaf by
 * leaf), each prefixed; racks are the leaves' servers; top is `spine0`.
 * @param p - resolved parameters
 * @param prefix - id prefix
 */
export function buildLeafSpine(p: LeafSpineParams, prefix: string): DcLayout {
  const o = { delayS: p.delayS, switchLatencyS: p.switchLatencyS };
  const spines = Array.from({ length: p.spines }, (_, j) => `${prefix}spine${j}`);
  const leaves = Array.from({ length: p.leaves }, (_, i) => `${prefix}leaf${i}`);
  const racks = leaves.map((_, i) => Array.from({ length: p.serversPerLeaf }, (_, h) => `${prefix}s${i * p.serversPerLeaf + h}`));
  const servers = racks.flat();
  const links: DcLinkDecl[] = [];
  racks.forEach((rack, i) => rack.forEach((s) => links.push(wire(s, leaves[i]!, p.serverRateBps, false, true, o))));
  for (const leaf of leaves) for (const spine of spines) links.push(wire(leaf, spine, p.uplinkRateBps, true, true, o));
  const switches = [...spines, ...leaves];
  return { nodes: [...assignServers(p.servers, servers), ...switches.map(switchDecl)], links, servers, switches, racks, top: spines[0]! };
}

/** The `leaf-spine` registry entry. */
export const leafSpineEntry: TopologyEntry<LeafSpineParams> = {
  schema,
  defaults,
  resolve: (spec) => withDefaults<LeafSpineParams>(defaults, spec),
  build: buildLeafSpine,
};
