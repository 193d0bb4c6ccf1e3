/**
 * Early-exit decisions of a multi-exit model on real samples (BranchyNet, Teerapittayanon,
 * McDanel, Kung, ICPR 2016, §III-B): each exit's softmax output p, its entropy
 * H(p) = −Σ_c p_c ln p_c (natural log, not normalised: 0 for a one-hot output, ln C for the
 * uniform one; the quantity of the authors' code, `scipy.stats.entropy`), and the exit a sample
 * takes for thresholds T_i: the first side exit i with H_i < T_i, else the final exit, which always
 * accepts. T = 0 sends everything to the final exit (H ≥ 0), T = +∞ everything to the first. The
 * exit distribution, the accuracy and the mean FLOPs emerge from the samples; a sweep over
 * thresholds traces the (mean FLOPs, accuracy, exit distribution) curve.
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../learning/dataset.js';
import { buildMultiExit, setMultiExitWeights, type BuiltMultiExit, type MultiExitDef } from './multiExit.js';

/** Every exit's output on a set of samples. */
export interface ExitOutputs {
  /** samples */
  n: number;
  /** classes */
  classes: number;
  /** per exit (side exits then the final): softmax outputs, n × classes, row-major */
  probabilities: Float32Array[];
  /** per exit: entropy of each sample's output (nats) */
  entropies: Float64Array[];
  /** per exit: arg-max class of each sample (the lowest index on ties) */
  predictions: Int32Array[];
}

/** Where one sample left, and what it cost. */
export interface ExitDecision {
  /** the exit index taken (side exits 0.., the final exit last) */
  exit: number;
  /** trunk layers computed before that exit (a split at k ≥ this ends the request on the terminal) */
  after: number;
  /** the predicted class there */
  prediction: number;
  /** whether it equals the label */
  correct: boolean;
  /** the entropy of the output there (nats) */
  entropy: number;
  /** forward FLOPs: trunk up to the exit plus the heads of every exit up to and including it */
  flops: number;
}

/** One point of a threshold sweep. */
export interface ExitCurvePoint {
  /** the side exits' thresholds */
  thresholds: number[];
  /** mean forward FLOPs per sample */
  meanFlops: number;
  /** share of samples classified right */
  accuracy: number;
  /** samples leaving at each exit */
  exitCounts: number[];
  /** share of samples leaving at each exit */
  exitShares: number[];
  /** accuracy among the samples leaving at each exit (NaN where none leave) */
  exitAccuracy: number[];
}

/**
 * Entropy −Σ p ln p of a probability vector in nats (0 · ln 0 = 0; no renormalisation).
 * @param p - the probabilities
 */
export function softmaxEntropy(p: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (v > 0) h -= v * Math.log(v);
  }
  return h;
}

/** A multi-exit model with given weights, ready to run on samples. */
export class MultiExitModel {
  private readonly built: BuiltMultiExit;

  /**
   * @param def - the definition
   * @param weights - its weights, flat in the definition's order
   */
  constructor(
    readonly def: MultiExitDef,
    weights: Float32Array,
  ) {
    this.built = buildMultiExit(def);
    setMultiExitWeights(def, this.built, weights);
  }

  /**
   * Every exit's softmax output on n samples.
   * @param x - the samples, n × input values
   * @param n - samples
   * @returns per exit, n × classes
   */
  probabilities(x: Float32Array, n: number): Float32Array[] {
    return tf.tidy(() => {
      const out = this.built.model.predict(tf.tensor(x, [n, ...this.def.inputShape])) as tf.Tensor | tf.Tensor[];
      return (Array.isArray(out) ? out : [out]).map((t) => t.dataSync() as Float32Array);
    });
  }

  /**
   * Every exit's outputs, entropies and predictions on a dataset, in batches of `batch`.
   * @param data - the samples
   * @param batch - samples per run; default 500
   */
  outputs(data: Dataset, batch = 500): ExitOutputs {
    const C = this.def.classes;
    const E = this.def.exits.length;
    const probabilities = Array.from({ length: E }, () => new Float32Array(data.n * C));
    for (let pos = 0; pos < data.n; pos += batch) {
      const n = Math.min(batch, data.n - pos);
      const out = this.probabilities(data.x.subarray(pos * data.dim, (pos + n) * data.dim), n);
      out.forEach((p, e) => probabilities[e]!.set(p, pos * C));
    }
    return exitOutputsOf(probabilities, data.n, C);
  }

  /** Frees the model's weights. */
  dispose(): void {
    this.built.model.dispose();
  }
}

/**
 * Entropies and predictions from per-exit probabilities (pure arithmetic).
 * @param probabilities - per exit, n × classes
 * @param n - samples
 * @param classes - classes
 */
export function exitOutputsOf(probabilities: Float32Array[], n: number, classes: number): ExitOutputs {
  const entropies = probabilities.map((p) => Float64Array.from({ length: n }, (_, s) => softmaxEntropy(p.subarray(s * classes, (s + 1) * classes))));
  const predictions = probabilities.map((p) =>
    Int32Array.from({ length: n }, (_, s) => {
      let best = 0;
      for (let c = 1; c < classes; c++) if (p[s * classes + c]! > p[s * classes + best]!) best = c;
      return best;
    }),
  );
  return { n, classes, probabilities, entropies, predictions };
}

/**
 * The side exits' thresholds as an array: one number for all, or one per side exit.
 * @param def - the definition
 * @param thresholds - T for every side exit, or T_i per side exit
 * @throws RangeError on a wrong length or a NaN
 */
export function thresholdVector(def: MultiExitDef, thresholds: number | number[]): number[] {
  const side = def.exits.length - 1;
  const t = typeof thresholds === 'number' ? Array.from({ length: side }, () => thresholds) : thresholds;
  if (t.length !== side) throw new RangeError(`${t.length} thresholds for ${side} side exits`);
  if (t.some((v) => Number.isNaN(v))) throw new RangeError('a threshold is NaN');
  return t;
}

/**
 * The exit each sample takes: the first side exit i with entropy H_i < T_i, else the final exit.
 * @param def - the definition
 * @param outputs - every exit's outputs on the samples
 * @param labels - the samples' labels
 * @param thresholds - T for every side exit, or T_i per side exit
 */
export function decideExits(def: MultiExitDef, outputs: ExitOutputs, labels: ArrayLike<number>, thresholds: number | number[]): ExitDecision[] {
  const t = thresholdVector(def, thresholds);
  const final = def.exits.length - 1;
  const out: ExitDecision[] = [];
  for (let s = 0; s < outputs.n; s++) {
    let exit = final;
    for (let i = 0; i < final; i++) {
      if (outputs.entropies[i]![s]! < t[i]!) {
        exit = i;
        break;
      }
    }
    const prediction = outputs.predictions[exit]![s]!;
    out.push({ exit, after: def.exits[exit]!.after, prediction, correct: prediction === labels[s], entropy: outputs.entropies[exit]![s]!, flops: def.exits[exit]!.flops });
  }
  return out;
}

/**
 * Mean FLOPs, accuracy and the exit distribution of a set of decisions.
 * @param def - the definition
 * @param decisions - per-sample decisions
 * @param thresholds - the thresholds they were taken at (recorded in the point)
 */
export function summarizeExits(def: MultiExitDef, decisions: ExitDecision[], thresholds: number[]): ExitCurvePoint {
  const E = def.exits.length;
  const exitCounts = new Array<number>(E).fill(0);
  const exitRight = new Array<number>(E).fill(0);
  let flops = 0;
  let right = 0;
  for (const d of decisions) {
    exitCounts[d.exit]!++;
    if (d.correct) {
      exitRight[d.exit]!++;
      right++;
    }
    flops += d.flops;
  }
  const n = decisions.length;
  return {
    thresholds: [...thresholds],
    meanFlops: n > 0 ? flops / n : 0,
    accuracy: n > 0 ? right / n : 0,
    exitCounts,
    exitShares: exitCounts.map((c) => (n > 0 ? c / n : 0)),
    exitAccuracy: exitCounts.map((c, e) => (c > 0 ? exitRight[e]! / c : Number.NaN)),
  };
}

/**
 * The (mean FLOPs, accuracy, exit distribution) curve over threshold settings.
 * @param def - the definition
 * @param outputs - every exit's outputs on the samples
 * @param labels - the samples' labels
 * @param settings - thresholds to try: each one number for all side exits, or one per side exit
 */
export function sweepThresholds(def: MultiExitDef, outputs: ExitOutputs, labels: ArrayLike<number>, settings: (number | number[])[]): ExitCurvePoint[] {
  return settings.map((s) => summarizeExits(def, decideExits(def, outputs, labels, s), thresholdVector(def, s)));
}
