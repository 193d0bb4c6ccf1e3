/**
 * The registry of data-center job kinds (`dcJobKinds`): each entry carries the kind's schema
 * fields, defaults (`resolve`), validation (`check`) and runner.
 * @module
 */
import { Registry } from '../engine/registry.js';
import type { DcJobKindEntry } from './job.js';
import { dataParallelJob } from './dataParallel.js';

/** The registry of data-center job kinds. */
export const dcJobKinds = new Registry<DcJobKindEntry<any>>('data-center job kind')
  .register('data-parallel', 'a replica per server, shards ∝ memory left beside it (capped), batch b_i ∝ shard; a collective sums g_i·b_i/B each step (= mini-batch SGD on B); step ≈ 3·fwd·b/F + exposed all-reduce + 2q/F', dataParallelJob);
