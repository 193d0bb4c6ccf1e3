/**
 * The registry of data-center job kinds (`dcJobKinds`): each entry carries the kind's schema
 * fields, defaults (`resolve`), validation (`check`) and runner.
 * @module
 */
import { Registry } from '../engine/registry.js';
import type { DcJobKindEntry } from './job.js';

/** The registry of data-center job kinds. */
export const dcJobKinds = new Registry<DcJobKindEntry<any>>('data-center job kind');
