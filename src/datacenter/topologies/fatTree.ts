/**
 * The k-ary fat-tree of Al-Fares, Loukissas and Vahdat (SIGCOMM 2008, §3): k pods of k/2 edge and
 * k/2 aggregation switches, (k/2)² core switches, k/2 hosts per edge switch (k³/4 hosts). Edge
 * switch e of pod p links to every aggregation switch of pod p; aggregation switch a of every pod
 * links to core switches a·k/2 … a·k/2 + k/2 − 1.
 * @module
 */
import { z } from 'zod';
import type { DcLayout, TopologyEntry } from '../types.js';
import { assignServers, DEFAULT_SERVER_MIX, serverMixSchema, switchDecl, type ServerGroup } from './serverMix.js';
import { DEFAULT_DC_DELAY_S, delaySchema, positiveSchema, wire } from './common.js';
import { withDefaults } from '../registrySpec.js';

/** Resolved fat-tree parameters. */
export interface FatTreeParams {
  /** registry name */
  name: 'fat-tree';
  /** switch port count, even ≥ 2 */
  k: number;
  /** host–edge link rate (bit/s) */
  hostRateBps: number;
  /** switch–switch link rate (bit/s); default `hostRateBps` */
  fabricRateBps: number;
  /** propagation delay of every link (s); default 1 µs */
  delayS: number;
  /** latency each switch adds (s); default 0 */
  switchLatencyS: number;
  /** server mix */
  servers: ServerGroup[];
}

const schema = z.strictObject({
  name: z.literal('fat-tree'),
  k: z
    .number()
    .int()
    .refine((k) => k >= 2 && k % 2 === 0, { message: 'expected an even k ≥ 2' }),
  hostRateBps: positiveSchema,
  fabricRateBps: positiveSchema.optional(),
  delayS: delaySchema.optional(),
  switchLatencyS: delaySchema.optional(),
  servers: serverMixSchema.optional(),
});

const defaults = { delayS: DEFAULT_DC_DELAY_S, switchLatencyS: 0, servers: DEFAULT_SERVER_MIX as ServerGroup[] };

/**
 * Expands a fat-tree: ids `core{j}`, `p{p}.agg{a}`, `p{p}.edge{e}`, `s{n}` (hosts numbered pod by
 * pod, edge by edge), each prefixed; racks are the hosts of one edge switch; top is `core0`.
 * @param p - resolved parameters
 * @param prefix - id prefix
 */
export function buildFatTree(p: FatTreeParams, prefix: string): DcLayout {
  const h = p.k / 2;
  const o = { delayS: p.delayS, switchLatencyS: p.switchLatencyS };
  const core = Array.from({ length: h * h }, (_, j) => `${prefix}core${j}`);
  const servers: string[] = [];
  const switches = [...core];
  const racks: string[][] = [];
  const links = [];
  const fabric = [];
  for (let pod = 0; pod < p.k; pod++) {
    const aggs = Array.from({ length: h }, (_, a) => `${prefix}p${pod}.agg${a}`);
    switches.push(...aggs);
    for (let e = 0; e < h; e++) {
      const edge = `${prefix}p${pod}.edge${e}`;
      switches.push(edge);
      const rack = Array.from({ length: h }, (_, i) => `${prefix}s${servers.length + i}`);
      servers.push(...rack);
      racks.push(rack);
      for (const s of rack) links.push(wire(s, edge, p.hostRateBps, false, true, o));
      for (const agg of aggs) fabric.push(wire(edge, agg, p.fabricRateBps, true, true, o));
    }
    for (let a = 0; a < h; a++) for (let c = 0; c < h; c++) fabric.push(wire(aggs[a]!, core[a * h + c]!, p.fabricRateBps, true, true, o));
  }
  return { nodes: [...assignServers(p.servers, servers), ...switches.map(switchDecl)], links: [...links, ...fabric], servers, switches, racks, top: core[0]! };
}

/** The `fat-tree` registry entry. */
export const fatTreeEntry: TopologyEntry<FatTreeParams> = {
  schema,
  defaults,
  resolve: (spec) => {
    const p = withDefaults<FatTreeParams>(defaults, spec);
    return { ...p, fabricRateBps: p.fabricRateBps ?? p.hostRateBps };
  },
  build: buildFatTree,
};
