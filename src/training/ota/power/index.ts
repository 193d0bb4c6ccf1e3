/**
 * The registry of over-the-air power-control policies (`powerPolicies`): each entry carries its
 * zod schema, defaults, description and factory; {@link powerSpecSchema} is the union of the
 * entries' schemas discriminated by `policy`; {@link resolvePower} fills in the defaults and
 * {@link powerPolicy} builds the policy a spec names. Formulas, parameters and sources:
 * docs/ota-power.md.
 * @module
 */
import { z } from 'zod';
import { Registry } from '../../../engine/registry.js';
import type { PowerPolicy, PowerPolicyEntry } from './policy.js';
import { fullPowerPolicy, type FullPowerEta } from './fullPower.js';
import { channelInversionPolicy } from './channelInversion.js';
import { truncatedInversionPolicy, type TruncatedDenominator } from './truncatedInversion.js';
import { thresholdPolicy } from './threshold.js';
import { boundOptimalPolicy, type BoundOptimalParams } from './boundOptimal.js';

const budgetW = z.number().min(0).finite().nullable().optional();

const fullPowerSchema = z.strictObject({ policy: z.literal('full-power'), eta: z.enum(['mmse', 'weakest']).optional() });
const channelInversionSchema = z.strictObject({ policy: z.literal('channel-inversion'), trackAveragePower: z.boolean().optional(), averagePowerW: budgetW });
const truncatedSchema = z.strictObject({
  policy: z.literal('truncated-inversion'),
  gainThreshold: z.number().positive().finite().optional(),
  denominator: z.enum(['transmitting', 'expected']).optional(),
  averagePowerW: budgetW,
});
const thresholdSchema = z.strictObject({ policy: z.literal('threshold'), trackAveragePower: z.boolean().optional(), averagePowerW: budgetW });

const str = (v: unknown): string => String(v);
const budget = (v: unknown): number | null => (typeof v === 'number' ? v : null);

const ENTRIES = {
  'full-power': {
    description: 'every device at its maximum power; η = MSE-optimal for full power (default) or min P|h|²; K = L',
    schema: fullPowerSchema,
    defaults: { eta: 'mmse' },
    create: (p) => fullPowerPolicy(str(p['eta']) as FullPowerEta),
  },
  'channel-inversion': {
    description: 'p = η/|h|² with η = min P|h|² (exact alignment, weakest device at full power); K = L; average-power tracking',
    schema: channelInversionSchema,
    defaults: { trackAveragePower: true, averagePowerW: null },
    create: (p) => channelInversionPolicy(p['trackAveragePower'] === true, budget(p['averagePowerW'])),
  },
  'truncated-inversion': {
    description: 'p = ρ0/|h|² when the fading |h|²/β ≥ g_th, else skip; ρ0 = min P̄β/E1(g_th) (Zhu, Wang, Huang 2020); default g_th = 0.1',
    schema: truncatedSchema,
    defaults: { gainThreshold: 0.1, denominator: 'transmitting', averagePowerW: null },
    create: (p) =>
      truncatedInversionPolicy({ gainThreshold: Number(p['gainThreshold']), denominator: str(p['denominator']) as TruncatedDenominator, averagePowerW: budget(p['averagePowerW']) }),
  },
  threshold: {
    description: 'MSE-optimal static-channel policy: full power below the threshold η*, inversion above (Cao, Zhu, Xu, Huang 2020); K = L',
    schema: thresholdSchema,
    defaults: { trackAveragePower: true, averagePowerW: null },
    create: (p) => thresholdPolicy(p['trackAveragePower'] === true, budget(p['averagePowerW'])),
  },
  'bound-optimal': boundOptimalPolicy,
} satisfies Record<string, PowerPolicyEntry>;

/** The registry of power-control policies (`full-power`, `channel-inversion`, `truncated-inversion`, `threshold`, `bound-optimal`). */
export const powerPolicies = new Registry<PowerPolicyEntry>('power-control policy');
for (const [name, entry] of Object.entries(ENTRIES)) powerPolicies.register(name, entry.description, entry);

/** Full-power transmission as a scenario names it. */
export interface FullPowerSpec {
  /** registry name */
  policy: 'full-power';
  /** how η is chosen: `mmse` (default, the MSE-optimal η for full power) or `weakest` (min_l P_l|h_l|²) */
  eta?: FullPowerEta;
}

/** Channel inversion as a scenario names it. */
export interface ChannelInversionSpec {
  /** registry name */
  policy: 'channel-inversion';
  /** respect the devices' average-power budgets across rounds (default true) */
  trackAveragePower?: boolean;
  /** the budget (W) of devices without their own (default null: none) */
  averagePowerW?: number | null;
}

/** Truncated channel inversion as a scenario names it. */
export interface TruncatedInversionSpec {
  /** registry name */
  policy: 'truncated-inversion';
  /** g_th, the small-scale power gain below which a device skips (default 0.1) */
  gainThreshold?: number;
  /** K: `transmitting` (default, the devices that transmit) or `expected` (e^(−g_th)·L) */
  denominator?: TruncatedDenominator;
  /** the average-power target (W) of devices without their own (default null: their maximum power) */
  averagePowerW?: number | null;
}

/** The MSE-optimal threshold policy as a scenario names it. */
export interface ThresholdSpec {
  /** registry name */
  policy: 'threshold';
  /** respect the devices' average-power budgets across rounds (default true) */
  trackAveragePower?: boolean;
  /** the budget (W) of devices without their own (default null: none) */
  averagePowerW?: number | null;
}

/** The bound-optimal online policy as a scenario names it (the other parameters: `BoundOptimalParams`). */
export interface BoundOptimalSpec extends Partial<BoundOptimalParams> {
  /** registry name */
  policy: 'bound-optimal';
  /** the average-power budget (W) of devices without their own (default null: none) */
  averagePowerW?: number | null;
}

/** A power-control spec as a scenario writes it (parameters optional). */
export type PowerControlSpec = FullPowerSpec | ChannelInversionSpec | TruncatedInversionSpec | ThresholdSpec | BoundOptimalSpec;

/** A power-control spec with every parameter filled in. */
export type ResolvedPowerControl = Required<FullPowerSpec> | Required<ChannelInversionSpec> | Required<TruncatedInversionSpec> | Required<ThresholdSpec> | Required<BoundOptimalSpec>;

/** Zod schema of a power-control spec: the union of the registered entries' schemas, discriminated by `policy`. */
export const powerSpecSchema: z.ZodType<PowerControlSpec> = z.discriminatedUnion('policy', [
  ENTRIES['full-power'].schema,
  ENTRIES['channel-inversion'].schema,
  ENTRIES['truncated-inversion'].schema,
  ENTRIES.threshold.schema,
  ENTRIES['bound-optimal'].schema as typeof thresholdSchema,
]) as z.ZodType<PowerControlSpec>;

/**
 * Fills in the registered defaults of a power-control spec.
 * @param spec - a spec (validated by {@link powerSpecSchema} or built in code)
 * @throws UnknownNameError when the policy is not registered
 */
export function resolvePower(spec: PowerControlSpec): ResolvedPowerControl {
  const entry = powerPolicies.get(spec.policy);
  const given = Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined));
  return { ...entry.defaults, ...given } as ResolvedPowerControl;
}

/**
 * The policy a spec names, defaults filled in.
 * @param spec - a power-control spec
 */
export function powerPolicy(spec: PowerControlSpec): PowerPolicy {
  return powerPolicies.get(spec.policy).create(resolvePower(spec) as unknown as Record<string, unknown>);
}
