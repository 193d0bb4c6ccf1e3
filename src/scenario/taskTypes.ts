/**
 * Task types of the workload (for `edgesim list`; their fields are in `types.ts`).
 * @module
 */
import { Registry } from '../engine/registry.js';

/** Descriptor of a task type. */
export interface TaskTypeInfo {
  /** the fields a task of this type has besides `id`, `type` and `after` */
  fields: string[];
}

/** The registry of task types. */
export const taskTypes = new Registry<TaskTypeInfo>('task type')
  .register('compute', 'run `flops` FLOPs on `node` (FIFO on its CPU)', { fields: ['node', 'flops'] })
  .register('send', 'send `bits` bits from `from` to `to` over their link (FIFO at the sender)', { fields: ['from', 'to', 'bits'] })
  .register('broadcast', 'one wireless transmission of `bits` bits from `from` to every node in `to`, each at its own rate', { fields: ['from', 'to', 'bits'] });
