/**
 * `edgesim sweep`: the cells of a grid × seeds, run in worker threads, stored one file each under
 * `<out>/cells/` as they finish (so a rerun reuses them), then summarised into `sweep.json`,
 * `sweep.csv`, `sweep.md` and `run.json`, written through a staging folder renamed into place.
 * @module
 */
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../engine/errors.js';
import { loadScenario } from '../scenario/load.js';
import { parseOverride } from '../scenario/overrides.js';
import { checkOutputDir, commitStagingDir, createStagingDir, discardStagingDir, writeFiles, writeNewFileAtomic } from '../report/output.js';
import { renderJson } from '../report/formats.js';
import { edgesimVersion } from '../report/simulate.js';
import { SWEEP_METRICS, type MetricValues } from './metrics.js';
import { combinations, contentHash, parseGrid, parseSeeds, sweepCells, type SweepCell } from './grid.js';
import { runCells } from './pool.js';
import { parseQueueUrl, runCellsOnQueue } from './queue.js';
import type { CellOutcome } from './cell.js';
import { backendOption } from '../learning/backend.js';
import { sweepHtml } from './html.js';
import { combinationResults, sweepCsv, sweepMarkdown, SWEEP_SCHEMA, type SweepCellResult, type SweepResult } from './summary.js';

/** Options of {@link runSweep} (`edgesim sweep`). */
export interface SweepOptions {
  /** `--grid path=v1,v2` axes */
  grid: string[];
  /** `--seeds`, e.g. `1..10`; default the scenario's own seed */
  seeds?: string;
  /** worker threads; default `os.availableParallelism()` */
  workers?: number;
  /** output folder; default `out/<scenario name>-sweep` */
  out?: string;
  /** `--set` assignments applied to every cell */
  set: string[];
  /** TF.js backend: auto (default), tensorflow, wasm, cpu */
  backend?: string;
  /** `redis://HOST:PORT`: run the cells as BullMQ jobs there (`edgesim worker`s run them) instead of in worker threads */
  queue?: string;
  /** wall-clock limit of one cell in seconds: a cell past it is stopped and fails */
  cellTimeoutS?: number;
  /** `--format`: output formats; sweep.json, sweep.csv and sweep.md are always written, `html` adds sweep.html */
  format?: string;
  /** called with progress lines (cells reused, each cell done) */
  log?: (line: string) => void;
}

/** Wall-clock facts of a sweep (`run.json`): not deterministic, kept out of sweep.json. */
export interface SweepRunInfo {
  /** edgesim version */
  edgesimVersion: string;
  /** Node.js version */
  nodeVersion: string;
  /** ISO time the sweep started */
  startedAt: string;
  /** wall time in seconds */
  wallS: number;
  /** worker threads used (0: the cells ran on a queue) */
  workers: number;
  /** the queue's URL, when the cells ran on one */
  queue?: string;
  /** cells in the sweep */
  cells: number;
  /** cells reused from `<out>/cells/` */
  reused: number;
  /** cells run now */
  ran: number;
  /** cells that failed */
  failed: number;
}

/** What {@link runSweep} returns. */
export interface SweepOutcome {
  /** sweep.json's content */
  result: SweepResult;
  /** run.json's content */
  runInfo: SweepRunInfo;
  /** the output folder */
  outDir: string;
}

/** A stored cell (`<out>/cells/<key>.json`). */
export interface StoredCell {
  /** the cell's key */
  key: string;
  /** its overrides */
  overrides: string[];
  /** its seed */
  seed: number;
  /** its metrics */
  metrics: MetricValues;
}

function readStoredCell(path: string, cell: SweepCell): MetricValues | undefined {
  try {
    const s = JSON.parse(readFileSync(path, 'utf8')) as Partial<StoredCell>;
    if (s.key !== cell.key || s.metrics === null || typeof s.metrics !== 'object') return undefined;
    const out: MetricValues = {};
    for (const m of SWEEP_METRICS) {
      const v = s.metrics[m.name];
      if (v !== null && typeof v !== 'number') return undefined;
      out[m.name] = v ?? null;
    }
    return out;
  } catch {
    return undefined;
  }
}

/** The formats `edgesim sweep --format` knows: the first three are always written. */
export const SWEEP_FORMATS: readonly string[] = ['json', 'csv', 'md', 'html'];

/**
 * Parses `--format` of a sweep.
 * @param list - comma-separated names (default `json,csv,md`)
 * @throws InputError naming an unknown format
 */
export function parseSweepFormats(list: string | undefined): string[] {
  const names = (list ?? 'json,csv,md').split(',').map((n) => n.trim()).filter((n) => n !== '');
  for (const n of names) if (!SWEEP_FORMATS.includes(n)) throw new InputError(`unknown sweep format '${n}'; known: ${SWEEP_FORMATS.join(', ')} (sweep.json, sweep.csv and sweep.md are always written)`, { field: '--format' });
  return names;
}

/** Makes sure `outDir` exists as an edgesim output (created empty, with its marker, through a staging folder). */
function ensureOutputDir(outDir: string): string {
  const abs = checkOutputDir(outDir);
  if (!existsSync(abs) || readdirSync(abs).length === 0) commitStagingDir(createStagingDir(outDir, 'sweep'), outDir);
  const cells = join(abs, 'cells');
  mkdirSync(cells, { recursive: true });
  return cells;
}

/**
 * Runs a sweep end to end.
 * @param file - the scenario file
 * @param options - the command's options
 * @throws InputError on bad input (grid, seeds, overrides, scenario, output folder)
 */
export async function runSweep(file: string, options: SweepOptions): Promise<SweepOutcome> {
  const startedAt = new Date();
  const t0 = performance.now();
  const log = options.log ?? ((): void => undefined);
  const axes = parseGrid(options.grid);
  for (const s of options.set) parseOverride(s);
  const workers = options.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) throw new InputError(`expected a positive integer, got ${workers}`, { field: '--workers' });
  const cellTimeoutS = options.cellTimeoutS;
  if (cellTimeoutS !== undefined && !(Number.isFinite(cellTimeoutS) && cellTimeoutS > 0)) throw new InputError(`expected a positive number of seconds, got ${cellTimeoutS}`, { field: '--cell-timeout' });
  if (options.queue !== undefined) parseQueueUrl(options.queue);
  const formats = parseSweepFormats(options.format);
  const backend = options.backend ?? 'auto';
  backendOption(backend);
  // The scenario with the sweep's own overrides must load: a missing file or a bad --set is bad input, not a failed cell.
  const { scenario } = await loadScenario(file, options.set.map(parseOverride));
  const seeds = options.seeds === undefined ? [scenario.seed] : parseSeeds(options.seeds);
  const hash = contentHash(readFileSync(file));
  const combos = combinations(axes);
  const cells = sweepCells(hash, options.set, combos, seeds);
  const outDir = options.out ?? join('out', `${scenario.name}-sweep`);
  const cellsDir = ensureOutputDir(outDir);

  const results: SweepCellResult[] = cells.map((c) => ({ ...c, metrics: null, error: null }));
  const todo: number[] = [];
  cells.forEach((c, i) => {
    const path = join(cellsDir, `${c.key}.json`);
    const stored = existsSync(path) ? readStoredCell(path, c) : undefined;
    if (stored !== undefined) results[i]!.metrics = stored;
    else {
      rmSync(path, { force: true }); // an unreadable cell file of an earlier sweep: run it again
      todo.push(i);
    }
  });
  const reused = cells.length - todo.length;
  const used = options.queue !== undefined ? 0 : Math.min(workers, Math.max(1, todo.length));
  const where = options.queue !== undefined ? `the workers of ${options.queue}` : `${used} worker${used === 1 ? '' : 's'}`;
  log(`edgesim sweep: ${cells.length} cells (${combos.length} combinations × ${seeds.length} seeds); ${reused} reused from ${cellsDir}, ${todo.length} to run on ${where}`);
  let done = 0;
  const jobs = todo.map((i) => ({ index: i, key: cells[i]!.key, label: combos[cells[i]!.combination]!.label, job: { file, overrides: cells[i]!.overrides, seed: cells[i]!.seed, backend } }));
  const limit = cellTimeoutS === undefined ? {} : { cellTimeoutS };
  const onDone = (i: number, outcome: CellOutcome): void => {
    const c = cells[i]!;
    done++;
    if (outcome.error !== null) {
      results[i]!.error = outcome.error;
      log(`  [${done}/${todo.length}] ${combos[c.combination]!.label}, seed ${c.seed}: failed: ${outcome.error}`);
      return;
    }
    results[i]!.metrics = outcome.metrics;
    const stored: StoredCell = { key: c.key, overrides: c.overrides, seed: c.seed, metrics: outcome.metrics };
    let note = '';
    try {
      writeNewFileAtomic(join(cellsDir, `${c.key}.json`), renderJson(stored), { field: '--out' });
    } catch (err) {
      // Another sweep to the same folder stored it meanwhile, or the folder went: the result still counts.
      note = ` (not stored: ${(err as Error).message})`;
    }
    log(`  [${done}/${todo.length}] ${combos[c.combination]!.label}, seed ${c.seed}: done${note}`);
  };
  if (options.queue !== undefined) await runCellsOnQueue(jobs, { url: options.queue, sha256: hash, log, ...limit }, onDone);
  else await runCells(jobs, workers, onDone, limit);

  const result: SweepResult = {
    schema: SWEEP_SCHEMA,
    scenario: { file, sha256: hash },
    set: options.set,
    grid: axes,
    seeds,
    metrics: SWEEP_METRICS.map((m) => ({ name: m.name, description: m.description })),
    cells: results,
    combinations: combinationResults(combos, results),
  };
  const failed = results.filter((r) => r.error !== null).length;
  const runInfo: SweepRunInfo = {
    edgesimVersion: edgesimVersion(),
    nodeVersion: process.version,
    startedAt: startedAt.toISOString(),
    wallS: (performance.now() - t0) / 1000,
    workers: used,
    ...(options.queue === undefined ? {} : { queue: options.queue }),
    cells: cells.length,
    reused,
    ran: todo.length,
    failed,
  };
  // The summary and the cells (hard links, or copies) go to a staging folder renamed over the output.
  const staging = createStagingDir(outDir, 'sweep');
  try {
    const stagedCells = join(staging, 'cells');
    mkdirSync(stagedCells);
    for (const c of results) {
      if (c.metrics === null) continue;
      const name = `${c.key}.json`;
      try {
        linkSync(join(cellsDir, name), join(stagedCells, name));
      } catch {
        const stored: StoredCell = { key: c.key, overrides: c.overrides, seed: c.seed, metrics: c.metrics };
        writeFiles(stagedCells, { [name]: renderJson(stored) });
      }
    }
    writeFiles(staging, { 'sweep.json': renderJson(result), 'sweep.csv': sweepCsv(result), 'sweep.md': sweepMarkdown(result), 'run.json': renderJson(runInfo) });
    if (formats.includes('html')) writeFiles(staging, { 'sweep.html': await sweepHtml(result) });
    commitStagingDir(staging, outDir);
  } catch (err) {
    discardStagingDir(staging);
    throw err;
  }
  return { result, runInfo, outDir };
}
