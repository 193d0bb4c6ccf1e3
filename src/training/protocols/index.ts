/**
 * The registry of training protocols. Adding one is a new file exporting its {@link ProtocolEntry}
 * plus one `register` line here; the scenario schema, `edgesim list` and validation follow.
 * @module
 */
import { Registry } from '../../engine/registry.js';
import type { ProtocolEntry } from './protocol.js';
import { syncProtocol } from './sync.js';
import { fedAsyncProtocol } from './fedasync.js';
import { fedBuffProtocol } from './fedbuff.js';
import { otaProtocol } from './ota.js';
import { hierarchicalProtocol } from './hierarchical.js';
import { hierAsyncProtocol } from './hierAsync.js';

/** Training protocols by name. */
export const protocols = new Registry<ProtocolEntry<any>>('training protocol').register(
  'sync',
  'synchronous rounds (FedAvg or FedSGD): select, broadcast, train, upload, aggregate what arrived by the deadline or the first K of an over-selection',
  syncProtocol,
)
  .register('fedasync', 'asynchronous: each client loops on its own; the server mixes each update on arrival, α·s(staleness) (Xie et al. 2019)', fedAsyncProtocol)
  .register('fedbuff', 'asynchronous with a concurrency cap; the server steps once K deltas are buffered (Nguyen et al. 2022)', fedBuffProtocol)
  .register('ota', 'synchronous rounds aggregated over the air: the ready clients transmit at once in one analog slot, with power control (the seed\'s eq. 3)', otaProtocol)
  .register('hierarchical', 'client-edge-cloud HierFAVG (Liu et al. 2020): each edge center averages its members every τ1 local epochs, the cloud averages the edges every τ2 edge rounds', hierarchicalProtocol)
  .register('hierarchical-async', 'hierarchical asynchronous: each edge center pulls the cloud model, runs τ2 edge rounds with its members and pushes; the cloud mixes edge models by staleness (FedAsync) or buffers K deltas (FedBuff)', hierAsyncProtocol);
