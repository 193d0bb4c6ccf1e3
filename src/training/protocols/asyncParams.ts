/**
 * The schema fields and defaults every asynchronous protocol shares (see `asyncLoop.ts`).
 * @module
 */
import { z } from 'zod';
import type { AsyncCommon } from './asyncLoop.js';
import { positiveInt, type ProtocolSpec, type TrainingBudget } from './protocol.js';


/** Zod fields of {@link AsyncCommon} (all optional in a scenario). */
export const asyncCommonFields = {
  /** clients working at once */
  concurrency: positiveInt('clients').optional(),
  /** updates staler than this are discarded */
  maxStaleness: z.number().int({ message: 'expected a whole number of versions' }).nonnegative({ message: 'expected a staleness cap ≥ 0 versions' }).optional(),
  /** training ends after this many server versions */
  serverSteps: positiveInt('server steps').max(1e9).optional(),
  /** evaluate every this many server versions */
  evalEverySteps: positiveInt('server steps').optional(),
  /** a client whose update was lost tries again after this long */
  retryAfterS: z.number().positive({ message: 'expected a retry interval > 0 s' }).max(1e6).optional(),
  /** evaluate every this many simulated seconds */
  evalEveryS: z.number().positive({ message: 'expected an interval > 0 s' }).max(1e9).optional(),
};

/**
 * The shared parameters of a protocol spec with defaults filled in.
 * @param spec - the validated `training.protocol` object
 * @param defaults - the protocol's defaults of the shared parameters (from the training budget)
 */
export function resolveAsyncCommon(spec: ProtocolSpec, defaults: AsyncCommon): AsyncCommon {
  const get = <K extends keyof AsyncCommon>(k: K): AsyncCommon[K] => (spec[k] as AsyncCommon[K] | undefined) ?? defaults[k];
  return { concurrency: get('concurrency'), maxStaleness: get('maxStaleness'), serverSteps: get('serverSteps'), evalEverySteps: get('evalEverySteps'), evalEveryS: get('evalEveryS'), retryAfterS: get('retryAfterS') };
}

/**
 * Defaults of the shared parameters from the training budget, so that switching a scenario's
 * protocol keeps its budget of client work: as many clients at once as a sync round selects, and
 * training that ends after about as many client updates as `rounds` sync rounds aggregate.
 * @param budget - the training section's rounds and selection
 * @param updatesPerStep - client updates per server version (FedAsync 1, FedBuff K)
 */
export function asyncDefaults(budget: TrainingBudget, updatesPerStep: number): AsyncCommon {
  const steps = Math.max(1, Math.ceil((budget.rounds * budget.selected) / updatesPerStep));
  return { concurrency: budget.selected, maxStaleness: null, serverSteps: steps, evalEverySteps: Math.max(1, Math.round(budget.selected / updatesPerStep)), evalEveryS: null, retryAfterS: 1 };
}
