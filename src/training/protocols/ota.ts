/**
 * Synchronous training with over-the-air aggregation (the seed's eq. 3). Each round: the server
 * sends the model to the selected clients; each computes its update for real (FedSGD's gradient or
 * FedAvg's weight change) and sends its mean and variance digitally (side information); once every
 * client is ready — the straggler is waited for — or at the deadline (late ones skip), the server
 * broadcasts the pooled statistics, and the ready clients transmit their standardised updates at
 * once in one analog slot on its uplink (`src/net/otaSlot.ts`), with powers from the scenario's
 * power-control policy. The server de-standardises the noisy estimate of the mean update and
 * steps with it: accuracy under OTA emerges from the channels, the noise and the powers.
 *
 * The estimate is of the plain mean of the participants' updates (every device weighs the same in
 * an analog sum), so FedAvg here is unweighted; with equal local data sets it is FedAvg.
 *
 * Memory: the slot superposes every ready client's update at once, so a round holds the ready
 * clients' updates until the slot (O(participants × parameters)), unlike the digital protocols,
 * which fold updates into a running sum as they arrive.
 * @module
 */
import { z } from 'zod';
import type { ProcessGenerator } from '../../engine/process.js';
import type { SimEvent } from '../../engine/events.js';
import { parameterCount } from '../../learning/models.js';
import { multicast } from '../../net/multicast.js';
import { linkBetween, sendRouted } from '../../net/routes.js';
import { OverTheAirSlot, type OtaBlockInput, type OtaSlotResult } from '../../net/otaSlot.js';
import type { WirelessLink } from '../../net/wireless.js';
import { updateStatistics, pooledStatistics, standardise, destandardise } from '../../radio/otaStatistics.js';
import { strategies, type ClientWork } from '../strategy.js';
import type { TrainingContext } from '../context.js';
import type { FederatedTask } from '../task.js';
import { computeLocalUpdate, chargeCompute } from '../client.js';
import type { ClientAttempt } from '../attempt.js';
import type { ArrivalTimes, DropoutPhase } from '../records.js';
import { powerPolicies, powerSpecSchema, resolvePower, type PowerControlSpec as PowerSpec } from '../ota/power/index.js';
import type { PowerControlInput } from '../ota/power/policy.js';
import { dropoutOf, lastArrival, playRound, rankByChannel, roundEndRecord, type FailedClient } from './rounds.js';
import { WorkFailure } from '../../engine/errors.js';
import type { ProtocolEntry, ProtocolRun } from './protocol.js';
import '../otaRecords.js';

/** The `ota` protocol's parameters. */
export interface OtaParams {
  /** registry name */
  name: 'ota';
  /** the power-control policy and its parameters (`edgesim list`: power policies) */
  power: PowerSpec;
  /** variance of the channel estimation error, relative to the mean channel gain (0: perfect CSI) */
  csiErrorVariance: number;
  /** standard deviation of the residual phase error after pre-rotation (rad) */
  phaseErrorStdRad: number;
  /** bits of each device's side information (its update's mean and variance: two fp32 by default) */
  sideInfoBits: number;
}

interface ReadyClient extends ArrivalTimes {
  client: string;
  update: Float32Array;
  loss: number;
}

/** Starts training with over-the-air aggregation. */
function startOta(ctx: TrainingContext, task: FederatedTask): ProtocolRun {
  const { sim } = ctx;
  const cfg = task.config;
  const params = cfg.protocol as unknown as OtaParams;
  const server = cfg.server;
  const clientIds = task.clients;
  const q = parameterCount(task.def);
  const strategy = strategies.get(cfg.algorithm)(cfg);
  const policy = powerPolicies.get(params.power.policy).create(params.power as unknown as Record<string, unknown>);
  const selection = sim.rng.stream('training/selection');
  const slotRng = sim.rng.stream('training/ota');
  // Each device's power so far, for average-power budgets: Σ of its slot powers and the rounds it took part in.
  const usedPowerW = new Map(clientIds.map((c) => [c, 0]));
  const roundsSoFar = new Map(clientIds.map((c) => [c, 0]));
  let global = task.initial;
  let aggregated = 0; // client updates aggregated so far (the surrogate's progress in timing mode)

  function* clientRound(client: string, round: number, weights: Float32Array, download: SimEvent<unknown>, work: ClientWork, attempt: ClientAttempt): ProcessGenerator<ReadyClient | FailedClient> {
    const t0 = sim.now;
    let phase: DropoutPhase = 'download';
    try {
      yield download;
      phase = 'compute';
      const t1 = sim.now;
      const u = computeLocalUpdate(ctx, task, client, weights, work);
      yield* chargeCompute(ctx, client, u.flops, `r${round}/train@${client}`);
      attempt.flopsDone += u.flops;
      const t2 = sim.now;
      phase = 'upload';
      yield* sendRouted(ctx.topology, client, server, params.sideInfoBits, `r${round}/stats ${client}`);
      return { client, update: u.update, loss: u.loss, downloadS: t1 - t0, computeS: t2 - t1, uploadS: sim.now - t2, arrivedS: sim.now };
    } catch (err) {
      const dropout = dropoutOf(err, client, phase);
      if (dropout === undefined) throw err;
      return dropout;
    }
  }

  /** The slot of the ready clients: pooled statistics broadcast, then the analog transmission. */
  function* slot(round: number, arrived: readonly ReadyClient[]): ProcessGenerator<{ result: OtaSlotResult | null; reason: string | null; stats: { mean: number; std: number }; bits: number; sent: readonly ReadyClient[] }> {
    const stats = pooledStatistics(arrived.map((r) => updateStatistics(r.update)));
    const std = Math.sqrt(stats.variance) || 1;
    const down = multicast(sim, ctx.topology, server, arrived.map((r) => r.client), 2 * 32, `r${round}/pooled`, (c) => `r${round} pooled stats to ${c}`);
    yield sim.allOf([...down.arrivals.values()].map((ev) => settled(ev)));
    // A client that did not get the pooled statistics cannot standardise its update: it stays out.
    const ready = arrived.filter((r) => down.arrivals.get(r.client)!.ok);
    if (ready.length === 0) return { result: null, reason: 'no client received the pooled statistics', stats: { mean: stats.mean, std }, bits: down.bits, sent: ready };
    const links = ready.map((r) => linkBetween(ctx.topology, r.client, server) as WirelessLink);
    const inputFor = (b: OtaBlockInput): PowerControlInput => ({
      round,
      rounds: cfg.rounds,
      gains: b.gains,
      meanGains: b.meanGains,
      maxPowerW: b.maxPowerW,
      averagePowerW: ready.map(() => null), // the policy's own budget applies (power.averagePowerW)
      usedPowerW: ready.map((r) => usedPowerW.get(r.client)!),
      roundsSoFar: ready.map((r) => roundsSoFar.get(r.client)!),
      noiseW: b.noiseW,
      entries: b.entries,
    });
    const s = new OverTheAirSlot({
      links,
      signals: ready.map((r) => standardise(r.update, { mean: stats.mean, std })),
      medium: links[0]!.medium,
      decide: (b) => policy(inputFor(b)),
      csiErrorVariance: params.csiErrorVariance,
      phaseErrorStdRad: params.phaseErrorStdRad,
      rng: slotRng,
      task: `r${round}/ota`,
    });
    s.begin();
    try {
      const result = (yield s.done) as OtaSlotResult;
      ready.forEach((r, l) => {
        usedPowerW.set(r.client, usedPowerW.get(r.client)! + result.meanPowerW[l]!);
        roundsSoFar.set(r.client, roundsSoFar.get(r.client)! + 1);
      });
      return { result, reason: null, stats: { mean: stats.mean, std }, bits: down.bits, sent: ready };
    } catch (err) {
      // Every participant left the slot (failures, handovers): lost work, not a bug.
      if (!(err instanceof WorkFailure)) throw err;
      return { result: null, reason: err.message, stats: { mean: stats.mean, std }, bits: down.bits, sent: ready };
    }
  }

  /** An event that succeeds when `ev` settles, however it ends (a lost statistics broadcast only leaves its client out of the slot). */
  function settled(ev: SimEvent<unknown>): SimEvent<unknown> {
    const out = sim.event();
    ev.addCallback(() => out.succeed());
    return out;
  }

  function* run(): ProcessGenerator<void> {
    for (let round = 0; round < cfg.rounds; round++) {
      const startS = sim.now;
      const energy0 = ctx.energyUsedJ();
      const plan = strategy.configureRound(round, clientIds, () => rankByChannel(ctx, clientIds), selection);
      const chosen = plan.clients;
      const weights = global;
      const { arrived, failures, dropouts, downloadBits, attempts } = yield* playRound<ReadyClient>(ctx, task, round, chosen, plan.target, (c, download, attempt) => clientRound(c, round, weights, download, plan.work, attempt));
      const slotStart = sim.now;
      const before = global;
      let bits = downloadBits + arrived.length * params.sideInfoBits;
      let participants = 0;
      if (arrived.length > 0) {
        const s = yield* slot(round, arrived);
        bits += s.bits;
        const sent = s.sent;
        // Clients the pooled statistics did not reach stayed out of the slot: dropouts of this round.
        for (const r of arrived) if (!sent.includes(r)) dropouts.push({ client: r.client, phase: 'upload', reason: 'the pooled statistics did not reach it', ...attempts[chosen.indexOf(r.client)]!.waste() });
        if (s.result !== null) {
          participants = sent.length - s.result.lost.filter((x) => x !== null).length;
          // A block where nobody transmitted (every device truncated or out of budget) leaves part
          // of the update unknown: the round applies no update, and says so.
          if (s.result.silentBlocks === 0) {
            const mean = destandardise(s.result.estimate, s.stats);
            global = strategy.aggregate(round, global, [{ client: 'over-the-air', update: mean, samples: 1 }], failures);
            // The server de-standardises and steps: 2 FLOPs a parameter.
            yield ctx.node(server).cpu.computeOnAllCores(2 * q, `r${round}/aggregate`).done;
          } else participants = 0;
          sim.trace.emit('ota.round', {
            round,
            startS: slotStart,
            endS: sim.now,
            clients: sent.map((r) => r.client),
            powerW: s.result.meanPowerW,
            truncated: sent.filter((_, l) => s.result!.truncatedBlocks[l]! === s.result!.blocks.length).map((r) => r.client),
            lost: sent.filter((_, l) => s.result!.lost[l] !== null).map((r) => r.client),
            snrDb: s.result.snrDb,
            gains: s.result.blocks[0]!.gains,
            noiseW: s.result.blocks[0]!.noiseW,
            mean: s.stats.mean,
            std: s.stats.std,
            airtimeS: s.result.airtimeS,
            blocks: s.result.blocks.length,
            eta: s.result.blocks[0]!.eta,
            msePerEntry: s.result.errorSq / q,
            relativeError: s.result.meanSq > 0 ? Math.sqrt(s.result.errorSq / s.result.meanSq) : null,
            averagePowerW: sent.map((r) => usedPowerW.get(r.client)! / Math.max(1, roundsSoFar.get(r.client)!)),
            budgetW: ((params.power as { averagePowerW?: number | null }).averagePowerW ?? null),
            silentBlocks: s.result.silentBlocks,
          });
        } else for (const r of sent) dropouts.push({ client: r.client, phase: 'upload', reason: s.reason!, ...attempts[chosen.indexOf(r.client)]!.waste() });
      }
      const last = lastArrival(arrived);
      aggregated += participants;
      const ev = task.evaluate(global, aggregated);
      sim.trace.emit('round.end', roundEndRecord({
        round,
        startS,
        endS: sim.now,
        aggregateStartS: slotStart,
        // The slot is the critical upload's last part; the de-standardising step is not timed apart.
        aggregateS: 0,
        last: last && { ...last, uploadS: last.uploadS + (sim.now - slotStart) },
        participants,
        dropped: chosen.length - participants,
        dropouts,
        bits,
        energyJ: ctx.energyUsedJ() - energy0,
        lossSum: arrived.reduce((a, r) => a + r.loss, 0),
        lossCount: arrived.length,
        evaluation: ev,
        gap: task.gap?.afterStep(before, global),
      }));
    }
  }

  return { weights: () => global, ended: sim.process(run(), 'training') };
}

/** Defaults of the `ota` protocol. */
const DEFAULTS = { csiErrorVariance: 0, phaseErrorStdRad: 0, sideInfoBits: 64 };

/** The `ota` protocol's registry entry. */
export const otaProtocol: ProtocolEntry<OtaParams> = {
  schema: z.strictObject({
    name: z.literal('ota'),
    power: powerSpecSchema.optional(),
    csiErrorVariance: z.number().nonnegative({ message: 'expected a variance ≥ 0' }).max(100, { message: 'expected a relative variance ≤ 100' }).optional(),
    phaseErrorStdRad: z.number().nonnegative({ message: 'expected a standard deviation ≥ 0 rad' }).max(10, { message: 'expected at most 10 rad' }).optional(),
    sideInfoBits: z.number().int({ message: 'expected a whole number of bits' }).nonnegative({ message: 'expected bits ≥ 0' }).max(1e9).optional(),
  }),
  defaults: { ...DEFAULTS, power: { policy: 'channel-inversion' } as PowerSpec },
  resolve: (spec) => ({
    name: 'ota',
    power: resolvePower((spec['power'] as PowerSpec | undefined) ?? ({ policy: 'channel-inversion' } as PowerSpec)),
    csiErrorVariance: (spec['csiErrorVariance'] as number | undefined) ?? DEFAULTS.csiErrorVariance,
    phaseErrorStdRad: (spec['phaseErrorStdRad'] as number | undefined) ?? DEFAULTS.phaseErrorStdRad,
    sideInfoBits: (spec['sideInfoBits'] as number | undefined) ?? DEFAULTS.sideInfoBits,
  }),
  start: startOta,
};
