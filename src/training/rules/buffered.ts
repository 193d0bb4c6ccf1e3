/**
 * FedBuff's server step (Nguyen et al., "Federated Learning with Buffered Asynchronous Aggregation",
 * AISTATS 2022, arXiv:2106.06639, Algorithm 1): clients train asynchronously and send deltas; the
 * server sums them in a buffer and, once K have arrived, steps w ← w + η_g·(1/K)·Σ Δ_i. Here
 * Δ_i = (client's weights after local training) − (weights it started from); the paper writes the
 * client update with the opposite sign (start − end) and the server step as w ← w − η_g·Δ̄, which is
 * the same step. Every delta counts equally: the paper divides the buffer's sum by K and does not
 * weight by the clients' sample counts, so `samples` is carried for records only and ignored here.
 * (Algorithm 1 as recalled; the paper's text was not available to re-check the normalisation.)
 *
 * Optional staleness scaling, as FedScale implements FedBuff (github.com/SymbioticLab/FedScale,
 * commit 7ec441c, `fedscale/cloud/aggregation/async_aggregator.py`, `update_weight_aggregation`,
 * lines 124–137): each update is weighted by 1/√(1 + τ) (line 125:
 * `1 / (1 + self.round - self.client_task_model_version[...]) ** 0.5`, citing the paper's "staleness
 * scaling"), the weights are summed (line 126) and the weighted sum is divided by that sum (line 135)
 * — FedScale renormalises. Two differences from this function: FedScale averages the clients' full
 * weights (`update_weight` is the client's state dict) rather than deltas, and it has no η_g (the
 * weighted mean becomes the model, then an optional server optimizer runs). Choose
 * `normalization: 'weight-sum'` for FedScale's renormalisation applied to deltas, or the default
 * `'buffer-size'` to divide the weighted sum by K as in the paper. 1/√(1 + τ) is
 * `polynomialStaleness(0.5)`.
 * @module
 */
import type { StalenessFunction } from './staleness.js';
import { WeightedSum } from '../../learning/aggregate.js';

/** One buffered client update. */
export interface BufferedDelta {
  /** Δ = weights after local training − weights the client started from */
  delta: Float32Array;
  /** τ: server version when the update arrived minus the version the client started from */
  stalenessVersions: number;
  /** the client's local examples (not used by FedBuff: every delta counts equally) */
  samples: number;
}

/** How the weighted sum of the buffer is normalised. */
export type FedBuffNormalization = 'buffer-size' | 'weight-sum';

/** Options of {@link fedBuffStep}. */
export interface FedBuffOptions {
  /** η_g, the server learning rate (default {@link FEDBUFF_DEFAULTS}.serverLearningRate) */
  serverLearningRate?: number;
  /** s(τ) scaling each delta (e.g. `polynomialStaleness(0.5)` = 1/√(1 + τ)); default: none (s = 1) */
  stalenessWeight?: StalenessFunction;
  /** divide by K (`buffer-size`, the paper) or by Σ s(τ_i) (`weight-sum`, FedScale); default `buffer-size` */
  normalization?: FedBuffNormalization;
}

/** Default FedBuff parameters. */
export const FEDBUFF_DEFAULTS = {
  /** η_g = 1: the global model moves by the mean delta */
  serverLearningRate: 1,
  /** divide the buffer's sum by K, as the paper's Algorithm 1 */
  normalization: 'buffer-size',
} as const satisfies { serverLearningRate: number; normalization: FedBuffNormalization };

/**
 * s(τ) of one buffered delta: the staleness weight FedBuff scales it by (1 without staleness scaling).
 * @param stalenessVersions - τ ≥ 0
 * @param options - the staleness scaling
 */
export function fedBuffWeight(stalenessVersions: number, options: FedBuffOptions): number {
  if (!(stalenessVersions >= 0)) throw new RangeError(`staleness must be ≥ 0 versions, got ${stalenessVersions}`);
  const s = options.stalenessWeight === undefined ? 1 : options.stalenessWeight(stalenessVersions);
  if (!(s >= 0) || !Number.isFinite(s)) throw new RangeError(`a staleness weight must be finite and ≥ 0, got ${s}`);
  return s;
}

function denominatorOf(count: number, weightSum: number, options: FedBuffOptions): number {
  const normalization = options.normalization ?? FEDBUFF_DEFAULTS.normalization;
  const denominator = normalization === 'buffer-size' ? count : weightSum;
  if (!(denominator > 0)) throw new RangeError('the staleness weights sum to 0');
  return denominator;
}

function rawWeights(deltas: readonly BufferedDelta[], options: FedBuffOptions): { weights: number[]; denominator: number } {
  if (deltas.length === 0) throw new RangeError('the buffer is empty');
  const weights = deltas.map((d) => fedBuffWeight(d.stalenessVersions, options));
  return { weights, denominator: denominatorOf(deltas.length, weights.reduce((a, b) => a + b, 0), options) };
}

/**
 * The coefficient c_i each delta gets in the step w ← w + η_g·Σ c_i·Δ_i (before η_g):
 * s(τ_i)/K with `buffer-size`, s(τ_i)/Σ_j s(τ_j) with `weight-sum`.
 * @param deltas - the buffer (at least one update)
 * @param options - staleness scaling and normalisation
 */
export function fedBuffCoefficients(deltas: readonly BufferedDelta[], options: FedBuffOptions = {}): number[] {
  const { weights, denominator } = rawWeights(deltas, options);
  return weights.map((w) => w / denominator);
}

/**
 * One FedBuff server step: w ← w + η_g·Σ c_i·Δ_i with c_i from {@link fedBuffCoefficients}
 * (unweighted: w + η_g·(1/K)·Σ Δ_i). The weighted sum is accumulated in double precision and divided
 * by the normaliser last, so K equal deltas Δ give back Δ exactly.
 * @param global - current global weights (not modified)
 * @param deltas - the K buffered updates, each as long as `global`
 * @param options - η_g, staleness scaling, normalisation
 * @returns the new global weights (a new array)
 */
export function fedBuffStep(global: Float32Array, deltas: readonly BufferedDelta[], options: FedBuffOptions = {}): Float32Array {
  if (deltas.length === 0) throw new RangeError('the buffer is empty');
  const sum = new WeightedSum(global.length);
  deltas.forEach((d, k) => {
    if (d.delta.length !== global.length) throw new RangeError(`delta ${k} has ${d.delta.length} entries, the model ${global.length}`);
    sum.add(d.delta, fedBuffWeight(d.stalenessVersions, options));
  });
  return fedBuffStepFromSum(global, sum, options);
}

/**
 * FedBuff's step from the buffer folded as it filled — a running {@link WeightedSum} of the deltas,
 * each added with its {@link fedBuffWeight} s(τ) — so the server holds one sum, not K deltas:
 * w + η_g·Σ s(τ_i)·Δ_i / (K or Σ s(τ_i)). Folding the deltas in arrival order gives bit for bit what
 * {@link fedBuffStep} gives on the buffer in that order.
 * @param global - current global weights (not modified)
 * @param sum - the folded buffer (at least one delta)
 * @param options - η_g and the normalisation (the staleness weights are already in `sum`)
 * @returns the new global weights (a new array)
 */
export function fedBuffStepFromSum(global: Float32Array, sum: WeightedSum, options: FedBuffOptions = {}): Float32Array {
  const eta = options.serverLearningRate ?? FEDBUFF_DEFAULTS.serverLearningRate;
  if (!(eta > 0) || !Number.isFinite(eta)) throw new RangeError(`the server learning rate must be > 0, got ${eta}`);
  const acc = sum.sum;
  if (acc === undefined) throw new RangeError('the buffer is empty');
  if (acc.length !== global.length) throw new RangeError(`the buffer's sum has ${acc.length} entries, the model ${global.length}`);
  const denominator = denominatorOf(sum.count, sum.weight, options);
  const n = global.length;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = global[i]! + eta * (acc[i]! / denominator);
  return out;
}
