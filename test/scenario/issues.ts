/** A test helper: what validation says of a raw scenario, one line per issue. */
import { validateScenario, ScenarioError, formatPath } from '../../src/scenario/validate.js';

/**
 * The issues validation finds, as `path: message` lines (none for a valid scenario).
 * @param raw - a scenario object
 */
export function issuesOf(raw: unknown): string[] {
  try {
    validateScenario(raw);
  } catch (err) {
    if (err instanceof ScenarioError) return err.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
    throw err;
  }
  return [];
}
