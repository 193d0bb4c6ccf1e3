/**
 * A pipeline-parallel job (design §8.2): the model's layers cut into stages on different servers,
 * each step's batch cut into M micro-batches. Every forward of a micro-batch costs its stage
 * Σ_{l∈s} fwd_l·mb FLOPs on its node's CPU, then the fabric carries the boundary activation
 * (outputSize·mb·activationBits/8 bytes) to the next stage's node; every backward costs twice the
 * forward FLOPs and sends the activation gradient of the same size back. Sends do not block the
 * sender (the links' FIFOs queue them), so a stage overlaps its next micro-batch with the
 * transfer. Schedules: GPipe (all forwards, then all backwards; Huang et al., NeurIPS 2019) and
 * 1F1B (PipeDream-flush: min(S−s, M) warm-up forwards, then one forward one backward, then the
 * drain; Narayanan et al., SC 2021). After its last backward a stage applies its update (2·q_s
 * FLOPs); the step ends when every stage has (a synchronous flush). Real mode runs the stages'
 * TF.js math ({@link StageModel}) and one gradient step per step; timing mode moves only sizes.
 * 16-bit activations halve the bytes on the wire; the real math stays fp32. When B is not a
 * multiple of M, the first B mod M micro-batches take one example more.
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { SimEvent } from '../../engine/events.js';
import type { ProcessGenerator } from '../../engine/process.js';
import { gradientStep } from '../../learning/aggregate.js';
import { batchTensors, evaluate } from '../../learning/train.js';
import { chunkBounds } from '../collectives/collective.js';
import { evaluatesAfter, isJobFailure, type JobEnv, type JobOutcome, type DcStepRecord, type DcNodeRecord } from '../job.js';
import type { ResolvedPipelineJob } from '../spec.js';
import type { Placement } from './types.js';
import { StageModel } from './stageModel.js';
import { pieceRole, realJobState, stepRecord } from './tensor.js';

/** One operation of a stage's schedule: forward or backward of micro-batch `k` (from 0). */
export interface PipelineOp {
  /** forward or backward */
  phase: 'F' | 'B';
  /** micro-batch index */
  k: number;
}

/**
 * The order in which stage `s` (from 0) of `S` runs the forwards and backwards of `M`
 * micro-batches. GPipe: F0…F(M−1) then B0…B(M−1). 1F1B: F0…F(w−1) with w = min(S−s, M), then
 * B0, Fw, B1, F(w+1), … (one backward, one forward) until the forwards run out, then the
 * remaining backwards: at most w micro-batches are stashed at once.
 */
export function pipelineSchedule(schedule: 'gpipe' | '1f1b', S: number, s: number, M: number): PipelineOp[] {
  const ops: PipelineOp[] = [];
  if (schedule === 'gpipe') {
    for (let k = 0; k < M; k++) ops.push({ phase: 'F', k });
    for (let k = 0; k < M; k++) ops.push({ phase: 'B', k });
    return ops;
  }
  const w = Math.min(S - s, M);
  for (let k = 0; k < w; k++) ops.push({ phase: 'F', k });
  for (let k = 0; k < M; k++) {
    ops.push({ phase: 'B', k });
    if (w + k < M) ops.push({ phase: 'F', k: w + k });
  }
  return ops;
}

/** Makes `box` take on the outcome of a fabric send, carrying `value` on success. */
function deliver<T>(sent: SimEvent<number>, box: SimEvent<T>, value: T): void {
  sent.defused = true;
  sent.addCallback((e) => {
    if (e.ok) box.succeed(value);
    else {
      box.defused = true;
      box.fail(e.error);
    }
  });
}

/**
 * Runs a pipeline job on a placement (its pieces are the stages, in order, on distinct nodes).
 * Each step's record: computeMaxS/MinS over the stages' compute busy time (update included);
 * bubbleMeanS = idleMeanS = the mean over stages of (step time − the stage's compute busy time);
 * commExposedS = step time − the busiest stage's compute (the time the step takes beyond it:
 * transfers and the bubbles they cause).
 * @param env - the world, fabric, model and data
 * @param job - the resolved job
 * @param placement - the stages
 * @param onStep - called as each step ends
 */
export function* runPipeline(env: JobEnv, job: ResolvedPipelineJob, placement: Placement, onStep: (r: DcStepRecord) => void): ProcessGenerator<JobOutcome> {
  const { ctx, fabric, def } = env;
  const sim = ctx.sim;
  const pieces = placement.pieces;
  const S = pieces.length;
  const M = job.microbatches;
  const B = job.batch;
  const mbBounds = chunkBounds(B, M);
  const mb = (k: number): number => mbBounds[k + 1]! - mbBounds[k]!;
  const nodes = pieces.map((p) => p.node);
  const fwdFlops = pieces.map((p) => def.layers.slice(p.layers[0], p.layers[1]).reduce((a, l) => a + l.forwardFlops, 0));
  const params = pieces.map((p) => def.layers.slice(p.layers[0], p.layers[1]).reduce((a, l) => a + l.params, 0));
  const boundaryValues = pieces.map((p) => def.layers[p.layers[1] - 1]!.outputSize);
  const bytesPerValue = job.activationBits / 8;
  const real = job.mode === 'real' && env.model !== null && env.data !== null;
  const stages = real ? new StageModel(def, env.model!, pieces.map((p) => p.layers)) : null;
  const state = real ? realJobState(env, job) : null;
  let weights = state?.weights ?? null;
  const sampler = state?.sampler ?? null;
  const busyTotal = new Array<number>(S).fill(0);
  const steps: DcStepRecord[] = [];
  const jobStartS = sim.now;
  let finalAccuracy: number | null = null;
  let error: string | undefined;

  for (let step = 0; step < job.steps && error === undefined; step++) {
    const startS = sim.now;
    const busy = new Array<number>(S).fill(0);
    const live = new Set<tf.Tensor>();
    const keep = <T extends tf.Tensor | null>(t: T): T => (t !== null && live.add(t), t);
    const drop = (t: tf.Tensor | null): void => {
      if (t !== null && live.delete(t)) t.dispose();
    };
    const xs: (tf.Tensor | null)[] = [];
    const ys: (tf.Tensor | null)[] = [];
    if (stages !== null) {
      stages.setWeights(weights!);
      const idx = sampler!.next(B);
      for (let k = 0; k < M; k++) {
        const [x, y] = tf.tidy(() => {
          const b = batchTensors(def, env.data!.train, idx.slice(mbBounds[k]!, mbBounds[k + 1]!));
          return [b.x, b.y];
        });
        xs.push(keep(x!));
        ys.push(keep(y!));
      }
    }
    let lossSum = 0;
    // fwdIn[s][k]: stage s's input for micro-batch k (s ≥ 1); bwdIn[s][k]: its output gradient (s ≤ S − 2)
    const fwdIn: SimEvent<tf.Tensor | null>[][] = nodes.map(() => []);
    const bwdIn: SimEvent<tf.Tensor | null>[][] = nodes.map(() => []);
    const slot = (box: SimEvent<tf.Tensor | null>[][], s: number, k: number): SimEvent<tf.Tensor | null> => (box[s]![k] ??= sim.event<tf.Tensor | null>());
    const compute = function* (s: number, flops: number, label: string): ProcessGenerator<void> {
      yield ctx.node(nodes[s]!).cpu.computeOnAllCores(flops, label).done;
      busy[s] = busy[s]! + flops / ctx.node(nodes[s]!).cpu.flopsPerS;
    };
    const stageProc = function* (s: number): ProcessGenerator<void> {
      const stash: (tf.Tensor | null)[] = [];
      const tag = `${job.name}/${step}/s${s}`;
      for (const { phase, k } of pipelineSchedule(job.schedule, S, s, M)) {
        const bytes = boundaryValues[s]! * mb(k) * bytesPerValue;
        if (phase === 'F') {
          const xIn = s === 0 ? (xs[k] ?? null) : ((yield slot(fwdIn, s, k)) as tf.Tensor | null);
          stash[k] = xIn;
          yield* compute(s, fwdFlops[s]! * mb(k), `${tag}/F${k}`);
          if (s < S - 1) {
            const out = stages !== null && xIn !== null ? keep(stages.forward(s, xIn)) : null;
            deliver(fabric.send(nodes[s]!, nodes[s + 1]!, bytes, `${tag}/act${k}`), slot(fwdIn, s + 1, k), out);
          }
        } else {
          const dy = s === S - 1 ? null : ((yield slot(bwdIn, s, k)) as tf.Tensor | null);
          yield* compute(s, 2 * fwdFlops[s]! * mb(k), `${tag}/B${k}`);
          let dx: tf.Tensor | null = null;
          const xIn = stash[k] ?? null;
          if (stages !== null && xIn !== null) {
            const scale = mb(k) / B;
            const r = s === S - 1 ? stages.lossBackward(s, xIn, ys[k]!, scale) : stages.backward(s, xIn, dy!, scale);
            lossSum += r.loss;
            dx = keep(r.dx);
            drop(dy);
            drop(xIn);
          }
          stash[k] = null;
          if (s > 0) {
            deliver(fabric.send(nodes[s]!, nodes[s - 1]!, boundaryValues[s - 1]! * mb(k) * bytesPerValue, `${tag}/grad${k}`), slot(bwdIn, s - 1, k), dx);
          }
        }
      }
      yield* compute(s, 2 * params[s]!, `${tag}/update`);
    };
    const procs = nodes.map((_, s) => sim.process(stageProc(s), `${job.name}/${step}/stage${s}`));
    try {
      yield sim.allOf(procs);
    } catch (err) {
      if (!isJobFailure(err)) throw err; // a bug is not a job's outcome
      error = err instanceof Error ? err.message : String(err);
      for (const p of procs) if (!p.triggered) p.interrupt(error); // the others stop waiting
    }
    for (const t of live) t.dispose();
    if (error !== undefined) break;
    let accuracy: number | null = null;
    if (stages !== null) {
      weights = gradientStep(weights!, stages.gradient(), job.learningRate);
      if (evaluatesAfter(job, step)) accuracy = finalAccuracy = evaluate(def, env.model!, env.data!.test, weights).accuracy;
    }
    busy.forEach((b, s) => (busyTotal[s] = busyTotal[s]! + b));
    const r = stepRecord(env.dc, job.name, step, startS, sim.now, busy, true, stages !== null ? lossSum : null, accuracy);
    steps.push(r);
    onStep(r);
  }
  const durationS = sim.now - jobStartS;
  const records: DcNodeRecord[] = pieces.map((p, s) => ({
    dc: env.dc,
    job: job.name,
    node: p.node,
    role: `stage ${s + 1} (${pieceRole(def, p.layers)})`,
    samples: s === 0 ? (env.data?.train.n ?? 0) : 0,
    memoryUsedBytes: placement.memoryBytes.get(p.node) ?? 0,
    memoryBytes: job.memoryFraction * ctx.memoryBytes(p.node),
    computeBusyS: busyTotal[s]!,
    idleS: durationS - busyTotal[s]!,
  }));
  return { steps, nodes: records, predictedStepS: placement.predictedStepS, finalAccuracy, outcome: error === undefined ? 'done' : 'failed', ...(error === undefined ? {} : { error }) };
}
