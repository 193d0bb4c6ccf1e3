import test from 'ava';
import { join } from 'node:path';
import { loadScenario } from '../../src/scenario/load.js';
import { validateScenario, ScenarioError } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { omittableRows } from '../../src/scenario/sections.js';
import type { Scenario, ScenarioSpec } from '../../src/scenario/types.js';
import { ROOT } from '../cli/helpers.js';

// `report.omit` leaves per-event rows out of the report (for populations whose millions of rows
// would not fit in one report.json) without changing any other figure.

/** The golden FedBuff scenario in timing-only mode (no TF.js): transfers, computations and updates. */
async function fedbuff(omit?: string[]): Promise<Scenario> {
  const s = (await loadScenario(join(ROOT, 'test/training/fixtures/golden-sync.ts'), [])).scenario;
  const curve = { accuracy: { a: 0.9, b: -0.8, d: 0.5 }, loss: { a: 0.3, b: 2, d: 0.5 } };
  const training = { ...s.training!, mode: 'timing' as const, calibration: curve, protocol: { name: 'fedbuff' as const, bufferSize: 2, serverSteps: 6, concurrency: 3 } };
  return { ...s, training, ...(omit === undefined ? {} : { report: { omit } }) };
}

test('omitted rows are left out; every other figure is unchanged', async (t) => {
  const full = simulate(await fedbuff()).report;
  const lean = simulate(await fedbuff(['transfers', 'computations', 'updates'])).report;
  t.true(full.transfers.length > 0 && (full.computations?.length ?? 0) > 0 && (full.updates?.length ?? 0) > 0);
  t.deepEqual(lean.transfers, []);
  t.false('computations' in lean);
  t.false('updates' in lean);
  // The totals that are sums over the left-out rows: bits per link, FLOPs per node, the summary's update counts.
  t.deepEqual(lean.links, full.links);
  t.deepEqual(lean.nodes, full.nodes);
  t.deepEqual(lean.training, full.training);
  t.deepEqual(lean.events, full.events);
  t.deepEqual(lean.configuration['report'], { omit: ['transfers', 'computations', 'updates'] });
  t.regex(renderMarkdown(lean), /Left out of this report by the scenario's `report.omit`.*`transfers\[\]`, `computations\[\]`, `updates\[\]`/);
  t.notRegex(renderMarkdown(full), /Left out of this report/);
});

test('report.omit accepts only per-event lists, and names the ones it accepts', (t) => {
  const spec = (omit: string[]): ScenarioSpec => ({ name: 'omit', nodes: [{ id: 'a', kind: 'server', cpuFlopsPerS: 1e9 }], report: { omit } });
  t.notThrows(() => validateScenario(spec(['transfers', 'computations', 'downtimes'])));
  // `rounds` is always in a report (the summary is built from it): not omittable.
  t.false(omittableRows().includes('rounds'));
  const e = t.throws(() => validateScenario(spec(['rounds'])), { instanceOf: ScenarioError });
  t.regex(e.message, /report\.omit\[0\]/);
  t.regex(e.message, /transfers/);
});
