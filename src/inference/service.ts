/**
 * Inference serving on the timeline: an edge server (a queue discipline on the edge node's CPU)
 * per serving node, each terminal's processor and radio, and each workload entry's arrival
 * process, which starts one request process per arrival (`request.ts`). A terminal's requests go
 * to its serving edge center when that is a server, else to the first server (in the order given)
 * with a route from it.
 * @module
 */
import type { ProcessGenerator } from '../engine/process.js';
import { Resource } from '../engine/resource.js';
import type { SimEvent } from '../engine/events.js';
import { WorkFailure } from '../engine/errors.js';
import { routeNow } from '../net/routes.js';
import type { InferenceContext, RequestWork } from './context.js';
import { arrivalSource, type ArrivalSpec } from './arrivals.js';
import { createQueue, type QueueSpec, type Executor, type QueueDiscipline, type QueueStats } from './queues.js';
import { playRequest, endInFlight, type InferenceHandoverPolicy, type TerminalDevice } from './request.js';
import type { RequestRecord } from './records.js';
import './records.js';

/** An edge server: a node running the edge part of the model behind a queue. */
export interface ServerSpec {
  /** the node */
  node: string;
  /** its queue discipline with its parameters */
  queue: QueueSpec;
  /** fixed time of each computation (framework, kernel launches) (s) */
  overheadS: number;
}

/** Requests of some terminals. */
export interface WorkloadSpec {
  /** the terminals issuing them */
  terminals: string[];
  /** when they arrive (per terminal, from its own stream) */
  arrivals: ArrivalSpec;
  /** deadline after arrival (s), or null */
  deadlineS: number | null;
  /** priority at the server (lower first, with the `priority` discipline) */
  priority: number;
}

/** How a terminal's requests are served: the deployment's split and variant, and each request's work. */
export interface ServingPlan {
  /** layers run on the terminal */
  split: number;
  /** the variant's label */
  variant: string;
  /** its reserved share of its server's processor (`reserved` queue), or null for the queue's default */
  share: number | null;
  /**
   * The work of a request carrying test sample `sample`.
   * @param sample - the index of the sample in the test set
   */
  work(sample: number): RequestWork;
}

/** What serving needs besides the world. */
export interface ServiceSetup {
  /** the servers */
  servers: ServerSpec[];
  /** the workload */
  workload: WorkloadSpec[];
  /** the handover policy */
  onHandover: InferenceHandoverPolicy;
  /** the plan of a terminal */
  plan(terminal: string): ServingPlan;
  /** test samples requests draw from (uniformly, from the terminal's stream `inference/samples/<id>`) */
  samples: number;
  /** resolves a path relative to the scenario file */
  resolvePath(path: string): string;
}

/** A running service. */
export interface InferenceService {
  /** The figures of each server's queue so far, by node. */
  queueStats(): Map<string, QueueStats>;
  /** Records the requests still in flight as `unfinished` (call once, when the run has ended). */
  finish(): void;
}

/**
 * The processor of a server as its queue runs work on it: the whole processor through the node's
 * CPU (its FIFO over cores; energy and busy time as any computation), or a reserved share b of it,
 * which computes at b × the processor's FLOP/s side by side with other shares and draws b × its
 * busy power (the energy of the FLOPs) on the node's meter. The fixed overhead keeps the processor
 * (or the share) busy too. A share's work in flight is lost when the node fails.
 * @param ctx - the world
 * @param s - the server
 */
export function executorOn(ctx: InferenceContext, s: ServerSpec): Executor {
  const { sim } = ctx;
  const node = ctx.node(s.node);
  const cpu = node.cpu;
  const inFlight = new Set<SimEvent<void>>();
  node.whenFailed((reason) => {
    for (const ev of [...inFlight]) ev.fail(new WorkFailure(`node '${s.node}' failed (${reason}) with this work in progress`));
  });
  return {
    sim,
    *run(flops, label) {
      yield cpu.computeOnAllCores(flops + s.overheadS * cpu.flopsPerS, label).done;
    },
    *runShare(flops, share, label) {
      if (node.failed !== undefined) throw new WorkFailure(`node '${s.node}' has failed (${node.failed})`);
      const durationS = s.overheadS + flops / (share * cpu.flopsPerS);
      const done = sim.event<void>();
      const timer = sim.schedule(durationS, () => done.succeed());
      const activity = node.energy.begin('compute', durationS > 0 ? (cpu.energyJ(flops) + cpu.energyJ(share * cpu.flopsPerS * s.overheadS)) / durationS : 0);
      inFlight.add(done);
      const startS = sim.now;
      sim.trace.emit('compute.start', { node: s.node, task: label, flops, durationS, threads: share * cpu.cores });
      try {
        yield done;
      } finally {
        timer.cancel();
        inFlight.delete(done);
        node.energy.end(activity);
        sim.trace.emit('compute.end', { node: s.node, task: label, flops, durationS: sim.now - startS, threads: share * cpu.cores });
      }
    },
  };
}

/**
 * Which server a terminal's requests go to now: its serving edge center when that is a server,
 * else the first server (in the order given) with a route from it; null when none has.
 * @param ctx - the world
 * @param servers - the servers, in order
 */
export function serverChooser(ctx: InferenceContext, servers: readonly string[]): (terminal: string) => string | null {
  const set = new Set(servers);
  return (terminal) => {
    const serving = ctx.topology.servingEdge(terminal);
    if (serving !== undefined && set.has(serving)) return serving;
    return servers.find((n) => routeNow(ctx.topology, terminal, n) !== undefined) ?? null;
  };
}

/**
 * Starts serving.
 * @param ctx - the world
 * @param setup - servers, workload, plans
 */
export function startInference(ctx: InferenceContext, setup: ServiceSetup): InferenceService {
  const { sim } = ctx;
  const queues = new Map<string, QueueDiscipline>();
  for (const s of setup.servers) queues.set(s.node, createQueue(s.queue, executorOn(ctx, s)));
  const serverFor = serverChooser(ctx, setup.servers.map((s) => s.node));
  const devices = new Map<string, TerminalDevice>();
  const device = (id: string): TerminalDevice => {
    let d = devices.get(id);
    if (d === undefined) devices.set(id, (d = { id, compute: new Resource(sim), radio: new Resource(sim) }));
    return d;
  };
  const counts = new Map<string, number>();
  const inFlight = new Set<RequestRecord>();
  function* issue(w: WorkloadSpec, terminal: string): ProcessGenerator<void> {
    const source = arrivalSource(w.arrivals, { terminal, rng: sim.rng.stream(`inference/arrivals/${terminal}`), resolvePath: setup.resolvePath });
    const pick = sim.rng.stream(`inference/samples/${terminal}`);
    const plan = setup.plan(terminal);
    for (let t = source.next(); t !== null; t = source.next()) {
      if (t > sim.now) yield sim.timeout(t - sim.now);
      const n = counts.get(terminal) ?? 0;
      counts.set(terminal, n + 1);
      const id = `${terminal}#${n}`;
      const sample = pick.integer(0, setup.samples - 1);
      const work = plan.work(sample);
      sim.process(
        playRequest({ ctx, device: device(terminal), id, sample, work, split: plan.split, variant: plan.variant, share: plan.share, deadlineS: w.deadlineS, priority: w.priority, onHandover: setup.onHandover, serverFor, queues, inFlight }),
        `request ${id}`,
      );
    }
  }
  for (const w of setup.workload) for (const t of w.terminals) sim.process(issue(w, t), `requests of ${t}`);
  return { queueStats: () => new Map([...queues].map(([k, q]) => [k, q.stats()])), finish: () => endInFlight(sim, inFlight) };
}
