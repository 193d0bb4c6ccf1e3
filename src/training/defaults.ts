/**
 * Defaults of the training section's optional fields (one place, read by `resolveTraining` and the
 * strategies).
 * @module
 */

/** Defaults of the training section's optional fields. */
export const TRAINING_DEFAULTS = {
  /** share of the dataset held out for testing */
  testFraction: 0.2,
  /** the strategy */
  algorithm: 'fedavg',
  /** rounds */
  rounds: 10,
  /** local passes over the data */
  epochs: 1,
  /** minibatch size */
  batchSize: 10,
  /** local learning rate */
  learningRate: 0.05,
  /** local momentum */
  momentum: 0,
  /** FedSGD's server learning rate */
  serverLearningRate: 0.1,
  /** selected fraction for `random` and `best-channel` selection */
  selectionFraction: 0.1,
  /** Dirichlet α */
  dirichletAlpha: 0.5,
  /** quantity skew σ */
  quantitySigma: 1,
  /** time-to-accuracy target */
  targetAccuracy: 0.9,
  /** how clients compute: with TF.js */
  mode: 'real',
} as const;
