/**
 * The cells of a sweep: `--grid path=v1,v2` axes, `--seeds 1..10`, their cartesian product, and the
 * key under which a finished cell is stored (`<out>/cells/<key>.json`).
 * @module
 */
import { createHash } from 'node:crypto';
import { InputError } from '../engine/errors.js';
import { parseOverride } from '../scenario/overrides.js';

/** One `--grid` axis: a scenario path and the values it takes. */
export interface GridAxis {
  /** the path, as `--set` names it */
  path: string;
  /** the values, as `--set` would read them */
  values: string[];
}

/** One grid point: a value of every axis. */
export interface Combination {
  /** its index, in grid order (the first axis varies slowest) */
  index: number;
  /** `path=value, …`, or `(scenario)` without grids */
  label: string;
  /** axis path → value text */
  values: Record<string, string>;
  /** the `--set` assignments of its values */
  overrides: string[];
}

/** One simulation of a sweep: a combination and a seed. */
export interface SweepCell {
  /** the storage key (see {@link cellKey}) */
  key: string;
  /** the combination's index */
  combination: number;
  /** the root seed */
  seed: number;
  /** every `--set` assignment it runs with: the sweep's own, then the combination's */
  overrides: string[];
}

/**
 * Parses `--grid path=v1,v2,…` (values may not contain commas).
 * @param text - the argument
 * @throws InputError when malformed
 */
export function parseGridAxis(text: string): GridAxis {
  const field = `--grid ${text}`;
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InputError('expected path=v1,v2,… e.g. --grid training.rounds=2,4', { field });
  const path = text.slice(0, eq).trim();
  const values = text.slice(eq + 1).split(',').map((v) => v.trim());
  if (values.some((v) => v === '')) throw new InputError('expected a comma-separated list of values without empty entries', { field });
  if (new Set(values).size !== values.length) throw new InputError('a value appears twice', { field });
  for (const v of values) parseOverride(`${path}=${v}`);
  return { path, values };
}

/**
 * Parses `--grid` axes and checks no path is given twice.
 * @param texts - the `--grid` arguments
 * @throws InputError when one is malformed or paths repeat
 */
export function parseGrid(texts: readonly string[]): GridAxis[] {
  const axes = texts.map(parseGridAxis);
  const seen = new Set<string>();
  for (const a of axes) {
    if (seen.has(a.path)) throw new InputError(`path '${a.path}' has two --grid options; give its values in one`, { field: '--grid' });
    seen.add(a.path);
  }
  return axes;
}

const MAX_SEEDS = 100_000;

/**
 * Parses `--seeds`: integers and inclusive ranges, comma-separated (`1..10`, `1,5,9`, `1..3,10`).
 * @param text - the argument
 * @throws InputError when malformed, empty, repeated or too many
 */
export function parseSeeds(text: string): number[] {
  const field = '--seeds';
  const seeds: number[] = [];
  for (const part of text.split(',').map((s) => s.trim())) {
    const m = /^(-?\d+)(?:\.\.(-?\d+))?$/.exec(part);
    if (m === null) throw new InputError(`expected integers or ranges a..b, comma-separated (e.g. 1..10), got '${part}'`, { field });
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b)) throw new InputError(`'${part}' is out of range`, { field });
    if (b < a) throw new InputError(`range '${part}' is empty: its end is below its start`, { field });
    if (seeds.length + (b - a + 1) > MAX_SEEDS) throw new InputError(`more than ${MAX_SEEDS} seeds`, { field });
    for (let s = a; s <= b; s++) seeds.push(s);
  }
  if (new Set(seeds).size !== seeds.length) throw new InputError('a seed appears twice', { field });
  return seeds;
}

/**
 * The grid points: the cartesian product of the axes, the first axis varying slowest.
 * @param axes - the grid axes (none: one combination, the scenario itself)
 */
export function combinations(axes: readonly GridAxis[]): Combination[] {
  let points: [string, string][][] = [[]];
  for (const a of axes) points = points.flatMap((p) => a.values.map((v): [string, string][] => [...p, [a.path, v]]));
  return points.map((p, index) => ({
    index,
    label: p.length === 0 ? '(scenario)' : p.map(([k, v]) => `${k}=${v}`).join(', '),
    values: Object.fromEntries(p),
    overrides: p.map(([k, v]) => `${k}=${v}`),
  }));
}

/**
 * The SHA-256 of a scenario file's content, hex.
 * @param content - the file's bytes
 */
export function contentHash(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * A cell's storage key: 20 hex digits of the SHA-256 of the scenario's content hash, the
 * overrides in order and the seed; the same cell of a rerun has the same key.
 * @param scenarioHash - {@link contentHash} of the scenario file
 * @param overrides - the `--set` assignments
 * @param seed - the root seed
 */
export function cellKey(scenarioHash: string, overrides: readonly string[], seed: number): string {
  return contentHash(JSON.stringify({ scenario: scenarioHash, overrides, seed })).slice(0, 20);
}

/**
 * Every cell: each combination with each seed, combinations first.
 * @param scenarioHash - {@link contentHash} of the scenario file
 * @param set - the sweep's own `--set` assignments
 * @param combos - the grid points
 * @param seeds - the seeds
 */
export function sweepCells(scenarioHash: string, set: readonly string[], combos: readonly Combination[], seeds: readonly number[]): SweepCell[] {
  return combos.flatMap((c) =>
    seeds.map((seed) => {
      const overrides = [...set, ...c.overrides];
      return { key: cellKey(scenarioHash, overrides, seed), combination: c.index, seed, overrides };
    }),
  );
}
