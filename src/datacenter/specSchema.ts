/**
 * The zod schema of one `datacenters` entry, assembled from the registries when asked for (so a
 * topology or job kind registered later is accepted), and its resolution: topology built with the
 * data center's id prefix, fabric and attach defaults, common job defaults, then each job kind's
 * own `resolve`. Defaults are those documented in `spec.ts`.
 * @module
 */
import { z } from 'zod';
import { models } from '../learning/models.js';
import { dcTopologies } from './topologies/index.js';
import { racksByFirstHop } from './topologies/explicit.js';
import { oversubscription, type LeafSpineParams } from './topologies/leafSpine.js';
import { dcJobKinds } from './jobKinds.js';
import { DEFAULT_SEGMENT_BYTES } from './fabric.js';
import type { DcLayout, NamedParams } from './types.js';
import type { DatacenterSpec, DcJobSpec, ResolvedDatacenter, ResolvedDcDataset, ResolvedDcJob, ResolvedDcJobBase } from './spec.js';

/** Default propagation delay of an attach link (s): 1 ms. */
export const DEFAULT_ATTACH_DELAY_S = 1e-3;

/** Default SGD step size of a data-center job. */
export const DEFAULT_DC_LEARNING_RATE = 0.05;

/** Default share of a dataset held out for testing. */
export const DEFAULT_DC_TEST_FRACTION = 0.2;

const positive = z.number().positive().finite();
const nonNegative = z.number().min(0).finite();
const count = z.number().int().positive();
const testFraction = z.number().min(0).lt(1).optional();
const nodeId = z.string().min(1);

/** The fields every job has (`DcJobBaseSpec`), as a zod shape. */
export const dcJobBaseShape: z.ZodRawShape = {
  name: z.string().min(1),
  model: z.string().refine((m) => models.has(m), { error: (iss) => `unknown model '${String(iss.input)}'; known: ${models.names().join(', ')}` }),
  steps: count,
  batch: count,
  learningRate: positive.optional(),
  mode: z.enum(['real', 'timing']).optional(),
  dataset: z
    .discriminatedUnion('name', [
      z.strictObject({ name: z.literal('mnist'), testFraction }),
      z.strictObject({ name: z.literal('gaussian-mixture'), samples: count, classes: z.number().int().min(2).max(1e4), dim: count, testFraction }),
    ])
    .optional(),
  evaluateEvery: count.optional(),
  servers: z.array(nodeId).min(1).optional(),
  optimizerStateFactor: nonNegative.optional(),
  memoryFraction: z.number().positive().max(1).optional(),
};

/** The schema of a job: the common fields plus each registered kind's, chosen by `kind`. */
function jobSchema(): z.ZodType {
  const kinds = dcJobKinds.list();
  if (kinds.length === 0) return z.never({ error: 'no data-center job kinds are registered' });
  const options = kinds.map((k) => z.strictObject({ ...dcJobBaseShape, ...k.value.shape })) as unknown as [z.ZodObject, ...z.ZodObject[]];
  return z.discriminatedUnion('kind', options);
}

/** The schema of a topology spec: each registered topology's, chosen by `name`. */
function topologySchema(): z.ZodType {
  const options = dcTopologies.list().map((e) => e.value.schema) as unknown as [z.ZodObject, ...z.ZodObject[]];
  return z.discriminatedUnion('name', options);
}

let cached: { key: string; schema: z.ZodType } | undefined;

/**
 * The schema of one `DatacenterSpec`, from the registries as they are now (kept while their
 * names do not change).
 */
export function datacenterSpecSchema(): z.ZodType {
  const key = `${dcTopologies.names().join(',')}|${dcJobKinds.names().join(',')}`;
  if (cached?.key === key) return cached.schema;
  const schema = z.strictObject({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { message: 'expected an id of letters, digits, "_" or "-"' }),
    topology: topologySchema(),
    routing: z.enum(['ecmp', 'shortest']).optional(),
    segmentBytes: count.nullable().optional(),
    messageOverheadS: nonNegative.optional(),
    reduceFlopsPerValue: nonNegative.optional(),
    attach: z
      .strictObject({ node: nodeId, rateBps: positive, delayS: nonNegative.optional(), via: nodeId.optional(), aggregates: z.boolean().optional() })
      .optional(),
    jobs: z.array(jobSchema()).optional(),
  });
  cached = { key, schema };
  return schema;
}

/** A link as racks are found from (either direction). */
export interface LinkEnds {
  /** one end */
  from: string;
  /** the other end */
  to: string;
}

/** What resolving a data center needs of the rest of the scenario (the `explicit` topology only). */
export interface DatacenterResolveEnv {
  /** the scenario's links */
  links: readonly LinkEnds[];
  /** whether a scenario node is a switch */
  isSwitch(id: string): boolean;
}

/** A data center's topology, built. */
export interface BuiltTopology {
  /** resolved parameters (a leaf–spine's with its `oversubscription`) */
  topology: NamedParams;
  /** what it expanded into, ids prefixed */
  layout: DcLayout;
}

/**
 * Expands a data center's topology: its layout with ids prefixed `${id}.` (an `explicit` one's
 * racks found by first-hop switch when not given) and its resolved parameters (a leaf–spine's
 * with its `oversubscription`).
 * @throws Error (an InputError) when the topology's server mix does not fit its slots
 */
export function buildDatacenterTopology(spec: DatacenterSpec, env?: DatacenterResolveEnv): BuiltTopology {
  const entry = dcTopologies.get(spec.topology.name);
  const params = entry.resolve(spec.topology) as NamedParams;
  const layout = entry.build(params, `${spec.id}.`);
  if (layout.racks.length === 0 && env !== undefined) layout.racks = racksByFirstHop(layout.servers, env.links, (id) => env.isSwitch(id));
  const topology = params.name === 'leaf-spine' ? { ...params, oversubscription: oversubscription(params as LeafSpineParams) } : params;
  return { topology, layout };
}

/**
 * A job's common fields with their defaults.
 * @param spec - the job as written
 * @param layout - its data center's layout (default servers)
 */
export function resolveDcJobBase(spec: DcJobSpec, layout: DcLayout): ResolvedDcJobBase {
  const d = spec.dataset ?? { name: 'mnist' };
  const dataset: ResolvedDcDataset = { ...d, testFraction: d.testFraction ?? DEFAULT_DC_TEST_FRACTION };
  return {
    name: spec.name,
    model: spec.model,
    steps: spec.steps,
    batch: spec.batch,
    learningRate: spec.learningRate ?? DEFAULT_DC_LEARNING_RATE,
    mode: spec.mode ?? 'real',
    dataset,
    evaluateEvery: spec.evaluateEvery ?? spec.steps,
    servers: [...(spec.servers ?? layout.servers)],
    optimizerStateFactor: spec.optimizerStateFactor ?? 1,
    memoryFraction: spec.memoryFraction ?? 1,
  };
}

/**
 * A job with every default filled in (common fields, then its kind's).
 * @throws Error (UnknownNameError, ZodError) on an unknown kind or an invalid registry entry within it
 */
export function resolveDcJob(spec: DcJobSpec, layout: DcLayout): ResolvedDcJob {
  return dcJobKinds.get(spec.kind).resolve(spec as unknown as Record<string, unknown>, resolveDcJobBase(spec, layout)) as ResolvedDcJob;
}

/**
 * A data center's resolved form from its built topology and resolved jobs (fabric, γ and attach
 * defaults filled in).
 * @param spec - the data center as written
 * @param built - its topology, built
 * @param jobs - its jobs, resolved
 * @throws Error when it has an attach link but no node to land it on (no `via`, no top)
 */
export function assembleDatacenter(spec: DatacenterSpec, built: BuiltTopology, jobs: ResolvedDcJob[]): ResolvedDatacenter {
  let attach: ResolvedDatacenter['attach'] = null;
  if (spec.attach !== undefined) {
    const via = spec.attach.via ?? built.layout.top;
    if (via === null) throw new Error(`data center '${spec.id}': attach.via is required (topology '${built.topology.name}' has no top node)`);
    attach = { node: spec.attach.node, rateBps: spec.attach.rateBps, delayS: spec.attach.delayS ?? DEFAULT_ATTACH_DELAY_S, via, aggregates: spec.attach.aggregates ?? false };
  }
  return {
    id: spec.id,
    topology: built.topology,
    layout: built.layout,
    fabric: { routing: spec.routing ?? 'ecmp', segmentBytes: spec.segmentBytes === undefined ? DEFAULT_SEGMENT_BYTES : spec.segmentBytes, messageOverheadS: spec.messageOverheadS ?? 0 },
    reduceFlopsPerValue: spec.reduceFlopsPerValue ?? 1,
    attach,
    jobs,
  };
}

/**
 * A schema-valid data center with its defaults filled in.
 * @param spec - the data center as written
 * @param env - the scenario's links and switches (for an `explicit` topology's racks)
 * @throws Error when its topology does not build, its attach has no landing node, or a job does not resolve
 */
export function resolveDatacenter(spec: DatacenterSpec, env?: DatacenterResolveEnv): ResolvedDatacenter {
  const built = buildDatacenterTopology(spec, env);
  return assembleDatacenter(spec, built, (spec.jobs ?? []).map((j) => resolveDcJob(j, built.layout)));
}
