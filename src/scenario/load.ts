/**
 * Loading a scenario file: a `.ts` or `.js` module whose default export is a scenario (run under
 * tsx, so TypeScript needs no build step), then `--set` overrides and validation.
 * @module
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError, describe } from '../engine/errors.js';
import { withScenarioFile } from '../mobility/traces/paths.js';
import { applyOverrides, type Override } from './overrides.js';
import { validateScenario } from './validate.js';
import { switchProtocolFields } from './protocolSwitch.js';
import type { Scenario } from './types.js';

/** A loaded, validated scenario and where it came from. */
export interface LoadedScenario {
  /** the validated scenario */
  scenario: Scenario;
  /** the file as the user named it */
  file: string;
  /** what loading changed beyond the overrides themselves (fields a protocol switch left out) */
  notes: string[];
}

/**
 * Imports a scenario module and returns its default export, unvalidated.
 * @param file - path of the scenario file
 * @throws InputError for a missing file, a module that fails to load, or no default export
 */
export async function importScenarioModule(file: string): Promise<unknown> {
  const abs = resolve(file);
  if (!existsSync(abs)) throw new InputError('scenario file not found', { file });
  if (!statSync(abs).isFile()) throw new InputError('not a file', { file });
  let mod: { default?: unknown };
  try {
    mod = (await withScenarioFile(abs, () => import(pathToFileURL(abs).href))) as { default?: unknown };
  } catch (err) {
    const hint = moduleTypeHint(abs, err);
    const message = describe(err);
    throw new InputError(`cannot load the module: ${message}${hint === '' ? '' : `${message.endsWith('.') ? ' ' : '. '}${hint}`}`, { file });
  }
  if (mod.default === undefined) {
    throw new InputError('the module has no default export; a scenario file ends with `export default defineScenario({ ... })`', { file });
  }
  return mod.default;
}

/**
 * What to do when a `.ts`/`.js` scenario failed to load as CommonJS: outside a `"type": "module"`
 * package, tsx compiles it to CommonJS, whose `require('edgesim')` of the ES-module package fails.
 * @returns the hint to append, or '' when that is not the cause
 */
function moduleTypeHint(abs: string, err: unknown): string {
  if (/\.m[jt]s$/.test(abs)) return '';
  const code = String((err as { code?: unknown } | null)?.code);
  if (!['ERR_REQUIRE_CYCLE_MODULE', 'ERR_REQUIRE_ESM', 'ERR_REQUIRE_ASYNC_MODULE'].includes(code) && !/ES Module|outside a module/.test(describe(err))) return '';
  for (let dir = dirname(abs); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      let type: unknown;
      try {
        type = (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: unknown }).type;
      } catch {
        return '';
      }
      return type === 'module' ? '' : `A scenario file is an ES module: set "type": "module" in package.json (npm pkg set type=module), or name the scenario file .mts (${pkg})`;
    }
    if (dirname(dir) === dir) return '';
  }
}

/**
 * Loads, overrides and validates a scenario file.
 * @param file - path of the scenario file
 * @param overrides - `--set` assignments
 * @throws InputError (or its subclass ScenarioError) naming file, line and field
 */
export async function loadScenario(file: string, overrides: readonly Override[] = []): Promise<LoadedScenario> {
  const raw = await importScenarioModule(file);
  const text = readFileSync(resolve(file), 'utf8');
  const { scenario, applied } = applyOverrides(raw, overrides);
  const notes = switchProtocolFields(scenario, applied);
  return { scenario: validateScenario(scenario, { file, text, overrides: applied }), file, notes };
}
