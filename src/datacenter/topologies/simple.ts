/**
 * Two small topologies: a `ring` of servers linked directly (s_i ↔ s_{i+1 mod n}, no switch) and a
 * `star` of servers around one switch `sw`.
 * @module
 */
import { z } from 'zod';
import type { DcLayout, DcLinkDecl, TopologyEntry } from '../types.js';
import { assignServers, DEFAULT_SERVER_MIX, serverMixSchema, switchDecl, type ServerGroup } from './serverMix.js';
import { DEFAULT_DC_DELAY_S, delaySchema, positiveSchema } from './common.js';
import { withDefaults } from '../registrySpec.js';

/** Resolved `ring` or `star` parameters. */
export interface SimpleTopologyParams {
  /** registry name */
  name: 'ring' | 'star';
  /** servers */
  count: number;
  /** link rate (bit/s) */
  rateBps: number;
  /** propagation delay of every link (s); default 1 µs */
  delayS: number;
  /** server mix */
  servers: ServerGroup[];
}

const schemaOf = (name: 'ring' | 'star') =>
  z.strictObject({ name: z.literal(name), count: z.number().int().positive(), rateBps: positiveSchema, delayS: delaySchema.optional(), servers: serverMixSchema.optional() });

const defaults = { delayS: DEFAULT_DC_DELAY_S, servers: DEFAULT_SERVER_MIX as ServerGroup[] };

const serverIds = (p: SimpleTopologyParams, prefix: string): string[] => Array.from({ length: p.count }, (_, i) => `${prefix}s${i}`);

/**
 * Expands a ring: s_i ↔ s_{i+1 mod n} (one link for n = 2, none for n = 1); one rack; no top.
 * @param p - resolved parameters
 * @param prefix - id prefix
 */
export function buildRing(p: SimpleTopologyParams, prefix: string): DcLayout {
  const servers = serverIds(p, prefix);
  const n = servers.length;
  const links: DcLinkDecl[] = [];
  const pairs = n <= 2 ? n - 1 : n;
  for (let i = 0; i < pairs; i++) links.push({ from: servers[i]!, to: servers[(i + 1) % n]!, rateBps: p.rateBps, delayS: p.delayS });
  return { nodes: assignServers(p.servers, servers), links, servers, switches: [], racks: [[...servers]], top: null };
}

/**
 * Expands a star: every server linked to the switch `sw`; one rack; top is `sw`.
 * @param p - resolved parameters
 * @param prefix - id prefix
 */
export function buildStar(p: SimpleTopologyParams, prefix: string): DcLayout {
  const servers = serverIds(p, prefix);
  const sw = `${prefix}sw`;
  const links = servers.map((s) => ({ from: s, to: sw, rateBps: p.rateBps, delayS: p.delayS }));
  return { nodes: [...assignServers(p.servers, servers), switchDecl(sw)], links, servers, switches: [sw], racks: [[...servers]], top: sw };
}

/** The `ring` registry entry. */
export const ringEntry: TopologyEntry<SimpleTopologyParams> = {
  schema: schemaOf('ring'),
  defaults,
  resolve: (spec) => withDefaults<SimpleTopologyParams>(defaults, spec),
  build: buildRing,
};

/** The `star` registry entry. */
export const starEntry: TopologyEntry<SimpleTopologyParams> = {
  schema: schemaOf('star'),
  defaults,
  resolve: (spec) => withDefaults<SimpleTopologyParams>(defaults, spec),
  build: buildStar,
};
