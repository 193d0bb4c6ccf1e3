/**
 * Tasks whose length is known before the run must fit the clock: a compute task takes
 * flops/(threads·freqHz·flopsPerCycle) on its node's cores (threads ≤ cores), a send over a wired link takes
 * bits/rateBps + delayS. A task of 1e300 FLOPs is refused here, naming the field and the limit,
 * instead of failing the run with "delay must be finite".
 * @module
 */
import type { NodeSpec, ScenarioSpec } from './types.js';
import { nodeHardware } from './hardware.js';
import { MAX_TIME_S } from './limits.js';
import { formatNumber } from './schemaMessages.js';

/** A task whose duration exceeds the clock: the field to blame and why. */
export interface DurationIssue {
  /** e.g. `['tasks', 3, 'flops']` */
  path: (string | number)[];
  /** the duration, the rate it came from and the limit */
  message: string;
}

const CLOCK = `${MAX_TIME_S.toExponential(1).replace('e+', 'e')} s, the clock's range (2^53 ns ≈ 104 days)`;

/**
 * Checks the durations of compute tasks and of sends over wired links (cross-references are
 * assumed valid: run after them).
 * @param s - the scenario (schema-valid)
 * @param nodes - its nodes, expanded
 */
export function taskDurationIssues(s: ScenarioSpec, nodes: readonly NodeSpec[]): DurationIssue[] {
  const issues: DurationIssue[] = [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const wired = new Map<string, { rateBps: number; delayS: number }>();
  for (const l of s.links ?? []) {
    if (l.wireless === true || l.rateBps === undefined) continue;
    const w = { rateBps: l.rateBps, delayS: l.delayS ?? 0 };
    wired.set(`${l.from}\u0000${l.to}`, w);
    if (l.duplex !== false) wired.set(`${l.to}\u0000${l.from}`, w);
  }
  (s.tasks ?? []).forEach((t, i) => {
    const startS = t.notBeforeS ?? 0;
    if (t.type === 'compute') {
      const n = byId.get(t.node);
      if (n === undefined) return;
      const cpu = nodeHardware(n).cpu;
      const threads = Math.min(t.threads ?? 1, cpu.cores);
      const perCoreFlopsPerS = (t.freqHz ?? cpu.freqHz) * cpu.flopsPerCycle;
      const durationS = t.flops / (threads * perCoreFlopsPerS);
      if (startS + durationS > MAX_TIME_S) {
        issues.push({ path: ['tasks', i, 'flops'], message: `takes ${formatNumber(durationS)} s on ${threads === 1 ? 'a core' : `${threads} cores`} of '${t.node}' (${formatNumber(perCoreFlopsPerS)} FLOP/s${threads === 1 ? '' : ' each'}); expected a task that ends within ${CLOCK}` });
      }
    } else if (t.type === 'send') {
      const w = wired.get(`${t.from}\u0000${t.to}`);
      if (w === undefined) return;
      const durationS = t.bits / w.rateBps + w.delayS;
      if (startS + durationS > MAX_TIME_S) {
        issues.push({ path: ['tasks', i, 'bits'], message: `takes ${formatNumber(durationS)} s over the ${formatNumber(w.rateBps)} bit/s link; expected a send that ends within ${CLOCK}` });
      }
    }
  });
  return issues;
}
