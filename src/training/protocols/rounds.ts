/**
 * What round-based protocols share: ranking clients by channel for selection, turning a client's
 * lost work into a dropout, and gathering a round — waiting for every selected client (or the
 * first K under over-selection) or the deadline, cutting the rest, and sorting the outcomes into
 * arrivals, failures and dropouts with what each lost attempt wasted.
 * @module
 */
import type { ProcessGenerator, Process } from '../../engine/process.js';
import type { SimEvent } from '../../engine/events.js';
import type { Simulator } from '../../engine/simulator.js';
import { Interrupt, ProcessError, WorkFailure, describe } from '../../engine/errors.js';
import type { TrainingContext } from '../context.js';
import { ClientAttempt } from '../attempt.js';
import { multicast } from '../../net/multicast.js';
import type { FederatedTask } from '../task.js';
import type { ClientFailure } from '../strategy.js';
// Types only: loading records.ts (its result section) from here would move its registration, and so the report's section order.
import type { Dropout, DropoutPhase, RoundMeasures, RoundRecord } from '../records.js';

/** A selected client's round that was lost, and where. */
export interface FailedClient {
  /** client id */
  client: string;
  /** the phase it was in */
  phase: DropoutPhase;
  /** why */
  failed: string;
}

/** The interrupt cause of an over-selected client still working once the round has its updates. */
export const SURPLUS = 'over-selected: the round had its updates';

/**
 * The dropout a client's round ends with when its work is lost, or undefined when `err` is not lost
 * work (a bug, which must propagate).
 * @param err - what the client's process caught
 * @param client - the client
 * @param phase - the phase it was in
 */
export function dropoutOf(err: unknown, client: string, phase: DropoutPhase): FailedClient | undefined {
  // A failed download process wraps its cause.
  const cause = err instanceof ProcessError ? err.cause : err;
  if (cause instanceof WorkFailure) return { client, phase, failed: cause.message };
  if (cause instanceof Interrupt) {
    const surplus = cause.cause === SURPLUS;
    return { client, phase: surplus ? 'surplus' : 'deadline', failed: surplus ? `${SURPLUS} (during ${phase})` : `${describe(cause.cause)} (during ${phase})` };
  }
  return undefined;
}

/**
 * The clients by the strongest mean received power on any of their wireless links now, best first
 * (ties by id).
 * @param ctx - the world
 * @param clients - the clients
 */
export function rankByChannel(ctx: TrainingContext, clients: readonly string[]): string[] {
  const scores = new Map(clients.map((c) => [c, ctx.bestRxPowerDbm(c)]));
  return [...clients].sort((a, b) => scores.get(b)! - scores.get(a)! || (a < b ? -1 : 1));
}

/** An event that fires once `target` of the processes have succeeded with an arrival or every one has settled. */
function enoughArrived(sim: Simulator, procs: readonly Process<unknown>[], target: number): SimEvent<unknown> {
  const enough = sim.event();
  let arrived = 0;
  let settled = 0;
  for (const p of procs) {
    p.addCallback((ev) => {
      settled++;
      if (ev.ok && !('failed' in (ev.value as object))) arrived++;
      if (!enough.triggered && (arrived >= target || settled === procs.length)) enough.succeed();
    });
  }
  return enough;
}

/** A gathered round. */
export interface GatheredRound<T> {
  /** the clients' results that arrived, in selection order */
  arrived: T[];
  /** the selected clients whose result did not, for the strategy */
  failures: ClientFailure[];
  /** the same, for the report: where, why and what they wasted */
  dropouts: Dropout[];
}

/**
 * Waits for a round's client processes — all of them, or the first `target` to arrive when fewer
 * than all are needed — or the deadline; interrupts the rest; sorts the outcomes.
 * @param sim - the simulator
 * @param procs - one process per selected client, returning its result or a {@link FailedClient}
 * @param chosen - the selected clients, in the order of `procs`
 * @param attempts - their attempts (for the waste of dropouts)
 * @param target - results the round needs
 * @param deadlineS - the round's deadline from now (s), or null
 * @param onArrival - called with each result as it arrives while the round is open, in arrival
 *   order: exactly the results that end up in `arrived` (an aggregator folds them in here)
 */
export function* gatherRound<T>(sim: Simulator, procs: readonly Process<T | FailedClient>[], chosen: readonly string[], attempts: readonly ClientAttempt[], target: number, deadlineS: number | null, onArrival?: (result: T) => void): ProcessGenerator<GatheredRound<T>> {
  // A result is in `arrived` below iff its process was processed, with success, before this
  // process resumes; its callbacks ran then, so the same results reach `onArrival`, and none after.
  let open = true;
  if (onArrival !== undefined) {
    for (const p of procs) {
      p.addCallback((ev) => {
        if (open && ev.ok && !('failed' in (ev.value as object))) onArrival(ev.value as T);
      });
    }
  }
  const all = target < procs.length ? enoughArrived(sim, procs, target) : sim.allOf(procs);
  if (deadlineS !== null) {
    // A daemon deadline: when every result is in first, it does not hold the run open.
    const deadline = sim.event();
    const handle = sim.schedule(deadlineS, () => deadline.succeed(), { daemon: true });
    yield sim.anyOf([all, deadline]);
    handle.cancel();
  } else yield all;
  open = false;
  const cut = all.triggered ? SURPLUS : 'round deadline';
  for (const p of procs) if (p.isAlive) p.interrupt(cut);
  const arrived: T[] = [];
  const failures: ClientFailure[] = [];
  const dropouts: Dropout[] = [];
  procs.forEach((p, k) => {
    const v: T | FailedClient = p.processed && p.ok ? p.value : { client: chosen[k]!, phase: cut === SURPLUS ? 'surplus' : 'deadline', failed: cut };
    if (v !== null && typeof v === 'object' && 'failed' in v) {
      const f = v as FailedClient;
      failures.push({ client: f.client, reason: f.failed });
      dropouts.push({ client: f.client, phase: f.phase, reason: f.failed, ...attempts[k]!.waste() });
    } else arrived.push(v as T);
  });
  return { arrived, failures, dropouts };
}

/** A round played: what {@link gatherRound} gathered, and the bits the model download put on links. */
export interface PlayedRound<T> extends GatheredRound<T> {
  /** bits of the model download (once per hop, once per broadcast) */
  downloadBits: number;
  /** the chosen clients' attempts, in order (what a later loss wasted) */
  attempts: ClientAttempt[];
}

/**
 * Plays one round of a round-based protocol's client side: the model goes from `server` to the
 * chosen clients (`multicast`), each client's round runs as a process from its download, and the
 * round is gathered (every client, the first `target`, or what arrived by the deadline).
 * @param ctx - the world
 * @param task - the federated task
 * @param round - round number (task labels `r<round>/model`)
 * @param chosen - the selected clients
 * @param target - results the round needs
 * @param clientRound - one client's round, from its download event and its attempt
 * @param onArrival - called with each result that counts, as it arrives (see {@link gatherRound})
 */
export function* playRound<T>(ctx: TrainingContext, task: FederatedTask, round: number, chosen: readonly string[], target: number, clientRound: (client: string, download: SimEvent<unknown>, attempt: ClientAttempt) => ProcessGenerator<T | FailedClient>, onArrival?: (result: T) => void): ProcessGenerator<PlayedRound<T>> {
  const { sim } = ctx;
  const downloads = multicast(sim, ctx.topology, task.config.server, chosen, task.modelBits, `r${round}/model`, (c) => `r${round} model to ${c}`);
  const attempts = chosen.map((c) => new ClientAttempt(ctx, c));
  const procs: Process<T | FailedClient>[] = chosen.map((c, k) => sim.process(clientRound(c, downloads.arrivals.get(c)!, attempts[k]!), `round ${round} client ${c}`));
  const gathered = yield* gatherRound(sim, procs, chosen, attempts, target, task.config.deadlineS, onArrival);
  return { ...gathered, downloadBits: downloads.bits, attempts };
}

/** An arrival that did arrive: `arrivedS` known. */
export type Arrived<T> = T & {
  /** when it arrived (s) */
  arrivedS: number;
};

/**
 * The arrival that came last (the greatest `arrivedS`, the first of equals), passing over those
 * that never arrived (`arrivedS` null); undefined when none did.
 * @param items - the round's arrivals, in order
 */
export function lastArrival<T extends Record<'arrivedS', number | null>>(items: readonly T[]): Arrived<T> | undefined {
  return items.reduce<Arrived<T> | undefined>((a, r) => (r.arrivedS !== null && (a === undefined || r.arrivedS > a.arrivedS) ? (r as Arrived<T>) : a), undefined);
}

/**
 * A round's `round.end` record from what the protocol measured: the critical arrival's phases and
 * its wait for aggregation, aggregation's time, the mean train loss and the test evaluation.
 * @param m - the measured pieces
 * @returns the `round.end` payload
 */
export function roundEndRecord(m: RoundMeasures): RoundRecord {
  const { last } = m;
  return {
    round: m.round,
    startS: m.startS,
    endS: m.endS,
    downloadS: last?.downloadS ?? 0,
    computeS: last?.computeS ?? 0,
    uploadS: last?.uploadS ?? 0,
    waitS: m.aggregateStartS - (last === undefined ? m.startS : last.arrivedS),
    aggregateS: m.aggregateS ?? m.endS - m.aggregateStartS,
    participants: m.participants,
    dropped: m.dropped,
    dropouts: m.dropouts,
    bits: m.bits,
    energyJ: m.energyJ,
    trainLoss: m.lossCount > 0 ? m.lossSum / m.lossCount : null,
    testAccuracy: m.evaluation.accuracy,
    testLoss: m.evaluation.loss,
    ...m.gap,
  };
}
