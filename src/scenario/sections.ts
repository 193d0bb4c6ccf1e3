/**
 * Loads every module that declares a result section (see `src/engine/results.ts`), so their
 * module-level `resultSections.register` calls have run before a scenario is validated (its
 * `report.omit` names sections) or a recorder is made. A component that contributes a section adds
 * one import line here (its declaring file is usually imported elsewhere for types only, which ES
 * modules do not load).
 * @module
 */
import '../training/records.js';
import '../training/asyncRecords.js';
import '../training/otaRecords.js';
import '../training/hierRecords.js';
import '../training/hierAsyncRecords.js';
import '../inference/records.js';
import '../node/records.js';
import '../datacenter/records.js';
import { resultSections } from '../engine/results.js';

/** The report's per-event list that is not a result section: one row per transfer. */
export const TRANSFERS_ROWS = 'transfers';

/**
 * The row lists `report.omit` may leave out: `transfers` and every result section that is in
 * report.json only when it has rows (a section always present, such as `rounds`, stays).
 */
export function omittableRows(): [string, ...string[]] {
  return [TRANSFERS_ROWS, ...resultSections.list().filter((s) => s.alwaysInJson !== true).map((s) => s.key)];
}
