/**
 * `edgesim list`: what the registries hold (node kinds, task types, report formats; later models
 * and policies).
 * @module
 */
import type { Registry } from '../engine/registry.js';
import { nodeKinds } from '../node/kinds.js';
import { reportFormats } from '../report/formats.js';
import { taskTypes } from '../scenario/taskTypes.js';
import { mobilityModels } from '../mobility/specs.js';
import { traceFormats } from '../mobility/traces/formats.js';
import { deviceProfiles } from '../node/profiles.js';
import { models } from '../learning/models.js';
import { partitioners } from '../learning/partition.js';
import { compressors } from '../learning/compress.js';
import { strategies } from '../training/strategy.js';
import { protocols } from '../training/protocols/index.js';
import { stalenessFunctions } from '../training/rules/staleness.js';
import { powerPolicies } from '../training/ota/power/index.js';
import { arrivalProcesses } from '../inference/arrivals.js';
import { queueDisciplines } from '../inference/queues.js';
import { deploymentSolvers } from '../inference/optimize/index.js';
import { dcTopologies } from '../datacenter/topologies/index.js';
import { collectives } from '../datacenter/collectives/index.js';
import { dcJobKinds } from '../datacenter/jobKinds.js';
import { placements } from '../datacenter/partition/placement.js';

/** The registries `edgesim list` prints, by heading. */
export const LISTED_REGISTRIES: Record<string, Registry<unknown>> = {
  'node kinds': nodeKinds,
  'task types': taskTypes,
  'mobility models': mobilityModels,
  'trace formats': traceFormats,
  'device profiles': deviceProfiles,
  models: models,
  partitioners: partitioners,
  compressors: compressors,
  'training protocols': protocols,
  'training strategies': strategies,
  'staleness functions': stalenessFunctions,
  'power-control policies': powerPolicies,
  'inference arrival processes': arrivalProcesses,
  'inference queue disciplines': queueDisciplines,
  'deployment solvers': deploymentSolvers,
  'data-center topologies': dcTopologies,
  collectives: collectives,
  'data-center job kinds': dcJobKinds,
  'partition placements': placements,
  'report formats': reportFormats,
};

/**
 * The listing as text or JSON.
 * @param json - JSON (`{ heading: [{name, description}] }`) instead of text
 */
export function renderList(json: boolean): string {
  const entries = Object.entries(LISTED_REGISTRIES);
  if (json) {
    const obj = Object.fromEntries(entries.map(([h, r]) => [h, r.list().map(({ name, description }) => ({ name, description }))]));
    return `${JSON.stringify(obj, null, 2)}\n`;
  }
  const out: string[] = [];
  for (const [heading, reg] of entries) {
    out.push(`${heading}:`);
    if (reg.names().length === 0) out.push('  (none registered)');
    const width = Math.max(...reg.names().map((n) => n.length));
    for (const e of reg.list()) out.push(`  ${e.name.padEnd(width)}  ${e.description}`);
  }
  return `${out.join('\n')}\n`;
}
