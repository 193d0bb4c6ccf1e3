/**
 * FedAsync (Xie, Koyejo, Gupta 2019, arXiv:1903.03934): every client loops download → train →
 * upload on its own, and the server mixes each update as it arrives, w ← (1 − α_t)·w + α_t·w_client
 * with α_t = α·s(staleness) (`rules/mixing.ts`, `rules/staleness.ts`). Each mix is one server
 * version; it is charged to the server as 3 FLOPs per parameter (rebuild the client's weights from
 * its decoded change, scale, add).
 * @module
 */
import { z } from 'zod';
import { parameterCount } from '../../learning/models.js';
import { mixWeights, fedAsyncAlpha, FEDASYNC_DEFAULTS } from '../rules/mixing.js';
import { stalenessSpecSchema, resolveStaleness, stalenessFunction, type StalenessSpec } from '../rules/staleness.js';
import { runAsync, type AsyncCommon } from './asyncLoop.js';
import { asyncCommonFields, resolveAsyncCommon, asyncDefaults } from './asyncParams.js';
import type { ProtocolEntry } from './protocol.js';

/** FedAsync's parameters. */
export interface FedAsyncParams extends AsyncCommon {
  /** registry name */
  name: 'fedasync';
  /** α in (0, 1] */
  alpha: number;
  /** s(staleness) with its parameters */
  staleness: StalenessSpec;
}

/** Defaults of FedAsync's own parameters (the shared ones follow from the training budget: `asyncDefaults`). */
const DEFAULTS = {
  alpha: FEDASYNC_DEFAULTS.mixingAlpha,
  staleness: resolveStaleness({ name: 'polynomial' }),
};

/** FedAsync's registry entry. */
export const fedAsyncProtocol: ProtocolEntry<FedAsyncParams> = {
  schema: z.strictObject({
    name: z.literal('fedasync'),
    alpha: z.number().gt(0, { message: 'expected a mixing α in (0, 1]' }).max(1, { message: 'expected a mixing α in (0, 1]' }).optional(),
    staleness: stalenessSpecSchema.optional(),
    ...asyncCommonFields,
  }),
  defaults: DEFAULTS,
  resolve: (spec, budget) => ({
    name: 'fedasync',
    alpha: (spec['alpha'] as number | undefined) ?? DEFAULTS.alpha,
    staleness: resolveStaleness((spec['staleness'] as StalenessSpec | undefined) ?? DEFAULTS.staleness),
    ...resolveAsyncCommon(spec, asyncDefaults(budget, 1)),
  }),
  start: (ctx, task) => {
    const p = task.config.protocol as unknown as FedAsyncParams;
    const s = stalenessFunction(p.staleness);
    const q = parameterCount(task.def);
    const server = ctx.node(task.config.server);
    return runAsync(ctx, task, p, function* (u, staleness, model) {
      yield server.cpu.computeOnAllCores(3 * q, `v${model.version + 1}/mix`).done;
      const alpha = fedAsyncAlpha(p.alpha, s, staleness);
      const client = new Float32Array(u.base.length); // empty in timing-only mode
      for (let i = 0; i < client.length; i++) client[i] = u.base[i]! + u.delta[i]!;
      model.global = mixWeights(model.global, client, alpha);
      model.version++;
      return { outcome: 'applied', weight: alpha, stepped: true };
    });
  },
};
