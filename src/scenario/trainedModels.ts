/**
 * The models a scenario trains with TF.js (so the CLI and sweeps select a backend, and one that
 * has convolution gradients for a convolutional model): real-mode training, then every real-mode
 * data-center job, each model once.
 * @module
 */
import { models, type ModelDef } from '../learning/models.js';
import type { Scenario } from './types.js';

/**
 * The models a validated scenario trains with TF.js, each once, in scenario order (none: no
 * backend needed for training).
 * @param scenario - a validated scenario
 */
export function scenarioTrainedModels(scenario: Pick<Scenario, 'training' | 'datacenters'>): ModelDef[] {
  const names: string[] = [];
  if (scenario.training !== null && scenario.training.mode !== 'timing') names.push(scenario.training.model);
  for (const dc of scenario.datacenters ?? []) for (const job of dc.jobs) if (job.mode === 'real') names.push(job.model);
  return [...new Set(names)].map((n) => models.get(n)());
}
