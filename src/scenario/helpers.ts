/**
 * Helpers that build parts of a scenario in scenario files.
 * @module
 */
import type { NodeKind } from '../node/kinds.js';
import type { LaneSpec } from '../mobility/highway.js';
import type { NodeSpec, TraceNodesSpec } from './types.js';
import type { RegistrySpec } from '../datacenter/types.js';
import type { ServerGroup } from '../datacenter/topologies/serverMix.js';

/**
 * Every node of a trace as a scenario node: put the result in `nodes`. The trace is read when the
 * scenario is validated; node ids are `idPrefix` + the trace's ids.
 * @param file - the trace, relative to the scenario file's folder (or absolute)
 * @param options - role and CPU of the nodes, id prefix, a subset of ids, the format
 */
export function nodesFromTrace(file: string, options: Omit<TraceNodesSpec, 'fromTrace'>): TraceNodesSpec {
  return { fromTrace: file, ...options };
}

/** Options of {@link highwayNodes}. */
export interface HighwayNodesOptions {
  /** road name (its arrival process is shared by its vehicles) */
  road: string;
  /** road length (m) */
  lengthM: number;
  /** the lanes */
  lanes: LaneSpec[];
  /** vehicles entering per second, all lanes together */
  arrivalRatePerS: number;
  /** role of the vehicles; default 'terminal' */
  kind?: NodeKind;
  /** CPU rate of every vehicle (FLOP/s) */
  cpuFlopsPerS: number;
  /** node ids are `${idPrefix}${k}`; default 'v' */
  idPrefix?: string;
  /** antenna height (m); default 1.5 */
  zM?: number;
}

/**
 * The first `count` vehicles of a highway as scenario nodes.
 * @param count - how many vehicles
 * @param options - the road and the vehicles' role and CPU
 */
export function highwayNodes(count: number, options: HighwayNodesOptions): NodeSpec[] {
  const { road, lengthM, lanes, arrivalRatePerS, zM } = options;
  return Array.from({ length: count }, (_, k) => ({
    id: `${options.idPrefix ?? 'v'}${k}`,
    kind: options.kind ?? 'terminal',
    cpuFlopsPerS: options.cpuFlopsPerS,
    mobility: { model: 'highway', road, lengthM, lanes, arrivalRatePerS, vehicle: k, ...(zM === undefined ? {} : { zM }) },
  }));
}

/**
 * The freeway of 3GPP TR 36.885: 3 lanes in each direction, 4 m wide, every vehicle at the same
 * absolute speed (the TR's two cases: 70 and 140 km/h) [recall: check the TR before relying on it].
 * Lane centres at y = ±2, ±6, ±10 m; +y lanes drive toward +x.
 * @param speedKmh - vehicle speed in km/h; default 140
 */
export function freewayLanes(speedKmh = 140): LaneSpec[] {
  const speedMps = speedKmh / 3.6;
  const lanes: LaneSpec[] = [];
  for (let i = 0; i < 3; i++) lanes.push({ yM: 2 + 4 * i, direction: 1, speedMps });
  for (let i = 0; i < 3; i++) lanes.push({ yM: -2 - 4 * i, direction: -1, speedMps });
  return lanes;
}

/** The server mix every generated topology takes. */
export interface ServerMixOption {
  /** groups of identical servers filling the slots in order; default one group of `edge-server` */
  servers?: ServerGroup[];
}

/** Options of {@link fatTree}. */
export interface FatTreeOptions extends ServerMixOption {
  /** host–edge link rate (bit/s) */
  hostRateBps: number;
  /** switch–switch link rate (bit/s); default `hostRateBps` */
  fabricRateBps?: number;
  /** propagation delay of every link (s); default 1 µs */
  delayS?: number;
  /** latency each switch adds (s); default 0 */
  switchLatencyS?: number;
}

/** A `fat-tree` spec (see {@link fatTree}). */
export interface FatTreeSpec extends RegistrySpec, FatTreeOptions {
  /** registry name */
  name: 'fat-tree';
  /** switch port count, even ≥ 2 */
  k: number;
}

/** Options of {@link leafSpine}. */
export interface LeafSpineOptions extends ServerMixOption {
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
  delayS?: number;
  /** latency each switch adds (s); default 0 */
  switchLatencyS?: number;
}

/** A `leaf-spine` spec (see {@link leafSpine}). */
export interface LeafSpineSpec extends RegistrySpec, LeafSpineOptions {
  /** registry name */
  name: 'leaf-spine';
}

/** Options of {@link ringTopology} and {@link starTopology}. */
export interface SimpleTopologyOptions extends ServerMixOption {
  /** link rate (bit/s) */
  rateBps: number;
  /** propagation delay of every link (s); default 1 µs */
  delayS?: number;
}

/** A `ring` or `star` spec (see {@link ringTopology}, {@link starTopology}). */
export interface SimpleTopologySpec extends RegistrySpec, SimpleTopologyOptions {
  /** registry name */
  name: 'ring' | 'star';
  /** servers */
  count: number;
}

/** An `explicit` spec (see {@link explicitTopology}). */
export interface ExplicitTopologySpec extends RegistrySpec {
  /** registry name */
  name: 'explicit';
  /** the scenario's server nodes, in rank order */
  servers: string[];
  /** servers grouped into racks; default by first-hop switch */
  racks?: string[][];
}

/**
 * A k-ary fat-tree (Al-Fares et al. 2008): k pods, k³/4 servers, 5k²/4 switches. Put it in a data center's `topology`.
 * @param k - switch port count, even ≥ 2
 * @param o - rates, delays and the server mix
 */
export function fatTree(k: number, o: FatTreeOptions): FatTreeSpec {
  return { name: 'fat-tree', k, ...o };
}

/**
 * A leaf–spine (two-level Clos) fabric; oversubscription = serversPerLeaf·serverRateBps / (spines·uplinkRateBps).
 * @param o - counts, rates, delays and the server mix
 */
export function leafSpine(o: LeafSpineOptions): LeafSpineSpec {
  return { name: 'leaf-spine', ...o };
}

/**
 * `n` servers linked directly in a ring (no switch; an attach needs `via`).
 * @param n - servers
 * @param o - rate, delay and the server mix
 */
export function ringTopology(n: number, o: SimpleTopologyOptions): SimpleTopologySpec {
  return { name: 'ring', count: n, ...o };
}

/**
 * `n` servers around one switch.
 * @param n - servers
 * @param o - rate, delay and the server mix
 */
export function starTopology(n: number, o: SimpleTopologyOptions): SimpleTopologySpec {
  return { name: 'star', count: n, ...o };
}

/**
 * The scenario's own server and switch nodes and links as a data center.
 * @param servers - server node ids, in rank order
 * @param racks - servers grouped into racks; default by first-hop switch
 */
export function explicitTopology(servers: string[], racks?: string[][]): ExplicitTopologySpec {
  return racks === undefined ? { name: 'explicit', servers } : { name: 'explicit', servers, racks };
}
