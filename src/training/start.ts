/**
 * Starting training in a world: resolve the training section, build the federated task once, and
 * start the scenario's protocol on the timeline. When training ends, its transfers still in flight
 * (downloads to clients that will not train any more, stragglers' uploads) are abandoned: the run
 * ends with training.
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
import { TransferScope } from '../net/transfer.js';

/** Why training's transfers still in flight when it ends are abandoned (their receptions' reason). */
const TRAINING_ENDED = 'training ended';

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
  // Training's transfers are registered in a scope of their own, abandoned when training ends.
  const scope = new TransferScope();
  const scoped: TrainingContext = { ...ctx, topology: { ...ctx.topology, scope } };
  const run = protocols.get(cfg.protocol.name).start(scoped, task);
  // After the work the end interrupts has been told (interrupts go one zero-delay hop per level:
  // its clients are interrupted before their transfers fail), the transfers still in flight stop.
  // With nothing in flight the scope closes at once (no event: a run with nothing to abandon is unchanged).
  run.ended.addCallback(() => {
    if (scope.size === 0) scope.close(TRAINING_ENDED);
    else ctx.sim.schedule(0, () => scope.close(TRAINING_ENDED));
  });
  return { def, weights: () => run.weights(), config: cfg, optimum: task.gap?.optimum ?? null };
}

/** The model definition a training spec names. */
export function trainingModel(spec: TrainingSpec): ModelDef {
  const def = models.get(spec.model)();
  return spec.l2 === undefined ? def : { ...def, l2: spec.l2 };
}

export { fusionBuckets } from './client.js';
