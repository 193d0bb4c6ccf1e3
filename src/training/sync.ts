/**
 * Synchronous federated training on the timeline (FedAvg and FedSGD). Each round: the server sends
 * the model to the selected clients (over the backhaul to each edge center, then one wireless
 * broadcast to the clients it serves; unicast over other routes), each trains for real with
 * TF.js (the simulated time is its CPU's time for the training FLOPs), compresses its update and
 * sends it back; the server aggregates what arrived (by the deadline, if any), charged as compute,
 * and the global model is evaluated on the test set. The server's model after round τ is exactly
 * what the arrived updates produce.
 * @module
 */
import type * as tf from '@tensorflow/tfjs';
import type { ProcessGenerator } from '../engine/process.js';
import type { Process } from '../engine/process.js';
import type { RandomStream } from '../engine/random.js';
import { Interrupt, ProcessError, WorkFailure, describe } from '../engine/errors.js';
import { linkBetween, type World } from '../scenario/world.js';
import { loadMnist, gaussianMixture, trainTestSplit, subset, type Dataset } from '../learning/dataset.js';
import { iidPartition, dirichletPartition, shardPartition, quantitySkewPartition, memoryPartition, sampleShares, type Partition } from '../learning/partition.js';
import { models, initialWeights, parameterCount, trainingFlops, forwardFlops, type ModelDef } from '../learning/models.js';
import { trainLocal, computeGradient, evaluate } from '../learning/train.js';
import { compressors, type Compressor } from '../learning/compress.js';
import { strategies, type ClientFailure, type ClientWork } from './strategy.js';
import { sendRouted, routeNow } from './route.js';
import { WirelessLink } from '../net/wireless.js';
import { WirelessTransmission } from '../net/transmission.js';
import type { SimEvent } from '../engine/events.js';
import type { TrainingSpec } from './spec.js';
import { resolveTraining, type ResolvedTraining } from './config.js';
import { pushTo } from '../util/maps.js';
import type { RoundRecord, Dropout, DropoutPhase } from './records.js';

export type { RoundRecord, Dropout, DropoutPhase } from './records.js';

interface FailedClient {
  client: string;
  phase: DropoutPhase;
  failed: string;
}

interface ClientResult {
  client: string;
  update: Float32Array;
  weight: number;
  loss: number;
  downloadS: number;
  computeS: number;
  uploadS: number;
  arrivedS: number;
  upBits: number;
}

/** The training state of a world. */
export interface TrainingRun {
  /** the model */
  def: ModelDef;
  /** the global weights now */
  weights(): Float32Array;
  /** the training section with its defaults filled in: what this run used */
  config: ResolvedTraining;
}

function loadDataset(cfg: ResolvedTraining, rng: RandomStream): { train: Dataset; test: Dataset } {
  const d = cfg.dataset;
  const all = d.name === 'mnist' ? loadMnist() : gaussianMixture(d.samples, d.classes, d.dim, rng);
  return trainTestSplit(all, d.testFraction, rng);
}

function partition(cfg: ResolvedTraining, train: Dataset, clients: number, rng: RandomStream, memoryBytes: number[]): Partition {
  const p = cfg.partition;
  switch (p.name) {
    case 'iid':
      return iidPartition(train.n, clients, rng);
    case 'dirichlet':
      return dirichletPartition(train.y, train.classes, clients, p.alpha!, rng);
    case 'shards':
      return shardPartition(train.y, clients, rng);
    case 'quantity':
      return quantitySkewPartition(train.n, clients, rng, p.sigma!);
    case 'memory':
      return memoryPartition(train.n, memoryBytes, p.bytesPerExample!, rng);
  }
}

/**
 * Starts synchronous training in a world (the TF.js backend must have been selected).
 * @param world - the world
 * @param spec - the scenario's training section
 * @param model - a built TF.js model of the spec's model (shared; its weights are set per use)
 * @param def - the model's definition
 */
export function startTraining(world: World, spec: TrainingSpec, model: tf.LayersModel, def: ModelDef): TrainingRun {
  const { sim } = world;
  const cfg = resolveTraining(spec, world.scenario.nodes);
  const clientIds = cfg.clients;
  const data = loadDataset(cfg, sim.rng.stream('training/data'));
  const specs = new Map(world.scenario.nodes.map((n) => [n.id, n]));
  const memory = clientIds.map((c) => specs.get(c)!.memoryBytes);
  const parts = partition(cfg, data.train, clientIds.length, sim.rng.stream('training/partition'), memory);
  // A seeded sample of each share when it exceeds samplesPerClient (a share may list its examples
  // class by class: its first ones would be one class).
  const kept = sampleShares(parts, cfg.samplesPerClient ?? Infinity, sim.rng.stream('training/samples'));
  const local = new Map(clientIds.map((c, k) => [c, subset(data.train, kept[k]!)]));
  const compressorOf = new Map<string, Compressor>(clientIds.map((c) => [c, compressors.get(cfg.compression.name)(cfg.compression)]));
  const strategy = strategies.get(cfg.algorithm)(spec);
  const modelBits = 32 * parameterCount(def);
  let global = initialWeights(model, sim.rng.stream('training/init'));
  const selection = sim.rng.stream('training/selection');

  // Which layers (in backprop order) close a bucket, and the bits of all of one client's buckets
  // (the same every round).
  const fusion = cfg.fusion;
  const plan = fusion === null ? [] : bucketPlan(def, fusion.bucketBytes);
  const fusedBits = plan.reduce((a, p) => (p > 0 ? a + p * 32 + fusion!.headerBits : a), 0);

  /** Forward, then backward layer by layer in reverse; returns when backprop ends, with every bucket sent. */
  function* fusedBackprop(client: string, round: number, samples: number, fusion: NonNullable<ResolvedTraining['fusion']>): ProcessGenerator<number> {
    const cpu = world.nodes.get(client)!.cpu;
    yield cpu.computeOnAllCores(forwardFlops(def) * samples, `r${round}/forward@${client}`).done;
    const sends: Process<void>[] = [];
    const layers = [...def.layers].reverse();
    const send = (params: number, k: number): void => {
      const bits = params * 32 + fusion.headerBits;
      sends.push(
        sim.process(
          (function* (): ProcessGenerator<void> {
            if (fusion.messageLatencyS > 0) yield sim.timeout(fusion.messageLatencyS);
            yield* sendRouted(world, client, spec.server, bits, `r${round}/bucket${k} ${client}`);
          })(),
          `bucket ${k} of ${client}`,
        ),
      );
    };
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i]!;
      yield cpu.computeOnAllCores(2 * layer.forwardFlops * samples, `r${round}/backward ${layer.name}@${client}`).done;
      if (plan[i]! > 0) send(plan[i]!, sends.length);
    }
    const tBack = sim.now;
    yield sim.allOf(sends);
    return tBack;
  }

  /**
   * Starts the round's model downloads: one send per edge center on the backhaul, then one
   * broadcast from it to the clients it serves over wireless links (unicast otherwise, and over a
   * direct link). Returns each client's arrival event and the bits put on links.
   */
  function startDownloads(round: number, chosen: string[]): { arrivals: Map<string, SimEvent<unknown>>; bits: number } {
    const arrivals = new Map<string, SimEvent<unknown>>();
    const viaGroups = new Map<string, string[]>();
    let bits = 0;
    for (const c of chosen) {
      const hops = routeNow(world, spec.server, c);
      if (hops !== undefined && hops.length === 2 && hops[1] instanceof WirelessLink) {
        const via = hops[0]!.to;
        pushTo(viaGroups, via, c);
      } else {
        bits += modelBits * (hops?.length ?? 1);
        const download = sim.process(sendRouted(world, spec.server, c, modelBits, `r${round}/model ${c}`), `r${round} model to ${c}`);
        // Its client's round takes charge of a failure (even once the deadline has cut it).
        download.defused = true;
        arrivals.set(c, download);
      }
    }
    for (const [via, group] of viaGroups) {
      bits += 2 * modelBits; // once on the backhaul, once on air
      const backhaul = linkBetween(world, spec.server, via).send(modelBits, `r${round}/model ${via}`).done;
      const links = group.map((c) => linkBetween(world, via, c) as WirelessLink);
      const b = new WirelessTransmission(links, world.downlink(via), modelBits, `r${round}/model ${via}->clients`, 'broadcast');
      // A receiver that did not get the model is a dropout of its client (through its own arrival
      // below); the broadcast as a whole failing is not a failure of the run.
      b.done.defused = true;
      // Each client's arrival follows its reception, watched from the start: a reception can fail
      // before the broadcast begins (a receiver that fails during the backhaul leg, or is already
      // down when it begins) and must still reach the client's round.
      const arrived = group.map((c, k) => {
        const ev = sim.event<unknown>();
        ev.defused = true; // its client's round takes charge of a failure
        arrivals.set(c, ev);
        b.arrivals[k]!.addCallback((r) => {
          if (!ev.triggered) (r.ok ? ev.succeed(r.value) : ev.fail(r.error));
        });
        return ev;
      });
      backhaul.addCallback((ev) => {
        if (ev.ok) b.begin();
        else {
          ev.defused = true;
          for (const a of arrived) if (!a.triggered) a.fail(ev.error);
        }
      });
    }
    return { arrivals, bits };
  }

  function* clientRound(client: string, round: number, weights: Float32Array, download: SimEvent<unknown>, work: ClientWork): ProcessGenerator<ClientResult | FailedClient> {
    const t0 = sim.now;
    let phase: DropoutPhase = 'download';
    try {
      yield download;
      phase = 'compute';
      const t1 = sim.now;
      const mine = local.get(client)!;
      let update: Float32Array;
      let loss: number;
      let flops: number;
      if (work === 'train') {
        const r = trainLocal(def, model, mine, weights, cfg.local, sim.rng.stream(`training/batches/${client}`));
        update = new Float32Array(weights.length);
        for (let i = 0; i < update.length; i++) update[i] = r.weights[i]! - weights[i]!;
        loss = r.meanLoss;
        flops = trainingFlops(def) * r.samples;
      } else {
        const g = computeGradient(def, model, mine, weights);
        update = g.gradient;
        loss = g.loss;
        flops = 3 * forwardFlops(def) * mine.n;
      }
      if (fusion !== null && work === 'gradient') {
        // Backprop layer by layer, sending buckets as they fill; the upload overlaps the compute.
        phase = 'upload';
        const tBack = yield* fusedBackprop(client, round, mine.n, fusion);
        return { client, update, weight: mine.n, loss, downloadS: t1 - t0, computeS: tBack - t1, uploadS: sim.now - tBack, arrivedS: sim.now, upBits: fusedBits };
      }
      yield world.nodes.get(client)!.cpu.computeOnAllCores(flops, `r${round}/train@${client}`).done; // every core, as TF.js/BLAS
      const t2 = sim.now;
      phase = 'upload';
      const { decoded, bits } = compressorOf.get(client)!.compress(update, sim.rng.stream(`training/compress/${client}`));
      yield* sendRouted(world, client, spec.server, bits, `r${round}/update ${client}`);
      return { client, update: decoded, weight: mine.n, loss, downloadS: t1 - t0, computeS: t2 - t1, uploadS: sim.now - t2, arrivedS: sim.now, upBits: bits };
    } catch (err) {
      // Lost work (a failed transfer or node, a deadline) drops the client from the round; a failed
      // download process wraps its cause.
      const cause = err instanceof ProcessError ? err.cause : err;
      if (cause instanceof WorkFailure) return { client, phase, failed: cause.message };
      if (cause instanceof Interrupt) return { client, phase: 'deadline', failed: `${describe(cause.cause)} (during ${phase})` };
      throw err;
    }
  }

  function energyNow(): number {
    let e = 0;
    for (const n of world.nodes.values()) e += n.energy.read().total;
    return e;
  }

  /** Clients by the strongest mean received power on any of their wireless links now, best first. */
  function rankByChannel(): string[] {
    const score = (c: string): number => {
      let best = -Infinity;
      for (const ch of world.channels.values()) {
        const end = ch.a.id === c ? ch.a : ch.b.id === c ? ch.b : undefined;
        if (end !== undefined) best = Math.max(best, ch.meanRxPowerDbm(end, sim.now));
      }
      return best;
    };
    const scores = new Map(clientIds.map((c) => [c, score(c)]));
    return [...clientIds].sort((a, b) => scores.get(b)! - scores.get(a)! || (a < b ? -1 : 1));
  }

  function* run(): ProcessGenerator<void> {
    const rounds = cfg.rounds;
    for (let round = 0; round < rounds; round++) {
      const startS = sim.now;
      const energy0 = energyNow();
      const plan = strategy.configureRound(round, clientIds, rankByChannel, selection);
      const chosen = plan.clients;
      const downloads = startDownloads(round, chosen);
      const procs: Process<ClientResult | FailedClient>[] = chosen.map((c) => sim.process(clientRound(c, round, global, downloads.arrivals.get(c)!, plan.work), `round ${round} client ${c}`));
      const all = sim.allOf(procs);
      if (cfg.deadlineS !== null) {
        // A daemon deadline: when every update is in first, it does not hold the run open.
        const deadline = sim.event();
        const handle = sim.schedule(cfg.deadlineS, () => deadline.succeed(), { daemon: true });
        yield sim.anyOf([all, deadline]);
        handle.cancel();
      } else yield all;
      for (const p of procs) if (p.isAlive) p.interrupt('round deadline');
      const arrived: ClientResult[] = [];
      const failures: ClientFailure[] = [];
      const dropouts: Dropout[] = [];
      procs.forEach((p, k) => {
        const v: ClientResult | FailedClient = p.processed && p.ok ? p.value : { client: chosen[k]!, phase: 'deadline', failed: 'round deadline' };
        if ('failed' in v) {
          failures.push({ client: v.client, reason: v.failed });
          dropouts.push({ client: v.client, phase: v.phase, reason: v.failed });
        } else arrived.push(v);
      });
      const aggStart = sim.now;
      if (arrived.length > 0) {
        global = strategy.aggregate(round, global, arrived.map((r) => ({ client: r.client, update: r.update, samples: r.weight })), failures);
        yield world.nodes.get(spec.server)!.cpu.computeOnAllCores(2 * parameterCount(def) * arrived.length, `r${round}/aggregate`).done;
      }
      const last = arrived.reduce<ClientResult | undefined>((a, r) => (a === undefined || r.arrivedS > a.arrivedS ? r : a), undefined);
      const ev = evaluate(def, model, data.test, global);
      sim.trace.emit('round.end', {
        round,
        startS,
        endS: sim.now,
        downloadS: last?.downloadS ?? 0,
        computeS: last?.computeS ?? 0,
        uploadS: last?.uploadS ?? 0,
        waitS: last === undefined ? aggStart - startS : aggStart - last.arrivedS,
        aggregateS: sim.now - aggStart,
        participants: arrived.length,
        dropped: chosen.length - arrived.length,
        dropouts,
        bits: downloads.bits + arrived.reduce((a, r) => a + r.upBits, 0),
        energyJ: energyNow() - energy0,
        trainLoss: arrived.length > 0 ? arrived.reduce((a, r) => a + r.loss, 0) / arrived.length : null,
        testAccuracy: ev.accuracy,
        testLoss: ev.loss,
      });
    }
  }

  sim.process(run(), 'training');
  return { def, weights: () => global, config: cfg };
}

/** The model definition a training spec names. */
export function trainingModel(spec: TrainingSpec): ModelDef {
  return models.get(spec.model)();
}

/**
 * The parameter counts of the buckets of a model's gradient: layers in reverse order, merged until
 * a bucket holds `bucketBytes` of fp32 values (layers without parameters add none).
 * @param def - the model
 * @param bucketBytes - the cap
 */
export function fusionBuckets(def: ModelDef, bucketBytes: number): number[] {
  return bucketPlan(def, bucketBytes).filter((p) => p > 0);
}

/** Per layer in backprop (reverse) order: the parameters of the bucket that closes after it, else 0. */
function bucketPlan(def: ModelDef, bucketBytes: number): number[] {
  let pending = 0;
  const layers = [...def.layers].reverse();
  return layers.map((l, i) => {
    pending += l.params;
    if (pending === 0 || (pending * 4 < bucketBytes && i < layers.length - 1)) return 0;
    const closed = pending;
    pending = 0;
    return closed;
  });
}
