/**
 * The run-time schema of a scenario (zod), field by field, matching {@link ScenarioSpec}.
 * Cross-references (link ends, task nodes, dependencies) are checked in `validate.ts`.
 * @module
 */
import { z } from 'zod';
import { nodeKinds } from '../node/kinds.js';
import type { ScenarioSpec } from './types.js';

const finite = z.number().refine(Number.isFinite, { message: 'expected a finite number' });
const positive = z.number().positive({ message: 'expected a number > 0' }).refine(Number.isFinite, { message: 'expected a finite number' });
const nonNegative = z.number().nonnegative({ message: 'expected a number ≥ 0' }).refine(Number.isFinite, { message: 'expected a finite number' });
const id = z.string().min(1, { message: 'expected a non-empty id' });

const nodeKind = z.string().refine((k) => nodeKinds.has(k), {
  error: (iss) => `unknown node kind '${String(iss.input)}'; known: ${nodeKinds.names().join(', ')}`,
});

/** Schema of a node. */
export const nodeSchema = z.strictObject({
  id,
  kind: nodeKind,
  positionM: z.tuple([finite, finite, finite]).optional(),
  cpuFlopsPerS: positive,
});

/** Schema of a link. */
export const linkSchema = z.strictObject({
  id: id.optional(),
  from: id,
  to: id,
  rateBps: positive,
  delayS: nonNegative.optional(),
  duplex: z.boolean().optional(),
});

const after = z.array(id).optional();

/** Schema of a task. */
export const taskSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ id, type: z.literal('compute'), node: id, flops: nonNegative, after }),
    z.strictObject({ id, type: z.literal('send'), from: id, to: id, bits: nonNegative, after }),
  ],
  { error: (iss) => (iss.code === 'invalid_union' ? `unknown task type ${JSON.stringify((iss.input as { type?: unknown } | undefined)?.type)}; known: compute, send` : undefined) },
);

/** Schema of a whole scenario. */
export const scenarioSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'expected a name of letters, digits, ".", "_" or "-"' }),
  description: z.string().optional(),
  seed: z.number().int({ message: 'expected an integer seed' }).optional(),
  horizonS: positive.optional(),
  nodes: z.array(nodeSchema).min(1, { message: 'expected at least one node' }),
  links: z.array(linkSchema).optional(),
  tasks: z.array(taskSchema).optional(),
});

/** What the schema accepts, as a type (kept equal to {@link ScenarioSpec}). */
export type ScenarioSchemaInput = z.input<typeof scenarioSchema>;

// Compile-time check: every ScenarioSpec is accepted by the schema's input type.
const specFitsSchema = (s: ScenarioSpec): ScenarioSchemaInput => s;
void specFitsSchema;
