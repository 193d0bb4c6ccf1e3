/**
 * Running a validated scenario: build the world, attach the recorder, run the engine, assemble the
 * report. The CLI and tests both go through {@link simulate}.
 * @module
 */
import { readFileSync } from 'node:fs';
import { Simulator } from '../engine/simulator.js';
import type { TraceBus } from '../engine/trace.js';
import { buildWorld } from '../scenario/world.js';
import type { Scenario } from '../scenario/types.js';
import { TimelineRecorder } from './recorder.js';
import { resultSections } from './sections.js';
import { TRANSFERS_ROWS } from '../scenario/sections.js';
import { buildReport, type Report, type RunInfo } from './report.js';
import { worldUsesTfjs, type ProvenanceInput } from './provenance.js';
import { currentBackend } from '../learning/backend.js';

/** Progress of a running simulation. */
export interface SimulationProgress {
  /** simulated time in seconds */
  simS: number;
  /** engine events processed */
  events: number;
  /** the horizon, when the scenario has one */
  horizonS: number | null;
}

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** run index (replication); default 0 */
  run?: number;
  /** called now and then while running */
  onProgress?: (p: SimulationProgress) => void;
  /** called with the trace bus before the run starts (attach extra recorders) */
  onTrace?: (bus: TraceBus) => void;
  /** the run's origin for the report's provenance: the scenario file and the command-line overrides */
  origin?: Omit<ProvenanceInput, 'backend'>;
}

/** What {@link simulate} returns. */
export interface SimulationResult {
  /** the deterministic report */
  report: Report;
  /** wall-clock facts */
  runInfo: RunInfo;
}

let cachedVersion: string | undefined;
/** edgesim's version, from package.json. */
export function edgesimVersion(): string {
  cachedVersion ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cachedVersion;
}

/**
 * Simulates a validated scenario.
 * @param scenario - from `validateScenario` or `loadScenario`
 * @param options - run index, progress and trace hooks
 * @throws SimulationError when the simulation fails (the message names the simulated time)
 */
export function simulate(scenario: Scenario, options: SimulateOptions = {}): SimulationResult {
  const startedAt = new Date();
  const sim = new Simulator({ seed: scenario.seed, run: options.run ?? 0, maxEventsPerInstant: scenario.maxEventsPerInstant });
  const recorder = new TimelineRecorder(sim.trace, resultSections, !(scenario.report?.omit ?? []).includes(TRANSFERS_ROWS));
  options.onTrace?.(sim.trace);
  const t0 = performance.now();
  const world = buildWorld(sim, scenario);
  const onProgress = options.onProgress;
  const progress = (): void => onProgress?.({ simS: sim.now, events: sim.counters.processed, horizonS: scenario.horizonS });
  const stopReason = sim.run({
    untilS: scenario.horizonS ?? undefined,
    onProgress: onProgress === undefined ? undefined : progress,
    progressEvery: 16384,
  });
  progress();
  const wallS = (performance.now() - t0) / 1000;
  world.inference?.service?.finish(); // requests the horizon cut, as unfinished records
  for (const dc of world.datacenters) dc.finish(); // jobs the horizon cut, as outcome 'cut'
  recorder.detach();
  // Timing-only training uses no TF.js backend.
  const usesTfjs = worldUsesTfjs(world);
  const backend = usesTfjs ? currentBackend() : undefined;
  const report = buildReport(world, recorder, stopReason, {
    ...options.origin,
    edgesimVersion: edgesimVersion(),
    backend: backend?.name ?? null,
  });
  world.training?.model?.dispose();
  const runInfo: RunInfo = {
    edgesimVersion: edgesimVersion(),
    nodeVersion: process.version,
    platform: `${process.platform}-${process.arch}`,
    startedAt: startedAt.toISOString(),
    wallS,
    eventsPerS: wallS > 0 ? sim.counters.processed / wallS : 0,
    backend: usesTfjs ? { name: backend!.name, notes: backend!.notes } : null,
  };
  return { report, runInfo };
}
