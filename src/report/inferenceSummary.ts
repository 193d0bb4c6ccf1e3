/**
 * The `inference` part of a report: the deployed model (its unsplit test accuracy, measured when
 * trained), each terminal's split, each server's load (utilisation of its processor, its queue),
 * and the request figures overall and per terminal (`summarizeRequests`).
 * @module
 */
import type { World } from '../scenario/world.js';
import type { TimelineRecorder } from './recorder.js';
import { summarizeRequests, type RequestStats } from '../inference/summary.js';
import type { RequestRecord } from '../inference/records.js';

/** One edge server's load over the run. */
export interface ServerLoad {
  /** the node */
  node: string;
  /** its processor's busy core-seconds over (cores × run time): inference and any other work */
  utilization: number;
  /** computations it ran (a batch counts once) */
  computations: number;
  /** requests it served */
  served: number;
  /** time-weighted mean number of requests waiting */
  meanQueueLength: number;
  /** most requests waiting at once */
  maxQueueLength: number;
}

/** A terminal's deployment. */
export interface TerminalDeployment {
  /** the terminal */
  terminal: string;
  /** layers it runs */
  split: number;
  /** the deployed variant */
  variant: string;
}

/** The inference outcome of a run. */
export interface InferenceSummary {
  /** the deployed model */
  model: string;
  /** its test accuracy unsplit, on the examples requests carry */
  modelAccuracy: number;
  /** each terminal's split point and variant */
  deployments: TerminalDeployment[];
  /** per server */
  servers: ServerLoad[];
  /** overall first, then per terminal */
  requests: RequestStats[];
}

/**
 * The inference part of a report, or null without an inference section.
 * @param world - the world that ran
 * @param recorder - its recorder (the `requests` rows)
 * @param endS - the run's simulated end (s)
 */
export function inferenceSummary(world: World, recorder: TimelineRecorder, endS: number): InferenceSummary | null {
  const inf = world.inference;
  if (inf === null) return null;
  const stats = inf.service.queueStats();
  const rows: RequestRecord[] = recorder.rows('requests');
  return {
    model: inf.model,
    modelAccuracy: inf.modelAccuracy,
    deployments: [...inf.plans].map(([terminal, p]) => ({ terminal, split: p.split, variant: p.variant })),
    servers: inf.servers.map((node) => {
      const cpu = world.nodes.get(node)!.cpu;
      const q = stats.get(node)!;
      return { node, utilization: endS > 0 ? cpu.busyS / (cpu.cores * endS) : 0, ...q };
    }),
    requests: summarizeRequests(rows),
  };
}
