/**
 * Starting training in a world: resolve the training section, build the federated task once, and
 * start the scenario's protocol on the timeline.
 * @module
 */
import type * as tf from '@tensorflow/tfjs';
import { models, type ModelDef } from '../learning/models.js';
import type { TrainingContext } from './context.js';
import type { TrainingSpec } from './spec.js';
import { resolveTraining, type ResolvedTraining } from './config.js';
import { buildTask } from './task.js';
import { buildTimingTask } from './timing/task.js';
import type { OptimumSummary } from './gap.js';
import { protocols } from './protocols/index.js';

/** The training state of a world. */
export interface TrainingRun {
  /** the model */
  def: ModelDef;
  /** the global weights now */
  weights(): Float32Array;
  /** the training section with its defaults filled in: what this run used */
  config: ResolvedTraining;
  /** with `optimalityGap`: the optimum and the bound's constants */
  optimum: OptimumSummary | null;
}

/**
 * Starts training (real mode: the TF.js backend must have been selected).
 * @param ctx - the world as training sees it
 * @param spec - the scenario's training section
 * @param nodes - the scenario's nodes (to resolve `clients: 'terminals'`)
 * @param model - a built TF.js model of the spec's model (shared; its weights are set per use); null in timing mode
 * @param def - the model's definition
 */
export function startTraining(ctx: TrainingContext, spec: TrainingSpec, nodes: readonly { id: string; kind: string }[], model: tf.LayersModel | null, def: ModelDef): TrainingRun {
  const cfg = resolveTraining(spec, nodes);
  const memory = (c: string): number => ctx.memoryBytes(c);
  const task = cfg.mode === 'timing' ? buildTimingTask(cfg, def, ctx.sim.rng, memory) : buildTask(cfg, def, model!, ctx.sim.rng, memory);
  const run = protocols.get(cfg.protocol.name).start(ctx, task);
  return { def, weights: () => run.weights(), config: cfg, optimum: task.gap?.optimum ?? null };
}

/** The model definition a training spec names. */
export function trainingModel(spec: TrainingSpec): ModelDef {
  const def = models.get(spec.model)();
  return spec.l2 === undefined ? def : { ...def, l2: spec.l2 };
}

export { fusionBuckets } from './client.js';
