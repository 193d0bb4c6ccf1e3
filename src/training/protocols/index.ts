/**
 * The registry of training protocols. Adding one is a new file exporting its {@link ProtocolEntry}
 * plus one `register` line here; the scenario schema, `edgesim list` and validation follow.
 * @module
 */
import { Registry } from '../../engine/registry.js';
import type { ProtocolEntry } from './protocol.js';
import { syncProtocol } from './sync.js';

/** Training protocols by name. */
export const protocols = new Registry<ProtocolEntry<any>>('training protocol').register(
  'sync',
  'synchronous rounds (FedAvg or FedSGD): select, broadcast, train, upload, aggregate what arrived by the deadline or the first K of an over-selection',
  syncProtocol,
);
