/**
 * Running one sweep cell as `edgesim run --set … --seed …` would: load the scenario with the
 * overrides, select the TF.js backend, prepare inference, simulate, and keep the headline metrics.
 * @module
 */
import { withCalibration } from '../training/timing/file.js';
import { loadScenario } from '../scenario/load.js';
import { parseOverride, type Override } from '../scenario/overrides.js';
import { simulate } from '../report/simulate.js';
import { backendForModel, backendOption, selectBackend } from '../learning/backend.js';
import { scenarioTrainedModels } from '../scenario/trainedModels.js';
import { prepareScenarioInference } from '../inference/deploy.js';
import { extractMetrics, type MetricValues } from './metrics.js';

/** What a cell needs to run. */
export interface CellJob {
  /** the scenario file */
  file: string;
  /** `--set` assignments */
  overrides: readonly string[];
  /** the root seed */
  seed: number;
  /** TF.js backend: auto, tensorflow, wasm, cpu */
  backend: string;
}

/** A cell that ran to the end. */
export interface CellSuccess {
  /** its headline metrics */
  metrics: MetricValues;
  /** always null */
  error: null;
}

/** A cell that threw. */
export interface CellFailure {
  /** always null */
  metrics: null;
  /** the error's message */
  error: string;
}

/** A cell's outcome: its metrics, or the message of the error that stopped it. */
export type CellOutcome = CellSuccess | CellFailure;

/**
 * Runs one cell; never throws: an error becomes the outcome's message.
 * @param job - the scenario, overrides, seed and backend
 */
export async function runCell(job: CellJob): Promise<CellOutcome> {
  try {
    const overrides: Override[] = job.overrides.map(parseOverride);
    overrides.push({ text: `seed=${job.seed}`, path: ['seed'], value: job.seed });
    const loaded = (await loadScenario(job.file, overrides)).scenario;
    // Timing-only training reads its calibration and needs no TF.js backend.
    const timing = loaded.training !== null && loaded.training.mode === 'timing';
    const scenario = timing ? { ...loaded, training: withCalibration(loaded.training!, job.file) } : loaded;
    const trained = scenarioTrainedModels(scenario);
    if (trained.length > 0 || scenario.inference !== null) {
      await selectBackend(backendOption(job.backend));
      for (const def of trained) await backendForModel(def);
    }
    if (scenario.inference !== null) await prepareScenarioInference(scenario);
    const { report } = simulate(scenario, { origin: { scenarioFile: job.file, overrides: [...job.overrides], seedFromCommandLine: true } });
    return { metrics: extractMetrics(report), error: null };
  } catch (err) {
    return { metrics: null, error: err instanceof Error ? err.message : String(err) };
  }
}
