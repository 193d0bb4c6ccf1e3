/**
 * The `explicit` topology: the scenario's own nodes (kinds `server` and `switch`) and links. It
 * declares nothing; it names the servers (in rank order) and, optionally, the racks. Without
 * racks, servers are grouped by their first-hop switch ({@link racksByFirstHop}) once the
 * scenario's links are known.
 * @module
 */
import { z } from 'zod';
import type { DcLayout, TopologyEntry } from '../types.js';
import { withDefaults } from '../registrySpec.js';

/** Resolved `explicit` parameters. */
export interface ExplicitTopologyParams {
  /** registry name */
  name: 'explicit';
  /** the scenario's server node ids, in rank order */
  servers: string[];
  /** servers grouped into racks; null: by first-hop switch */
  racks: string[][] | null;
}

const ids = z.array(z.string().min(1)).min(1);
const schema = z.strictObject({ name: z.literal('explicit'), servers: ids, racks: z.array(ids).optional() });

const defaults = { racks: null };

/**
 * The layout of an explicit topology: no nodes or links of its own; racks as given, else empty
 * (to be filled by {@link racksByFirstHop}); no top (`attach.via` required).
 * @param p - resolved parameters
 */
export function buildExplicit(p: ExplicitTopologyParams): DcLayout {
  return { nodes: [], links: [], servers: [...p.servers], switches: [], racks: p.racks?.map((r) => [...r]) ?? [], top: null };
}

/**
 * Servers grouped by their first-hop switch (the first switch among a server's links, in link
 * order), groups in order of their first server; a server with no switch neighbour is a rack of its own.
 * @param servers - server ids in rank order
 * @param links - the links (either direction)
 * @param isSwitch - whether a node is a switch
 */
export function racksByFirstHop(servers: readonly string[], links: readonly { from: string; to: string }[], isSwitch: (id: string) => boolean): string[][] {
  const groups = new Map<string, string[]>();
  for (const s of servers) {
    const l = links.find((x) => (x.from === s && isSwitch(x.to)) || (x.to === s && isSwitch(x.from)));
    const key = l === undefined ? `\u0000${s}` : l.from === s ? l.to : l.from;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [s]);
    else g.push(s);
  }
  return [...groups.values()];
}

/** The `explicit` registry entry. */
export const explicitEntry: TopologyEntry<ExplicitTopologyParams> = {
  schema,
  defaults,
  resolve: (spec) => withDefaults<ExplicitTopologyParams>(defaults, spec),
  build: buildExplicit,
};
