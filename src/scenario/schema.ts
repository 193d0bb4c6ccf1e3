/**
 * The run-time schema of a scenario (zod), field by field, matching {@link ScenarioSpec}.
 * Cross-references (link ends, task nodes, dependencies) are checked in `validate.ts`.
 * @module
 */
import { inferenceSchema } from '../inference/spec.js';
import type { DatacenterSpec } from '../datacenter/spec.js';
import { z } from 'zod';
import { protocols } from '../training/protocols/index.js';
import { nodeKinds } from '../node/kinds.js';
import { mobilityModels, traceMobilitySchema } from '../mobility/specs.js';
import { traceFormats } from '../mobility/traces/formats.js';
import { deviceProfiles } from '../node/profiles.js';
import { models } from '../learning/models.js';
import type { ScenarioSpec } from './types.js';
import { PARSE_PARAMS, formatNumber } from './schemaMessages.js';
import * as L from './limits.js';
import { omittableRows } from './sections.js';

// z.number() refuses Infinity and NaN itself ("expected a finite number, got Infinity").
const finite = z.number();
const positive = z.number().positive({ message: 'expected a number > 0' });
const nonNegative = z.number().nonnegative({ message: 'expected a number ≥ 0' });
/** A number in (0, max] (or [min, max]); the messages name the limit, its unit and why. */
const upTo = (max: number, unit: string, why: string, min?: number): z.ZodNumber => {
  const u = unit === '' ? '' : ` ${unit}`;
  const lower = min === undefined ? positive : z.number().min(min, { message: `expected at least ${formatNumber(min)}${u} (${why})` });
  return lower.max(max, { message: `expected at most ${formatNumber(max)}${u} (${why})` });
};
/** A fraction in (0, 1] (or (0, 1) when `below1`). */
const fraction = (below1 = false): z.ZodNumber =>
  below1 ? positive.lt(1, { message: 'expected a fraction in (0, 1)' }) : positive.max(1, { message: 'expected a fraction in (0, 1]' });
const learningRate = upTo(1e3, '', 'a step this large diverges at once');
const id = z.string().min(1, { message: 'expected a non-empty id' });

const nodeKind = z.string().refine((k) => nodeKinds.has(k), {
  error: (iss) => `unknown node kind '${String(iss.input)}'; known: ${nodeKinds.names().join(', ')}`,
});

/**
 * A schema that picks the schema to apply from the value (so a mistake is reported against the
 * variant the user meant, not as a failed union).
 * @param pick - returns the schema, or a message when none fits
 */
function dispatch(pick: (v: Record<string, unknown>) => z.ZodType | { path?: string[]; message: string }): z.ZodType {
  return z.unknown().superRefine((v, ctx) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      ctx.addIssue({ code: 'custom', message: `expected an object, got ${Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v}` });
      return;
    }
    const schema = pick(v as Record<string, unknown>);
    if (!(schema instanceof z.ZodType)) {
      ctx.addIssue({ code: 'custom', message: schema.message, path: schema.path ?? [] });
      return;
    }
    const r = schema.safeParse(v, PARSE_PARAMS);
    if (!r.success) for (const iss of r.error.issues) ctx.addIssue(iss as never);
  });
}

const traceFormat = z.string().refine((f) => traceFormats.has(f), {
  error: (iss) => `unknown trace format '${String(iss.input)}'; known: ${traceFormats.names().join(', ')}`,
});

const traceMobilityWithFormatSchema = traceMobilitySchema.and(z.object({ format: traceFormat.optional() }));

/** Schema of a node's mobility: a trace reference or a registered model. */
export const mobilitySchema = dispatch((v) => {
  if ('trace' in v) return traceMobilityWithFormatSchema;
  const m = v.model;
  if (typeof m === 'string' && mobilityModels.has(m)) return mobilityModels.get(m).schema;
  return { path: ['model'], message: `${m === undefined ? 'missing model' : `unknown mobility model '${String(m)}'`}; known: ${mobilityModels.names().join(', ')}, or { trace, id }` };
});

/** A transmit chain's circuit power (W), bounded like every power draw. */
const txCircuitW = nonNegative.max(L.MAX_POWER_W, { message: `expected at most ${formatNumber(L.MAX_POWER_W)} W (a large power plant)` });

/** Schema of a node's radio. */
export const nodeRadioSchema = z.strictObject({
  txPowerDbm: finite.optional(),
  antennaGainDbi: finite.optional(),
  noiseFigureDb: nonNegative.optional(),
  maxTxPowerDbm: finite.optional(),
  avgTxPowerDbm: finite.optional(),
  paEfficiency: fraction(false).optional(),
  txCircuitW: txCircuitW.optional(),
});

const profile = z.string().refine((p) => deviceProfiles.has(p), {
  error: (iss) => `unknown device profile '${String(iss.input)}'; known: ${deviceProfiles.names().join(', ')}`,
});

const cpuFlopsPerS = upTo(L.MAX_FLOPS_PER_S, 'FLOP/s', 'an exascale machine');
const cpuFreqHz = upTo(L.MAX_CPU_FREQ_HZ, 'Hz', 'a 100 GHz clock, ~20× the fastest cores');
const powerW = nonNegative.max(L.MAX_POWER_W, { message: `expected at most ${formatNumber(L.MAX_POWER_W)} W (a large power plant)` });

/** Schema of a node's CPU: the clock, cores and FLOPs a cycle bounded, and their product by {@link L.MAX_FLOPS_PER_S}. */
export const cpuSchema = z
  .strictObject({
    cores: z.number().int().positive().max(L.MAX_CORES, { message: `expected at most ${formatNumber(L.MAX_CORES)} cores` }).optional(),
    freqHz: cpuFreqHz,
    flopsPerCycle: upTo(L.MAX_FLOPS_PER_CYCLE, 'FLOP a cycle', 'a wide tensor unit does ~1e3').optional(),
    kappa: nonNegative.max(L.MAX_KAPPA, { message: `expected at most ${formatNumber(L.MAX_KAPPA)} J/(cycle·Hz²) (mobile CPUs are ~1e-28)` }).optional(),
  })
  // The product is judged only when each factor is within its own limit (else that factor is the issue).
  .refine((c) => !((c.cores ?? 1) <= L.MAX_CORES && c.freqHz <= L.MAX_CPU_FREQ_HZ && (c.flopsPerCycle ?? 1) <= L.MAX_FLOPS_PER_CYCLE) || (c.cores ?? 1) * c.freqHz * (c.flopsPerCycle ?? 1) <= L.MAX_FLOPS_PER_S, {
    error: (iss) => {
      const c = iss.input as { cores?: number; freqHz: number; flopsPerCycle?: number };
      return `expected cores × freqHz × flopsPerCycle ≤ ${formatNumber(L.MAX_FLOPS_PER_S)} FLOP/s (an exascale machine), got ${formatNumber((c.cores ?? 1) * c.freqHz * (c.flopsPerCycle ?? 1))}`;
    },
  });

/** Energy per FLOP accepted for an accelerator (J): 1 fJ (beyond any digital hardware today) to 1 µJ. */
const ENERGY_PER_FLOP_RANGE_J: [number, number] = [1e-15, 1e-6];

/** Schema of a node's accelerator: FLOP/s and exactly one of board power and energy per FLOP, which must land in 1 fJ…1 µJ a FLOP. */
export const acceleratorSchema = z
  .strictObject({
    flopsPerS: cpuFlopsPerS,
    boardPowerW: powerW.positive({ message: 'expected a number > 0' }).optional(),
    energyPerFlopJ: upTo(ENERGY_PER_FLOP_RANGE_J[1], 'J', 'from 1 fJ, beyond any digital hardware today, to 1 µJ', ENERGY_PER_FLOP_RANGE_J[0]).optional(),
    clockHz: cpuFreqHz.optional(),
  })
  .refine((a) => (a.boardPowerW === undefined) !== (a.energyPerFlopJ === undefined), { message: 'give boardPowerW or energyPerFlopJ (one of them)' })
  .refine((a) => a.boardPowerW === undefined || (a.boardPowerW / a.flopsPerS >= ENERGY_PER_FLOP_RANGE_J[0] && a.boardPowerW / a.flopsPerS <= ENERGY_PER_FLOP_RANGE_J[1]), {
    path: ['boardPowerW'],
    error: (iss) => {
      const a = iss.input as { flopsPerS: number; boardPowerW: number };
      return `expected boardPowerW / flopsPerS in 1e-15…1e-6 J a FLOP (an A100: 400 W / 19.5e12 ≈ 2e-11), got ${formatNumber(a.boardPowerW / a.flopsPerS)}`;
    },
  });

/** Schema of a node. */
export const nodeSchema = z.strictObject({
  id,
  kind: nodeKind,
  positionM: z.tuple([finite, finite, finite]).optional(),
  cpuFlopsPerS: cpuFlopsPerS.optional(),
  cpu: cpuSchema.optional(),
  accelerator: acceleratorSchema.optional(),
  profile: profile.optional(),
  power: z.strictObject({ idleW: powerW.optional(), rxW: powerW.optional() }).optional(),
  batteryJ: upTo(L.MAX_ENERGY_J, 'J', '1e18 J: a large power plant for a year').optional(),
  memoryBytes: upTo(Number.MAX_SAFE_INTEGER, 'bytes', '2^53 − 1, the largest exact count').optional(),
  failures: z.strictObject({ mtbfS: positive, mttrS: positive.optional() }).optional(),
  mobility: mobilitySchema.optional(),
  radio: nodeRadioSchema.optional(),
});

const modelName = z.string().refine((m) => models.has(m), { error: (iss) => `unknown model '${String(iss.input)}'; known: ${models.names().join(', ')}` });

/** A learning curve a + b·(k + 1)^(−d) of a calibration. */
const powerCurveSchema = z.strictObject({ a: z.number(), b: z.number(), d: z.number().positive() });

/** Schema of the training section. */
export const trainingSchema = z.strictObject({
  model: modelName,
  dataset: z.discriminatedUnion('name', [
    z.strictObject({ name: z.literal('mnist'), testFraction: fraction(true).optional() }),
    z
      .strictObject({ name: z.literal('gaussian-mixture'), samples: z.number().int().positive(), classes: z.number().int().min(2).max(1e4), dim: z.number().int().positive(), testFraction: fraction(true).optional() })
      .refine((d) => d.samples * d.dim <= L.MAX_DATASET_VALUES, {
        error: (iss) => {
          const d = iss.input as { samples: number; dim: number };
          return `expected samples × dim ≤ 2^28 values (1 GiB of float32), got ${formatNumber(d.samples * d.dim)}`;
        },
      }),
  ]),
  partition: z.strictObject({ name: z.enum(['iid', 'dirichlet', 'shards', 'quantity', 'memory']), alpha: upTo(1e6, '', 'from 1e-3, each class to about one client, to 1e6, an IID split', 1e-3).optional(), sigma: upTo(100, '', 'a log-normal σ of 100 gives one client all the data').optional(), bytesPerExample: positive.optional() }).optional(),
  server: id,
  clients: z.union([z.literal('terminals'), z.array(id).min(1)]),
  algorithm: z.enum(['fedavg', 'fedsgd']).optional(),
  rounds: z.number().int().positive().optional(),
  local: z.strictObject({ epochs: z.number().int().positive().optional(), batchSize: z.number().int().positive().optional(), learningRate: learningRate.optional(), momentum: nonNegative.lt(1, { message: 'expected a momentum in [0, 1)' }).optional() }).optional(),
  serverLearningRate: learningRate.optional(),
  samplesPerClient: z.number().int().positive().optional(),
  selection: z.strictObject({ policy: z.enum(['all', 'random', 'best-channel']), fraction: fraction().optional() }).optional(),
  deadlineS: positive.optional(),
  compression: z
    .strictObject({ name: z.enum(['none', 'fp16', 'top-k', 'random-k', 'qsgd', 'sign']), density: fraction().optional(), levels: z.number().int().positive().optional() })
    .optional(),
  targetAccuracy: fraction().optional(),
  onHandover: z.enum(['drop', 'deliver-new', 'forward']).optional(),
  optimalityGap: z.boolean().optional(),
  l2: z.number().nonnegative({ message: 'expected ρ ≥ 0' }).max(10, { message: 'expected ρ ≤ 10' }).optional(),
  fusion: z.strictObject({ bucketBytes: positive, headerBits: nonNegative.optional(), messageLatencyS: nonNegative.optional() }).optional(),
  protocol: protocolSchema().optional(),
  mode: z.enum(['real', 'timing']).optional(),
  calibration: z.union([z.string().min(1), z.strictObject({ accuracy: powerCurveSchema, loss: powerCurveSchema })]).optional(),
});

/** The `training.protocol` object: one of the registered protocols' schemas, chosen by `name`. */
function protocolSchema(): z.ZodType {
  const options = protocols.list().map((e) => e.value.schema) as unknown as [z.ZodObject, ...z.ZodObject[]];
  return z.discriminatedUnion('name', options);
}

const bandwidthHz = upTo(L.MAX_BANDWIDTH_HZ, 'Hz', '1 kHz to 1 THz', L.MIN_BANDWIDTH_HZ);

/** Schema of the radio environment. */
export const radioSchema = z.strictObject({
  carrierHz: upTo(L.MAX_CARRIER_HZ, 'Hz', '1 MHz to 1 THz', L.MIN_CARRIER_HZ).optional(),
  bandwidthHz: bandwidthHz.optional(),
  pathLoss: z
    .discriminatedUnion('model', [
      z.strictObject({ model: z.literal('free-space') }),
      z.strictObject({ model: z.literal('log-distance'), exponent: upTo(10, '', 'measured exponents are 1.6 to 6.5'), refDistanceM: positive.optional() }),
      z.strictObject({ model: z.enum(['3gpp-uma', '3gpp-umi']), los: z.enum(['auto', 'los', 'nlos']).optional() }),
    ])
    .optional(),
  shadowing: z.union([z.literal(false), z.strictObject({ sigmaDb: nonNegative, decorrelationM: upTo(L.MAX_LENGTH_M, 'm', 'measured decorrelation distances are metres to hundreds of metres', L.MIN_DECORRELATION_M).optional() })]).optional(),
  fading: z
    .strictObject({ model: z.enum(['none', 'rayleigh', 'rician']), kFactorDb: finite.optional(), process: z.enum(['jakes', 'block']).optional(), blockS: positive.optional() })
    .optional(),
  access: z.enum(['ofdma', 'tdma', 'dedicated']).optional(),
  dedicatedBandwidthHz: bandwidthHz.optional(),
  resourceBlockHz: bandwidthHz.optional(),
  snrGapDb: nonNegative.optional(),
  outageSnrDb: finite.optional(),
  outagePolicy: z.enum(['pause', 'fail']).optional(),
  maxSpectralEfficiencyBpsPerHz: z.union([z.null(), upTo(100, 'bit/s/Hz', '256-QAM tops out at 8, 1024-QAM at 10')]).optional(),
  frequencyReuse: z.number().int({ message: 'expected an integer reuse factor' }).min(1, { message: 'expected a reuse factor ≥ 1' }).max(1e6, { message: 'expected a reuse factor ≤ 1e6' }).optional(),
  stepS: positive.optional(),
  interferenceRangeM: upTo(L.MAX_LENGTH_M, 'm', 'a length beyond geostationary orbit').optional(),
  association: z
    .strictObject({
      hysteresisDb: nonNegative.optional(),
      timeToTriggerS: nonNegative.optional(),
      measurementPeriodS: positive.optional(),
      idle: z.enum(['measure', 'reselect']).optional(),
      qHystDb: nonNegative.optional(),
      qOffsetDb: finite.optional(),
      inactivityTimerS: nonNegative.optional(),
      drxCycleS: upTo(10.24, 's', "3GPP's longest DRX cycle is 10.24 s").optional(),
    })
    .superRefine((a, ctx) => {
      if (a.drxCycleS === undefined || a.idle === 'reselect') return;
      ctx.addIssue({
        code: 'custom',
        path: ['drxCycleS'],
        input: a.idle ?? 'measure',
        message: "drxCycleS paces the measurements of connected terminals between transfers: it needs idle: 'reselect' (under 'measure' no terminal is ever idle or in DRX)",
      });
    })
    .optional(),
  coverage: z.strictObject({ minSnrDb: finite, forS: nonNegative }).optional(),
});

/** Schema of a `fromTrace` nodes entry. */
export const traceNodesSchema = z.strictObject({
  fromTrace: z.string().min(1),
  format: traceFormat.optional(),
  dims: z.union([z.literal(2), z.literal(3)]).optional(),
  kind: nodeKind,
  cpuFlopsPerS: cpuFlopsPerS.optional(),
  profile: profile.optional(),
  idPrefix: z.string().optional(),
  ids: z.array(z.string().min(1)).optional(),
});

const nodeEntry = dispatch((v) => ('fromTrace' in v ? traceNodesSchema : nodeSchema));

// Built once: a schema built per value is compiled per value (a 100 000-link scenario took ~8 s).
const wirelessLinkSchema = z.strictObject({ id: id.optional(), from: id, to: id, duplex: z.boolean().optional(), wireless: z.literal(true) });
const wiredLinkSchema = z.strictObject({ id: id.optional(), from: id, to: id, rateBps: upTo(L.MAX_RATE_BPS, 'bit/s', '1 bit/s to 1 Pbit/s', L.MIN_RATE_BPS), delayS: nonNegative.optional(), duplex: z.boolean().optional(), wireless: z.literal(false).optional() });

/** Schema of a link: wired (rate and delay) or wireless. */
export const linkSchema = dispatch((v) => (v.wireless === true ? wirelessLinkSchema : wiredLinkSchema));

const after = z.array(id).optional();
const notBeforeS = nonNegative.optional();

/** Schema of a task. */
export const taskSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ id, type: z.literal('compute'), node: id, flops: nonNegative, after, afterSettled: after, notBeforeS, freqHz: cpuFreqHz.optional(), threads: z.number().int({ message: 'expected an integer' }).min(1, { message: 'expected at least 1 thread' }).max(L.MAX_CORES, { message: `expected at most ${formatNumber(L.MAX_CORES)} threads` }).optional() }),
    z.strictObject({ id, type: z.literal('send'), from: id, to: id, bits: nonNegative, after, afterSettled: after, notBeforeS }),
    z.strictObject({ id, type: z.literal('broadcast'), from: id, to: z.array(id).min(1, { message: 'expected at least one receiver' }), bits: nonNegative, after, afterSettled: after, notBeforeS }),
  ],
);

/** Schema of a whole scenario. */
export const scenarioSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'expected a name of letters, digits, ".", "_" or "-"' }),
  description: z.string().optional(),
  seed: z.number().int({ message: 'expected an integer seed' }).optional(),
  horizonS: positive.optional(),
  maxEventsPerInstant: z.number().int({ message: 'expected an integer' }).min(1, { message: 'expected at least 1 event' }).max(Number.MAX_SAFE_INTEGER, { message: 'expected at most 2^53 − 1' }).optional(),
  nodes: z.array(nodeEntry).min(1, { message: 'expected at least one node' }),
  links: z.array(linkSchema).optional(),
  radio: radioSchema.optional(),
  availability: z.string().min(1).optional(),
  training: trainingSchema.optional(),
  inference: inferenceSchema.optional(),
  // Each entry is checked by the data-center schema assembled from the registries at validation (validate.ts).
  datacenters: z.array(z.custom<DatacenterSpec>((v) => v !== null && typeof v === 'object', { error: 'expected a data center object' })).optional(),
  tasks: z.array(taskSchema).optional(),
  report: z.strictObject({ omit: z.array(z.enum(omittableRows())).optional() }).optional(),
});

/** What the schema accepts, as a type (kept equal to {@link ScenarioSpec}). */
export type ScenarioSchemaInput = z.input<typeof scenarioSchema>;

// Compile-time check: every ScenarioSpec is accepted by the schema's input type.
const specFitsSchema = (s: ScenarioSpec): ScenarioSchemaInput => s;
void specFitsSchema;
