/**
 * Where relative trace paths start — one rule, one function ({@link resolveTracePath}):
 * - in a scenario (a node's `mobility.trace`, `nodesFromTrace(…)`, the `availability` CSV, and
 *   `loadTrace(…)` called while the scenario file is being loaded), relative to the scenario
 *   file's folder;
 * - anywhere else (the `edgesim trace` commands, scripts), relative to the working folder, as
 *   any command line does.
 * The scenario loader marks the load with {@link withScenarioFile}; the mark follows the load's
 * asynchronous work (AsyncLocalStorage), so scenarios loaded side by side never see each other's.
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { dirname, isAbsolute, resolve } from 'node:path';

const scenarioDir = new AsyncLocalStorage<string>();

/** The folder relative trace paths start from here: the scenario file's while one loads, else the working folder. */
export function traceBaseDir(): string {
  return scenarioDir.getStore() ?? process.cwd();
}

/**
 * Resolves a trace path.
 * @param path - as written (absolute, or relative)
 * @param baseDir - the folder it is relative to; default `traceBaseDir()`
 */
export function resolveTracePath(path: string, baseDir: string = traceBaseDir()): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

/**
 * Runs `load` (the import of a scenario module) so that trace paths used while it runs are
 * relative to `file`'s folder.
 * @param file - the scenario file
 * @param load - the work that evaluates it
 */
export function withScenarioFile<T>(file: string, load: () => T): T {
  return scenarioDir.run(dirname(resolve(file)), load);
}
