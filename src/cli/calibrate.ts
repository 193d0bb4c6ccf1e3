/**
 * `edgesim calibrate <scenario>`: trains the scenario for real (TF.js) once, fits learning curves
 * of its test accuracy and loss against aggregated client updates, and writes them to
 * `<scenario>.calibration.json` beside the scenario file, which timing-only runs
 * (`training.mode: 'timing'`) read. A file of that name is replaced only when it is a calibration
 * (its `schema` tag says so); anything else there is refused.
 * @module
 */
import { lstatSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../engine/errors.js';
import { loadScenario } from '../scenario/load.js';
import { parseOverride, type Override } from '../scenario/overrides.js';
import { simulate } from '../report/simulate.js';
import { writeNewFileAtomic } from '../report/output.js';
import { selectBackendOption, backendForModel } from '../learning/backend.js';
import { models } from '../learning/models.js';
import { CALIBRATION_SCHEMA, calibrationPoints, fitCalibration, type Calibration } from '../training/timing/calibration.js';
import { defaultCalibrationPath } from '../training/timing/file.js';

/** Options of `edgesim calibrate`. */
export interface CalibrateOptions {
  /** root seed, overriding the scenario's */
  seed?: number;
  /** `path=value` assignments */
  set: string[];
  /** TF.js backend: auto (default), tensorflow, wasm, cpu */
  backend?: string;
  /** the calibration file; default `<scenario>.calibration.json` beside the scenario */
  out?: string;
  /** print nothing on success */
  quiet?: boolean;
}

/** Whether the file at `abs` is a calibration edgesim wrote (its schema tag), so a rerun may replace it. */
function isOwnCalibration(abs: string): boolean {
  try {
    if (!lstatSync(abs).isFile()) return false;
    return (JSON.parse(readFileSync(abs, 'utf8')) as { schema?: unknown }).schema === CALIBRATION_SCHEMA;
  } catch {
    return false;
  }
}

/**
 * Writes a calibration: a new file atomically, or in place of an earlier calibration (a temporary
 * file beside it, renamed over it); any other existing file is refused.
 * @param path - the file
 * @param content - its text
 */
function writeCalibrationFile(path: string, content: string): void {
  const abs = resolve(path);
  let exists = true;
  try {
    lstatSync(abs);
  } catch {
    exists = false;
  }
  if (!exists) return writeNewFileAtomic(path, content, { field: '--out' });
  if (!isOwnCalibration(abs)) throw new InputError('already exists and is not an edgesim calibration; edgesim does not replace it: choose another --out, or remove it yourself if it may go', { file: path, field: '--out' });
  const tmp = join(dirname(abs), `.${basename(abs)}.tmp-${process.pid}`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, abs);
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // renamed into place
    }
  }
}

/**
 * Calibrates a scenario: one real run, the fitted curves, the file written.
 * @param file - the scenario file
 * @param options - the command's options
 * @returns the calibration and where it was written
 * @throws InputError on bad input (no training section, no evaluation, a file in the way)
 */
export async function calibrateCommand(file: string, options: CalibrateOptions): Promise<{ calibration: Calibration; path: string }> {
  const overrides: Override[] = options.set.map(parseOverride);
  if (options.seed !== undefined) overrides.push({ text: `seed=${options.seed}`, path: ['seed'], value: options.seed });
  const { scenario: loaded } = await loadScenario(file, overrides);
  if (loaded.training === null) throw new InputError('the scenario has no training section to calibrate', { field: 'training' });
  // The real run, whatever mode the file asks for.
  const scenario = { ...loaded, training: { ...loaded.training, mode: 'real' as const, calibration: undefined } };
  await selectBackendOption(options.backend);
  await backendForModel(models.get(scenario.training.model)());
  const { report } = simulate(scenario);
  const points = calibrationPoints(report.rounds, report.evaluations ?? []);
  if (points.length === 0) throw new InputError('the real run evaluated the model no time: nothing to fit', { field: 'training' });
  const calibration = fitCalibration({ scenario: scenario.name, seed: scenario.seed, protocol: report.training!.protocol }, points);
  const path = options.out ?? defaultCalibrationPath(file);
  writeCalibrationFile(path, `${JSON.stringify(calibration, null, 1)}\n`);
  if (!options.quiet) {
    const a = calibration.accuracy;
    process.stdout.write(`${resolve(path)}\naccuracy(k) = ${a.a.toPrecision(4)} + ${a.b.toPrecision(4)}·(k + 1)^(−${a.d.toPrecision(4)}) after k aggregated client updates; ${points.length} evaluations, rmse ${calibration.rmse.accuracy.toPrecision(3)}\n`);
  }
  return { calibration, path };
}

/**
 * Registers `calibrate` on the program.
 * @param program - the `edgesim` command
 * @param parseInteger - the integer option parser
 * @param collect - the repeatable option collector
 */
export function addCalibrateCommand(program: Command, parseInteger: (v: string) => number, collect: (v: string, prev: string[]) => string[]): void {
  program
    .command('calibrate')
    .description("train a scenario for real once and fit its learning curve for timing-only runs (training.mode 'timing'): writes <scenario>.calibration.json beside it")
    .argument('<scenario>', 'scenario file with a training section')
    .option('--seed <n>', 'root seed of every random stream (overrides the scenario)', parseInteger)
    .option('--set <path=value>', 'override a scalar of the scenario (repeatable)', collect, [])
    .option('--backend <name>', 'TF.js backend: auto, tensorflow, wasm, cpu', 'auto')
    .option('--out <file>', 'calibration file (default: <scenario>.calibration.json beside the scenario)')
    .option('--quiet', 'print nothing on success')
    .action(async (file: string, opts: CalibrateOptions) => {
      await calibrateCommand(file, opts);
    });
}
