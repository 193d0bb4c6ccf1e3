/**
 * The scenario's task workload on the timeline: each task is a process that waits for its
 * dependencies, then queues its computation on a CPU or its message on a link.
 * @module
 */
import type { SimEvent } from '../engine/events.js';
import type { ProcessGenerator } from '../engine/process.js';
import type { FifoJob } from '../engine/fifo.js';
import type { World } from './world.js';
import { linkBetween } from '../net/routes.js';
import type { Scenario } from './types.js';
import { WorkFailure } from '../engine/errors.js';
import { WirelessTransmission } from '../net/transmission.js';
import type { WirelessLink } from '../net/wireless.js';

/** Payload of `task.ready`, `task.start` and `task.end`. */
export interface TaskTrace {
  /** task id */
  task: string;
  /** task type */
  type: 'compute' | 'send' | 'broadcast';
}

/** Payload of `task.failed`. */
export interface TaskFailedTrace extends TaskTrace {
  /** why: the transfer's error, or a dependency that failed */
  reason: string;
}

declare module '../engine/trace.js' {
  interface TraceEventMap {
    /** a task failed (its transfer failed or was interrupted, or a dependency failed) */
    'task.failed': TaskFailedTrace;
    /** a task's dependencies have all ended: it is queued */
    'task.ready': TaskTrace;
    /** a task begins service (CPU or transmitter) */
    'task.start': TaskTrace;
    /** a task ends (computation done, or message arrived) */
    'task.end': TaskTrace;
  }
}

/**
 * Starts one process per task, in scenario order (so tasks ready at the same instant queue in
 * that order). Fills `world.tasks`; a process looks its dependencies up when it first runs, after
 * all are created, so `after` may name tasks listed later.
 * @param world - the world (nodes and links built)
 */
export function startTasks(world: World): void {
  const { sim } = world;
  for (const task of world.scenario.tasks) {
    world.tasks.set(task.id, sim.process(runTask(world, task), `task ${task.id}`));
  }
}

/** The value of a task's process: whether the task ended well. */
export type TaskOutcome = boolean;

function* runTask(world: World, task: Scenario['tasks'][number]): ProcessGenerator<TaskOutcome> {
  const { sim } = world;
  const info: TaskTrace = { task: task.id, type: task.type };
  if (task.after.length > 0) {
    const deps: SimEvent<unknown>[] = task.after.map((d) => world.tasks.get(d)!);
    const outcomes = (yield sim.allOf(deps)) as TaskOutcome[];
    const failed = task.after.filter((_, i) => !outcomes[i]);
    if (failed.length > 0) {
      sim.trace.emit('task.failed', { ...info, reason: `dependency failed: ${failed.join(', ')}` });
      return false;
    }
  }
  if (task.afterSettled.length > 0) yield sim.allOf(task.afterSettled.map((d) => world.tasks.get(d)!));
  if (task.notBeforeS > sim.now) yield sim.timeout(task.notBeforeS - sim.now);
  sim.trace.emit('task.ready', info);
  let job: FifoJob;
  try {
    if (task.type === 'compute') job = world.nodes.get(task.node)!.cpu.compute(task.flops, task.id, task.freqHz, task.threads);
    else if (task.type === 'broadcast') {
      const links = task.to.map((to) => linkBetween(world, task.from, to) as WirelessLink);
      const b = new WirelessTransmission(links, world.downlink(task.from), task.bits, task.id, 'broadcast');
      b.begin();
      job = b.job;
    } else {
      const from = task.from === SERVING_EDGE ? servingEdgeOf(world, task.to) : task.from;
      const to = task.to === SERVING_EDGE ? servingEdgeOf(world, task.from) : task.to;
      job = linkBetween(world, from, to).send(task.bits, task.id);
    }
    yield job.started;
    sim.trace.emit('task.start', info);
    yield job.done;
  } catch (err) {
    if (!(err instanceof WorkFailure)) throw err;
    sim.trace.emit('task.failed', { ...info, reason: err.message });
    return false;
  }
  sim.trace.emit('task.end', info);
  return true;
}

/** The reserved send end meaning "the terminal's serving edge center" (as `to`: the sender's; as `from`: the receiver's). */
export const SERVING_EDGE = '@serving';

function servingEdgeOf(world: World, terminal: string): string {
  const edge = world.association?.servingEdge(terminal);
  if (edge === undefined) throw new WorkFailure(`'${terminal}' is not attached to an edge center`);
  return edge;
}
