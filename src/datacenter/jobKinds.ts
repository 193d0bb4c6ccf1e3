/**
 * The registry of data-center job kinds (`dcJobKinds`): each entry carries the kind's schema
 * fields, defaults (`resolve`), validation (`check`) and runner.
 * @module
 */
import { Registry } from '../engine/registry.js';
import type { DcJobKindEntry } from './job.js';
import { dataParallelJob } from './dataParallel.js';
import { pipelineJob, tensorJob } from './partition/jobs.js';

/** The registry of data-center job kinds. */
export const dcJobKinds = new Registry<DcJobKindEntry<any>>('data-center job kind');
dcJobKinds.register('data-parallel', 'a replica per server, shards ∝ memory left beside it (capped), batch b_i ∝ shard; a collective sums g_i·b_i/B each step (= mini-batch SGD on B); step ≈ 3·fwd·b/F + exposed all-reduce + 2q/F', dataParallelJob);
dcJobKinds.register('pipeline', 'pipeline parallelism: layers cut into stages on different servers, GPipe or 1F1B micro-batches', pipelineJob);
dcJobKinds.register('tensor', 'tensor parallelism: every parametered layer sliced across a group of servers', tensorJob);
