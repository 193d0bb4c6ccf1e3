/**
 * FedAsync's server update (Xie, Koyejo, Gupta, "Asynchronous Federated Optimization",
 * arXiv:1903.03934, 2019, Algorithm 1): when a client's trained model x_new arrives, the server mixes
 * it into the global model, x_t = (1 − α_t)·x_{t−1} + α_t·x_new, with α_t = α·s(t − τ) (see
 * `staleness.ts`). Checked against the authors' code (github.com/xcgoner/async_fl,
 * `train_cifar10_mxnet_fedasync_singlethread_impl.py`: `alpha_scaled = alpha * alpha_factor`;
 * `weight = param_server * (1 - alpha_scaled) + weight * alpha_scaled`), whose command-line default is
 * α = 0.9 and whose README and experiment script use α = 0.8.
 *
 * An optional bound on staleness drops updates older than `maxStalenessVersions` (FedScale's
 * `--max_staleness`, default 5, `fedscale/cloud/aggregation/async_aggregator.py` line 89; the
 * FedAsync code bounds the delay by keeping only the last `--max-delay` models). A dropped update is
 * an explicit result with its reason, not a silent no-op.
 * @module
 */
import type { StalenessFunction } from './staleness.js';

/** Default FedAsync parameters. */
export const FEDASYNC_DEFAULTS = {
  /** α, the mixing hyperparameter (authors' README and experiment script) */
  mixingAlpha: 0.8,
} as const;

/**
 * The convex combination (1 − α)·global + α·client, computed in double precision per coordinate.
 * α = 1 returns the client's weights exactly, α = 0 the global weights exactly.
 * @param global - the current global weights (not modified)
 * @param client - the client's trained weights (not modified), same length
 * @param alpha - α_t in [0, 1]
 * @returns a new array
 */
export function mixWeights(global: Float32Array, client: Float32Array, alpha: number): Float32Array {
  if (global.length !== client.length) throw new RangeError(`global and client weights differ in length: ${global.length} vs ${client.length}`);
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`the mixing weight must lie in [0, 1], got ${alpha}`);
  const out = new Float32Array(global.length);
  const keep = 1 - alpha;
  if (alpha === 0) out.set(global);
  else if (alpha === 1) out.set(client);
  else for (let i = 0; i < out.length; i++) out[i] = keep * global[i]! + alpha * client[i]!;
  return out;
}

/**
 * FedAsync's effective mixing weight α_t = α·s(staleness).
 * @param mixingAlpha - α in [0, 1]
 * @param staleness - s(·)
 * @param stalenessVersions - server version at arrival minus the version the client started from
 */
export function fedAsyncAlpha(mixingAlpha: number, staleness: StalenessFunction, stalenessVersions: number): number {
  if (!(mixingAlpha >= 0 && mixingAlpha <= 1)) throw new RangeError(`α must lie in [0, 1], got ${mixingAlpha}`);
  const s = staleness(stalenessVersions);
  if (!(s >= 0 && s <= 1)) throw new RangeError(`a staleness function must return a value in [0, 1], got ${s} at staleness ${stalenessVersions}`);
  return mixingAlpha * s;
}

/** Options of {@link fedAsyncStep}. */
export interface FedAsyncOptions {
  /** α in [0, 1] (default {@link FEDASYNC_DEFAULTS}.mixingAlpha) */
  mixingAlpha?: number;
  /** s(·) that scales α by the update's staleness */
  staleness: StalenessFunction;
  /** updates strictly older than this many versions are dropped (default: none are) */
  maxStalenessVersions?: number;
}

/** An update {@link fedAsyncStep} mixed in. */
export interface FedAsyncApplied {
  /** discriminant */
  applied: true;
  /** the new global weights */
  weights: Float32Array;
  /** α_t = α·s(τ) it was mixed with */
  alpha: number;
}

/** An update {@link fedAsyncStep} dropped, and why. */
export interface FedAsyncDropped {
  /** discriminant */
  applied: false;
  /** why: older than the bound */
  reason: 'too-stale';
  /** its staleness τ */
  stalenessVersions: number;
  /** the bound it exceeded */
  maxStalenessVersions: number;
}

/** What {@link fedAsyncStep} did with an update: applied with its α_t, or dropped and why. */
export type FedAsyncResult = FedAsyncApplied | FedAsyncDropped;

/**
 * One FedAsync server update: drops the update if it is too stale, else mixes it with α_t = α·s(τ).
 * @param global - current global weights (not modified)
 * @param client - the client's trained weights (not modified)
 * @param stalenessVersions - τ: server version now minus the version the client started from
 * @param options - α, s(·) and the optional staleness bound
 */
export function fedAsyncStep(global: Float32Array, client: Float32Array, stalenessVersions: number, options: FedAsyncOptions): FedAsyncResult {
  const max = options.maxStalenessVersions;
  if (max !== undefined) {
    if (!(max >= 0)) throw new RangeError(`maxStalenessVersions must be ≥ 0, got ${max}`);
    if (stalenessVersions > max) return { applied: false, reason: 'too-stale', stalenessVersions, maxStalenessVersions: max };
  }
  const alpha = fedAsyncAlpha(options.mixingAlpha ?? FEDASYNC_DEFAULTS.mixingAlpha, options.staleness, stalenessVersions);
  return { applied: true, weights: mixWeights(global, client, alpha), alpha };
}
