/**
 * A multi-exit deployment (`inference.model.exits`): the trained MLP's trunk gets side-exit heads
 * after the chosen layers (BranchyNet, Teerapittayanon et al. 2016; `multiExit.ts`), trained jointly
 * from the trained weights for a few epochs, and each test example's exit is decided on its real
 * outputs at the entropy thresholds (`multiExitDecide.ts`). A request then costs what its own
 * sample costs at its split: trunk layers and heads up to its exit, on the terminal when the exit
 * is at or before the split (nothing sent), else partly on the edge.
 * @module
 */
import { RandomStreams } from '../engine/random.js';
import type { Dataset, Split } from '../learning/dataset.js';
import type { ModelDef } from '../learning/models.js';
import { multiExitMlp, multiExitInitialWeights, trunkModelDef, trunkWeights, exitSplitCost, type MultiExitDef, type ExitSplitCost } from './multiExit.js';
import { trainMultiExit } from './multiExitTrain.js';
import { MultiExitModel, decideExits, type ExitDecision } from './multiExitDecide.js';

/** The side exits of a deployed MLP (`inference.model.exits`). */
export interface ExitsSpec {
  /** the trunk layers each side exit follows (1 … layers − 1), increasing */
  after: number[];
  /** entropy threshold (nats) below which a request leaves at a side exit: one for all, or one per side exit; default 0.5 */
  threshold?: number | number[];
  /** joint training epochs from the trained weights; default 1 */
  epochs?: number;
  /** loss weight of each exit (side exits, then the final); default all 1 (BranchyNet's reference code) */
  lossWeights?: number[];
}

/** A multi-exit model ready to serve: its decisions on every test example. */
export interface PreparedExits {
  /** the multi-exit definition */
  def: MultiExitDef;
  /** the trunk as a model (its split profiles are the activations sent) */
  trunk: ModelDef;
  /** the trunk's weights */
  trunkWeights: Float32Array;
  /** per test example: the exit taken and whether it was right */
  decisions: ExitDecision[];
  /** the share of test examples classified right (measured) */
  accuracy: number;
  /** the thresholds */
  thresholds: number | number[];
}

/**
 * Adds side exits to a trained MLP, trains them jointly and decides every test example's exit.
 * @param base - the trained dense model (its layer profile gives the trunk's widths)
 * @param weights - its trained weights (the trunk's starting point)
 * @param data - training and test examples
 * @param spec - the exits
 * @param training - minibatch size and learning rate
 * @param seed - the root seed (streams `exits/heads`, `exits/batches`)
 */
export function prepareExits(base: ModelDef, weights: Float32Array, data: Split, spec: ExitsSpec, training: { batchSize: number; learningRate: number }, seed: number): PreparedExits {
  const hidden = base.layers.slice(0, -1).map((l) => l.outputSize);
  const def = multiExitMlp({ inputs: base.inputShape.reduce((a, b) => a * b, 1), hidden, classes: base.classes, exits: spec.after.map((after) => ({ after })), name: `${base.name}+exits` });
  const streams = new RandomStreams(seed);
  // The trunk starts from the trained model (its weights lead the flat vector); the heads from Glorot.
  const start = multiExitInitialWeights(def, streams.stream('exits/heads'));
  start.set(weights, 0);
  const trained = trainMultiExit(def, data.train, start, { epochs: spec.epochs ?? 1, batchSize: training.batchSize, learningRate: training.learningRate, lossWeights: spec.lossWeights }, streams.stream('exits/batches')).weights;
  const model = new MultiExitModel(def, trained);
  let decisions: ExitDecision[];
  try {
    decisions = decideExits(def, model.outputs(data.test), data.test.y, spec.threshold ?? 0.5);
  } finally {
    model.dispose();
  }
  return {
    def,
    trunk: trunkModelDef(def),
    trunkWeights: trunkWeights(def, trained).slice(),
    decisions,
    accuracy: decisions.filter((d) => d.correct).length / Math.max(1, decisions.length),
    thresholds: spec.threshold ?? 0.5,
  };
}

/** What one request costs at its exit. */
export interface RequestExitCost extends ExitSplitCost {
  /** the exit it takes */
  exit: number;
  /** whether its prediction there is right */
  correct: boolean;
}

/** The expected cost of a split over the test examples. */
export interface ExpectedExitCost {
  /** mean FLOPs on the terminal */
  terminalFlops: number;
  /** mean FLOPs on the edge */
  edgeFlops: number;
  /** share of requests that leave the terminal (their exit is after the split) */
  offloaded: number;
}

/**
 * The FLOPs and whether it ends on the terminal, for test example `sample` split at k.
 * @param e - the prepared exits
 * @param sample - the test example
 * @param k - the split point
 */
export function exitCost(e: PreparedExits, sample: number, k: number): RequestExitCost {
  const d = e.decisions[sample]!;
  return { exit: d.exit, correct: d.correct, ...exitSplitCost(e.def, d.exit, k) };
}

/**
 * The expected cost of a split over the test examples (for the deployment optimizer): mean FLOPs
 * on each side, and the share of requests that leave the terminal.
 * @param e - the prepared exits
 * @param k - the split point
 * @param test - the test examples (their count)
 */
export function expectedExitCost(e: PreparedExits, k: number, test: Pick<Dataset, 'n'>): ExpectedExitCost {
  let terminalFlops = 0;
  let edgeFlops = 0;
  let offloaded = 0;
  for (let i = 0; i < test.n; i++) {
    const c = exitCost(e, i, k);
    terminalFlops += c.terminalFlops;
    edgeFlops += c.edgeFlops;
    if (!c.onTerminal) offloaded++;
  }
  return { terminalFlops: terminalFlops / test.n, edgeFlops: edgeFlops / test.n, offloaded: offloaded / test.n };
}
