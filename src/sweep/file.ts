/**
 * Sweeps as TypeScript files: `export default defineSweep({ scenario, grid, seeds, set })` in a file
 * named `*.sweep.ts` (or `*.sweep.js`), run by `edgesim sweep <file.sweep.ts>` exactly as the
 * equivalent command line would run it.
 * @module
 */
import { dirname, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../engine/errors.js';
import { importScenarioModule } from '../scenario/load.js';

/** A grid value: what `--grid path=v1,v2` would give as text (no commas). */
export type SweepGridValue = number | string | boolean;

/** A sweep file's content (see {@link defineSweep}). */
export interface SweepSpec {
  /** the scenario file, relative to the sweep file (or absolute) */
  scenario: string;
  /** scenario path → its values: the axes of the grid, in order (the first varies slowest) */
  grid?: Record<string, readonly SweepGridValue[]>;
  /** root seeds: integers, or a `--seeds` list such as `'1..10'`; default the scenario's seed */
  seeds?: readonly number[] | string;
  /** scenario path → value, applied to every cell (as `--set path=value`) */
  set?: Record<string, SweepGridValue>;
}

/**
 * Declares a sweep. It returns its argument unchanged (its purpose is the types); `edgesim sweep`
 * validates it at run time.
 *
 * ```ts
 * import { defineSweep } from 'edgesim';
 * export default defineSweep({ scenario: './quickstart.ts', grid: { 'training.rounds': [5, 10] }, seeds: [1, 2, 3] });
 * ```
 * @param spec - the sweep
 */
export function defineSweep<const S extends SweepSpec>(spec: S): S {
  return spec;
}

/**
 * Whether `edgesim sweep` reads a file as a sweep file: its name ends in `.sweep.ts` or `.sweep.js`
 * (`.mts`, `.cts`, `.mjs`, `.cjs` too).
 * @param file - the path
 */
export function isSweepFile(file: string): boolean {
  return /\.sweep\.[mc]?[tj]s$/.test(file);
}

const value = z.union([z.number().refine(Number.isFinite, 'expected a finite number'), z.string().min(1).refine((s) => !s.includes(','), 'a value may not contain a comma'), z.boolean()], { error: 'expected a finite number, a boolean or a non-empty string without commas' });
const sweepSchema = z.strictObject({
  scenario: z.string().min(1),
  grid: z.record(z.string().min(1), z.array(value).min(1)).optional(),
  seeds: z.union([z.array(z.number().int()).min(1), z.string().min(1)], { error: "expected a non-empty array of integers, or a --seeds list such as '1..10'" }).optional(),
  set: z.record(z.string().min(1), value).optional(),
});

/** A sweep file translated into the command line's terms. */
export interface SweepFileArgs {
  /** the scenario path: the sweep file's folder joined with `scenario` (unless absolute) */
  scenario: string;
  /** the `--grid path=v1,v2` arguments */
  grid: string[];
  /** the `--seeds` argument, or undefined */
  seeds: string | undefined;
  /** the `--set path=value` arguments */
  set: string[];
}

/**
 * Translates a validated sweep spec into command-line arguments.
 * @param file - the sweep file (the scenario path is relative to its folder)
 * @param spec - its default export
 * @throws InputError naming the file and the field when the spec is invalid
 */
export function sweepFileArgs(file: string, spec: unknown): SweepFileArgs {
  const parsed = sweepSchema.safeParse(spec);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(issue.message, { file, field: issue.path.length === 0 ? '(default export)' : issue.path.join('.') });
  }
  const s = parsed.data;
  return {
    scenario: isAbsolute(s.scenario) ? s.scenario : join(dirname(file), s.scenario),
    grid: Object.entries(s.grid ?? {}).map(([path, values]) => `${path}=${values.map(String).join(',')}`),
    seeds: s.seeds === undefined ? undefined : typeof s.seeds === 'string' ? s.seeds : s.seeds.join(','),
    set: Object.entries(s.set ?? {}).map(([path, v]) => `${path}=${String(v)}`),
  };
}

/**
 * Loads a sweep file.
 * @param file - the `*.sweep.ts` file
 * @throws InputError for a missing or failing module, or an invalid sweep (file and field named)
 */
export async function loadSweepFile(file: string): Promise<SweepFileArgs> {
  return sweepFileArgs(file, await importScenarioModule(file));
}
