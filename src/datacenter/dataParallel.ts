/**
 * Data-parallel training in a data center (design §7; docs/datacenter.md, "Data parallelism"):
 * every server holds a replica and a shard (∝ the memory left beside the replica, the seed's rule),
 * computes the gradient of its share b_i of the global batch B scaled by b_i/B, and a collective
 * sums the gradients each step, bucket by bucket as backprop closes them. The sum is the gradient
 * of the union batch, so the job is mini-batch SGD with batch B (synchronous: a barrier per step).
 * The `dcJobKinds` entry {@link dataParallelJob} and its runner {@link runDataParallel}.
 * @module
 */
import { z } from 'zod';
import type { ProcessGenerator } from '../engine/process.js';
import { RandomStreams } from '../engine/random.js';
import { gradientStep } from '../learning/aggregate.js';
import { subset, trainExamples } from '../learning/dataset.js';
import { initialWeights, models, parameterCount } from '../learning/models.js';
import { computeGradient, evaluate } from '../learning/train.js';
import { collectives, createCollective, resolveCollective, type CollectiveParams } from './collectives/index.js';
import { MailboxComm, type CollectiveGroup } from './collectives/collective.js';
import { exampleBytes } from './memory.js';
import { planShards, ShardError, ShardSampler, type ShardPlan } from './shards.js';
import { dpBreakdown, dpBuckets, dpNodeStep, type DpNodeTimes } from './dpStep.js';
import { evaluatesAfter, isJobFailure, jobStreamName, type DcJobKindEntry, type DcNodeRecord, type DcStepRecord, type JobEnv, type JobOutcome, type ServerInfo } from './job.js';
import type { ResolvedDataParallelJob } from './spec.js';
import type { DcLayout, RegistrySpec } from './types.js';

/** What {@link runDataParallel} returns: the job's outcome and, in real mode, the final weights. */
export interface DpRunResult extends JobOutcome {
  /** the weights after the last step (real mode), or null */
  weights: Float32Array | null;
}

/** Observers of a data-parallel run (tests). */
export interface DpHooks {
  /** After each step's collectives, before the update: every rank's reduced gradient (real mode). */
  afterReduce?(step: number, gradients: readonly Float32Array[]): void;
}

/**
 * The collective group of a job: its servers in rank order, racks as the layout's racks restricted
 * to them (a server in no rack forms one of its own).
 */
export function dpGroup(layout: DcLayout, servers: readonly string[]): CollectiveGroup {
  const rankOf = new Map(servers.map((s, r) => [s, r]));
  const racks = layout.racks.map((rack) => rack.filter((s) => rankOf.has(s)).map((s) => rankOf.get(s)!)).filter((r) => r.length > 0);
  const inRack = new Set(racks.flat());
  servers.forEach((_, r) => {
    if (!inRack.has(r)) racks.push([r]);
  });
  return { nodes: servers, racks };
}

/** The scheme the report shows: the collective's name (and the hierarchical variant). */
function schemeOf(c: CollectiveParams): string {
  return c.name === 'hierarchical' ? `hierarchical (${c.variant}, inter ${c.inter})` : c.name;
}

const fusionSchema = z.strictObject({ bucketBytes: z.number().positive(), headerBytes: z.number().nonnegative().optional() });

/** The `data-parallel` job kind. */
export const dataParallelJob: DcJobKindEntry<ResolvedDataParallelJob> = {
  shape: {
    kind: z.literal('data-parallel'),
    allocation: z.enum(['memory', 'compute', 'equal']).optional(),
    collective: z.looseObject({ name: z.string().min(1) }),
    fusion: fusionSchema.nullable().optional(),
    bytesPerExample: z.number().positive().optional(),
  },
  resolve(spec, base) {
    const fusion = spec.fusion as z.infer<typeof fusionSchema> | null | undefined;
    return {
      ...base,
      kind: 'data-parallel',
      allocation: (spec.allocation as ResolvedDataParallelJob['allocation'] | undefined) ?? 'memory',
      collective: resolveCollective(spec.collective as RegistrySpec),
      fusion: fusion == null ? null : { bucketBytes: fusion.bucketBytes, headerBytes: fusion.headerBytes ?? 0 },
      bytesPerExample: (spec.bytesPerExample as number | undefined) ?? exampleBytes(models.get(base.model)()),
    };
  },
  check(job, env) {
    const issues: string[] = [];
    try {
      // Shard sizes do not depend on the stream (only which examples), so any stream checks them.
      planShards(shardInputs(job, env.def, env.servers, env.trainExamples), new RandomStreams(env.seed, 0).stream(jobStreamName(env.dc, job.name, 'shards')), job.memoryFraction);
    } catch (err) {
      if (!(err instanceof ShardError)) throw err;
      issues.push(...err.issues.map((m) => `servers: ${m}`));
    }
    const entry = collectives.get(job.collective.name);
    const group = dpGroup(env.layout, env.servers.map((s) => s.id));
    for (const m of entry.check?.(job.collective, group) ?? []) issues.push(`collective: ${m}`);
    return issues;
  },
  scheme: (job) => schemeOf(job.collective),
  run: (env, job, onStep) => runDataParallel(env, job, onStep),
};

function shardInputs(job: ResolvedDataParallelJob, def: JobEnv['def'], servers: readonly ServerInfo[], nTrain: number): Parameters<typeof planShards>[0] {
  return { def, servers, trainExamples: nTrain, batch: job.batch, allocation: job.allocation, bytesPerExample: job.bytesPerExample, optimizerStateFactor: job.optimizerStateFactor };
}

/**
 * Runs a data-parallel job (design §7.2): one coordinator (this process) loops over steps; each
 * step starts one process per server ({@link dpNodeStep}) and one collective instance per bucket,
 * waits for all, applies w ← w − η·ḡ with ḡ rank 0's reduced gradient, evaluates every
 * `evaluateEvery` steps and at the end, and reports the step.
 * @param env - the world, fabric, streams, model and data
 * @param job - the resolved job
 * @param onStep - called as each step ends
 * @param hooks - observers (tests)
 */
export function* runDataParallel(env: JobEnv, job: ResolvedDataParallelJob, onStep: (r: DcStepRecord) => void, hooks: DpHooks = {}): ProcessGenerator<DpRunResult> {
  const { ctx, def, model, data, dc, rng } = env;
  const { sim } = ctx;
  const real = model !== null && data !== null && job.mode === 'real';
  const servers = job.servers;
  const info: ServerInfo[] = servers.map((id) => ({ id, flopsPerS: ctx.node(id).cpu.flopsPerS, memoryBytes: job.memoryFraction * ctx.memoryBytes(id) }));
  const plan: ShardPlan = planShards(shardInputs(job, def, info, real ? data.train.n : trainExamples(job.dataset)), rng.stream(jobStreamName(dc, job.name, 'shards')), job.memoryFraction);
  const samplers = servers.map((id, i) => new ShardSampler(plan.shards[i]!, rng.stream(jobStreamName(dc, job.name, `${id}/batch`))));
  const gamma = env.reduceFlopsPerValue;
  const done = sim.event<unknown>().succeed(undefined);
  const comm = new MailboxComm(
    sim,
    (from, to, bytes, label) => env.fabric.send(from, to, bytes, label),
    (node, values, label) => (gamma > 0 && values > 0 ? ctx.node(node).cpu.computeOnAllCores(gamma * values, `${label}/reduce@${node}`).done : done),
  );
  const group = dpGroup(env.layout, servers);
  const buckets = dpBuckets(def, job.fusion);
  const q = parameterCount(def);
  const cpus = servers.map((id) => ctx.node(id).cpu);
  const busyS = (): number[] => cpus.map((c) => c.busyS / c.cores);
  const jobStartS = sim.now;
  const jobBusy0 = busyS();
  let w = real ? initialWeights(model, rng.stream(jobStreamName(dc, job.name, 'init'))) : null;
  const steps: DcStepRecord[] = [];
  let finalAccuracy: number | null = null;
  let outcome: JobOutcome['outcome'] = 'done';
  let error: string | undefined;
  for (let t = 0; t < job.steps; t++) {
    const label = `${dc}/${job.name}/step${t}`;
    const startS = sim.now;
    const busy0 = busyS();
    let loss: number | null = null;
    const gradients: (Float32Array | null)[] = [];
    for (let i = 0; i < servers.length; i++) {
      const idx = samplers[i]!.next(plan.batches[i]!);
      if (!real || w === null) {
        gradients.push(null);
        continue;
      }
      // g_i·b_i/B: the sum over servers is the gradient of the union batch (mean loss over B examples).
      const g = new Float32Array(q);
      gradients.push(g);
      if (idx.length === 0) continue;
      const r = computeGradient(def, model, subset(data.train, idx), w);
      const share = idx.length / job.batch;
      for (let v = 0; v < q; v++) g[v] = r.gradient[v]! * share;
      loss = (loss ?? 0) + r.loss * share;
    }
    const instances = buckets.map((b, k) => createCollective(comm, job.collective, group, b.hi - b.lo, `${label}/b${k}`));
    const procs = servers.map((node, rank) =>
      sim.process(dpNodeStep({ sim, node, cpu: cpus[rank]!, def, rank, batch: plan.batches[rank]!, gradient: gradients[rank]!, buckets, instances, label }), `${label}@${node}`),
    );
    let times: DpNodeTimes[];
    try {
      times = (yield sim.allOf(procs)) as DpNodeTimes[];
    } catch (err) {
      if (!isJobFailure(err)) throw err; // a bug is not a job's outcome
      outcome = 'failed';
      error = err instanceof Error ? err.message : String(err);
      break;
    }
    if (real && w !== null) {
      hooks.afterReduce?.(t, gradients as Float32Array[]);
      w = gradientStep(w, gradients[0]!, job.learningRate);
    }
    let accuracy: number | null = null;
    if (real && w !== null && evaluatesAfter(job, t)) {
      accuracy = evaluate(def, model, data.test, w).accuracy;
      if (t === job.steps - 1) finalAccuracy = accuracy;
    }
    const endS = sim.now;
    const busy1 = busyS();
    const breakdown = dpBreakdown(endS - startS, times, busy1.map((b, i) => b - busy0[i]!));
    const record: DcStepRecord = { dc, job: job.name, step: t, startS, endS, stepS: endS - startS, ...breakdown, bubbleMeanS: null, loss, accuracy };
    steps.push(record);
    onStep(record);
  }
  const durationS = sim.now - jobStartS;
  const jobBusy1 = busyS();
  const nodes: DcNodeRecord[] = servers.map((node, i) => {
    const computeBusyS = jobBusy1[i]! - jobBusy0[i]!;
    return { dc, job: job.name, node, role: 'worker', samples: plan.shards[i]!.length, memoryUsedBytes: plan.memoryUsedBytes[i]!, memoryBytes: info[i]!.memoryBytes, computeBusyS, idleS: Math.max(0, durationS - computeBusyS) };
  });
  return { steps, nodes, predictedStepS: null, finalAccuracy, outcome, ...(error === undefined ? {} : { error }), weights: w };
}
