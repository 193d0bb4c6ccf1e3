/**
 * Standardisation of updates for an over-the-air slot, with its side information: each device
 * sends the mean and variance of its update digitally, the receiver pools them and broadcasts
 * (μ, σ), every device transmits x_l = (g_l − μ)/σ, and the receiver de-standardises its estimate
 * of the mean of the x_l. Because the map is affine and shared by all devices, de-standardising
 * the exact mean of the x_l gives the exact mean of the g_l. Sources: docs/ota.md.
 * @module
 */

/** The mean and (population) variance of a vector's entries, with their count. */
export interface UpdateStatistics {
  /** mean of the entries */
  mean: number;
  /** population variance of the entries (divided by the count, not count − 1) */
  variance: number;
  /** number of entries */
  count: number;
}

/** The affine map of standardisation: x = (g − mean)/std. */
export interface Standardisation {
  /** the subtracted mean μ */
  mean: number;
  /** the dividing standard deviation σ (> 0) */
  std: number;
}

/**
 * Mean and population variance of an update's entries, in double precision (two passes: the
 * variance is the mean of squared deviations, not E[g²] − E[g]², which cancels badly).
 * @param update - the update vector (at least one entry)
 */
export function updateStatistics(update: Float32Array): UpdateStatistics {
  const n = update.length;
  if (n === 0) throw new RangeError('updateStatistics needs at least one entry');
  let sum = 0;
  for (let i = 0; i < n; i++) sum += update[i]!;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = update[i]! - mean;
    squares += d * d;
  }
  return { mean, variance: squares / n, count: n };
}

/**
 * The statistics of the union of several devices' entries, exact from their per-device mean,
 * variance and count: with weights w_l (default the counts n_l) and W = Σ w_l,
 * μ = Σ w_l·μ_l / W and σ² = Σ w_l·(σ_l² + (μ_l − μ)²) / W (the law of total variance).
 * With other weights (e.g. FedAvg data sizes) it is the mean and variance of the mixture that
 * picks device l's entries with probability w_l/W; `count` is then still Σ n_l.
 * @param stats - per device: its {@link UpdateStatistics} (at least one)
 * @param weights - per device: a weight ≥ 0, not all 0; default the counts
 */
export function pooledStatistics(stats: readonly UpdateStatistics[], weights?: readonly number[]): UpdateStatistics {
  if (stats.length === 0) throw new RangeError('pooledStatistics needs at least one device');
  if (weights !== undefined && weights.length !== stats.length) throw new RangeError(`pooledStatistics: ${weights.length} weights for ${stats.length} devices`);
  let total = 0;
  let count = 0;
  let weightedMean = 0;
  for (let l = 0; l < stats.length; l++) {
    const s = stats[l]!;
    const w = weights === undefined ? s.count : weights[l]!;
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`pooledStatistics: weight ${l} must be finite and ≥ 0, got ${w}`);
    if (!(s.variance >= 0)) throw new RangeError(`pooledStatistics: variance ${l} must be ≥ 0, got ${s.variance}`);
    total += w;
    count += s.count;
    weightedMean += w * s.mean;
  }
  if (!(total > 0)) throw new RangeError('pooledStatistics needs a positive total weight');
  const mean = weightedMean / total;
  let variance = 0;
  for (let l = 0; l < stats.length; l++) {
    const s = stats[l]!;
    const w = weights === undefined ? s.count : weights[l]!;
    const d = s.mean - mean;
    variance += w * (s.variance + d * d);
  }
  return { mean, variance: variance / total, count };
}

/**
 * The standardisation of given statistics: (μ, σ = √variance).
 * @param stats - usually the pooled statistics of the slot's devices
 */
export function standardisationOf(stats: UpdateStatistics): Standardisation {
  return { mean: stats.mean, std: Math.sqrt(stats.variance) };
}

function checkStd(map: Standardisation, where: string): void {
  if (!(map.std > 0) || !Number.isFinite(map.std) || !Number.isFinite(map.mean)) {
    throw new RangeError(`${where}: std must be finite and > 0 and mean finite, got mean ${map.mean}, std ${map.std} (all entries equal?)`);
  }
}

/**
 * x = (g − μ)/σ per entry.
 * @param update - the raw update g
 * @param map - the shared (μ, σ), σ > 0
 */
export function standardise(update: Float32Array, map: Standardisation): Float32Array {
  checkStd(map, 'standardise');
  const out = new Float32Array(update.length);
  const inv = 1 / map.std;
  for (let i = 0; i < update.length; i++) out[i] = (update[i]! - map.mean) * inv;
  return out;
}

/**
 * g = σ·x + μ per entry: the inverse of {@link standardise}, applied to the receiver's estimate.
 * @param estimate - the estimated mean of the standardised updates
 * @param map - the shared (μ, σ) the devices used
 */
export function destandardise(estimate: Float32Array, map: Standardisation): Float32Array {
  checkStd(map, 'destandardise');
  const out = new Float32Array(estimate.length);
  for (let i = 0; i < estimate.length; i++) out[i] = map.std * estimate[i]! + map.mean;
  return out;
}
