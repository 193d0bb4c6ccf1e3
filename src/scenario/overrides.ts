/**
 * `--set path=value`: overriding one scalar of a scenario from the command line. Paths use dots
 * and indices (`nodes.2.cpuFlopsPerS`, `nodes[2].cpuFlopsPerS`); an array element may also be named
 * by its id (`nodes.e0.cpuFlopsPerS`). Values are JSON scalars (`7`, `1e9`, `true`, `"x"`) or bare
 * text (a string). The overridden scenario is validated like the file itself.
 * @module
 */
import { InputError } from '../engine/errors.js';

/**
 * Path keys that would reach an object's prototype rather than a field of the scenario:
 * `--set __proto__.horizonS=5` would otherwise set `horizonS` on every object of the process.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** One parsed `--set` assignment. */
export interface Override {
  /** the argument as given */
  text: string;
  /** path keys */
  path: string[];
  /** the new scalar value */
  value: string | number | boolean | null;
}

/**
 * Parses `path=value`.
 * @param text - the argument of `--set`
 * @throws InputError naming the argument when it is malformed
 */
export function parseOverride(text: string): Override {
  const field = `--set ${text}`;
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InputError('expected path=value, e.g. --set seed=7 or --set nodes.t0.cpuFlopsPerS=2e9', { field });
  const pathText = text.slice(0, eq).trim();
  const path = pathText.replace(/\[(\w[\w.-]*)\]/g, '.$1').split('.');
  if (path.some((k) => k === '' || !/^[\w-]+$/.test(k))) {
    throw new InputError(`malformed path '${pathText}'; expected keys and indices separated by dots`, { field });
  }
  const reserved = path.find((k) => RESERVED_KEYS.has(k));
  if (reserved !== undefined) {
    throw new InputError(`'${reserved}' is not a scenario field (it names JavaScript's object machinery, which --set does not change)`, { field });
  }
  const valueText = text.slice(eq + 1);
  let value: Override['value'] = valueText;
  if (valueText.trim() === '') throw new InputError('missing value after =', { field });
  try {
    const parsed: unknown = JSON.parse(valueText);
    if (parsed !== null && typeof parsed === 'object') throw new InputError('expected a scalar (number, boolean, string or null), got an object or array', { field });
    value = parsed as Override['value'];
  } catch (err) {
    if (err instanceof InputError) throw err;
    // Not JSON: a bare string.
  }
  return { text, path, value };
}

function isScalar(v: unknown): boolean {
  return v === null || v === undefined || (typeof v !== 'object' && typeof v !== 'function');
}

/** An override as applied: its concrete field path (ids resolved to indices). */
export interface AppliedOverride {
  /** the assignment */
  override: Override;
  /** the field it set, e.g. `['nodes', 3, 'cpuFlopsPerS']` */
  path: (string | number)[];
}

/** The result of {@link applyOverrides}. */
export interface OverrideResult {
  /** the overridden copy (the original is left untouched) */
  scenario: unknown;
  /** what was set where, in order */
  applied: AppliedOverride[];
}

/**
 * Applies overrides to a deep copy of the scenario object.
 * @param scenario - the scenario file's default export
 * @param overrides - parsed assignments, applied in order
 * @throws InputError when a path leads nowhere or names a non-scalar
 */
export function applyOverrides(scenario: unknown, overrides: readonly Override[]): OverrideResult {
  if (overrides.length === 0) return { scenario, applied: [] };
  const copy = clonePlain(scenario);
  const applied: AppliedOverride[] = [];
  for (const o of overrides) {
    const field = `--set ${o.text}`;
    let target: unknown = copy;
    const path: (string | number)[] = [];
    for (let i = 0; i < o.path.length - 1; i++) {
      const step = child(target, o.path[i]!, o.path.slice(0, i + 1).join('.'), field);
      target = step.value;
      path.push(step.key);
    }
    const last = o.path[o.path.length - 1]!;
    if (target === null || typeof target !== 'object') throw new InputError(`'${o.path.slice(0, -1).join('.')}' is not an object or array`, { field });
    const key = resolveKey(target, last);
    if (key === undefined) throw new InputError(`no element '${last}' in '${o.path.slice(0, -1).join('.')}'`, { field });
    const current = (target as Record<string | number, unknown>)[key];
    if (!isScalar(current)) throw new InputError(`'${o.path.join('.')}' is not a scalar (it is an ${Array.isArray(current) ? 'array' : 'object'}); --set changes numbers, booleans and strings`, { field });
    (target as Record<string | number, unknown>)[key] = o.value;
    applied.push({ override: o, path: [...path, key] });
  }
  return { scenario: copy, applied };
}

/** Copies plain objects and arrays deeply; anything else (functions, class instances) is shared. */
function clonePlain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clonePlain);
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clonePlain(x)]));
  }
  return v;
}

function resolveKey(container: object, key: string): string | number | undefined {
  if (!Array.isArray(container)) return key;
  if (/^\d+$/.test(key)) return Number(key) < container.length ? Number(key) : undefined;
  const i = container.findIndex((e: unknown) => e !== null && typeof e === 'object' && (e as { id?: unknown }).id === key);
  return i >= 0 ? i : undefined;
}

function child(container: unknown, key: string, pathSoFar: string, field: string): { key: string | number; value: unknown } {
  if (container === null || typeof container !== 'object') throw new InputError(`'${pathSoFar}' does not exist`, { field });
  const k = resolveKey(container, key);
  if (k === undefined) throw new InputError(`no element '${key}' in '${pathSoFar.split('.').slice(0, -1).join('.')}'`, { field });
  const v = (container as Record<string | number, unknown>)[k];
  if (v === undefined || v === null || typeof v !== 'object') throw new InputError(`'${pathSoFar}' does not exist or is not an object or array`, { field });
  return { key: k, value: v };
}
