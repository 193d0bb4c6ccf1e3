/**
 * The limits a scenario's numbers must keep, each with its reason, so that a scenario that
 * validates also simulates (no RangeError from the clock, no Infinity or NaN in a model).
 *
 * Two kinds:
 * - **Representation limits**, read from the unit in a field's name (units are in names, see
 *   ARCHITECTURE rule 8), so every field of that unit — including mobility models' fields and
 *   those added later — gets them without a schema edit: times (`…S`) within the clock's range
 *   and resolution, lengths and coordinates (`…M`) within 1e8 m, levels in dB (`…Db`, `…Dbm`,
 *   `…Dbi`) within ±300 dB. See {@link unitLimitIssues}.
 * - **Physical limits** of particular fields (a CPU clock, a bandwidth, a fraction), in
 *   `schema.ts` with the constants below.
 * @module
 */
import { MAX_TIME_NS, NS_PER_S } from '../engine/time.js';
import { formatNumber, shown } from './schemaMessages.js';

/** Largest time a scenario may name (s): the clock counts integer ns up to 2^53 − 1 (≈ 104 days). */
export const MAX_TIME_S = MAX_TIME_NS / NS_PER_S;

/** Smallest non-zero time (s): the clock's resolution, 1 ns. */
export const MIN_TIME_S = 1 / NS_PER_S;

/** Largest |coordinate| or length (m): 100 000 km, beyond geostationary orbit (3.6e7 m from Earth's centre). */
export const MAX_LENGTH_M = 1e8;

/** Shortest shadowing decorrelation distance (m): 1 mm (the process lives on a grid of d_corr/8). */
export const MIN_DECORRELATION_M = 1e-3;

/** Largest |level| in dB: a power ratio of 10^30, far beyond any link budget (and 10^(x/10) stays finite). */
export const MAX_LEVEL_DB = 300;

/** Highest CPU clock (Hz): 100 GHz, ~20× today's fastest cores. */
export const MAX_CPU_FREQ_HZ = 1e11;

/** Highest compute rate of one node (FLOP/s): 1e18, an exascale machine. */
export const MAX_FLOPS_PER_S = 1e18;

/** Most cores of one node's CPU. */
export const MAX_CORES = 1e7;

/** Most FLOPs per cycle per core (a wide SIMD/tensor unit does ~1e3). */
export const MAX_FLOPS_PER_CYCLE = 1e5;

/** Largest κ (J/(cycle·Hz²)); mobile CPUs are ~1e-28, so this is 10^8 times that. */
export const MAX_KAPPA = 1e-20;

/** Narrowest radio bandwidth (Hz): 1 kHz (NB-IoT's narrowest subcarrier allocation is 3.75 kHz). */
export const MIN_BANDWIDTH_HZ = 1e3;

/** Widest radio bandwidth (Hz): 1 THz. */
export const MAX_BANDWIDTH_HZ = 1e12;

/** Lowest carrier frequency (Hz): 1 MHz. */
export const MIN_CARRIER_HZ = 1e6;

/** Highest carrier frequency (Hz): 1 THz. */
export const MAX_CARRIER_HZ = 1e12;

/** Slowest wired link (bit/s). */
export const MIN_RATE_BPS = 1;

/** Fastest wired link (bit/s): 1 Pbit/s. */
export const MAX_RATE_BPS = 1e15;

/** Largest power draw of a node (W): 1 GW. */
export const MAX_POWER_W = 1e9;

/** Largest battery or energy (J): 1e18 J. */
export const MAX_ENERGY_J = 1e18;

/** Most values in a synthetic data set (samples × dim): 2^28, 1 GiB of float32. */
export const MAX_DATASET_VALUES = 2 ** 28;

/** A problem found by {@link unitLimitIssues}: the field's path and the message. */
export interface LimitIssue {
  /** path of the field */
  path: (string | number)[];
  /** what was expected and found */
  message: string;
}

/** The unit a field's name ends in, and the check for a value of that unit. */
interface UnitRule {
  unit: RegExp;
  check(v: number): string | undefined;
}

/** {@link MAX_TIME_S} as messages show it: `9.0e6` (rounded down, so every time shown as allowed is). */
const MAX_TIME_S_SHOWN = MAX_TIME_S.toExponential(1).replace('e+', 'e');
const timeRange = `the clock counts integer nanoseconds up to 2^53 ns ≈ 104 days`;

const UNIT_RULES: readonly UnitRule[] = [
  {
    // …S is seconds, but …PerS is a rate (cpuFlopsPerS, arrivalRatePerS).
    unit: /(?<!Per)S$/,
    check: (v) =>
      Math.abs(v) > MAX_TIME_S
        ? `expected a time ${v > 0 ? '≤ ' : '≥ −'}${MAX_TIME_S_SHOWN} s (${timeRange}), got ${shown(v)}`
        : v !== 0 && Math.abs(v) < MIN_TIME_S
          ? `expected 0 or a time ≥ 1e-9 s (the clock counts integer nanoseconds), got ${shown(v)}`
          : undefined,
  },
  {
    unit: /M$/,
    check: (v) => (Math.abs(v) > MAX_LENGTH_M ? `expected a length or coordinate within ±${formatNumber(MAX_LENGTH_M)} m (100 000 km, beyond geostationary orbit), got ${shown(v)}` : undefined),
  },
  {
    unit: /(Db|Dbm|Dbi)$/,
    check: (v) => (Math.abs(v) > MAX_LEVEL_DB ? `expected a level within ±${MAX_LEVEL_DB} dB (a power ratio of 10^30), got ${shown(v)}` : undefined),
  },
];

/**
 * Checks every number of a scenario object against the limit of the unit its field's name ends
 * in (the nearest named key on its path, so `positionM[1]` and `boundsM.xM[0]` are lengths).
 * Finite numbers only; types are the schema's business.
 * @param raw - the scenario object (plain objects and arrays are walked)
 * @returns one issue per number out of range
 */
export function unitLimitIssues(raw: unknown): LimitIssue[] {
  const issues: LimitIssue[] = [];
  const walk = (v: unknown, path: (string | number)[], rule: UnitRule | undefined): void => {
    if (typeof v === 'number') {
      const problem = rule !== undefined && Number.isFinite(v) ? rule.check(v) : undefined;
      if (problem !== undefined) issues.push({ path, message: problem });
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, [...path, i], rule));
    } else if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      for (const [k, x] of Object.entries(v)) walk(x, [...path, k], UNIT_RULES.find((r) => r.unit.test(k)));
    }
  };
  walk(raw, [], undefined);
  return issues;
}
