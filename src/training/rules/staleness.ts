/**
 * Staleness functions s(τ) of FedAsync (Xie, Koyejo, Gupta, "Asynchronous Federated Optimization",
 * arXiv:1903.03934, 2019): the server mixes an update that is τ model versions old with weight
 * α_t = α·s(τ), where τ = t − τ_client is the server's version when the update arrives minus the
 * version the client started from (0 for a fresh update).
 *
 * - constant: s(τ) = 1
 * - polynomial: s_a(τ) = (τ + 1)^(−a)
 * - hinge: s_{a,b}(τ) = 1 if τ ≤ b, else 1 / (a·(τ − b) + 1)
 *
 * The forms were checked against the authors' code, github.com/xcgoner/async_fl,
 * `train_cifar10_mxnet_fedasync_singlethread_impl.py` (alpha-type `power`:
 * `1 / math.pow(worker_delay + 1.0, a)`; `hinge`: `1` if `worker_delay <= b`, else
 * `1.0 / ((worker_delay - b) * a + 1)`). The defaults (polynomial a = 0.5; hinge a = 10, b = 4) are
 * the paper's experimental settings as recalled and as reused by third-party re-implementations
 * (e.g. the `federer` package's FedAsync search space); the paper's own text was not available to
 * confirm them. Each function is a registry entry carrying its zod schema, defaults, description and
 * factory, so a scenario schema can embed {@link stalenessSpecSchema}.
 * @module
 */
import { z } from 'zod';
import { Registry } from '../../engine/registry.js';

/** s(τ): the factor applied to an update that is `stalenessVersions` model versions old (τ ≥ 0). */
export type StalenessFunction = (stalenessVersions: number) => number;

/** A staleness function's registry entry: schema, defaults, description and factory in one object. */
export interface StalenessRule {
  /** one line for listings (`edgesim list` once the CLI reads this registry) */
  readonly description: string;
  /** zod schema of the spec: `name` plus optional parameters */
  readonly schema: z.ZodObject;
  /** the parameters filled in when a spec omits them (the paper's values) */
  readonly defaults: Readonly<Record<string, number>>;
  /**
   * Builds s(·) from complete parameters (defaults already filled in).
   * @param params - every parameter the function takes
   */
  create(params: Readonly<Record<string, number>>): StalenessFunction;
}

function checkStaleness(stalenessVersions: number): void {
  if (!(stalenessVersions >= 0) || !Number.isFinite(stalenessVersions)) throw new RangeError(`staleness must be a finite number of versions ≥ 0, got ${stalenessVersions}`);
}

/** FedAsync's constant staleness function s(τ) = 1 (staleness ignored). */
export function constantStaleness(): StalenessFunction {
  return (stalenessVersions) => {
    checkStaleness(stalenessVersions);
    return 1;
  };
}

/**
 * FedAsync's polynomial staleness function s_a(τ) = (τ + 1)^(−a). With a = 0.5 it is also the
 * 1/√(1 + τ) staleness scaling of FedBuff (as FedScale implements it).
 * @param a - decay exponent, > 0
 */
export function polynomialStaleness(a: number): StalenessFunction {
  if (!(a > 0) || !Number.isFinite(a)) throw new RangeError(`polynomial staleness needs a > 0, got ${a}`);
  return (stalenessVersions) => {
    checkStaleness(stalenessVersions);
    return Math.pow(stalenessVersions + 1, -a);
  };
}

/**
 * FedAsync's hinge staleness function: s_{a,b}(τ) = 1 for τ ≤ b, else 1 / (a·(τ − b) + 1).
 * @param a - slope of the decay past the hinge, > 0
 * @param stalenessThresholdVersions - b, the staleness (in versions, ≥ 0) up to which s = 1
 */
export function hingeStaleness(a: number, stalenessThresholdVersions: number): StalenessFunction {
  if (!(a > 0) || !Number.isFinite(a)) throw new RangeError(`hinge staleness needs a > 0, got ${a}`);
  const b = stalenessThresholdVersions;
  if (!(b >= 0) || !Number.isFinite(b)) throw new RangeError(`hinge staleness needs b ≥ 0, got ${b}`);
  return (stalenessVersions) => {
    checkStaleness(stalenessVersions);
    return stalenessVersions <= b ? 1 : 1 / (a * (stalenessVersions - b) + 1);
  };
}

const positive = z.number().positive().finite();
const constantSchema = z.strictObject({ name: z.literal('constant') });
const polynomialSchema = z.strictObject({ name: z.literal('polynomial'), a: positive.optional() });
const hingeSchema = z.strictObject({ name: z.literal('hinge'), a: positive.optional(), b: z.number().min(0).finite().optional() });

const RULES = {
  constant: {
    description: 's(τ) = 1: every update mixed with the same α (FedAsync+Const)',
    schema: constantSchema,
    defaults: {},
    create: () => constantStaleness(),
  },
  polynomial: {
    description: 's(τ) = (τ + 1)^(−a), default a = 0.5 (FedAsync+Poly; FedBuff/FedScale scaling at a = 0.5)',
    schema: polynomialSchema,
    defaults: { a: 0.5 },
    create: (p) => polynomialStaleness(p['a']!),
  },
  hinge: {
    description: 's(τ) = 1 for τ ≤ b, else 1/(a(τ − b) + 1), defaults a = 10, b = 4 (FedAsync+Hinge)',
    schema: hingeSchema,
    defaults: { a: 10, b: 4 },
    create: (p) => hingeStaleness(p['a']!, p['b']!),
  },
} satisfies Record<string, StalenessRule>;

/** The registry of staleness functions (`constant`, `polynomial`, `hinge`). */
export const stalenessFunctions = new Registry<StalenessRule>('staleness function');
for (const [name, rule] of Object.entries(RULES)) stalenessFunctions.register(name, rule.description, rule);

/** FedAsync+Const as a scenario names it. */
export interface ConstantStalenessSpec {
  /** registry name */
  name: 'constant';
}

/** FedAsync+Poly as a scenario names it. */
export interface PolynomialStalenessSpec {
  /** registry name */
  name: 'polynomial';
  /** decay exponent a > 0 (default 0.5) */
  a?: number;
}

/** FedAsync+Hinge as a scenario names it. */
export interface HingeStalenessSpec {
  /** registry name */
  name: 'hinge';
  /** slope a > 0 past the hinge (default 10) */
  a?: number;
  /** b ≥ 0, the staleness in versions up to which s = 1 (default 4) */
  b?: number;
}

/** A staleness spec as a scenario writes it (parameters optional). */
export type StalenessSpec = ConstantStalenessSpec | PolynomialStalenessSpec | HingeStalenessSpec;

/** A staleness spec with every parameter filled in. */
export type ResolvedStaleness = ConstantStalenessSpec | Required<PolynomialStalenessSpec> | Required<HingeStalenessSpec>;

/** Zod schema of a staleness spec: the union of the registered entries' schemas, discriminated by `name`. */
export const stalenessSpecSchema: z.ZodType<StalenessSpec> = z.discriminatedUnion('name', [RULES.constant.schema, RULES.polynomial.schema, RULES.hinge.schema]);

/**
 * Fills in the registered defaults of a staleness spec.
 * @param spec - a spec (validated by {@link stalenessSpecSchema} or built in code)
 * @throws UnknownNameError when the name is not registered
 */
export function resolveStaleness(spec: StalenessSpec): ResolvedStaleness {
  const rule = stalenessFunctions.get(spec.name);
  const given = Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined));
  return { ...rule.defaults, ...given } as ResolvedStaleness;
}

/**
 * The staleness function a spec names, defaults filled in.
 * @param spec - a staleness spec
 */
export function stalenessFunction(spec: StalenessSpec): StalenessFunction {
  const entries: [string, unknown][] = Object.entries(resolveStaleness(spec));
  const params = Object.fromEntries(entries.filter((e): e is [string, number] => typeof e[1] === 'number'));
  return stalenessFunctions.get(spec.name).create(params);
}
