/**
 * The registry of data-center job kinds (`dcJobKinds`): each entry carries the kind's schema
 * fields, defaults (`resolve`), validation (`check`) and runner.
 * @module
 */
import { Registry } from '../engine/registry.js';
import type { DcJobKindEntry } from './job.js';
import { pipelineJob, tensorJob } from './partition/jobs.js';

/** The registry of data-center job kinds. */
export const dcJobKinds = new Registry<DcJobKindEntry<any>>('data-center job kind');
dcJobKinds.register('pipeline', 'pipeline parallelism: layers cut into stages on different servers, GPipe or 1F1B micro-batches', pipelineJob);
dcJobKinds.register('tensor', 'tensor parallelism: every parametered layer sliced across a group of servers', tensorJob);
