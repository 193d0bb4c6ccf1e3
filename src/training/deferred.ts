/**
 * Training when the upload lands. A client's update is computed (TF.js) only to be charged as
 * FLOPs, compressed and sent; when the compressor's payload size does not depend on the update's
 * values, the FLOPs and the bits are known before the update exists, so the protocol can charge
 * the compute and send the bits first and compute the update when its upload lands, just before
 * the server folds it in. Only the updates landing at one instant are then alive at once, instead
 * of one per client between its model's arrival and its upload's landing (with 10⁴ clients in one
 * round of the 2NN, 0.8 MB each: the difference between 8 GB and a few MB).
 *
 * The simulated timeline and every result are those of the eager order: the FLOPs are exactly those
 * the computation reports (checked), the bits exactly the compressor's, and each client's random
 * streams (`training/batches/<client>`, `training/compress/<client>`) and error-feedback state see
 * the same calls in the same order — a lost attempt still makes, when it is lost, the calls the
 * eager order had made by then ({@link DeferredUpdate.settle}). Those streams are the client's own,
 * so when in simulated time they are drawn changes no other draw.
 * @module
 */
import type { Compressed } from '../learning/compress.js';
import { trainingFlops, forwardFlops } from '../learning/models.js';
import { computeLocalUpdate, type ClientWork, type LocalUpdate } from './client.js';
import type { TrainingContext } from './context.js';
import type { FederatedTask } from './task.js';
import type { DropoutPhase } from './records.js';

/**
 * The FLOPs {@link computeLocalUpdate} charges for a client's update, known before computing it:
 * `train` passes over each local example once an epoch (the training FLOPs of one example each);
 * `gradient` is one forward and a backward (twice the forward) over every example.
 * @param task - the federated task
 * @param client - the client
 * @param work - what it computes
 */
export function localUpdateFlops(task: FederatedTask, client: string, work: ClientWork): number {
  const n = task.localExamples(client);
  if (work === 'gradient') return 3 * forwardFlops(task.def) * n;
  return n > 0 ? trainingFlops(task.def) * task.config.local.epochs * n : 0;
}

/**
 * The bits a client's upload will carry when they can be sent before the update is computed: in
 * real training, when its compressor's payload size does not depend on the values
 * (`Compressor.fixedBits`); undefined otherwise (data-dependent sizes keep the eager order; timing
 * mode has no update to hold).
 * @param task - the federated task
 * @param client - the client
 */
export function deferrableUploadBits(task: FederatedTask, client: string): number | undefined {
  if (task.timing !== null) return undefined;
  return task.compressor(client).fixedBits?.(task.initial.length);
}

/** A deferred update as the server takes it. */
export interface TakenUpdate {
  /** what the server decodes */
  decoded: Float32Array;
  /** the client's mean training loss */
  loss: number;
}

/** A client's update computed when its upload lands: computed and compressed at most once. */
export class DeferredUpdate {
  private computed: LocalUpdate | null = null;
  private compressedUpdate: Compressed | null = null;
  private settled = false;
  private landed = false;
  private lossValue: number | null = null;

  /**
   * @param ctx - the world
   * @param task - the federated task
   * @param client - the client
   * @param weights - the model it trains from (not modified)
   * @param work - what it computes
   * @param flops - the FLOPs charged for it ({@link localUpdateFlops}): checked when computed
   * @param bits - the bits sent for it ({@link deferrableUploadBits}): checked when compressed
   */
  constructor(
    private readonly ctx: TrainingContext,
    private readonly task: FederatedTask,
    readonly client: string,
    private readonly weights: Float32Array,
    private readonly work: ClientWork,
    readonly flops: number,
    readonly bits: number,
  ) {}

  /** Computes the update (TF.js; stream `training/batches/<client>`), once. */
  compute(): LocalUpdate {
    if (this.computed === null) {
      this.computed = computeLocalUpdate(this.ctx, this.task, this.client, this.weights, this.work);
      if (this.computed.flops !== this.flops) throw new Error(`${this.client}: ${this.computed.flops} FLOPs computed, ${this.flops} charged`);
      this.lossValue = this.computed.loss;
    }
    return this.computed;
  }

  /** Compresses the computed update (stream `training/compress/<client>`), once. */
  compress(): Compressed {
    if (this.compressedUpdate === null) {
      const c = this.task.compressor(this.client).compress(this.compute().update, this.ctx.sim.rng.stream(`training/compress/${this.client}`));
      if (c.bits !== this.bits) throw new Error(`${this.client}: ${c.bits} bits compressed, ${this.bits} sent`);
      this.compressedUpdate = c;
    }
    return this.compressedUpdate;
  }

  /** The mean training loss once computed (kept after {@link take} and {@link settle}), else null. */
  get loss(): number | null {
    return this.lossValue;
  }

  /** Its upload has landed: from now on, only {@link take} or {@link settle} computes it. */
  land(): void {
    this.landed = true;
  }

  /** Whether its upload landed. */
  get hasLanded(): boolean {
    return this.landed;
  }

  /**
   * Computes and compresses the update, just before the server folds it in, and lets go of it.
   * @returns what the server decodes and the mean training loss
   */
  take(): TakenUpdate {
    const c = this.compress();
    const loss = this.computed!.loss;
    this.settled = true;
    this.computed = null;
    this.compressedUpdate = null;
    return { decoded: c.decoded, loss };
  }

  /**
   * The attempt was lost in `phase` (`upload` too when it landed but did not count): makes the
   * calls the eager order had made by then — the computation once the model had arrived
   * (`compute`), and the compression once the upload had begun (`upload`) — and drops what they
   * return. A gradient lost during its compute draws nothing and is not computed. Nothing once
   * taken or settled.
   */
  settle(phase: DropoutPhase): void {
    if (this.settled) return;
    this.settled = true;
    if (phase === 'upload') this.compress();
    else if (phase === 'compute' && this.work === 'train') this.compute();
    this.computed = null;
    this.compressedUpdate = null;
  }
}
