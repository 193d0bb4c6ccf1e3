/**
 * Where a timing-only run finds its calibration: the training section's `calibration` (a path
 * relative to the scenario file, or the curves themselves), else `<scenario>.calibration.json`
 * beside the scenario file (`edgesim calibrate` writes it there).
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, join, parse, resolve } from 'node:path';
import { InputError } from '../../engine/errors.js';
import type { TrainingSpec } from '../spec.js';
import { parseCalibration } from './calibration.js';

/**
 * The default calibration file of a scenario file: its name without the extension, plus
 * `.calibration.json`, in its folder (`scenarios/cells.ts` → `scenarios/cells.calibration.json`).
 * @param scenarioFile - the scenario file's path
 */
export function defaultCalibrationPath(scenarioFile: string): string {
  const p = parse(scenarioFile);
  return join(p.dir, `${p.name}.calibration.json`);
}

/**
 * A timing-only training section with its calibration file read into it (other sections as they are).
 * @param spec - the scenario's training section
 * @param scenarioFile - the scenario file (relative calibration paths and the default are beside it)
 * @throws InputError when the file is missing or not a calibration, saying to run `edgesim calibrate`
 */
export function withCalibration(spec: TrainingSpec, scenarioFile: string): TrainingSpec {
  if (spec.mode !== 'timing' || typeof spec.calibration === 'object') return spec;
  const path = spec.calibration === undefined ? defaultCalibrationPath(scenarioFile) : resolve(dirname(scenarioFile), spec.calibration);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`timing-only training needs a calibration, and ${path} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`}: run 'edgesim calibrate ${scenarioFile}' first (it trains the scenario for real once and fits its learning curve)`, { field: 'training.calibration' });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${path} is not JSON (${(err as Error).message}): run 'edgesim calibrate ${scenarioFile}' to write a calibration`, { field: 'training.calibration' });
  }
  let c;
  try {
    c = parseCalibration(parsed, path);
  } catch (err) {
    throw new InputError(`${(err as Error).message}: run 'edgesim calibrate ${scenarioFile}' to write one`, { field: 'training.calibration' });
  }
  return { ...spec, calibration: { accuracy: c.accuracy, loss: c.loss } };
}
