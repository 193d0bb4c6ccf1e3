/**
 * `edgesim sweep <scenario> --grid path=v1,v2 … --seeds 1..10`: a parameter sweep in worker
 * threads with per-combination statistics (see docs/sweep.md).
 * @module
 */
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { InputError, SimulationError } from '../engine/errors.js';
import { parseSweepFormats, runSweep, type SweepOptions } from '../sweep/sweep.js';
import { isSweepFile, loadSweepFile } from '../sweep/file.js';

/** Options of `edgesim sweep` as commander parses them. */
export interface SweepCommandOptions extends Omit<SweepOptions, 'log' | 'cellTimeoutS'> {
  /** `--cell-timeout`: wall-clock limit of one cell in seconds */
  cellTimeout?: number;
  /** print nothing on success */
  quiet?: boolean;
}

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError('expected a positive integer.');
  return Number(value);
}

function positiveSeconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number of seconds.');
  return n;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** What {@link resolveSweepArgs} returns. */
export interface ResolvedSweep {
  /** the scenario file */
  file: string;
  /** the options to run it with */
  opts: SweepCommandOptions;
}

/**
 * The scenario and options of a sweep: a `*.sweep.ts` file's (its `--seeds` and `--set` added), or
 * the command line's.
 * @param file - a scenario file or a sweep file
 * @param opts - the command's options
 * @throws InputError for an invalid sweep file, or `--grid` given with one
 */
export async function resolveSweepArgs(file: string, opts: SweepCommandOptions): Promise<ResolvedSweep> {
  if (!isSweepFile(file)) return { file, opts };
  if (opts.grid.length > 0) throw new InputError(`the sweep file ${file} gives the grid; --grid cannot be added to it`, { field: '--grid' });
  const args = await loadSweepFile(file);
  return { file: args.scenario, opts: { ...opts, grid: args.grid, seeds: opts.seeds ?? args.seeds, set: [...args.set, ...opts.set] } };
}

/**
 * Runs `edgesim sweep` and prints where its outputs are.
 * @param given - the scenario file, or a `*.sweep.ts` sweep file
 * @param options - the command's options
 * @throws InputError on bad input; SimulationError when no cell succeeded (exit code 1)
 */
export async function sweepCommand(given: string, options: SweepCommandOptions): Promise<void> {
  const { file, opts } = await resolveSweepArgs(given, options);
  const log = opts.quiet === true ? undefined : (line: string): void => void process.stderr.write(`${line}\n`);
  const { cellTimeout, ...rest } = opts;
  const { result, runInfo, outDir } = await runSweep(file, { ...rest, log, ...(cellTimeout === undefined ? {} : { cellTimeoutS: cellTimeout }) });
  const ok = runInfo.cells - runInfo.failed;
  if (ok === 0) throw new SimulationError(`every one of the ${runInfo.cells} cells failed; the errors are in ${resolve(outDir, 'sweep.json')}`, 0);
  if (opts.quiet !== true) {
    process.stdout.write(
      `edgesim sweep: ${result.scenario.file}: ${runInfo.cells} cells, ${runInfo.reused} reused, ${runInfo.ran} run, ${runInfo.failed} failed\n` +
        `summary: ${resolve(outDir, 'sweep.md')}\n` +
        `data: ${resolve(outDir, 'sweep.json')}, ${resolve(outDir, 'sweep.csv')}\n` +
        (parseSweepFormats(opts.format).includes('html') ? `plots: ${resolve(outDir, 'sweep.html')}\n` : ''),
    );
  }
}

/**
 * Adds `sweep` to the program.
 * @param program - the `edgesim` command
 */
export function addSweepCommand(program: Command): void {
  program
    .command('sweep')
    .description('run a scenario over a grid of overrides × seeds in worker threads; per combination, mean, standard deviation and 95% confidence interval of the headline metrics')
    .argument('<scenario>', 'scenario file (.ts or .js) whose default export is a scenario, or a sweep file (*.sweep.ts) whose default export is defineSweep({ scenario, grid, seeds, set })')
    .option('--grid <path=v1,v2>', 'an axis of the grid: a scenario path and its values, comma-separated (repeatable; the cells are the cartesian product)', collect, [])
    .option('--seeds <list>', "root seeds: integers and ranges, e.g. '1..10' or '1,4,9' (default: the sweep file's, else the scenario's seed)")
    .option('--workers <n>', 'worker threads (default: the available parallelism; 1 runs in this process, or in one thread with --cell-timeout)', positiveInteger)
    .option('--out <dir>', 'output folder (default: out/<scenario name>-sweep); finished cells under <dir>/cells are reused by a rerun')
    .option('--set <path=value>', 'override a scalar of the scenario in every cell (repeatable)', collect, [])
    .option('--backend <name>', 'TF.js backend for training: auto, tensorflow, wasm, cpu', 'auto')
    .option('--queue <url>', 'run the cells as BullMQ jobs on Redis at redis://HOST:PORT, for `edgesim worker --queue` processes on any machine to run; wait for them and collect the results')
    .option('--cell-timeout <seconds>', 'wall-clock limit of one cell: a cell past it is stopped and recorded as failed', positiveSeconds)
    .option('--format <list>', 'output formats, comma-separated: json, csv, md (always written), html (adds sweep.html: each metric against the first varied parameter, 95% CI error bars)', 'json,csv,md')
    .option('--quiet', 'print nothing on success (errors still go to stderr)')
    .action(async (file: string, opts: SweepCommandOptions) => {
      await sweepCommand(file, opts);
    });
}
