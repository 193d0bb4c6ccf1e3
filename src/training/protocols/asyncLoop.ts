/**
 * The asynchronous loop FedAsync and FedBuff share. Up to `concurrency` clients work at once (all by
 * default), each on its own: download the current model, train for real, upload the update; the
 * server takes arrivals from an inbox (an engine `Store`) one at a time, measures each update's
 * staleness in server versions, discards those beyond the cap, and hands the rest to the
 * protocol's rule, which decides when the model moves. A client whose work is lost (a failure, an
 * outage, a handover, an empty battery) is a dropout of that update; it starts again when it is up
 * (a repair brings it back; an empty battery never does). When a slot frees, the next client is
 * drawn at random (stream `training/selection`) among the idle clients that are up. The global
 * model is evaluated every N server versions and/or every T simulated seconds; evaluation takes no
 * simulated time and charges nobody.
 * @module
 */
import type { ProcessGenerator, Process } from '../../engine/process.js';
import { Interrupt, ProcessError, WorkFailure, describe } from '../../engine/errors.js';
import { Store } from '../../engine/store.js';
import type { SimEvent } from '../../engine/events.js';
import type { EventHandle } from '../../engine/handle.js';
import { multicast } from '../../net/multicast.js';
import type { TrainingContext } from '../context.js';
import type { FederatedTask } from '../task.js';
import { computeLocalUpdate, chargeCompute, compressAndUpload, uploadBits } from '../client.js';
import { DeferredUpdate, deferrableUploadBits, localUpdateFlops } from '../deferred.js';
import { ClientAttempt } from '../attempt.js';
import type { DropoutPhase } from '../records.js';
import type { UpdateOutcome, UpdateRecord } from '../asyncRecords.js';
import type { ProtocolRun } from './protocol.js';
import { IdleClients } from './idleClients.js';

/** The parameters every asynchronous protocol has. */
export interface AsyncCommon {
  /** clients working at once */
  concurrency: number;
  /** updates more than this many versions stale are discarded; null: none are */
  maxStaleness: number | null;
  /** training ends after this many server versions (model steps) */
  serverSteps: number;
  /** evaluate the global model every this many server versions; null: not by versions */
  evalEverySteps: number | null;
  /** evaluate the global model every this many simulated seconds; null: not by time */
  evalEveryS: number | null;
  /** a client whose update was lost tries again after this long (s), not at once: a link in permanent outage would otherwise retry for ever at one instant */
  retryAfterS: number;
}

/** An update that reached the server. */
export interface ArrivedUpdate {
  /** its number */
  index: number;
  /** client id */
  client: string;
  /** the weights the client trained from */
  base: Float32Array;
  /** their server version */
  baseVersion: number;
  /** the decoded weight change */
  delta: Float32Array;
  /** the client's local examples */
  samples: number;
}

/** The server's model, shared by the loop and the protocol's rule. */
export interface ServerModel {
  /** the global weights (replaced, never mutated) */
  global: Float32Array;
  /** versions so far (server steps) */
  version: number;
}

/** What the protocol's rule did with an update. */
export interface RuleOutcome {
  /** `applied` (the model moved with it) or `buffered` */
  outcome: Extract<UpdateOutcome, 'applied' | 'buffered'>;
  /** the weight it was given (FedAsync's α_t, FedBuff's staleness weight) */
  weight: number;
  /** whether the model took a step (its version advanced) */
  stepped: boolean;
}

/**
 * A protocol's server rule: takes one update with its staleness, may charge the server's compute
 * (yielding), and updates the model.
 */
export type AsyncRule = (update: ArrivedUpdate, staleness: number, model: ServerModel) => ProcessGenerator<RuleOutcome>;

/** An update in the server's inbox: what the rule needs, the client's account so far, and the event that frees the client. */
interface Inbound extends ArrivedUpdate {
  /** the update to compute when the server takes it from the inbox (its upload went first), else null */
  deferred: DeferredUpdate | null;
  /** the update's record, its end not yet written (see {@link pendingRecord}) */
  record: UpdateRecord;
  handled: SimEvent<unknown>;
}

/**
 * The record of an update on its way into the server's inbox: every field of its `update.end` row,
 * in the row's order, the five of its end (`endS` … `reason`) as placeholders that {@link ended}
 * fills when the server takes it. The row is this object itself: kept by the report for every
 * update, it is written once, not copied by a spread (a spread's copy took ≈ 810 bytes against
 * ≈ 260 for the object written out, and every row lives to the end of the run).
 */
function pendingRecord(index: number, client: string, startS: number, downloadS: number, computeS: number, uploadS: number, baseVersion: number, trainLoss: number | null, bits: number, resends: number, attempt: ClientAttempt): UpdateRecord {
  return { index, client, startS, downloadS, computeS, uploadS, baseVersion, trainLoss, bits, resends, phase: null, flopsDone: attempt.flopsDone, activeEnergyJ: attempt.activeEnergyJ(), endS: 0, staleness: null, outcome: 'applied', weight: null, reason: null };
}

/** Writes how an update that reached the server ended into its record (see {@link pendingRecord}) and returns it. */
function endRecord(record: UpdateRecord, endS: number, staleness: number, outcome: UpdateOutcome, weight: number | null, reason: string | null): UpdateRecord {
  record.endS = endS;
  record.staleness = staleness;
  record.outcome = outcome;
  record.weight = weight;
  record.reason = reason;
  return record;
}

/** Update counts so far, as an evaluation reports them. */
export interface UpdateCounts {
  /** applied (or buffered into steps) */
  applied: number;
  /** discarded as too stale */
  discarded: number;
  /** lost */
  lost: number;
}

/**
 * Evaluates the server's model on the test set and emits `training.eval` (no simulated time passes).
 * @param ctx - the world
 * @param task - the federated task
 * @param model - the server's model
 * @param counts - the updates so far
 */
export function emitEvaluation(ctx: TrainingContext, task: FederatedTask, model: ServerModel, counts: UpdateCounts): void {
  const ev = task.evaluate(model.global, counts.applied);
  ctx.sim.trace.emit('training.eval', { version: model.version, timeS: ctx.sim.now, updatesApplied: counts.applied, updatesDiscarded: counts.discarded, updatesLost: counts.lost, testAccuracy: ev.accuracy, testLoss: ev.loss });
}

/** The cause of the interrupt that ends the clients' work when training ends. */
const TRAINING_ENDED = 'training ended';

/** The delta of an inbound update not computed yet (replaced when the server takes it). */
const NOT_YET = new Float32Array(0);

/**
 * Runs an asynchronous protocol.
 * @param ctx - the world
 * @param task - the federated task
 * @param common - the loop's parameters
 * @param rule - the server's rule
 */
export function runAsync(ctx: TrainingContext, task: FederatedTask, common: AsyncCommon, rule: AsyncRule): ProtocolRun {
  const { sim } = ctx;
  const server = task.config.server;
  const clients = task.clients;
  const model: ServerModel = { global: task.initial, version: 0 };
  const counts = { applied: 0, discarded: 0, lost: 0 };
  const inbox = new Store<Inbound>(sim);
  const cap = Math.min(common.concurrency, clients.length);
  // The idle clients in the order they became idle, with which are up (a failure or repair is
  // recorded before anything it triggers reads the set: these hooks are registered first).
  const idle = new IdleClients(clients, (c) => ctx.node(c).failed === undefined);
  const isClient = new Set(clients);
  ctx.onFailed((id) => {
    if (isClient.has(id)) idle.setUp(id, false);
  });
  ctx.onRepaired((id) => {
    if (isClient.has(id)) idle.setUp(id, ctx.node(id).failed === undefined);
  });
  const active = new Set<Process<'done' | 'lost'>>();
  const retries = new Set<EventHandle>(); // clients' waits before retrying after a lost update
  const pick = sim.rng.stream('training/selection');
  let nextIndex = 0;
  let stopped = false;
  let lastEvaluated = -1;

  const evaluate = (): void => {
    emitEvaluation(ctx, task, model, counts);
    lastEvaluated = model.version;
  };

  const dispatch = (): void => {
    while (!stopped && active.size < cap) {
      // The first ready client, or one drawn among the ready ones in idle order: O(log n).
      const ready = idle.readyCount;
      if (ready === 0) return;
      const c = idle.readyAt(ready === 1 || cap === clients.length ? 0 : pick.integer(0, ready - 1));
      idle.remove(c);
      const index = nextIndex++;
      const p = sim.process(clientJob(c, index), `update ${index} of ${c}`);
      active.add(p);
      p.addCallback(() => {
        active.delete(p);
        if (stopped) return;
        // After a lost update the client waits before it tries again; its slot is free meanwhile.
        // (No named closure per update for going back: under tsx each would be renamed, a property
        // dictionary of its own.)
        if (p.ok && p.value === 'lost') {
          const retry = sim.schedule(common.retryAfterS, () => {
            retries.delete(retry);
            if (stopped) return;
            idle.push(c);
            dispatch();
          });
          retries.add(retry);
          dispatch();
        } else {
          idle.push(c);
          dispatch();
        }
      });
    }
  };

  function* clientJob(client: string, index: number): ProcessGenerator<'done' | 'lost'> {
    const attempt = new ClientAttempt(ctx, client);
    const startS = sim.now;
    const base = model.global;
    const baseVersion = model.version;
    let phase: DropoutPhase = 'download';
    let downloadS = 0;
    let computeS = 0;
    let bits = 0;
    let trainLoss: number | null = null;
    let inInbox = false;
    let deferred: DeferredUpdate | undefined;
    try {
      const down = multicast(sim, ctx.topology, server, [client], task.modelBits, `u${index}/model`, (c) => `u${index} model to ${c}`);
      bits += down.bits;
      yield down.arrivals.get(client)!;
      downloadS = sim.now - startS;
      phase = 'compute';
      const fixedBits = deferrableUploadBits(task, client);
      if (fixedBits !== undefined) {
        // The bits do not depend on the update: charge and send first, train when the server takes it.
        deferred = new DeferredUpdate(ctx, task, client, base, 'train', localUpdateFlops(task, client, 'train'), fixedBits);
        yield* chargeCompute(ctx, client, deferred.flops, `u${index}/train@${client}`);
        attempt.flopsDone += deferred.flops;
        computeS = sim.now - startS - downloadS;
        phase = 'upload';
        const resends = yield* uploadBits(ctx, task, client, server, fixedBits, `u${index}/update ${client}`);
        deferred.land();
        bits += fixedBits;
        const record = pendingRecord(index, client, startS, downloadS, computeS, sim.now - startS - downloadS - computeS, baseVersion, trainLoss, bits, resends, attempt);
        const handled = sim.event();
        inInbox = true;
        yield inbox.put({ index, client, base, baseVersion, delta: NOT_YET, deferred, samples: task.localExamples(client), record, handled });
        yield handled;
        return 'done';
      }
      const u = computeLocalUpdate(ctx, task, client, base, 'train');
      trainLoss = u.loss;
      yield* chargeCompute(ctx, client, u.flops, `u${index}/train@${client}`);
      attempt.flopsDone += u.flops;
      computeS = sim.now - startS - downloadS;
      phase = 'upload';
      const sent = yield* compressAndUpload(ctx, task, client, server, u.update, `u${index}/update ${client}`);
      bits += sent.bits;
      const record = pendingRecord(index, client, startS, downloadS, computeS, sim.now - startS - downloadS - computeS, baseVersion, trainLoss, bits, sent.resends, attempt);
      // The client is idle again once the server has taken its update in (so its next download
      // carries its own contribution, as FedAsync's server replies with the new model).
      const handled = sim.event();
      inInbox = true;
      yield inbox.put({ index, client, base, baseVersion, delta: sent.decoded, deferred: null, samples: u.samples, record, handled });
      yield handled;
      return 'done';
    } catch (err) {
      const cause = err instanceof ProcessError ? err.cause : err;
      const ended = cause instanceof Interrupt && cause.cause === TRAINING_ENDED;
      if (!(cause instanceof WorkFailure) && !(cause instanceof Interrupt)) throw err;
      if (deferred !== undefined) {
        // The calls the eager order had made by now (training once the model arrived), and its loss.
        deferred.settle(phase);
        trainLoss = deferred.loss;
      }
      if (!ended) counts.lost++;
      const reason = ended ? (inInbox ? 'training ended while it waited in the server inbox' : 'training ended before it arrived') : cause instanceof WorkFailure ? cause.message : describe(cause.cause);
      const now = sim.now;
      const uploadS = phase === 'upload' ? now - startS - downloadS - computeS : 0;
      sim.trace.emit('update.end', { index, client, startS, endS: now, downloadS: phase === 'download' ? now - startS : downloadS, computeS: phase === 'compute' ? now - startS - downloadS : computeS, uploadS, baseVersion, staleness: null, outcome: ended ? 'unfinished' : 'lost', weight: null, trainLoss, bits, resends: 0, phase, reason, flopsDone: attempt.flopsDone, activeEnergyJ: attempt.activeEnergyJ() });
      return ended ? 'done' : 'lost';
    }
  }

  function* serve(): ProcessGenerator<void> {
    for (;;) {
      const u = (yield inbox.get()) as Inbound;
      if (u.deferred !== null) {
        // Trained now, just before the server uses it (or discards it: the eager order had trained it).
        const taken = u.deferred.take();
        u.delta = taken.decoded;
        u.record.trainLoss = taken.loss;
        u.deferred = null;
      }
      const staleness = model.version - u.baseVersion;
      if (common.maxStaleness !== null && staleness > common.maxStaleness) {
        counts.discarded++;
        sim.trace.emit('update.end', endRecord(u.record, sim.now, staleness, 'discarded', null, `staleness ${staleness} > maxStaleness ${common.maxStaleness}`));
        u.handled.succeed();
        continue;
      }
      const r = yield* rule(u, staleness, model);
      counts.applied++;
      sim.trace.emit('update.end', endRecord(u.record, sim.now, staleness, r.outcome, r.weight, null));
      u.handled.succeed();
      if (!r.stepped) continue;
      if (common.evalEverySteps !== null && model.version % common.evalEverySteps === 0) evaluate();
      if (model.version >= common.serverSteps) {
        stopped = true;
        if (lastEvaluated !== model.version) evaluate();
        for (const p of active) if (p.isAlive) p.interrupt(TRAINING_ENDED);
        // Clients waiting to retry after a lost update will not: the run ends with training.
        for (const r of retries) r.cancel();
        retries.clear();
        return;
      }
    }
  }

  // A client that comes back rejoins the loop.
  ctx.onRepaired((id) => {
    if (isClient.has(id)) dispatch();
  });
  if (common.evalEveryS !== null) {
    const every = common.evalEveryS;
    const tick = (): void => {
      if (stopped) return;
      evaluate();
      sim.schedule(every, tick, { daemon: true });
    };
    sim.schedule(every, tick, { daemon: true });
  }
  evaluate();
  const ended = sim.process(serve(), 'async server');
  dispatch();
  return { weights: () => model.global, ended };
}
