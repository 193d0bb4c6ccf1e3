/**
 * Hierarchical asynchronous federated training (issue 12). Each edge center loops on its own: pull
 * the cloud's current model (version v, a real transfer over the route), run τ2 edge rounds with
 * the clients associated with it exactly as `hierarchical` does (`edgeCloudRound` in `hierEdge.ts`:
 * multicast down, τ1 local epochs, updates up, FedAvg at the edge on its CPU), push its model to the
 * cloud (a real transfer). The cloud takes edge models from an inbox (an engine `Store`), measures
 * staleness = its version now − v, discards pushes beyond `maxStaleness`, and applies its rule:
 * `fedasync` mixes w ← (1 − α_t)·w + α_t·w_edge with α_t = α·s(staleness) (`rules/mixing.ts`,
 * `rules/staleness.ts`), charged as 2 FLOPs per parameter; `fedbuff` buffers the edge's delta
 * w_edge − w_base and steps w ← w + η_g·(1/K)·Σ Δ once K are in (`rules/buffered.ts`), charged as
 * 2 FLOPs per parameter per delta. An edge pulls again once the cloud has taken in every edge model
 * waiting in its inbox (pushes arriving at one instant are handled together before any edge pulls).
 * An edge none of whose chosen clients is its member does not pull: it waits `retryAfterS` (a daemon
 * wait, no push record; the first such wait of each edge is a run warning) and checks again, so a
 * run whose edges never get members ends by itself.
 * The cloud's model is evaluated every `evalEverySteps` versions (`training.eval`); training ends
 * after `serverSteps` versions and interrupts the edges' work (recorded as `unfinished`, not as
 * dropouts). Each push is a `hier.edgePush` record (`hierAsyncRecords.ts`).
 * @module
 */
import { z } from 'zod';
import type { ProcessGenerator, Process } from '../../engine/process.js';
import { Store } from '../../engine/store.js';
import type { SimEvent } from '../../engine/events.js';
import { rankByChannel } from './rounds.js';
import { emitEvaluation } from './asyncLoop.js';
import { HandoverBook } from './hierHandover.js';
import { edgeCloudRound, hierarchicalSetup, memberEdgeOf, type EdgeRoundSetup } from './hierEdge.js';
import { mixWeights, fedAsyncAlpha, FEDASYNC_DEFAULTS } from '../rules/mixing.js';
import { fedBuffStepFromSum, FEDBUFF_DEFAULTS } from '../rules/buffered.js';
import { WeightedSum } from '../../learning/aggregate.js';
import { stalenessSpecSchema, resolveStaleness, stalenessFunction, type StalenessSpec, type ResolvedStaleness } from '../rules/staleness.js';
import type { TrainingContext } from '../context.js';
import type { FederatedTask } from '../task.js';
import { positiveInt, type ProtocolEntry, type ProtocolRun, type ProtocolSpec, type TrainingBudget } from './protocol.js';
import type { EdgePushOutcome, EdgePushRecord } from '../hierAsyncRecords.js';
import '../hierAsyncRecords.js';

/** The cloud mixes each edge model on arrival (FedAsync). */
export interface HierAsyncFedAsyncCloud {
  /** rule name */
  rule: 'fedasync';
  /** α in (0, 1] */
  alpha: number;
  /** s(staleness) with its parameters */
  staleness: ResolvedStaleness;
}

/** The cloud buffers edge deltas and steps once K are in (FedBuff). */
export interface HierAsyncFedBuffCloud {
  /** rule name */
  rule: 'fedbuff';
  /** K: edge deltas per cloud step; null: the number of edge centers */
  bufferSize: number | null;
  /** η_g */
  serverLearningRate: number;
}

/** The cloud's rule. */
export type HierAsyncCloud = HierAsyncFedAsyncCloud | HierAsyncFedBuffCloud;

/** The `hierarchical-async` protocol's parameters. */
export interface HierAsyncParams {
  /** registry name */
  name: 'hierarchical-async';
  /** the edge centers, or null: every node through which some client reaches the cloud */
  edges: string[] | null;
  /** τ1: local epochs a client trains per edge round (default: `training.local.epochs`) */
  tau1: number;
  /** τ2: edge rounds per push */
  tau2: number;
  /** the cloud's rule */
  cloud: HierAsyncCloud;
  /** training ends after this many cloud versions (default: `training.rounds`) */
  serverSteps: number;
  /** pushes more than this many versions stale are discarded; null: none are */
  maxStaleness: number | null;
  /** evaluate the cloud's model every this many versions */
  evalEverySteps: number;
  /** an edge whose push was lost or empty, or that has no member, pulls again after this long (s); the wait does not hold the run open */
  retryAfterS: number;
}

/** Fixed defaults of `hierarchical-async` (τ1 follows `training.local.epochs`, serverSteps `training.rounds`). */
export const HIER_ASYNC_DEFAULTS: Readonly<Pick<HierAsyncParams, 'edges' | 'tau2' | 'cloud' | 'maxStaleness' | 'evalEverySteps' | 'retryAfterS'>> = {
  edges: null,
  tau2: 2,
  cloud: { rule: 'fedasync', alpha: FEDASYNC_DEFAULTS.mixingAlpha, staleness: resolveStaleness({ name: 'polynomial' }) },
  maxStaleness: null,
  evalEverySteps: 1,
  retryAfterS: 1,
};


/** An edge model in the cloud's inbox. */
interface Inbound {
  edge: string;
  weights: Float32Array;
  base: Float32Array;
  baseVersion: number;
  /** filled in by the cloud */
  result: { staleness: number | null; outcome: EdgePushOutcome; weight: number | null; reason: string | null } | null;
  handled: SimEvent<unknown>;
}

/** The interrupt cause that ends the edges' work when training ends. */
const TRAINING_ENDED = 'training ended';

/** Starts hierarchical asynchronous training. */
function startHierAsync(ctx: TrainingContext, task: FederatedTask): ProtocolRun {
  const { sim } = ctx;
  const cfg = task.config;
  const p = cfg.protocol as unknown as HierAsyncParams;
  const { cloud, clients, edges, q, memberTask, selector, selection } = hierarchicalSetup(ctx, task, p, 'hierarchical-async');
  const cpu = ctx.node(cloud).cpu;
  const model = { global: task.initial, version: 0 };
  const counts = { applied: 0, discarded: 0, lost: 0 };
  const inbox = new Store<Inbound>(sim);
  const loops = new Map<string, Process<void>>();
  /** the edges inside their pull, edge rounds and push (the work the end of training interrupts) */
  const working = new Set<string>();
  const s = p.cloud.rule === 'fedasync' ? stalenessFunction(p.cloud.staleness) : undefined;
  const bufferSize = p.cloud.rule === 'fedbuff' ? (p.cloud.bufferSize ?? edges.length) : 1;
  // The cloud's FedBuff buffer, folded as it fills: one running sum, not K edge deltas.
  let buffer = new WeightedSum(task.initial.length);
  let stopped = false;
  let lastEvaluated = -1;
  /** edges that have waited for members (each is reported once, as a run warning) */
  const idled = new Set<string>();

  const evaluate = (): void => {
    emitEvaluation(ctx, task, model, counts);
    lastEvaluated = model.version;
  };

  /** A daemon wait of `retryAfterS`: when every edge is waiting and nothing else can happen, the run ends. */
  function* retryLater(): ProcessGenerator<void> {
    const retry = sim.event();
    sim.schedule(p.retryAfterS, () => retry.succeed(), { daemon: true });
    yield retry;
  }

  function* edgeLoop(edge: string): ProcessGenerator<void> {
    for (let index = 0; !stopped; index++) {
      let chosen = selector.configureRound(index, clients, () => rankByChannel(ctx, clients), selection).clients;
      // An edge none of whose chosen clients is its member now does not pull the cloud's model (a
      // real transfer): it waits without a record and draws again, so edges that never get members
      // leave only daemon events and the run ends by itself (docs/learning.md).
      while (!chosen.some((c) => memberEdgeOf(ctx, cloud, c) === edge)) {
        if (!idled.has(edge)) {
          idled.add(edge);
          sim.trace.emit('warning', { message: `hierarchical-async: edge center '${edge}' has no member among the chosen clients; it waits without pulling the cloud's model and checks again every ${p.retryAfterS} s (retryAfterS; later waits are not reported)` });
        }
        yield* retryLater();
        if (stopped) return;
        chosen = selector.configureRound(index, clients, () => rankByChannel(ctx, clients), selection).clients;
      }
      const startS = sim.now;
      const base = model.global;
      const baseVersion = model.version;
      // Each push has its own handover bookkeeping: an update handed over to another edge finds no
      // round of this push open there, so it counts as stale (docs/learning.md).
      const book = new HandoverBook();
      const setup: EdgeRoundSetup = { ctx, task: memberTask, cloud, chosen, tau2: p.tau2, round: index, book };
      // An interrupt (training ended) is caught inside: the outcome then has no weights.
      working.add(edge);
      const out = yield* edgeCloudRound(setup, edge, base);
      working.delete(edge);
      book.settle(index);
      for (const r of book.records) sim.trace.emit('hier.edgeRound', r);
      const record = (r: Pick<EdgePushRecord, 'staleness' | 'outcome' | 'weight' | 'reason'>): void =>
        sim.trace.emit('hier.edgePush', { index, edge, startS, endS: sim.now, baseVersion, clients: out.clients.length, bits: out.bits, ...r });
      if (stopped) {
        record({ staleness: null, outcome: 'unfinished', weight: null, reason: TRAINING_ENDED });
        return;
      }
      if (out.weights === null || out.samples === 0) {
        const lost = out.weights === null;
        if (lost) counts.lost++;
        record({ staleness: null, outcome: lost ? 'lost' : 'empty', weight: null, reason: lost ? (out.dropouts[0]?.reason ?? `edge ${edge}'s model was lost`) : null });
        yield* retryLater();
        continue;
      }
      const item: Inbound = { edge, weights: out.weights, base, baseVersion, result: null, handled: sim.event() };
      yield inbox.put(item);
      yield item.handled;
      record(item.result ?? { staleness: null, outcome: 'unfinished', weight: null, reason: `${TRAINING_ENDED} while it waited in the cloud's inbox` });
      if (item.result === null) return;
    }
  }

  /** The cloud's rule on one edge model; whether the model stepped. */
  function* apply(u: Inbound, staleness: number): ProcessGenerator<boolean> {
    if (p.cloud.rule === 'fedasync') {
      yield cpu.computeOnAllCores(2 * q, `v${model.version + 1}/mix ${u.edge}`).done;
      const alpha = fedAsyncAlpha(p.cloud.alpha, s!, staleness);
      model.global = mixWeights(model.global, u.weights, alpha);
      model.version++;
      u.result = { staleness, outcome: 'applied', weight: alpha, reason: null };
      return true;
    }
    const delta = new Float32Array(u.base.length); // empty in timing-only mode
    for (let i = 0; i < delta.length; i++) delta[i] = u.weights[i]! - u.base[i]!;
    buffer.add(delta, 1);
    u.result = { staleness, outcome: 'buffered', weight: 1, reason: null };
    if (buffer.count < bufferSize) return false;
    yield cpu.computeOnAllCores(2 * q * buffer.count, `v${model.version + 1}/aggregate`).done;
    model.global = fedBuffStepFromSum(model.global, buffer, { serverLearningRate: p.cloud.serverLearningRate });
    model.version++;
    buffer = new WeightedSum(task.initial.length);
    u.result.outcome = 'applied';
    return true;
  }

  function* serve(): ProcessGenerator<void> {
    const waiting: Inbound[] = [];
    for (;;) {
      const u = (yield inbox.get()) as Inbound;
      waiting.push(u);
      const staleness = model.version - u.baseVersion;
      let stepped = false;
      if (p.maxStaleness !== null && staleness > p.maxStaleness) {
        counts.discarded++;
        u.result = { staleness, outcome: 'discarded', weight: null, reason: `staleness ${staleness} > maxStaleness ${p.maxStaleness}` };
      } else {
        stepped = yield* apply(u, staleness);
        counts.applied++;
      }
      if (stepped && model.version % p.evalEverySteps === 0) evaluate();
      if (stepped && model.version >= p.serverSteps) {
        stopped = true;
        if (lastEvaluated !== model.version) evaluate();
        for (const w of [...waiting, ...inbox.items]) if (!w.handled.triggered) w.handled.succeed();
        for (const e of working) loops.get(e)!.interrupt(TRAINING_ENDED);
        return;
      }
      // Edges pull again once the cloud has taken in every model waiting.
      if (inbox.size === 0) for (const w of waiting.splice(0)) w.handled.succeed();
    }
  }

  evaluate();
  const ended = sim.process(serve(), 'hierarchical-async cloud');
  for (const e of edges) loops.set(e, sim.process(edgeLoop(e), `edge ${e} loop`));
  return { weights: () => model.global, ended };
}

const cloudSchema = z.discriminatedUnion('rule', [
  z.strictObject({
    rule: z.literal('fedasync'),
    alpha: z.number().gt(0, { message: 'expected a mixing α in (0, 1]' }).max(1, { message: 'expected a mixing α in (0, 1]' }).optional(),
    staleness: stalenessSpecSchema.optional(),
  }),
  z.strictObject({
    rule: z.literal('fedbuff'),
    bufferSize: positiveInt('edge models', 1e9).optional(),
    serverLearningRate: z.number().positive({ message: 'expected a server learning rate > 0' }).max(1e3).optional(),
  }),
]);

/** The cloud rule of a spec with defaults filled in. */
function resolveCloud(spec: z.infer<typeof cloudSchema> | undefined): HierAsyncCloud {
  if (spec === undefined) return HIER_ASYNC_DEFAULTS.cloud;
  if (spec.rule === 'fedasync') return { rule: 'fedasync', alpha: spec.alpha ?? FEDASYNC_DEFAULTS.mixingAlpha, staleness: resolveStaleness((spec.staleness as StalenessSpec | undefined) ?? { name: 'polynomial' }) };
  return { rule: 'fedbuff', bufferSize: spec.bufferSize ?? null, serverLearningRate: spec.serverLearningRate ?? FEDBUFF_DEFAULTS.serverLearningRate };
}

/** The `hierarchical-async` protocol's registry entry. */
export const hierAsyncProtocol: ProtocolEntry<HierAsyncParams> = {
  schema: z.strictObject({
    name: z.literal('hierarchical-async'),
    edges: z.array(z.string().min(1, { message: 'expected a node id' })).min(1, { message: 'expected at least one edge center' }).optional(),
    tau1: positiveInt('local epochs', 1e9).optional(),
    tau2: positiveInt('edge rounds', 1e9).optional(),
    cloud: cloudSchema.optional(),
    serverSteps: positiveInt('server steps', 1e9).optional(),
    maxStaleness: z.number().int({ message: 'expected a whole number of versions' }).nonnegative({ message: 'expected a staleness cap ≥ 0 versions' }).optional(),
    evalEverySteps: positiveInt('server steps', 1e9).optional(),
    retryAfterS: z.number().positive({ message: 'expected a retry interval > 0 s' }).max(1e6).optional(),
  }),
  defaults: HIER_ASYNC_DEFAULTS,
  resolve: (spec: ProtocolSpec, budget: TrainingBudget) => ({
    name: 'hierarchical-async',
    edges: (spec['edges'] as string[] | undefined) ?? HIER_ASYNC_DEFAULTS.edges,
    tau1: (spec['tau1'] as number | undefined) ?? budget.epochs,
    tau2: (spec['tau2'] as number | undefined) ?? HIER_ASYNC_DEFAULTS.tau2,
    cloud: resolveCloud(spec['cloud'] as z.infer<typeof cloudSchema> | undefined),
    serverSteps: (spec['serverSteps'] as number | undefined) ?? budget.rounds,
    maxStaleness: (spec['maxStaleness'] as number | undefined) ?? HIER_ASYNC_DEFAULTS.maxStaleness,
    evalEverySteps: (spec['evalEverySteps'] as number | undefined) ?? HIER_ASYNC_DEFAULTS.evalEverySteps,
    retryAfterS: (spec['retryAfterS'] as number | undefined) ?? HIER_ASYNC_DEFAULTS.retryAfterS,
  }),
  start: startHierAsync,
};
