/**
 * How an edge server queues inference work: a registry of queue disciplines, each with its zod
 * schema and factory (`edgesim list`). `fifo` serves requests in arrival order, `priority` by the
 * request's priority (lower first; ties in arrival order; not preemptive), both through an engine
 * `Resource` of `concurrency` slots (ARCHITECTURE rule 7); `batch` collects requests into a batch
 * of at most `maxBatch`, waiting at most `timeoutS` after the first (dynamic batching), and runs
 * the batch as one computation of the batch's FLOPs. Every computation also costs the server's
 * fixed `overheadS` (framework and kernel-launch time), which batching amortises.
 * @module
 */
import { z } from 'zod';
import { Registry } from '../engine/registry.js';
import type { Simulator } from '../engine/simulator.js';
import type { SimEvent } from '../engine/events.js';
import { anyOf } from '../engine/events.js';
import { Resource, PriorityResource } from '../engine/resource.js';
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
  /** Runs `flops` (one request or a batch) after the fixed overhead; succeeds with the end time, fails when the node fails. */
  run(flops: number, label: string): ProcessGenerator<void>;
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

/** `fifo` and `priority`: each job takes a slot of the resource, computes, releases. */
function slotted(resource: Resource | PriorityResource, executor: Executor, usePriority: boolean): QueueDiscipline {
  const { sim } = executor;
  const waiting = new QueueLength(sim);
  let computations = 0;
  function* serve(job: InferenceJob): ProcessGenerator<ServedJob> {
    const arrivedS = sim.now;
    waiting.add(1);
    const req = usePriority ? (resource as PriorityResource).request({ priority: job.priority }) : resource.request();
    try {
      yield* req.wait();
    } finally {
      waiting.add(-1);
    }
    const startS = sim.now;
    try {
      computations++;
      yield* executor.run(job.flops, job.label);
    } finally {
      resource.release(req);
    }
    return { startS, waitS: startS - arrivedS, computeS: sim.now - startS, batchSize: 1 };
  }
  return {
    submit: (job) => sim.process(serve(job), `serve ${job.label}`),
    stats: () => ({ computations, served: computations, meanQueueLength: waiting.mean(), maxQueueLength: waiting.max }),
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
    stats: () => ({ computations, served, meanQueueLength: waiting.mean(), maxQueueLength: waiting.max }),
  };
}

const concurrency = z.number().int({ message: 'expected a whole number of slots' }).positive({ message: 'expected at least one slot' }).max(1e6).optional();

const fifo: DisciplineEntry = {
  description: 'first come, first served, `concurrency` requests at once (default 1)',
  schema: { concurrency },
  create: (p, ex) => slotted(new Resource(ex.sim, (p['concurrency'] as number | undefined) ?? 1), ex, false),
};

const priority: DisciplineEntry = {
  description: 'lowest request priority first, ties first come first served, `concurrency` at once (default 1); not preemptive',
  schema: { concurrency },
  create: (p, ex) => slotted(new PriorityResource(ex.sim, (p['concurrency'] as number | undefined) ?? 1), ex, true),
};

const batch: DisciplineEntry = {
  description: 'dynamic batching: up to maxBatch requests (default 8), waiting at most timeoutS (default 0.01 s) after the first; one computation per batch',
  schema: {
    maxBatch: z.number().int({ message: 'expected a whole number of requests' }).positive({ message: 'expected at least one request' }).max(1e6).optional(),
    timeoutS: z.number().min(0, { message: 'expected a timeout ≥ 0 s' }).finite().optional(),
  },
  create: (p, ex) => batching((p['maxBatch'] as number | undefined) ?? 8, (p['timeoutS'] as number | undefined) ?? 0.01, ex),
};

/** The queue disciplines (`inference.servers[].queue.name`). */
export const queueDisciplines = new Registry<DisciplineEntry>('queue discipline')
  .register('fifo', fifo.description, fifo)
  .register('priority', priority.description, priority)
  .register('batch', batch.description, batch);

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
