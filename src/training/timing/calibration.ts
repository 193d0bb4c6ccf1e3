/**
 * The calibration of timing-only mode: learning curves of test accuracy and loss against training
 * progress, fitted on a real (TF.js) run of the same scenario by `edgesim calibrate` and stored as
 * `<scenario>.calibration.json` next to it. Progress is the number of client updates aggregated
 * into the global model so far (sync, OTA, hierarchical: the rounds' participants summed; the
 * asynchronous protocols: the updates applied), the one measure every protocol reports.
 * @module
 */
import { curveAt, fitPowerCurve, type LearningCurvePoint, type PowerCurve } from './curve.js';
import type { Evaluation } from '../../learning/train.js';

/** The schema tag of a calibration file (how a rerun of `edgesim calibrate` recognises its own file). */
export const CALIBRATION_SCHEMA = 'edgesim.calibration/1';

/** A calibration: what `edgesim calibrate` writes, and what a timing-only run reads. */
export interface Calibration {
  /** always {@link CALIBRATION_SCHEMA} */
  schema: typeof CALIBRATION_SCHEMA;
  /** the scenario it was measured on */
  scenario: string;
  /** the seed of the real run */
  seed: number;
  /** the protocol of the real run */
  protocol: string;
  /** the progress measure (`aggregated client updates`) */
  progress: string;
  /** test accuracy against progress */
  accuracy: PowerCurve;
  /** test loss against progress */
  loss: PowerCurve;
  /** the fits' root-mean-square residuals */
  rmse: CalibrationResiduals;
  /** the measured evaluations the curves were fitted on */
  points: CalibrationPoint[];
}

/** Residuals of a calibration's fits. */
export interface CalibrationResiduals {
  /** of the accuracy curve */
  accuracy: number;
  /** of the loss curve */
  loss: number;
}

/** One measured evaluation. */
export interface CalibrationPoint {
  /** aggregated client updates so far */
  progress: number;
  /** test accuracy */
  accuracy: number;
  /** test loss */
  loss: number;
}

/** What a calibration is measured on. */
export interface CalibrationSource {
  /** scenario name */
  scenario: string;
  /** seed */
  seed: number;
  /** protocol name */
  protocol: string;
}

/** The progress measure's name in calibration files. */
export const PROGRESS_MEASURE = 'aggregated client updates';

/**
 * Fits a calibration to measured evaluations.
 * @param source - the run measured
 * @param points - its evaluations (at least one)
 */
export function fitCalibration(source: CalibrationSource, points: readonly CalibrationPoint[]): Calibration {
  const acc = fitPowerCurve(points.map((p): LearningCurvePoint => ({ progress: p.progress, value: p.accuracy })));
  const loss = fitPowerCurve(points.map((p): LearningCurvePoint => ({ progress: p.progress, value: p.loss })));
  return {
    schema: CALIBRATION_SCHEMA,
    ...source,
    progress: PROGRESS_MEASURE,
    accuracy: acc.curve,
    loss: loss.curve,
    rmse: { accuracy: acc.rmse, loss: loss.rmse },
    points: points.map((p) => ({ ...p })),
  };
}

/** The surrogate evaluation at `progress` aggregated updates: accuracy in [0, 1], loss ≥ 0. */
export function surrogateEvaluation(c: Pick<Calibration, 'accuracy' | 'loss'>, progress: number): Evaluation {
  return { accuracy: Math.min(1, Math.max(0, curveAt(c.accuracy, progress))), loss: Math.max(0, curveAt(c.loss, progress)) };
}

const isCurve = (x: unknown): x is PowerCurve => {
  const c = x as PowerCurve | null;
  return typeof c === 'object' && c !== null && [c.a, c.b, c.d].every((v) => typeof v === 'number' && Number.isFinite(v));
};

/**
 * Checks a parsed calibration file.
 * @param value - the parsed JSON
 * @param where - its path, for messages
 * @throws Error saying what is wrong
 */
export function parseCalibration(value: unknown, where: string): Calibration {
  const c = value as Partial<Calibration> | null;
  if (typeof c !== 'object' || c === null || c.schema !== CALIBRATION_SCHEMA) throw new Error(`${where}: not an edgesim calibration (expected "schema": "${CALIBRATION_SCHEMA}")`);
  if (!isCurve(c.accuracy) || !isCurve(c.loss)) throw new Error(`${where}: expected accuracy and loss curves { a, b, d } of finite numbers`);
  return c as Calibration;
}

/** What a report's round rows give a calibration. */
export interface RoundEvaluation {
  /** the round's participants (client updates aggregated) */
  participants: number;
  /** test accuracy after the round */
  testAccuracy: number;
  /** its test loss */
  testLoss: number;
}

/** What a report's evaluation rows (asynchronous protocols) give a calibration. */
export interface AsyncEvaluation {
  /** client updates applied so far */
  updatesApplied: number;
  /** test accuracy */
  testAccuracy: number;
  /** test loss */
  testLoss: number;
}

/**
 * A run's evaluations against progress: round-based protocols' rows with their participants summed;
 * asynchronous protocols' evaluations at their applied updates.
 * @param rounds - the report's `rounds`
 * @param evaluations - the report's `evaluations`
 */
export function calibrationPoints(rounds: readonly RoundEvaluation[], evaluations: readonly AsyncEvaluation[]): CalibrationPoint[] {
  let k = 0;
  const fromRounds = rounds.map((r) => ({ progress: (k += r.participants), accuracy: r.testAccuracy, loss: r.testLoss }));
  return [...fromRounds, ...evaluations.map((e) => ({ progress: e.updatesApplied, accuracy: e.testAccuracy, loss: e.testLoss }))];
}
