/**
 * What a report records of its origin: the provenance of a run (edgesim's version, the scenario
 * file, the overrides, the seed, the backend, a command line that reruns it) and the resolved
 * configuration (the scenario after defaults and overrides) as plain, deterministic JSON.
 * @module
 */
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { World } from '../scenario/world.js';
import type { ReportSpec } from '../scenario/types.js';
import { resolveTraining, type ResolvedTraining } from '../training/config.js';

/** The resolved scenario in a report: the validated scenario's fields, with `training` resolved. */
export type ResolvedScenario = Record<string, unknown> & {
  /** the training section with its defaults, or null without training */
  training: ResolvedTraining | null;
  /** what the report records (the scenario's `report`), when the scenario set it */
  report?: ReportSpec;
};

/** Where a report came from (`provenance` in the report): enough to rerun it. */
export interface Provenance {
  /** edgesim's version */
  edgesimVersion: string;
  /** the scenario file, relative to the working folder (its base name when outside it); null when simulated from an object */
  scenarioFile: string | null;
  /** the `--set` overrides, as given, in order */
  overrides: string[];
  /** the root seed (the scenario's, or `--seed`) */
  seed: number;
  /** whether `--seed` set it */
  seedFromCommandLine: boolean;
  /** the TF.js backend training ran on (`tensorflow`, `wasm` or `cpu`; results differ by backend); null without training or inference */
  backend: string | null;
  /** an `edgesim run` command line that reruns this report (null without a scenario file) */
  rerun: string | null;
}

/** What the caller knows of a run's origin (the CLI passes the file and its flags). */
export interface ProvenanceInput {
  /** the scenario file as given (absolute or relative to the working folder) */
  scenarioFile?: string;
  /** the `--set` overrides as given */
  overrides?: readonly string[];
  /** whether `--seed` was given */
  seedFromCommandLine?: boolean;
  /** the TF.js backend that ran, when training */
  backend?: string | null;
}

/** The scenario file as the report names it: relative to the working folder, else its base name. */
function displayPath(file: string): string {
  const r = relative(process.cwd(), resolve(file));
  return (r === '' || r.startsWith('..') || isAbsolute(r) ? basename(file) : r).split(sep).join('/');
}

/** POSIX shell quoting where needed. */
function shellWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

/**
 * Whether a world computes with TF.js (so its report names the backend): real training, inference,
 * or a real-mode data-center job.
 */
export function worldUsesTfjs(world: Pick<World, 'training' | 'inference' | 'scenario'>): boolean {
  return (world.training !== null && world.training.model !== null) || world.inference !== null || (world.scenario.datacenters ?? []).some((dc) => dc.jobs.some((j) => j.mode === 'real'));
}

/**
 * The provenance block of a report.
 * @param world - the simulated world
 * @param origin - what the caller knows of the run's origin
 */
export function provenance(world: World, origin: ProvenanceInput & { edgesimVersion: string }): Provenance {
  const file = origin.scenarioFile === undefined ? null : displayPath(origin.scenarioFile);
  const overrides = [...(origin.overrides ?? [])];
  const backend = world.training === null && world.inference === null && !worldUsesTfjs(world) ? null : (origin.backend ?? null);
  const seedFromCommandLine = origin.seedFromCommandLine ?? false;
  const words =
    file === null
      ? null
      : ['edgesim', 'run', file, ...(seedFromCommandLine ? ['--seed', String(world.scenario.seed)] : []), ...overrides.flatMap((o) => ['--set', o]), ...(backend === null ? [] : ['--backend', backend])];
  return { edgesimVersion: origin.edgesimVersion, scenarioFile: file, overrides, seed: world.scenario.seed, seedFromCommandLine, backend, rerun: words === null ? null : words.map(shellWord).join(' ') };
}

/**
 * The resolved configuration of a report: the validated scenario with training defaults filled in.
 * @param world - the simulated world
 * @param scenarioFile - the scenario file, to make trace paths relative to its folder
 */
export function configuration(world: World, scenarioFile: string | undefined): ResolvedScenario {
  const { scenario } = world;
  const training: ResolvedTraining | null = world.training?.run.config ?? (scenario.training === null ? null : resolveTraining(scenario.training, scenario.nodes));
  // Paths (trace files) relative to the scenario file's folder, as a scenario names them.
  const base = scenarioFile === undefined ? process.cwd() : dirname(resolve(scenarioFile));
  return canonicalValue({ ...scenario, training }, base) as ResolvedScenario;
}

/**
 * A value as plain, deterministic JSON data: object keys sorted (Maps as objects, Sets and typed
 * arrays as arrays); a function as `"[function name]"`; non-finite numbers, bigints and symbols as
 * strings; undefined fields left out (null in arrays); absolute paths relative to `baseDir`
 * (POSIX separators); a repeated reference on the current path as `"[circular]"`.
 * @param value - any value
 * @param baseDir - the folder absolute paths are made relative to
 */
export function canonicalValue(value: unknown, baseDir: string): unknown {
  return new Canonicalizer(baseDir).walk(value, 0);
}

/**
 * The walk of {@link canonicalValue}. A 10⁵-node scenario has ≈ 1.6 M objects and arrays, most of
 * a handful of shapes, met in runs (node after node, link after link): each depth remembers the
 * last key list it sorted, and an object whose keys are the same strings in the same order reuses
 * that order instead of sorting again. The objects on the current path sit in an array (a scenario
 * is a few levels deep), not a set.
 */
class Canonicalizer {
  private readonly path: object[] = [];
  /** by depth: the last key list met and its keys in code-unit order */
  private readonly lastKeys: string[][] = [];
  private readonly lastSorted: string[][] = [];

  constructor(private readonly baseDir: string) {}

  walk(v: unknown, depth: number): unknown {
    switch (typeof v) {
      case 'number':
        return Number.isFinite(v) ? v : String(v);
      case 'bigint':
      case 'symbol':
        return String(v);
      case 'function':
        return `[function ${(v as { name?: string }).name || 'anonymous'}]`;
      case 'string':
        return this.string(v);
      case 'undefined':
        return undefined;
      case 'boolean':
        return v;
    }
    if (v === null) return null;
    const o = v as object;
    const path = this.path;
    for (let i = path.length - 1; i >= 0; i--) if (path[i] === o) return '[circular]';
    path.push(o);
    const out = this.object(o, depth + 1);
    path.pop();
    return out;
  }

  /** A string; an absolute path relative to the base folder. */
  private string(v: string): string {
    // Only a string starting with a separator or a drive letter can be absolute (POSIX or Windows).
    if (v.length < 2) return v;
    const c0 = v.charCodeAt(0);
    if (c0 !== 47 && c0 !== 92 && v.charCodeAt(1) !== 58) return v;
    return isAbsolute(v) ? relative(this.baseDir, v).split(sep).join('/') || '.' : v;
  }

  private object(o: object, depth: number): unknown {
    if (Array.isArray(o)) {
      const out: unknown[] = [];
      for (let i = 0; i < o.length; i++) out.push(this.walk(o[i], depth) ?? null);
      return out;
    }
    const proto = Object.getPrototypeOf(o) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      if (o instanceof Date) return Number.isNaN(o.getTime()) ? 'Invalid Date' : o.toISOString();
      if (ArrayBuffer.isView(o)) return Array.from(o as unknown as ArrayLike<number | bigint>, (x) => this.walk(x, depth));
      if (o instanceof Set) return Array.from(o as Set<unknown>, (x) => this.walk(x, depth) ?? null);
      if (o instanceof Map) {
        const out: Record<string, unknown> = {};
        const entries: [string, unknown][] = [...(o as Map<unknown, unknown>).entries()].map(([k, x]) => [String(k), x]);
        for (const [k, x] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
          const w = this.walk(x, depth);
          if (w !== undefined) out[k] = w;
        }
        return out;
      }
    }
    const keys = this.sortedKeys(o, depth);
    const rec = o as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const w = this.walk(rec[k], depth);
      if (w !== undefined) out[k] = w;
    }
    return out;
  }

  /** An object's own enumerable keys in code-unit order. */
  private sortedKeys(o: object, depth: number): string[] {
    const keys = Object.keys(o);
    const last = this.lastKeys[depth];
    if (last !== undefined && last.length === keys.length) {
      let same = true;
      for (let i = 0; i < keys.length; i++) {
        if (last[i] !== keys[i]) {
          same = false;
          break;
        }
      }
      if (same) return this.lastSorted[depth]!;
    }
    let sorted = keys;
    for (let i = 1; i < keys.length; i++) {
      if (keys[i - 1]! > keys[i]!) {
        sorted = [...keys].sort();
        break;
      }
    }
    this.lastKeys[depth] = keys;
    this.lastSorted[depth] = sorted;
    return sorted;
  }
}
