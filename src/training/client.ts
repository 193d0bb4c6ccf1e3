/**
 * The client pipeline as reusable generator steps: compute an update for real (TF.js) and charge
 * its FLOPs to the client's CPU, compress it, upload it; and FedSGD's fused backprop, which sends
 * layer buckets while backprop goes on. Every protocol composes these; each step is interruptible
 * (its CPU job or transfer fails with the interrupt) and traces itself through the CPU and links.
 * @module
 */
import { waitAbandonable, type ProcessGenerator, type Process } from '../engine/process.js';
import { trainLocal, computeGradient } from '../learning/train.js';
import { trainingFlops, forwardFlops, type ModelDef } from '../learning/models.js';
import { sendRouted } from '../net/routes.js';
import { bucketPlan } from '../learning/fusion.js';
import { TransferError } from '../net/transfer.js';

export { bucketPlan, fusionBuckets } from '../learning/fusion.js';

/** At most this many resends of one upload after handovers (a terminal ping-ponging between cells). */
const MAX_RESENDS = 16;
import type { TrainingContext } from './context.js';
import type { FederatedTask } from './task.js';
import type { ResolvedTraining } from './config.js';

/** What a client computes: `train` local epochs (the update is the weight change) or one full-batch `gradient`. */
export type ClientWork = 'train' | 'gradient';

/** A client's update, computed but not yet charged or sent. */
export interface LocalUpdate {
  /** weight change (`train`) or gradient (`gradient`) */
  update: Float32Array;
  /** mean training loss */
  loss: number;
  /** FLOPs it took */
  flops: number;
  /** local examples (its aggregation weight) */
  samples: number;
}

/**
 * Computes a client's update for real with TF.js, from `weights` (no simulated time passes: see
 * {@link chargeCompute}). `train` draws its minibatches from the stream `training/batches/<client>`.
 * In timing mode nothing is computed: the FLOPs are those the real path would charge, the update
 * the task's stand-in (no stream is drawn: the batch streams serve only learning).
 */
export function computeLocalUpdate(ctx: TrainingContext, task: FederatedTask, client: string, weights: Float32Array, work: ClientWork): LocalUpdate {
  const { def } = task;
  const n = task.localExamples(client);
  if (task.timing !== null) {
    // Timing only: the FLOPs the real path charges (each epoch passes over every local example).
    const flops = work === 'train' ? trainingFlops(def) * (n > 0 ? task.config.local.epochs * n : 0) : 3 * forwardFlops(def) * n;
    return { update: task.timing.update, loss: task.timing.trainLoss(), flops, samples: n };
  }
  const model = task.model!;
  const mine = task.local!.get(client)!;
  if (work === 'train') {
    const r = trainLocal(def, model, mine, weights, task.config.local, ctx.sim.rng.stream(`training/batches/${client}`));
    const update = new Float32Array(weights.length);
    for (let i = 0; i < update.length; i++) update[i] = r.weights[i]! - weights[i]!;
    return { update, loss: r.meanLoss, flops: trainingFlops(def) * r.samples, samples: n };
  }
  const g = computeGradient(def, model, mine, weights);
  return { update: g.gradient, loss: g.loss, flops: 3 * forwardFlops(def) * n, samples: n };
}

/** Charges `flops` to the client's CPU on every core (as TF.js/BLAS); returns when done. */
export function* chargeCompute(ctx: TrainingContext, client: string, flops: number, label: string): ProcessGenerator<void> {
  yield* waitAbandonable(ctx.node(client).cpu.computeOnAllCores(flops, label).done);
}

/** An update as it was sent. */
export interface Uploaded {
  /** what the receiver decodes */
  decoded: Float32Array;
  /** bits of the update as delivered (each cut attempt's bits are in the transfers' log) */
  bits: number;
  /** times a handover cut the upload and it was sent again (`onHandover: 'deliver-new'`) */
  resends: number;
}

/**
 * Compresses an update with the client's compressor (stream `training/compress/<client>`) and sends
 * it to `to` along the current route. When a handover cuts the upload and the training section says
 * `onHandover: 'deliver-new'`, it is sent again, whole, along the new route (through the new
 * serving edge center); otherwise the failure ends the step.
 * @returns what the receiver decodes and the bits sent
 */
export function* compressAndUpload(ctx: TrainingContext, task: FederatedTask, client: string, to: string, update: Float32Array, label: string): ProcessGenerator<Uploaded> {
  const { decoded, bits } = task.compressor(client).compress(update, ctx.sim.rng.stream(`training/compress/${client}`));
  const resends = yield* uploadBits(ctx, task, client, to, bits, label);
  return { decoded, bits, resends };
}

/**
 * Sends `bits` from `client` to `to` along the current route; when a handover cuts the upload and
 * the training section says `onHandover: 'deliver-new'`, sends them again, whole, along the new
 * route; otherwise the failure ends the step.
 * @returns the times it was sent again
 */
export function* uploadBits(ctx: TrainingContext, task: FederatedTask, client: string, to: string, bits: number, label: string): ProcessGenerator<number> {
  let resends = 0;
  for (;;) {
    try {
      yield* sendRouted(ctx.topology, client, to, bits, resends === 0 ? label : `${label} (resent ${resends})`);
      return resends;
    } catch (err) {
      // A handover interrupts the transfers of the terminal with the old edge center (its reason names it).
      const handover = err instanceof TransferError && err.outcome === 'interrupted' && /handover/.test(err.message);
      if (!handover || task.config.onHandover !== 'deliver-new' || ctx.node(client).failed !== undefined || resends >= MAX_RESENDS) throw err;
      resends++;
    }
  }
}

/** The bits one client sends per round under fusion: each bucket's fp32 values plus its header. */
export function fusedBits(def: ModelDef, fusion: NonNullable<ResolvedTraining['fusion']>): number {
  return bucketPlan(def, fusion.bucketBytes).reduce((a, p) => (p > 0 ? a + p * 32 + fusion.headerBits : a), 0);
}

/**
 * FedSGD's fused backprop: the forward pass, then backward layer by layer in reverse, each bucket
 * sent to `to` (after its fixed message latency) as soon as it closes, while backprop continues.
 * @param label - prefix of the CPU jobs and messages (e.g. `r3`)
 * @returns when backprop ended; the step itself returns once every bucket has arrived
 */
export function* fusedBackprop(ctx: TrainingContext, task: FederatedTask, client: string, to: string, label: string, fusion: NonNullable<ResolvedTraining['fusion']>): ProcessGenerator<number> {
  const { sim } = ctx;
  const { def } = task;
  const samples = task.localExamples(client);
  const plan = bucketPlan(def, fusion.bucketBytes);
  const cpu = ctx.node(client).cpu;
  yield cpu.computeOnAllCores(forwardFlops(def) * samples, `${label}/forward@${client}`).done;
  const sends: Process<void>[] = [];
  const layers = [...def.layers].reverse();
  const send = (params: number, k: number): void => {
    const bits = params * 32 + fusion.headerBits;
    sends.push(
      sim.process(
        (function* (): ProcessGenerator<void> {
          if (fusion.messageLatencyS > 0) yield sim.timeout(fusion.messageLatencyS);
          yield* sendRouted(ctx.topology, client, to, bits, `${label}/bucket${k} ${client}`);
        })(),
        `bucket ${k} of ${client}`,
      ),
    );
  };
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i]!;
    yield cpu.computeOnAllCores(2 * layer.forwardFlops * samples, `${label}/backward ${layer.name}@${client}`).done;
    if (plan[i]! > 0) send(plan[i]!, sends.length);
  }
  const tBack = sim.now;
  yield sim.allOf(sends);
  return tBack;
}
