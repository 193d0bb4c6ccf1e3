/**
 * Synchronous federated training (FedAvg and FedSGD). Each round: the server sends the model to the
 * selected clients (over the backhaul to each edge center, then one wireless broadcast to the
 * clients it serves; unicast over other routes), each trains for real with TF.js (the simulated
 * time is its CPU's time for the training FLOPs), compresses its update and sends it back; the
 * server aggregates what arrived — by the deadline, if any, or once the round's target of updates
 * is in under over-selection (FedScale's 1.3×) — charged as compute, and the global model is
 * evaluated on the test set. The server's model after round τ is exactly what the arrived updates
 * produce.
 * @module
 */
import { z } from 'zod';
import type { ProcessGenerator } from '../../engine/process.js';
import type { SimEvent } from '../../engine/events.js';
import { parameterCount } from '../../learning/models.js';
import { strategies, type ClientWork } from '../strategy.js';
import { dropoutOf, lastArrival, playRound, rankByChannel, roundEndRecord, type FailedClient } from './rounds.js';
import type { TrainingContext } from '../context.js';
import type { FederatedTask } from '../task.js';
import { computeLocalUpdate, chargeCompute, compressAndUpload, fusedBackprop, fusedBits, uploadBits } from '../client.js';
import { DeferredUpdate, deferrableUploadBits, localUpdateFlops } from '../deferred.js';
import type { ArrivalTimes, DropoutPhase } from '../records.js';
import type { ProtocolEntry, ProtocolRun } from './protocol.js';
import type { ClientAttempt } from '../attempt.js';

/** The sync protocol's parameters. */
export interface SyncParams {
  /** registry name */
  name: 'sync';
  /** clients selected per update the round needs (≥ 1): the round keeps the first K to arrive (FedScale selects 1.3×) */
  overSelection: number;
}


interface ClientResult extends ArrivalTimes {
  client: string;
  /** the decoded update until the round's aggregator has folded it in, then null (not kept) */
  update: Float32Array | null;
  /** the update to compute when the server folds it in (its upload went first), else null */
  deferred: DeferredUpdate | null;
  weight: number;
  loss: number;
  upBits: number;
}

/** Starts synchronous training. */
function startSync(ctx: TrainingContext, task: FederatedTask): ProtocolRun {
  const { sim } = ctx;
  const cfg = task.config;
  const params = cfg.protocol as unknown as SyncParams;
  const server = cfg.server;
  const clientIds = task.clients;
  const { def } = task;
  const strategy = strategies.get(cfg.algorithm)(cfg, params.overSelection);
  let global = task.initial;
  let aggregated = 0; // client updates aggregated so far (the surrogate's progress in timing mode)
  const selection = sim.rng.stream('training/selection');
  const fusion = cfg.fusion;
  const bitsFused = fusion === null ? 0 : fusedBits(def, fusion);
  // The round's deferred updates (to settle those that landed but did not count).
  let pending: DeferredUpdate[] | null = null;

  function* clientRound(client: string, round: number, weights: Float32Array, download: SimEvent<unknown>, work: ClientWork, attempt: ClientAttempt): ProcessGenerator<ClientResult | FailedClient> {
    const t0 = sim.now;
    let phase: DropoutPhase = 'download';
    let deferred: DeferredUpdate | undefined;
    try {
      yield download;
      phase = 'compute';
      const t1 = sim.now;
      const fixedBits = fusion === null || work !== 'gradient' ? deferrableUploadBits(task, client) : undefined;
      if (fixedBits !== undefined) {
        // The bits do not depend on the update: charge and send first, train when the upload lands.
        deferred = new DeferredUpdate(ctx, task, client, weights, work, localUpdateFlops(task, client, work), fixedBits);
        pending?.push(deferred);
        yield* chargeCompute(ctx, client, deferred.flops, `r${round}/train@${client}`);
        attempt.flopsDone += deferred.flops;
        const t2 = sim.now;
        phase = 'upload';
        yield* uploadBits(ctx, task, client, server, fixedBits, `r${round}/update ${client}`);
        deferred.land();
        // The update and its loss are computed when the server folds it in.
        return { client, update: null, deferred, weight: task.localExamples(client), loss: NaN, downloadS: t1 - t0, computeS: t2 - t1, uploadS: sim.now - t2, arrivedS: sim.now, upBits: fixedBits };
      }
      const u = computeLocalUpdate(ctx, task, client, weights, work);
      if (fusion !== null && work === 'gradient') {
        // Backprop layer by layer, sending buckets as they fill; the upload overlaps the compute.
        phase = 'upload';
        const tBack = yield* fusedBackprop(ctx, task, client, server, `r${round}`, fusion);
        return { client, update: u.update, deferred: null, weight: u.samples, loss: u.loss, downloadS: t1 - t0, computeS: tBack - t1, uploadS: sim.now - tBack, arrivedS: sim.now, upBits: bitsFused };
      }
      yield* chargeCompute(ctx, client, u.flops, `r${round}/train@${client}`);
      attempt.flopsDone += u.flops;
      const t2 = sim.now;
      phase = 'upload';
      const { decoded, bits } = yield* compressAndUpload(ctx, task, client, server, u.update, `r${round}/update ${client}`);
      return { client, update: decoded, deferred: null, weight: u.samples, loss: u.loss, downloadS: t1 - t0, computeS: t2 - t1, uploadS: sim.now - t2, arrivedS: sim.now, upBits: bits };
    } catch (err) {
      // Lost work (a failed transfer or node, a deadline, over-selection) drops the client from the round.
      const dropout = dropoutOf(err, client, phase);
      if (dropout === undefined) throw err;
      deferred?.settle(phase);
      return dropout;
    }
  }

  function* run(): ProcessGenerator<void> {
    // A round starts at the instant the last one ended (nothing runs between): its energy then is
    // the last round's end reading (one pass over every node's meter a round, not two).
    let energyEnd: number | undefined;
    for (let round = 0; round < cfg.rounds; round++) {
      const startS = sim.now;
      const energy0 = energyEnd ?? ctx.energyUsedJ();
      const plan = strategy.configureRound(round, clientIds, () => rankByChannel(ctx, clientIds), selection);
      const chosen = plan.clients;
      // Every update, or (over-selected) the first `target` of them, or what arrived by the deadline.
      const weights = global;
      // Updates are folded into the round's aggregate as they arrive and then dropped: the server
      // holds one running sum, not one update per client.
      const aggregator = strategy.begin(round, global);
      const fold = (r: ClientResult): void => {
        if (r.deferred !== null) {
          const taken = r.deferred.take();
          r.update = taken.decoded;
          r.loss = taken.loss;
          r.deferred = null;
        }
        aggregator.add({ client: r.client, update: r.update!, samples: r.weight });
        r.update = null;
      };
      pending = [];
      const { arrived, failures, dropouts, downloadBits } = yield* playRound<ClientResult>(ctx, task, round, chosen, plan.target, (c, download, attempt) => clientRound(c, round, weights, download, plan.work, attempt), fold);
      // Uploads that landed but did not count (over-selection's surplus at the same instant):
      // compressed, as the eager order had before sending.
      for (const d of pending) if (d.hasLanded) d.settle('upload');
      pending = null;
      const aggStart = sim.now;
      const before = global;
      if (aggregator.count !== arrived.length) throw new Error(`round ${round}: ${aggregator.count} updates aggregated, ${arrived.length} arrived`);
      if (arrived.length > 0) {
        global = aggregator.finish(failures);
        yield ctx.node(server).cpu.computeOnAllCores(2 * parameterCount(def) * arrived.length, `r${round}/aggregate`).done;
      }
      aggregated += arrived.length;
      const ev = task.evaluate(global, aggregated);
      energyEnd = ctx.energyUsedJ();
      sim.trace.emit('round.end', roundEndRecord({
        round,
        startS,
        endS: sim.now,
        aggregateStartS: aggStart,
        last: lastArrival(arrived),
        participants: arrived.length,
        dropped: chosen.length - arrived.length,
        dropouts,
        bits: downloadBits + arrived.reduce((a, r) => a + r.upBits, 0),
        energyJ: energyEnd - energy0,
        lossSum: arrived.reduce((a, r) => a + r.loss, 0),
        lossCount: arrived.length,
        evaluation: ev,
        gap: task.gap?.afterStep(before, global),
      }));
    }
  }

  return { weights: () => global, ended: sim.process(run(), 'training') };
}


/** The sync protocol's registry entry. */
export const syncProtocol: ProtocolEntry<SyncParams> = {
  schema: z.strictObject({
    name: z.literal('sync'),
    overSelection: z.number().min(1, { message: 'expected an over-selection factor ≥ 1' }).max(100, { message: 'expected an over-selection factor ≤ 100' }).optional(),
  }),
  defaults: { overSelection: 1 },
  resolve: (spec) => ({ name: 'sync', overSelection: (spec.overSelection as number | undefined) ?? 1 }),
  start: startSync,
};
