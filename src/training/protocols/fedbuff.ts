/**
 * FedBuff (Nguyen et al. 2022, arXiv:2106.06639): clients train asynchronously, at most
 * `concurrency` at once; the server buffers their deltas and, once K have arrived, steps
 * w ← w + η_g·Σ c_i·Δ_i (`rules/buffered.ts`), optionally weighting each by 1/√(1 + staleness) as
 * FedScale does. Each step is one server version, charged to the server as 2 FLOPs per parameter
 * per buffered delta. The buffer is a running weighted sum: memory O(parameters), not O(K × parameters).
 * @module
 */
import { z } from 'zod';
import { parameterCount } from '../../learning/models.js';
import { fedBuffStepFromSum, fedBuffWeight, FEDBUFF_DEFAULTS, type FedBuffNormalization } from '../rules/buffered.js';
import { WeightedSum } from '../../learning/aggregate.js';
import { polynomialStaleness } from '../rules/staleness.js';
import { runAsync, type AsyncCommon } from './asyncLoop.js';
import { asyncCommonFields, resolveAsyncCommon, asyncDefaults } from './asyncParams.js';
import type { ProtocolEntry } from './protocol.js';

/** FedBuff's parameters. */
export interface FedBuffParams extends AsyncCommon {
  /** registry name */
  name: 'fedbuff';
  /** K: deltas per server step */
  bufferSize: number;
  /** η_g */
  serverLearningRate: number;
  /** `none`, or `inverse-sqrt`: each delta weighted by 1/√(1 + staleness) (FedScale) */
  stalenessWeighting: 'none' | 'inverse-sqrt';
  /** divide the weighted sum by K (`buffer-size`, the paper) or by the weights' sum (`weight-sum`, FedScale) */
  normalization: FedBuffNormalization;
}

/** Defaults of FedBuff's own parameters (K at most the clients at once; the shared ones follow from the training budget: `asyncDefaults`). */
const DEFAULTS = {
  bufferSize: 10,
  serverLearningRate: FEDBUFF_DEFAULTS.serverLearningRate,
  stalenessWeighting: 'none' as const,
  normalization: FEDBUFF_DEFAULTS.normalization,
};

/** FedBuff's registry entry. */
export const fedBuffProtocol: ProtocolEntry<FedBuffParams> = {
  schema: z.strictObject({
    name: z.literal('fedbuff'),
    bufferSize: z.number().int({ message: 'expected a whole number of updates' }).positive({ message: 'expected a buffer of at least one update' }).optional(),
    serverLearningRate: z.number().positive({ message: 'expected a server learning rate > 0' }).max(1e3).optional(),
    stalenessWeighting: z.enum(['none', 'inverse-sqrt']).optional(),
    normalization: z.enum(['buffer-size', 'weight-sum']).optional(),
    ...asyncCommonFields,
  }),
  defaults: DEFAULTS,
  resolve: (spec, budget) => {
    const get = <K extends keyof typeof DEFAULTS>(k: K): FedBuffParams[K] => (spec[k] as FedBuffParams[K] | undefined) ?? (DEFAULTS[k] as FedBuffParams[K]);
    const concurrency = (spec['concurrency'] as number | undefined) ?? budget.selected;
    const bufferSize = (spec['bufferSize'] as number | undefined) ?? Math.min(DEFAULTS.bufferSize, concurrency);
    return { name: 'fedbuff', bufferSize, serverLearningRate: get('serverLearningRate'), stalenessWeighting: get('stalenessWeighting'), normalization: get('normalization'), ...resolveAsyncCommon(spec, asyncDefaults(budget, bufferSize)) };
  },
  start: (ctx, task) => {
    const p = task.config.protocol as unknown as FedBuffParams;
    const q = parameterCount(task.def);
    const server = ctx.node(task.config.server);
    const weightOf = p.stalenessWeighting === 'inverse-sqrt' ? polynomialStaleness(0.5) : undefined;
    const options = { serverLearningRate: p.serverLearningRate, stalenessWeight: weightOf, normalization: p.normalization };
    // The buffer is folded as it fills (Σ s(τ)·Δ and Σ s(τ)): the server holds one sum, not K deltas.
    let buffer = new WeightedSum(task.initial.length);
    return runAsync(ctx, task, p, function* (u, staleness, model) {
      const weight = fedBuffWeight(staleness, options);
      buffer.add(u.delta, weight);
      if (buffer.count < p.bufferSize) return { outcome: 'buffered', weight, stepped: false };
      yield server.cpu.computeOnAllCores(2 * q * buffer.count, `v${model.version + 1}/aggregate`).done;
      model.global = fedBuffStepFromSum(model.global, buffer, options);
      model.version++;
      buffer = new WeightedSum(task.initial.length);
      return { outcome: 'applied', weight, stepped: true };
    });
  },
};
