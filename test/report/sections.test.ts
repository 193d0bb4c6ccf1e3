import test from 'ava';
import { TraceBus } from '../../src/engine/trace.js';
import type { TraceEventMap, TraceName } from '../../src/engine/trace.js';
import { ResultSectionRegistry, resultSections, type ResultSection } from '../../src/engine/results.js';
import { TimelineRecorder } from '../../src/report/recorder.js';
import { sectionCsv, sectionMarkdown } from '../../src/report/sections.js';
import { reportFormats } from '../../src/report/formats.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';

// A section declared here, once, the way a component declares one: its event, its row, its
// columns and a summary. Every writer must render it from this declaration alone; the expected
// JSON, Markdown and CSV below are written by hand.

/** Payload of the test's event. */
interface SampleTrace {
  label: string;
  bits: number | null;
  fraction: number;
}

/** A row of the test's section. */
interface Sample extends SampleTrace {
  atS: number;
}

// The event and the section are not merged into TraceEventMap and ReportSections (that would put
// them in the API docs, which read test/ too): the test names them through casts instead.
const SAMPLE_EVENT = 'test.sample' as TraceName;
const emitSample = (bus: TraceBus, p: SampleTrace): void => bus.emit(SAMPLE_EVENT, p as unknown as TraceEventMap[TraceName]);
const register = (registry: ResultSectionRegistry): ResultSectionRegistry => registry.register(SAMPLES as never);

const SAMPLES: ResultSection<Sample> = {
  key: 'test-samples',
  title: 'Test samples',
  event: SAMPLE_EVENT,
  row: (payload, tS) => {
    const p = payload as unknown as SampleTrace;
    return { label: p.label, atS: tS, bits: p.bits, fraction: p.fraction };
  },
  columns: [
    { csv: 'label', markdown: 'label', value: (r) => r.label, format: { kind: 'text' } },
    { csv: 'atS', markdown: 'at (s)', value: (r) => r.atS },
    { csv: 'bits', markdown: 'Mbit', value: (r) => r.bits, format: { kind: 'number', divideBy: 1e6 } },
    { csv: 'fraction', markdown: 'fraction', value: (r) => r.fraction, format: { kind: 'percent' } },
    { csv: 'note', value: (r) => `${r.label}, done` },
    { markdown: 'at (ms)', value: (r) => r.atS, format: { kind: 'number', digits: 3, divideBy: 1e-3 } },
  ],
  markdownSummary: (rows) => `${rows.length} samples, the last at ${rows[rows.length - 1]!.atS} s.\n`,
};

const EXPECTED_ROWS: Sample[] = [
  { label: 'a', atS: 2, bits: null, fraction: 0.25 },
  { label: 'up', atS: 4.01, bits: 8e6, fraction: 0.5 },
];

const EXPECTED_MARKDOWN = `## Test samples

| label | at (s) | Mbit | fraction | at (ms) |
| --- | ---: | ---: | ---: | ---: |
| a | 2 | — | 25.0% | 2000 |
| up | 4.01 | 8 | 50.0% | 4010 |

2 samples, the last at 4.01 s.
`;

const EXPECTED_CSV = `label,atS,bits,fraction,note
a,2,,0.25,"a, done"
up,4.01,8000000,0.5,"up, done"
`;

test('a section on a fresh registry: the recorder makes rows from its event, the writers render its columns', (t) => {
  const registry = register(new ResultSectionRegistry());
  let nowS = 0;
  const bus = new TraceBus(() => nowS);
  const recorder = new TimelineRecorder(bus, registry);
  t.deepEqual([...recorder.sectionRows.keys()], ['test-samples']); // only the fresh registry's sections
  nowS = 2;
  emitSample(bus, { label: 'a', bits: null, fraction: 0.25 });
  nowS = 4.01;
  emitSample(bus, { label: 'up', bits: 8e6, fraction: 0.5 });
  recorder.detach();
  emitSample(bus, { label: 'late', bits: 1, fraction: 1 }); // after detach: not recorded
  const rows = recorder.sectionRows.get('test-samples')!;
  t.deepEqual(rows, EXPECTED_ROWS);
  const section = registry.list()[0]!;
  t.is(sectionMarkdown(section, rows).join('\n'), EXPECTED_MARKDOWN);
  t.is(sectionCsv(section, rows), EXPECTED_CSV);
  t.throws(() => recorder.rows('rounds'), { message: /result section 'rounds' is not recorded; declared: test-samples/ });
});

test('the registry refuses a taken key and a key that is not a file stem, and unregisters', (t) => {
  const registry = register(new ResultSectionRegistry());
  t.throws(() => register(registry), { message: "result section 'test-samples' is already registered" });
  t.throws(() => registry.register({ ...SAMPLES, key: '../x' } as never), { message: /is not a plain name/ });
  t.true(registry.unregister('test-samples'));
  t.false(registry.has('test-samples'));
  // Types (checked by tsc, not run): `rounds` is a required ReportSections member, so its
  // declaration must say alwaysInJson: true, and its rows are RoundRecords.
  const typed = (): unknown => [
    registry.register({ key: 'rounds', title: 'T', event: 'round.end', row: (p) => p, columns: [{ csv: 'round', value: (r) => r.round }], alwaysInJson: true }),
    // @ts-expect-error a required member's section must set alwaysInJson: true
    registry.register({ key: 'rounds', title: 'T', event: 'round.end', row: (p) => p, columns: [] }),
    // @ts-expect-error a row must be the member's element type (RoundRecord)
    registry.register({ key: 'rounds', title: 'T', event: 'warning', row: (p) => p, columns: [], alwaysInJson: true }),
  ];
  t.is(typeof typed, 'function');
});

// Through a whole run, on the global registry (registered for this file's tests, then removed).
// Timeline (s): compute `a`, 2e9 FLOPs at 1e9 FLOP/s, ends at 2; `up`, 8e6 bits at 4e6 bit/s after
// it, is on air 2 … 4 and arrives after 0.01 s of propagation, at 4.01. Each task end emits a sample.
const spec: ScenarioSpec = {
  name: 'sections',
  nodes: [
    { id: 't0', kind: 'terminal', cpuFlopsPerS: 1e9 },
    { id: 'e0', kind: 'edge', cpuFlopsPerS: 1e12 },
  ],
  links: [{ from: 't0', to: 'e0', rateBps: 4e6, delayS: 0.01 }],
  tasks: [
    { id: 'a', type: 'compute', node: 't0', flops: 2e9 },
    { id: 'up', type: 'send', from: 't0', to: 'e0', bits: 8e6, after: ['a'] },
  ],
};

test.before(() => {
  register(resultSections);
});
test.after.always(() => {
  resultSections.unregister('test-samples');
});

function run(emit: boolean) {
  return simulate(validateScenario(spec), {
    onTrace: (bus) => {
      if (emit) bus.on('task.end', (p) => emitSample(bus, { label: p.task, bits: p.task === 'up' ? 8e6 : null, fraction: p.task === 'a' ? 0.25 : 0.5 }));
    },
  }).report;
}

test('report.json, report.md and the CSV files render a declared section from its one declaration', async (t) => {
  const report = run(true);
  const json = JSON.parse((await reportFormats.get('json')(report))['report.json']!) as Record<string, unknown>;
  t.deepEqual(json['test-samples'], EXPECTED_ROWS);
  const keys = Object.keys(json);
  // sections follow `events` in registration order (`rounds` first, always present; the nodes'
  // `computations` of the compute tasks), then `training`
  t.deepEqual(keys.slice(keys.indexOf('events'), keys.indexOf('training') + 1), ['events', 'rounds', 'computations', 'test-samples', 'training']);
  t.deepEqual(json.rounds, []);

  const md = (await reportFormats.get('md')(report))['report.md']!;
  t.true(md.includes(`\n${EXPECTED_MARKDOWN}\n## Links\n`), md);
  t.true(md.indexOf('## Energy and radio') < md.indexOf('## Test samples'));
  t.false(md.includes('## Training'));

  const csv = (await reportFormats.get('csv')(report));
  t.is(csv['test-samples.csv'], EXPECTED_CSV);
  t.deepEqual(Object.keys(csv), ['nodes.csv', 'links.csv', 'transfers.csv', 'computations.csv', 'test-samples.csv', 'tasks.csv']);
});

test('an optional section without rows is left out of report.json, report.md and the CSV files', async (t) => {
  const report = run(false);
  const json = JSON.parse((await reportFormats.get('json')(report))['report.json']!) as Record<string, unknown>;
  t.false('test-samples' in json);
  t.deepEqual(json.rounds, []); // `rounds` is declared always present
  t.false((await reportFormats.get('md')(report))['report.md']!.includes('Test samples'));
  t.false('test-samples.csv' in (await reportFormats.get('csv')(report)));
});
