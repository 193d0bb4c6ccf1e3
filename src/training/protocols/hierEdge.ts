/**
 * One edge center's part of a HierFAVG cloud round (`hierarchical.ts`): receive the cloud's model,
 * run τ2 edge rounds with the members associated with it when each starts (model down by multicast
 * from the edge, local epochs for real, updates up to the edge, FedAvg at the edge charged on its
 * CPU), then send the edge model up to the cloud. Membership follows association: a terminal
 * belongs to its serving edge center, or, without association, to the edge its route from the
 * cloud goes through.
 * @module
 */
import type { ProcessGenerator, Process } from '../../engine/process.js';
import type { SimEvent } from '../../engine/events.js';
import { Interrupt } from '../../engine/errors.js';
import { parameterCount } from '../../learning/models.js';
import { multicast } from '../../net/multicast.js';
import { routeNow, sendRouted } from '../../net/routes.js';
import { fedAvgFromSum } from '../rules/fedavg.js';
import { WeightedSum, type WeightedVector } from '../../learning/aggregate.js';
import { dropoutOf, gatherRound, type FailedClient } from './rounds.js';
import type { TrainingContext } from '../context.js';
import type { FederatedTask } from '../task.js';
import { computeLocalUpdate, chargeCompute } from '../client.js';
import { ClientAttempt } from '../attempt.js';
import type { Dropout, DropoutPhase } from '../records.js';
import { afterHandover, isHandoverCut, type HandoverBook, type HandedOver, type MemberResult, type OpenEdgeRound } from './hierHandover.js';
import type { EdgeRoundRecord } from '../hierRecords.js';
import { strategies, type Strategy } from '../strategy.js';
import type { RandomStream } from '../../engine/random.js';

/**
 * The edge center a client belongs to now: its serving edge center, or, when it has none, the
 * intermediate node of its route from the cloud; undefined when it has neither (a direct link to
 * the cloud, or no route).
 * @param ctx - the world
 * @param cloud - the cloud server (`training.server`)
 * @param client - the client
 */
export function memberEdgeOf(ctx: TrainingContext, cloud: string, client: string): string | undefined {
  const serving = ctx.topology.servingEdge(client);
  if (serving !== undefined) return serving;
  const hops = routeNow(ctx.topology, cloud, client);
  return hops !== undefined && hops.length === 2 ? hops[0]!.to : undefined;
}

/**
 * Every node some client can reach the cloud through, in the order of the cloud's links: the nodes
 * with a link from the cloud and a link to one of the clients (the default `edges`).
 * @param ctx - the world
 * @param cloud - the cloud server
 * @param clients - the clients
 */
export function reachableEdges(ctx: TrainingContext, cloud: string, clients: readonly string[]): string[] {
  const edges: string[] = [];
  for (const l of ctx.topology.links) {
    if (l.from !== cloud || edges.includes(l.to) || clients.includes(l.to)) continue;
    if (clients.some((c) => ctx.topology.linksByEnds.has(`${l.to}->${c}`))) edges.push(l.to);
  }
  return edges;
}

/** What one edge center did in a cloud round. */
export interface EdgeOutcome {
  /** the edge center */
  edge: string;
  /** its model as it reached the cloud, or null when lost (the cloud's model never came, the edge failed, or its upload was lost) */
  weights: Float32Array | null;
  /** its weight at the cloud: the local examples of the distinct clients whose updates it aggregated */
  samples: number;
  /** the clients whose updates it aggregated (distinct, in order of first aggregation) */
  clients: string[];
  /** the sum of the training losses of every update it aggregated */
  lossSum: number;
  /** updates it aggregated */
  updates: number;
  /** the cloud's model transfer to it (s) */
  downloadS: number;
  /** its τ2 edge rounds (s) */
  edgeS: number;
  /** its model's transfer to the cloud (s) */
  uploadS: number;
  /** when its model reached the cloud (s), or null */
  arrivedS: number | null;
  /** bits of the cloud round through this edge: the model from and to the cloud (per hop) and the edge rounds' */
  bits: number;
  /** member updates lost in its edge rounds and, when its model was lost on the way up, its clients' work */
  dropouts: Dropout[];
}

/** What an edge's cloud round needs. */
export interface EdgeRoundSetup {
  /** the world */
  ctx: TrainingContext;
  /** the task whose `config.local.epochs` is τ1 */
  task: FederatedTask;
  /** the cloud server */
  cloud: string;
  /** the clients selected for the cloud round */
  chosen: readonly string[];
  /** edge rounds per cloud round */
  tau2: number;
  /** the cloud round */
  round: number;
  /** the cloud round's handover bookkeeping and edge-round records */
  book: HandoverBook;
}

/**
 * One edge center's cloud round as a process body: model from the cloud, τ2 edge rounds, model to
 * the cloud. Lost work (a failed transfer or node) never throws: it shows in the outcome.
 * @param setup - the cloud round
 * @param edge - the edge center
 * @param cloudWeights - the cloud's model
 */
export function* edgeCloudRound(setup: EdgeRoundSetup, edge: string, cloudWeights: Float32Array): ProcessGenerator<EdgeOutcome> {
  const { ctx, task, cloud, chosen, tau2, round, book } = setup;
  const { sim } = ctx;
  const q = parameterCount(task.def);
  const t0 = sim.now;
  const out: EdgeOutcome = { edge, weights: null, samples: 0, clients: [], lossSum: 0, updates: 0, downloadS: 0, edgeS: 0, uploadS: 0, arrivedS: null, bits: 0, dropouts: [] };
  const waste = new Map<string, { flopsDone: number; activeEnergyJ: number }>();
  let phase: DropoutPhase = 'download';
  let running: readonly Process<unknown>[] = []; // the edge round's member processes, while it runs
  try {
    out.bits += task.modelBits * (routeNow(ctx.topology, cloud, edge)?.length ?? 1);
    yield* sendRouted(ctx.topology, cloud, edge, task.modelBits, `c${round}/model ${edge}`);
    out.downloadS = sim.now - t0;
    phase = 'compute';
    const t1 = sim.now;
    let w = cloudWeights;
    for (let k = 0; k < tau2; k++) {
      const startS = sim.now;
      const members = chosen.filter((c) => memberEdgeOf(ctx, cloud, c) === edge);
      const record: EdgeRoundRecord = { cloudRound: round, edge, edgeRound: k, members, startS, endS: startS, aggregateS: 0, participants: 0, dropouts: 0, bits: 0, handoverDropped: 0, handoverForwarded: 0, handoverDeliveredNew: 0, handoverStale: 0 };
      if (members.length === 0) {
        book.records.push(record);
        continue;
      }
      const tag = `c${round}/e${k}`;
      const open: OpenEdgeRound = { ctx, cloud, edge, record, book, forwarding: new Set(), edgeOf: (c) => memberEdgeOf(ctx, cloud, c) };
      book.openRound(edge);
      const downloads = multicast(sim, ctx.topology, edge, members, task.modelBits, `${tag}/model`, (c) => `${tag} model ${edge} to ${c}`);
      const attempts = members.map((c) => new ClientAttempt(ctx, c));
      const procs: Process<MemberResult | HandedOver | FailedClient>[] = members.map((c, i) =>
        sim.process(memberRound(open, task, c, tag, w, downloads.arrivals.get(c)!, attempts[i]!), `cloud round ${round} edge ${edge} round ${k} client ${c}`),
      );
      running = procs;
      // The edge folds its members' updates into a running sum as they arrive and drops them (a data
      // center that takes over this edge's mean needs the updates themselves: kept in fold order).
      const sum = new WeightedSum(task.initial.length);
      const kept: WeightedVector[] | null = ctx.tierAt(edge) ? [] : null;
      const fold = (r: MemberResult | HandedOver): void => {
        if (!('update' in r) || r.update === null) return;
        sum.add(r.update, r.samples);
        kept?.push({ vector: r.update, weight: r.samples });
        r.update = null;
      };
      const gathered = yield* gatherRound(sim, procs, members, attempts, members.length, task.config.deadlineS, fold);
      running = [];
      // A forwarded update the deadline cut is stale, not a dropout; updates delivered here by terminals that handed over join.
      const dropouts = gathered.dropouts.filter((d) => !(open.forwarding.has(d.client) && ++record.handoverStale > 0));
      const own = gathered.arrived.filter((r): r is MemberResult => 'update' in r);
      record.handoverForwarded += own.filter((r) => r.forwarded).length;
      const delivered = book.closeRound(edge);
      delivered.forEach(fold);
      const arrived = [...own, ...delivered];
      if (sum.count !== arrived.length) throw new Error(`${tag} at ${edge}: ${sum.count} updates aggregated, ${arrived.length} arrived`);
      const aggStart = sim.now;
      if (arrived.length > 0 && kept !== null) w = addMean(w, yield* ctx.aggregateAt(edge, kept, `${tag}/aggregate@${edge}`, q));
      else if (arrived.length > 0) {
        w = fedAvgFromSum(w, sum);
        yield ctx.node(edge).cpu.computeOnAllCores(2 * q * arrived.length, `${tag}/aggregate@${edge}`).done;
      }
      arrived.forEach((r) => {
        const i = members.indexOf(r.client);
        if (i >= 0) {
          const a = attempts[i]!.waste();
          const sum = waste.get(r.client) ?? { flopsDone: 0, activeEnergyJ: 0 };
          waste.set(r.client, { flopsDone: sum.flopsDone + a.flopsDone, activeEnergyJ: sum.activeEnergyJ + a.activeEnergyJ });
        }
        if (!out.clients.includes(r.client)) {
          out.clients.push(r.client);
          out.samples += r.samples;
        }
        out.lossSum += r.loss;
        out.updates++;
      });
      for (const d of dropouts) out.dropouts.push({ ...d, reason: `edge ${edge}, edge round ${k}: ${d.reason}` });
      const bits = downloads.bits + own.reduce((a, r) => a + r.upBits, 0);
      out.bits += bits;
      Object.assign(record, { endS: sim.now, aggregateS: sim.now - aggStart, participants: arrived.length, dropouts: dropouts.length, bits });
      book.records.push(record);
    }
    out.edgeS = sim.now - t1;
    phase = 'upload';
    const t2 = sim.now;
    out.bits += task.modelBits * (routeNow(ctx.topology, edge, cloud)?.length ?? 1);
    yield* sendRouted(ctx.topology, edge, cloud, task.modelBits, `c${round}/edge model ${edge}`);
    out.uploadS = sim.now - t2;
    out.arrivedS = sim.now;
    out.weights = w;
    return out;
  } catch (err) {
    // Interrupted (training ended): its members' work in flight stops with it.
    if (err instanceof Interrupt) for (const p of running) if (p.isAlive) p.interrupt(err.cause);
    // The edge's model was lost (a failed transfer or node): its clients' work this cloud round with it.
    const lost = dropoutOf(err, edge, phase);
    if (lost === undefined) throw err;
    book.abandon(edge);
    for (const c of out.clients) out.dropouts.push({ client: c, phase, reason: `edge ${edge}'s model was lost (${phase === 'download' ? 'from' : 'to'} the cloud): ${lost.failed}`, ...waste.get(c)! });
    return { ...out, weights: null, arrivedS: null };
  }
}

/** A member's edge round: model from the edge, τ1 local epochs charged on its CPU, update up to the edge (after a handover cut it, see {@link afterHandover}). */
function* memberRound(r: OpenEdgeRound, task: FederatedTask, client: string, tag: string, weights: Float32Array, download: SimEvent<unknown>, attempt: ClientAttempt): ProcessGenerator<MemberResult | HandedOver | FailedClient> {
  const { ctx, edge } = r;
  let phase: DropoutPhase = 'download';
  try {
    yield download;
    phase = 'compute';
    const u = computeLocalUpdate(ctx, task, client, weights, 'train');
    yield* chargeCompute(ctx, client, u.flops, `${tag}/train@${client}`);
    attempt.flopsDone += u.flops;
    phase = 'upload';
    const { decoded, bits } = task.compressor(client).compress(u.update, ctx.sim.rng.stream(`training/compress/${client}`));
    const result: MemberResult = { client, update: decoded, samples: u.samples, loss: u.loss, upBits: bits, forwarded: false };
    const label = `${tag}/update ${client}`;
    try {
      yield* sendRouted(ctx.topology, client, edge, bits, label);
      return result;
    } catch (err) {
      if (!isHandoverCut(err) || ctx.node(client).failed !== undefined) throw err;
      return yield* afterHandover(r, task.config.onHandover, result, label, err);
    }
  } catch (err) {
    const dropout = dropoutOf(err, client, phase);
    if (dropout === undefined) throw err;
    return dropout;
  }
}

/**
 * The edge centers of a run: the given ones, or every node some client reaches the cloud through.
 * @param protocol - the protocol's name, for messages
 * @throws Error when there is none, or one is the cloud or has no route to or from it
 */
export function edgeCenters(ctx: TrainingContext, cloud: string, clients: readonly string[], given: readonly string[] | null, protocol: string): string[] {
  const edges = given === null ? reachableEdges(ctx, cloud, clients) : [...new Set(given)];
  if (edges.length === 0) throw new Error(`protocol '${protocol}': no client reaches the cloud '${cloud}' through an edge center; name them in training.protocol.edges`);
  for (const e of edges) {
    if (e === cloud) throw new Error(`protocol '${protocol}': edge center '${e}' is the cloud (training.server)`);
    ctx.node(e);
    if (routeNow(ctx.topology, cloud, e) === undefined || routeNow(ctx.topology, e, cloud) === undefined) throw new Error(`protocol '${protocol}': no route between the cloud '${cloud}' and edge center '${e}'`);
  }
  return edges;
}

/** What both hierarchical protocols set up before their first round. */
export interface HierarchicalSetup {
  /** the cloud server (`training.server`) */
  cloud: string;
  /** the clients */
  clients: readonly string[];
  /** the edge centers */
  edges: string[];
  /** parameters of the model */
  q: number;
  /** the task as members see it: τ1 local epochs */
  memberTask: FederatedTask;
  /** the selection of each round's clients (edges aggregate with FedAvg) */
  selector: Strategy;
  /** the selection's stream */
  selection: RandomStream;
}

/**
 * The common set-up of `hierarchical` and `hierarchical-async`.
 * @param ctx - the world
 * @param task - the task
 * @param params - the protocol's edges (or null) and τ1
 * @param protocol - its name, for messages
 */
export function hierarchicalSetup(ctx: TrainingContext, task: FederatedTask, params: { edges: string[] | null; tau1: number }, protocol: string): HierarchicalSetup {
  const cfg = task.config;
  const cloud = cfg.server;
  const clients = task.clients;
  return {
    cloud,
    clients,
    edges: edgeCenters(ctx, cloud, clients, params.edges, protocol),
    q: parameterCount(task.def),
    memberTask: { ...task, config: { ...cfg, local: { ...cfg.local, epochs: params.tau1 } } },
    selector: strategies.get('fedavg')(cfg),
    selection: ctx.sim.rng.stream('training/selection'),
  };
}

/** w + mean element-wise in float32: FedAvg's step from the mean itself (as `fedAvgFromSum` takes it). */
function addMean(w: Float32Array, mean: Float32Array): Float32Array {
  return w.map((x, i) => x + mean[i]!);
}
