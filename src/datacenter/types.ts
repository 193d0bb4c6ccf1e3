/**
 * Types shared by the data-center layer: a topology's layout (nodes, links, racks), the topology
 * registry's entries, and the fabric that carries data-center traffic over the world's wired links
 * (segmented, pipelined store-and-forward with ECMP routing; docs/datacenter.md).
 * @module
 */
import type { z } from 'zod';
import type { SimEvent } from '../engine/events.js';
import type { Link } from '../net/transfer.js';

/** An accelerator of a data-center server (as a scenario's node accelerator). */
export interface DcAcceleratorDecl {
  /** peak FLOP/s */
  flopsPerS: number;
  /** board power (W); one of this or `energyPerFlopJ` */
  boardPowerW?: number;
  /** energy per FLOP (J) */
  energyPerFlopJ?: number;
}

/** A node a topology declares: a server (computes) or a switch (forwards only). */
export interface DcNodeDecl {
  /** node id, prefixed with the data center's id (`dc.s3`) */
  id: string;
  /** `server` computes; `switch` forwards wired traffic and computes nothing */
  kind: 'server' | 'switch';
  /** device profile name */
  profile?: string;
  /** shorthand processor speed (FLOP/s) */
  cpuFlopsPerS?: number;
  /** memory (bytes) */
  memoryBytes?: number;
  /** an accelerator instead of the CPU */
  accelerator?: DcAcceleratorDecl;
}

/** A duplex wired link a topology declares (one FixedRateLink per direction once built). */
export interface DcLinkDecl {
  /** one end */
  from: string;
  /** the other end */
  to: string;
  /** rate of each direction (bit/s) */
  rateBps: number;
  /** propagation delay of `from` → `to`, the latency of a switch at `from` included (s) */
  delayS: number;
  /** delay of `to` → `from` when it differs (a switch at `to` only: its latency is added that way); default `delayS` */
  reverseDelayS?: number;
}

/** What a topology expands into. */
export interface DcLayout {
  /** servers then switches (or as the topology orders them); empty for `explicit` */
  nodes: DcNodeDecl[];
  /** duplex links; empty for `explicit` */
  links: DcLinkDecl[];
  /** server ids in rank (rack) order */
  servers: string[];
  /** switch ids */
  switches: string[];
  /** servers grouped by their first-hop switch, in rank order */
  racks: string[][];
  /** where an attach link lands by default (`core0`, `spine0`, `sw`), or null (`attach.via` required) */
  top: string | null;
}

/**
 * A registry entry's spec as a scenario writes it (a topology, a collective, a placement): the
 * entry's name and its parameters, checked by that entry's schema.
 */
export interface RegistrySpec {
  /** registry name (e.g. `fat-tree`, `ring`) */
  name: string;
  /** the entry's parameters */
  [field: string]: unknown;
}

/** Resolved registry parameters: at least the entry's name. */
export interface NamedParams {
  /** registry name */
  name: string;
}

/**
 * An entry of the `dcTopologies` registry.
 * @typeParam P - its resolved parameters
 */
export interface TopologyEntry<P extends NamedParams = NamedParams> {
  /** zod schema of the spec (strict, `name` a literal) */
  readonly schema: z.ZodType;
  /** defaults of the optional parameters */
  readonly defaults: Readonly<Partial<Omit<P, 'name'>>>;
  /** fills in the defaults of a schema-valid spec */
  resolve(spec: RegistrySpec): P;
  /**
   * Expands resolved parameters into nodes and links.
   * @param params - resolved parameters
   * @param prefix - id prefix (the data center's id followed by `.`)
   * @throws Error (an InputError) when the server mix does not fit the slots
   */
  build(params: P, prefix: string): DcLayout;
}

/** How a fabric carries messages. */
export interface FabricOptions {
  /** `ecmp`: hash per (src, dst) over equal-cost next hops; `shortest`: the world's `routeNow` */
  routing: 'ecmp' | 'shortest';
  /** segment size (bytes) forwarded hop by hop as each arrives; null: whole messages */
  segmentBytes: number | null;
  /** per-message posting time at the sender's NIC (s), o */
  messageOverheadS: number;
}

/** One link's data-center traffic since a mark. */
export interface LinkUse {
  /** link id */
  link: string;
  /** sending node */
  from: string;
  /** receiving node */
  to: string;
  /** link rate (bit/s) */
  rateBps: number;
  /** bits the fabric sent on it */
  bits: number;
  /** transmitter busy time (s), all traffic */
  busyS: number;
}

/** Counters taken by {@link Fabric.mark}. */
export interface FabricMark {
  /** link id → transmitter busy time (s) at the mark */
  readonly airtimeS: ReadonlyMap<string, number>;
  /** link id → bits the fabric had sent on it at the mark */
  readonly bits: ReadonlyMap<string, number>;
}

/** Carries data-center messages over the world's wired links. */
export interface Fabric {
  /** routing, segment size and per-message overhead */
  readonly options: Readonly<FabricOptions>;
  /**
   * The links a message from `from` to `to` takes (cached per pair).
   * @throws Error when there is no route
   */
  route(from: string, to: string): readonly Link[];
  /**
   * Sends `bytes` from `from` to `to`: NIC posting, then segments pipelined hop by hop.
   * @param label - task label for traces
   * @returns succeeds with the full arrival time (s), or fails with a TransferError
   */
  send(from: string, to: string, bytes: number, label: string): SimEvent<number>;
  /** Counters now, for {@link Fabric.usage}. */
  mark(): FabricMark;
  /** Per-link traffic since `since`; links with no data-center traffic left out. */
  usage(since: FabricMark): LinkUse[];
}
