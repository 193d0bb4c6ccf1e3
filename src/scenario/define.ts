/**
 * `defineScenario`: the typed entry point of a scenario file.
 * @module
 */
import type { ScenarioSpec } from './types.js';

/**
 * Declares a scenario. It returns its argument unchanged: its purpose is the types (your editor
 * completes and checks every field); `edgesim run` validates the object again at run time.
 *
 * ```ts
 * import { defineScenario } from 'edgesim';
 * export default defineScenario({ name: 'tiny', nodes: [{ id: 't0', kind: 'terminal', cpuFlopsPerS: 1e9 }] });
 * ```
 * @param spec - the scenario
 */
export function defineScenario<const S extends ScenarioSpec>(spec: S): S {
  return spec;
}
