/**
 * Node kinds: the roles a node plays in an edge network.
 * @module
 */
import { Registry } from '../engine/registry.js';

/** Names of the built-in node kinds. */
export const NODE_KIND_NAMES = ['terminal', 'edge', 'server', 'switch'] as const;

/** A node kind name: `terminal` (IoT or mobile device), `edge` (mobile edge data center), `server` (parameter server / cloud), `switch` (data-center switch: forwards wired traffic only). */
export type NodeKind = (typeof NODE_KIND_NAMES)[number];

/** Descriptor of a node kind. */
export interface NodeKindInfo {
  /** whether nodes of this kind usually carry a battery (used by later energy models) */
  batteryPowered: boolean;
}

/** The registry of node kinds. */
export const nodeKinds = new Registry<NodeKindInfo>('node kind')
  .register('terminal', 'an IoT sensor, phone or vehicle unit: trains locally, sends updates', { batteryPowered: true })
  .register('edge', 'a mobile edge data center (base-station server): aggregates and relays', { batteryPowered: false })
  .register('server', 'a parameter server in the cloud: global aggregation', { batteryPowered: false })
  .register('switch', 'a data-center switch: forwards wired traffic, computes nothing', { batteryPowered: false });
