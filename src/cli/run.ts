/**
 * `edgesim run <scenario>`: load, override, validate, simulate, write the report atomically, print
 * a summary.
 * @module
 */
import { join, resolve } from 'node:path';
import { InputError } from '../engine/errors.js';
import { loadScenario } from '../scenario/load.js';
import { parseOverride, type Override } from '../scenario/overrides.js';
import { simulate } from '../report/simulate.js';
import { reportFormats, renderJson, renderReportFiles } from '../report/formats.js';
import { EventLogWriter } from '../report/eventLog.js';
import { commitStagingDir, createStagingDir, discardStagingDir, writeFiles } from '../report/output.js';
import { createProgress } from './progress.js';
import { selectBackendOption, backendForModel } from '../learning/backend.js';
import { scenarioTrainedModels } from '../scenario/trainedModels.js';
import { prepareScenarioInference } from '../inference/deploy.js';
import { renderSummary } from './summary.js';
import { withCalibration } from '../training/timing/file.js';

/** Options of `edgesim run`. */
export interface RunCommandOptions {
  /** root seed, overriding the scenario's */
  seed?: number;
  /** output folder; default `out/<scenario name>` */
  out?: string;
  /** comma-separated formats; default `json,md` */
  format: string;
  /** `path=value` assignments */
  set: string[];
  /** write `events.jsonl` */
  events?: boolean;
  /** print nothing on success */
  quiet?: boolean;
  /** TF.js backend: auto (default), tensorflow, wasm, cpu */
  backend?: string;
}

/**
 * Parses `--format`.
 * @param list - comma-separated format names
 * @throws InputError naming an unknown format
 */
export function parseFormats(list: string): string[] {
  const names = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new InputError(`expected one or more of ${reportFormats.names().join(', ')}`, { field: '--format' });
  for (const n of names) {
    if (!reportFormats.has(n)) throw new InputError(`unknown report format '${n}'; known: ${reportFormats.names().join(', ')}`, { field: '--format' });
  }
  return [...new Set(names)];
}

/**
 * Runs a scenario file end to end.
 * @param file - the scenario file
 * @param options - the command's options
 * @returns the paths written
 * @throws InputError on bad input, SimulationError when the simulation fails
 */
export async function runCommand(file: string, options: RunCommandOptions): Promise<string[]> {
  const formats = parseFormats(options.format);
  const overrides: Override[] = options.set.map(parseOverride);
  if (options.seed !== undefined) overrides.push({ text: `seed=${options.seed}`, path: ['seed'], value: options.seed });
  const loaded = await loadScenario(file, overrides);
  const notes = loaded.notes;
  // Timing-only training reads its calibration and needs no TF.js backend.
  const timing = loaded.scenario.training !== null && loaded.scenario.training.mode === 'timing';
  const scenario = timing ? { ...loaded.scenario, training: withCalibration(loaded.scenario.training!, file) } : loaded.scenario;
  if (!options.quiet) for (const n of notes) process.stderr.write(`edgesim: note: ${n}\n`);
  const trained = scenarioTrainedModels(scenario);
  if (trained.length > 0 || scenario.inference !== null) {
    await selectBackendOption(options.backend);
    for (const def of trained) {
      const fellBack = await backendForModel(def);
      if (fellBack !== undefined) process.stderr.write(`edgesim: note: ${fellBack}\n`);
    }
  }
  if (scenario.inference !== null) {
    // The deployed model: trained once (cached under out/cache/models), then run split on the test examples.
    const p = (await prepareScenarioInference(scenario))!;
    if (!options.quiet) process.stderr.write(`edgesim: note: inference model '${p.trained.def.name}' ${p.trained.source === 'cache' ? 'loaded from' : 'trained and stored in'} ${p.trained.weightsPath} (test accuracy ${(100 * p.trained.accuracy).toFixed(1)}%)\n`);
  }
  const outDir = options.out ?? join('out', scenario.name);
  const staging = createStagingDir(outDir, 'run');
  const progress = createProgress(!options.quiet);
  let eventLog: EventLogWriter | undefined;
  try {
    const { report, runInfo } = simulate(scenario, {
      onProgress: (p) => progress.update(p),
      onTrace: options.events ? (bus) => (eventLog = new EventLogWriter(bus, join(staging, 'events.jsonl'))) : undefined,
      origin: { scenarioFile: file, overrides: options.set, seedFromCommandLine: options.seed !== undefined },
    });
    progress.stop();
    eventLog?.close();
    eventLog = undefined;
    const files = await renderReportFiles(report, formats);
    files['run.json'] = renderJson(runInfo);
    writeFiles(staging, files);
    commitStagingDir(staging, outDir);
    const order = ['report.md', 'report.json', ...Object.keys(files).filter((f) => f !== 'report.md' && f !== 'report.json'), ...(options.events ? ['events.jsonl'] : [])];
    const written = order.filter((f) => f in files || f === 'events.jsonl').map((f) => join(resolve(outDir), f));
    if (!options.quiet) process.stdout.write(renderSummary(report, runInfo, written));
    return written;
  } catch (err) {
    progress.stop();
    try {
      eventLog?.close();
    } finally {
      discardStagingDir(staging);
    }
    throw err;
  }
}
