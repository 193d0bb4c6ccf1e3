/**
 * Building the simulated world of a validated scenario: nodes, links, and the workload's tasks as
 * processes on the timeline.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import type { Process } from '../engine/process.js';
import { SimNode } from '../node/node.js';
import { FixedRateLink } from '../net/link.js';
import type { Scenario } from './types.js';
import { startTasks } from './workload.js';
import { createMobility } from '../mobility/specs.js';
import { fromTuple } from '../mobility/vec.js';

/** The simulated world of one run. */
export interface World {
  /** the simulator */
  sim: Simulator;
  /** the scenario it was built from */
  scenario: Scenario;
  /** nodes by id, in scenario order */
  nodes: Map<string, SimNode>;
  /** links, one per direction, in scenario order */
  links: FixedRateLink[];
  /** links by `${from}->${to}` of their ends */
  linksByEnds: Map<string, FixedRateLink>;
  /** the task processes by task id (each completes when its task ends) */
  tasks: Map<string, Process<void>>;
}

/**
 * The link from `from` to `to`.
 * @throws Error when there is none (validation prevents this for scenario tasks)
 */
export function linkBetween(world: Pick<World, 'linksByEnds'>, from: string, to: string): FixedRateLink {
  const link = world.linksByEnds.get(`${from}->${to}`);
  if (link === undefined) throw new Error(`no link from '${from}' to '${to}'`);
  return link;
}

/**
 * Builds nodes and links and starts the workload's task processes at time 0.
 * @param sim - a fresh simulator
 * @param scenario - a validated scenario
 */
export function buildWorld(sim: Simulator, scenario: Scenario): World {
  const nodes = new Map<string, SimNode>();
  const shared = new Map<string, unknown>();
  for (const n of scenario.nodes) {
    const mobility = createMobility(n.mobility, { nodeId: n.id, positionM: fromTuple(n.positionM), rng: sim.rng, shared, baseDir: process.cwd() });
    nodes.set(n.id, new SimNode(sim, { id: n.id, kind: n.kind, cpuFlopsPerS: n.cpuFlopsPerS, mobility }));
  }
  const links = scenario.links.map((l) => new FixedRateLink(sim, l));
  const linksByEnds = new Map(links.map((l) => [`${l.params.from}->${l.params.to}`, l]));
  const world: World = { sim, scenario, nodes, links, linksByEnds, tasks: new Map() };
  startTasks(world);
  return world;
}
