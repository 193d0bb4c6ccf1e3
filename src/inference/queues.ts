/**
 * How an edge server queues inference work: a registry of queue disciplines, each with its zod
 * schema and factory (`edgesim list`). `fifo` serves requests in arrival order, `priority` by the
 * request's priority (lower first; ties in arrival order; not preemptive), both through an engine
 * `Resource` of `concurrency` slots (ARCHITECTURE rule 7); `batch` collects requests into a batch
 * of at most `maxBatch`, waiting at most `timeoutS` after the first (dynamic batching), and runs
 * the batch as one computation of the batch's FLOPs; `reserved` gives each terminal its own FIFO
 * queue served by a reserved share b of the processor (its requests run at b × the processor's
 * FLOP/s, concurrently with other terminals' shares: the resource b(N_l) of the deployment
 * optimizer). Every computation also costs the server's fixed `overheadS` (framework and
 * kernel-launch time), which batching amortises.
 * @module
 */
import { z } from 'zod';
import { Registry } from '../engine/registry.js';
import type { Simulator } from '../engine/simulator.js';
import type { SimEvent } from '../engine/events.js';
import { anyOf } from '../engine/events.js';
import { Resource, PriorityResource, type ResourceRequest } from '../engine/resource.js';
import { Store } from '../engine/store.js';
import type { ProcessGenerator } from '../engine/process.js';

/** One request's work at the server. */
export interface InferenceJob {
  /** label for traces (the request) */
  label: string;
  /** FLOPs of its part of the model */
  flops: number;
  /** its priority (lower first; `priority` discipline only) */
  priority: number;
  /** the terminal it comes from */
  owner: string;
  /** its terminal's reserved share of the processor (`reserved` discipline), or null for the discipline's default */
  share: number | null;
}

/** How the server handled a job. */
export interface ServedJob {
  /** when its computation began (s) */
  startS: number;
  /** time waiting before it (s) */
  waitS: number;
  /** the computation's time, overhead included (s) */
  computeS: number;
  /** requests computed together (1 unless batched) */
  batchSize: number;
}

/** What a discipline runs work on: the edge node's processor. */
export interface Executor {
  /** the simulator */
  sim: Simulator;
  /** Runs `flops` (one request or a batch) on the whole processor, with the fixed overhead; fails when the node fails. */
  run(flops: number, label: string): ProcessGenerator<void>;
  /** Runs `flops` on a reserved share (0, 1] of the processor, concurrently with other shares, with the fixed overhead; fails when the node fails. */
  runShare(flops: number, share: number, label: string): ProcessGenerator<void>;
}

/** Time-weighted figures of a server's queue. */
export interface QueueStats {
  /** computations run (batches count once) */
  computations: number;
  /** requests served */
  served: number;
  /** time-weighted mean number of requests waiting */
  meanQueueLength: number;
  /** most requests waiting at once */
  maxQueueLength: number;
  /** processor-seconds of inference computed (a share b computing for t s counts b·t) */
  busyS: number;
}

/** A server's queue. */
export interface QueueDiscipline {
  /** Queues a job: the event succeeds when it has been computed, fails when the computation was lost. */
  submit(job: InferenceJob): SimEvent<ServedJob>;
  /** Its figures so far. */
  stats(): QueueStats;
}

/** A registered discipline. */
export interface DisciplineEntry {
  /** one line for `edgesim list` */
  description: string;
  /** its fields (without `name`) */
  schema: z.ZodRawShape;
  /** builds the queue on an executor */
  create(params: Record<string, unknown>, executor: Executor): QueueDiscipline;
}

/** Tracks the number waiting over time (time-weighted mean, maximum). */
class QueueLength {
  private n = 0;
  private areaS = 0;
  private sinceS: number;
  private readonly fromS: number;
  max = 0;
  constructor(private readonly sim: Simulator) {
    this.sinceS = this.fromS = sim.now;
  }
  add(d: number): void {
    const now = this.sim.now;
    this.areaS += this.n * (now - this.sinceS);
    this.sinceS = now;
    this.n += d;
    if (this.n > this.max) this.max = this.n;
  }
  mean(): number {
    const now = this.sim.now;
    const span = now - this.fromS;
    return span > 0 ? (this.areaS + this.n * (now - this.sinceS)) / span : 0;
  }
}

/** How a slotted queue serves a job: the resource it queues on, its request, and how it computes. */
interface Slotting {
  /** the resource the job queues on */
  resourceOf(job: InferenceJob): Resource;
  /** the job's request on it */
  request(resource: Resource, job: InferenceJob): ResourceRequest;
  /** the share of the processor the job computes on (1: all of it) */
  shareOf(job: InferenceJob): number;
}

/** `fifo`, `priority` and `reserved`: each job takes a slot of its resource, computes, releases. */
function slotted(executor: Executor, how: Slotting): QueueDiscipline {
  const { sim } = executor;
  const waiting = new QueueLength(sim);
  let computations = 0;
  let busyS = 0;
  function* serve(job: InferenceJob): ProcessGenerator<ServedJob> {
    const arrivedS = sim.now;
    const resource = how.resourceOf(job);
    waiting.add(1);
    const req = how.request(resource, job);
    try {
      yield* req.wait();
    } finally {
      waiting.add(-1);
    }
    const startS = sim.now;
    const share = how.shareOf(job);
    try {
      computations++;
      if (share === 1) yield* executor.run(job.flops, job.label);
      else yield* executor.runShare(job.flops, share, job.label);
    } finally {
      resource.release(req);
      busyS += share * (sim.now - startS);
    }
    return { startS, waitS: startS - arrivedS, computeS: sim.now - startS, batchSize: 1 };
  }
  return {
    submit: (job) => sim.process(serve(job), `serve ${job.label}`),
    stats: () => ({ computations, served: computations, meanQueueLength: waiting.mean(), maxQueueLength: waiting.max, busyS }),
  };
}

/** One shared resource for every job (`fifo`, `priority`). */
function shared(resource: Resource, byPriority: boolean): Slotting {
  return {
    resourceOf: () => resource,
    request: (r, job) => (byPriority ? (r as PriorityResource).request({ priority: job.priority }) : r.request()),
    shareOf: () => 1,
  };
}

/** A FIFO resource per terminal, computing on the terminal's share (`reserved`). */
function perTerminal(sim: Simulator, defaultShare: number): Slotting {
  const queues = new Map<string, Resource>();
  return {
    resourceOf: (job) => {
      let q = queues.get(job.owner);
      if (q === undefined) queues.set(job.owner, (q = new Resource(sim)));
      return q;
    },
    request: (r) => r.request(),
    shareOf: (job) => job.share ?? defaultShare,
  };
}

interface Pending {
  job: InferenceJob;
  arrivedS: number;
  done: SimEvent<ServedJob>;
}

/** `batch`: a dispatcher takes the oldest request, waits up to timeoutS for more (at most maxBatch), computes them together. */
function batching(maxBatch: number, timeoutS: number, executor: Executor): QueueDiscipline {
  const { sim } = executor;
  const inbox = new Store<Pending>(sim);
  const waiting = new QueueLength(sim);
  let computations = 0;
  let served = 0;
  let busyS = 0;
  function* dispatch(): ProcessGenerator<void> {
    for (;;) {
      const batch = [yield* inbox.take()];
      const closeS = sim.now + timeoutS;
      while (batch.length < maxBatch) {
        if (inbox.size > 0) {
          batch.push(yield* inbox.take());
          continue;
        }
        if (sim.now >= closeS) break;
        const get = inbox.get();
        const first = (yield anyOf(sim, [get, sim.timeout(closeS - sim.now)])) as { index: number; value: unknown };
        if (first.index === 0) batch.push(first.value as Pending);
        else {
          get.cancel();
          break;
        }
      }
      waiting.add(-batch.length);
      const startS = sim.now;
      const flops = batch.reduce((a, p) => a + p.job.flops, 0);
      computations++;
      try {
        yield* executor.run(flops, batch.length === 1 ? batch[0]!.job.label : `batch of ${batch.length} from ${batch[0]!.job.label}`);
      } catch (err) {
        for (const p of batch) p.done.fail(err);
        continue;
      } finally {
        busyS += sim.now - startS;
      }
      served += batch.length;
      for (const p of batch) p.done.succeed({ startS, waitS: startS - p.arrivedS, computeS: sim.now - startS, batchSize: batch.length });
    }
  }
  sim.process(dispatch(), 'batch dispatcher');
  return {
    submit: (job) => {
      const done = sim.event<ServedJob>();
      waiting.add(1);
      inbox.put({ job, arrivedS: sim.now, done });
      return done;
    },
    stats: () => ({ computations, served, meanQueueLength: waiting.mean(), maxQueueLength: waiting.max, busyS }),
  };
}

const concurrency = z.number().int({ message: 'expected a whole number of slots' }).positive({ message: 'expected at least one slot' }).max(1e6).optional();

const fifo: DisciplineEntry = {
  description: 'first come, first served, `concurrency` requests at once (default 1)',
  schema: { concurrency },
  create: (p, ex) => slotted(ex, shared(new Resource(ex.sim, (p['concurrency'] as number | undefined) ?? 1), false)),
};

const priority: DisciplineEntry = {
  description: 'lowest request priority first, ties first come first served, `concurrency` at once (default 1); not preemptive',
  schema: { concurrency },
  create: (p, ex) => slotted(ex, shared(new PriorityResource(ex.sim, (p['concurrency'] as number | undefined) ?? 1), true)),
};

const batch: DisciplineEntry = {
  description: 'dynamic batching: up to maxBatch requests (default 8), waiting at most timeoutS (default 0.01 s) after the first; one computation per batch',
  schema: {
    maxBatch: z.number().int({ message: 'expected a whole number of requests' }).positive({ message: 'expected at least one request' }).max(1e6).optional(),
    timeoutS: z.number().min(0, { message: 'expected a timeout ≥ 0 s' }).finite().optional(),
  },
  create: (p, ex) => batching((p['maxBatch'] as number | undefined) ?? 8, (p['timeoutS'] as number | undefined) ?? 0.01, ex),
};

const reservedEntry: DisciplineEntry = {
  description: "a FIFO queue per terminal, served at its reserved share b of the processor (the deployment's `share`, else defaultShare, default 1/4), shares running side by side",
  schema: { defaultShare: z.number().gt(0, { message: 'expected a share in (0, 1]' }).max(1, { message: 'expected a share in (0, 1]' }).optional() },
  create: (p, ex) => slotted(ex, perTerminal(ex.sim, (p['defaultShare'] as number | undefined) ?? 0.25)),
};

/** The queue disciplines (`inference.servers[].queue.name`). */
export const queueDisciplines = new Registry<DisciplineEntry>('queue discipline')
  .register('fifo', fifo.description, fifo)
  .register('priority', priority.description, priority)
  .register('batch', batch.description, batch)
  .register('reserved', reservedEntry.description, reservedEntry);

/** The schema of a queue spec: one of the registered disciplines. */
export const queueSpecSchema = z.discriminatedUnion(
  'name',
  queueDisciplines.list().map((e) => z.strictObject({ name: z.literal(e.name), ...e.value.schema })) as unknown as [z.ZodObject, ...z.ZodObject[]],
);

/** A queue spec: the discipline's name and its parameters. */
export interface QueueSpec {
  /** the discipline (`fifo`, `priority`, `batch`) */
  name: string;
  /** its parameters */
  [parameter: string]: unknown;
}

/**
 * Builds the queue a spec names on an executor.
 * @param spec - `{ name, …parameters }`
 * @param executor - the edge node's processor
 */
export function createQueue(spec: QueueSpec, executor: Executor): QueueDiscipline {
  return queueDisciplines.get(spec.name).create(spec, executor);
}
