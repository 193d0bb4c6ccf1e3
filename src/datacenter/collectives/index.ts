/**
 * The registry of collective all-reduce algorithms (`collectives`): `ring`, `halving-doubling`,
 * `tree`, `parameter-server` and `hierarchical`. Each entry carries its zod schema, defaults,
 * `resolve` (defaults filled in), `check` (messages for a group) and `create` (one instance per
 * reduction). Formulas and sources: docs/datacenter.md.
 * @module
 */
import { z } from 'zod';
import { Registry } from '../../engine/registry.js';
import type { CollectiveBuffer, CollectiveComm, CollectiveEntry, CollectiveGroup, CollectiveInstance, RangeAllReduce } from './collective.js';
import type { RegistrySpec } from '../types.js';
import { withDefaults } from '../registrySpec.js';
import { ringAllReduce } from './ring.js';
import { halvingDoublingAllReduce } from './halvingDoubling.js';
import { treeAllReduce } from './tree.js';
import { dedicatedServers, shardedServers, type ParameterServerParams } from './parameterServer.js';
import { hierarchicalAllReduce, hierarchicalRacks, type HierarchicalCollectiveParams } from './hierarchical.js';

/** Parameters of a collective without fields (`ring`, `halving-doubling`, `tree`). */
export interface FlatCollectiveParams {
  /** registry name */
  name: 'ring' | 'halving-doubling' | 'tree';
}

/** A resolved collective spec. */
export type CollectiveParams = FlatCollectiveParams | ParameterServerParams | HierarchicalCollectiveParams;

/** Joins a flat range all-reduce over the whole buffer. */
function flatInstance(alg: RangeAllReduce, comm: CollectiveComm, group: CollectiveGroup, values: number, label: string): CollectiveInstance {
  return {
    *join(rank: number, buf: CollectiveBuffer) {
      if (buf.values !== values || (buf.data !== null && buf.data.length !== values)) throw new RangeError(`collective ${label}: rank ${rank} joined with ${buf.values} values, expected ${values}`);
      yield* alg(comm, group.nodes, rank, buf, 0, values, label);
    },
  };
}

function flatEntry(name: FlatCollectiveParams['name'], alg: RangeAllReduce): CollectiveEntry<FlatCollectiveParams> {
  const schema = z.strictObject({ name: z.literal(name) });
  return {
    schema,
    defaults: {},
    resolve: (spec: RegistrySpec) => schema.parse(spec),
    create: (comm, _params, group, values, label) => flatInstance(alg, comm, group, values, label),
  };
}

const psSchema = z.strictObject({ name: z.literal('parameter-server'), servers: z.union([z.literal('sharded'), z.array(z.string().min(1)).min(1)]).optional() });
const PS_DEFAULTS = { servers: 'sharded' } as const;

const parameterServerEntry: CollectiveEntry<ParameterServerParams> = {
  schema: psSchema,
  defaults: PS_DEFAULTS,
  resolve: (spec) => withDefaults<ParameterServerParams>(PS_DEFAULTS, psSchema.parse(spec)),
  check: (params) => {
    if (params.servers === 'sharded') return [];
    const dup = params.servers.filter((s, i) => params.servers.indexOf(s) !== i);
    return dup.length > 0 ? [`servers: '${dup[0]}' is listed twice`] : [];
  },
  create: (comm, params, group, values, label) => (params.servers === 'sharded' ? shardedServers(comm, group, values, label) : dedicatedServers(comm, params.servers, group, values, label)),
};

const hierSchema = z.strictObject({
  name: z.literal('hierarchical'),
  variant: z.enum(['rs-ar-ag', 'leader']).optional(),
  inter: z.enum(['ring', 'halving-doubling', 'tree']).optional(),
  racks: z.union([z.literal('topology'), z.array(z.array(z.string().min(1)).min(1)).min(1)]).optional(),
});
const HIER_DEFAULTS = { variant: 'rs-ar-ag', inter: 'ring', racks: 'topology' } as const;

const hierarchicalEntry: CollectiveEntry<HierarchicalCollectiveParams> = {
  schema: hierSchema,
  defaults: HIER_DEFAULTS,
  resolve: (spec) => withDefaults<HierarchicalCollectiveParams>(HIER_DEFAULTS, hierSchema.parse(spec)),
  check: (params, group) => hierarchicalRacks(params, group).issues,
  create: (comm, params, group, values, label) => hierarchicalAllReduce(comm, params, group, values, label),
};

/** The registry of collective all-reduce algorithms. */
export const collectives = new Registry<CollectiveEntry<any>>('collective')
  .register('ring', 'ring all-reduce: reduce-scatter ring then all-gather ring, 2(p−1) steps; 2(p−1)α + 2(p−1)/p·nβ', flatEntry('ring', ringAllReduce))
  .register('halving-doubling', "Rabenseifner: recursive-halving reduce-scatter, recursive-doubling all-gather (MPICH's fold for p not a power of two); 2·lg p·α + 2(p−1)/p·nβ", flatEntry('halving-doubling', halvingDoublingAllReduce))
  .register('tree', 'binomial reduce to rank 0 then binomial broadcast; 2⌈lg p⌉(α + nβ)', flatEntry('tree', treeAllReduce))
  .register('parameter-server', "push/pull through dedicated servers (servers: [ids]) or 'sharded' (every worker serves one shard)", parameterServerEntry)
  .register('hierarchical', "topology-aware: 'rs-ar-ag' (ring RS in racks, inter across racks on 1/g, ring AG) or 'leader' (reduce to rack leaders, inter, broadcast)", hierarchicalEntry);

/**
 * The parameters a spec names, defaults filled in.
 * @param spec - `{ name, ...fields }`
 * @throws UnknownNameError when the name is not registered; ZodError when a field is invalid
 */
export function resolveCollective(spec: RegistrySpec): CollectiveParams {
  return collectives.get(spec.name).resolve(spec) as CollectiveParams;
}

/**
 * One all-reduce instance of `values` values over `group`.
 * @param comm - the mailbox
 * @param params - resolved parameters ({@link resolveCollective})
 * @param group - the ranks
 * @param values - values per buffer
 * @param label - unique per reduction (message tags derive from it)
 */
export function createCollective(comm: CollectiveComm, params: CollectiveParams, group: CollectiveGroup, values: number, label: string): CollectiveInstance {
  return collectives.get(params.name).create(comm, params, group, values, label);
}
