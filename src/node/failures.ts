/**
 * What makes nodes fail and come back, besides batteries: exponential fail/repair processes (mean
 * time between failures and to repair), availability traces (per-node off intervals from a CSV
 * file), and leaving coverage (handled with association). All are daemon events: they do not keep
 * a run without horizon alive.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import type { RandomStream } from '../engine/random.js';
import { forEachLine, lineError, parseDecimal } from '../mobility/traces/lines.js';
import { InputError } from '../engine/errors.js';
import type { SimNode } from './node.js';

/** Exponential failures of a node (`failures` on a node). */
export interface FailureSpec {
  /** mean time between failures (s) */
  mtbfS: number;
  /** mean time to repair (s); default: failures are permanent */
  mttrS?: number;
}

/**
 * Runs a node's exponential fail/repair process: up for Exp(mean mtbfS), down for Exp(mean mttrS).
 * @param sim - the simulator
 * @param node - the node
 * @param spec - MTBF and MTTR
 * @param rng - the node's stream (`failures/<id>`)
 */
export function startFailureProcess(sim: Simulator, node: SimNode, spec: FailureSpec, rng: RandomStream): void {
  const up = (): void => {
    sim.schedule(
      rng.exponential(1 / spec.mtbfS),
      () => {
        node.fail('failure');
        if (spec.mttrS !== undefined) sim.schedule(rng.exponential(1 / spec.mttrS), () => (node.repair('failure'), up()), { daemon: true });
      },
      { daemon: true },
    );
  };
  up();
}

/** One interval a node is off. */
export interface OffInterval {
  /** node id */
  node: string;
  /** off from (s) */
  offS: number;
  /** back at (s), or null for never */
  onS: number | null;
}

/**
 * Reads an availability trace: a CSV with the header `node,offS,onS`, one off interval per row
 * (`onS` empty: never back); `#` comments.
 * @param file - the CSV file
 * @throws InputError naming the line of a malformed row
 */
export function readAvailability(file: string): OffInterval[] {
  const out: OffInterval[] = [];
  let header = false;
  forEachLine(file, (line, lineNo) => {
    const l = line.trim();
    if (l === '' || l.startsWith('#')) return;
    const cells = l.split(',').map((c) => c.trim());
    if (!header) {
      if (cells.join(',') !== 'node,offS,onS') throw lineError(file, lineNo, line, 'expected the header node,offS,onS');
      header = true;
      return;
    }
    if (cells.length !== 3 || cells[0] === '') throw lineError(file, lineNo, line, 'expected node,offS,onS');
    const offS = parseDecimal(cells[1]!);
    const onS = cells[2] === '' ? null : parseDecimal(cells[2]!);
    if (Number.isNaN(offS) || offS < 0) throw lineError(file, lineNo, line, `expected offS ≥ 0, got '${cells[1]}'`);
    if (onS !== null && (Number.isNaN(onS) || onS <= offS)) throw lineError(file, lineNo, line, `expected onS > offS or empty, got '${cells[2]}'`);
    out.push({ node: cells[0]!, offS, onS });
  });
  if (!header) throw new InputError('empty availability trace: expected the header node,offS,onS', { file });
  return out;
}

/**
 * Schedules a node's off intervals.
 * @param sim - the simulator
 * @param node - the node
 * @param intervals - its off intervals
 */
export function applyAvailability(sim: Simulator, node: SimNode, intervals: readonly OffInterval[]): void {
  for (const iv of intervals) {
    sim.at(iv.offS, () => node.fail('unavailable'), { daemon: true });
    if (iv.onS !== null) sim.at(iv.onS, () => node.repair('unavailable'), { daemon: true });
  }
}

/** The reason a node outside its presence window is down. */
export const ABSENT = 'absent';

/**
 * Takes a node down while it does not exist: before its presence window opens (a vehicle not yet
 * on the road) and after it closes (it has left). While absent it takes no work, loses its work in
 * flight and draws no idle power, exactly as if it had failed, with the reason `absent`; the other
 * reasons it may be down for (failures, availability) are kept apart ({@link SimNode.fail}).
 * @param sim - the simulator
 * @param node - the node
 * @param fromS - it enters at (s)
 * @param toS - it leaves at (s)
 */
export function applyPresence(sim: Simulator, node: SimNode, fromS: number, toS: number): void {
  // Settled before anything else at an instant (association measures at priority −1).
  const first = { daemon: true, priority: -2 };
  if (fromS > 0) {
    sim.at(0, () => node.fail(ABSENT), first);
    sim.at(fromS, () => node.repair(ABSENT), first);
  }
  sim.at(toS, () => node.fail(ABSENT), { daemon: true });
}
