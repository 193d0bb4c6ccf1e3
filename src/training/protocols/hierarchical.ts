/**
 * Hierarchical synchronous federated training, HierFAVG (Liu, Zhang, Song, Letaief, "Client-Edge-
 * Cloud Hierarchical Federated Learning", ICC 2020, arXiv:1905.06641). Each cloud round: the cloud
 * (`training.server`) sends its model to every edge center over the route (a real transfer); each
 * edge center, on its own, runs τ2 edge rounds with the clients associated with it when each
 * starts — model down by multicast from the edge, τ1 local epochs for real on each member's CPU,
 * updates up to the edge, FedAvg by samples at the edge charged as 2 FLOPs per parameter and update
 * on the edge's CPU (`hierEdge.ts`) — then sends its model up to the cloud; the cloud averages the
 * edge models weighted by the local examples of the clients each aggregated, charged on its CPU
 * (`ctx.aggregateAt`: a data center attached to the cloud with `aggregates: true` shards it),
 * evaluates, and emits the round's `round.end`. Each edge round emits `hier.edgeRound`.
 * @module
 */
import { z } from 'zod';
import type { ProcessGenerator, Process } from '../../engine/process.js';
import { lastArrival, rankByChannel, roundEndRecord } from './rounds.js';
import { edgeCloudRound, hierarchicalSetup, type EdgeOutcome, type EdgeRoundSetup } from './hierEdge.js';
import { HandoverBook } from './hierHandover.js';
import '../hierRecords.js';
import type { TrainingContext } from '../context.js';
import type { FederatedTask } from '../task.js';
import { positiveInt, type ProtocolEntry, type ProtocolRun, type ProtocolSpec, type TrainingBudget } from './protocol.js';

/** The `hierarchical` protocol's parameters. */
export interface HierarchicalParams {
  /** registry name */
  name: 'hierarchical';
  /** the edge centers that aggregate, or null: every node through which some client reaches the cloud (a link from the cloud and a link to a client) */
  edges: string[] | null;
  /** τ1: local epochs a client trains per edge round (default: `training.local.epochs`) */
  tau1: number;
  /** τ2: edge rounds per cloud round */
  tau2: number;
}

/** Fixed defaults of the `hierarchical` protocol (τ1 follows `training.local.epochs`). */
export const HIERARCHICAL_DEFAULTS: Readonly<Pick<HierarchicalParams, 'edges' | 'tau2'>> = { edges: null, tau2: 2 };


/** Starts hierarchical training. */
function startHierarchical(ctx: TrainingContext, task: FederatedTask): ProtocolRun {
  const { sim } = ctx;
  const cfg = task.config;
  const params = cfg.protocol as unknown as HierarchicalParams;
  // Members train τ1 local epochs; of FedAvg only its selection is used: the edges aggregate.
  const { cloud, clients, edges, q, memberTask, selector, selection } = hierarchicalSetup(ctx, task, params, 'hierarchical');
  let global = task.initial;
  let aggregated = 0; // client updates aggregated so far (the surrogate's progress in timing mode)

  function* run(): ProcessGenerator<void> {
    for (let round = 0; round < cfg.rounds; round++) {
      const startS = sim.now;
      const energy0 = ctx.energyUsedJ();
      const chosen = selector.configureRound(round, clients, () => rankByChannel(ctx, clients), selection).clients;
      const book = new HandoverBook();
      const setup: EdgeRoundSetup = { ctx, task: memberTask, cloud, chosen, tau2: params.tau2, round, book };
      const procs: Process<EdgeOutcome>[] = edges.map((e) => sim.process(edgeCloudRound(setup, e, global), `cloud round ${round} edge ${e}`));
      yield sim.allOf(procs);
      // Every edge is done: updates still on their way to a new edge are stale; the edge rounds' records are final.
      const handovers = book.settle(round);
      for (const r of book.records) sim.trace.emit('hier.edgeRound', r);
      const outcomes = procs.map((p) => p.value);
      // The edge models that reached the cloud and carry some client's work, weighted by their clients' examples.
      const delivered = outcomes.filter((o) => o.weights !== null && o.samples > 0);
      const aggStart = sim.now;
      // The mean and its CPU at the cloud, or sharded over a data center attached there (aggregateAt).
      if (delivered.length > 0) global = yield* ctx.aggregateAt(cloud, delivered.map((o) => ({ vector: o.weights!, weight: o.samples })), `c${round}/aggregate`, q);
      // The critical edge: the last whose model reached the cloud (its τ2 edge rounds are its compute).
      const last = lastArrival(outcomes);
      const dropouts = outcomes.flatMap((o) => o.dropouts);
      const participants = new Set(delivered.flatMap((o) => o.clients)).size;
      aggregated += participants;
      const ev = task.evaluate(global, aggregated);
      sim.trace.emit('round.end', roundEndRecord({
        round,
        startS,
        endS: sim.now,
        aggregateStartS: aggStart,
        last: last && { downloadS: last.downloadS, computeS: last.edgeS, uploadS: last.uploadS, arrivedS: last.arrivedS },
        participants,
        dropped: dropouts.length,
        dropouts,
        bits: outcomes.reduce((a, o) => a + o.bits, 0),
        energyJ: ctx.energyUsedJ() - energy0,
        lossSum: outcomes.reduce((a, o) => a + o.lossSum, 0),
        lossCount: outcomes.reduce((a, o) => a + o.updates, 0),
        evaluation: ev,
      }));
      sim.trace.emit('hier.handovers', handovers);
    }
  }

  return { weights: () => global, ended: sim.process(run(), 'training') };
}

/** The `hierarchical` protocol's registry entry (HierFAVG). */
export const hierarchicalProtocol: ProtocolEntry<HierarchicalParams> = {
  schema: z.strictObject({
    name: z.literal('hierarchical'),
    edges: z.array(z.string().min(1, { message: 'expected a node id' })).min(1, { message: 'expected at least one edge center' }).optional(),
    tau1: positiveInt('local epochs', 1e6).optional(),
    tau2: positiveInt('edge rounds', 1e6).optional(),
  }),
  defaults: HIERARCHICAL_DEFAULTS,
  resolve: (spec: ProtocolSpec, budget: TrainingBudget) => ({
    name: 'hierarchical',
    edges: (spec.edges as string[] | undefined) ?? HIERARCHICAL_DEFAULTS.edges,
    tau1: (spec.tau1 as number | undefined) ?? budget.epochs,
    tau2: (spec.tau2 as number | undefined) ?? HIERARCHICAL_DEFAULTS.tau2,
  }),
  start: startHierarchical,
};
