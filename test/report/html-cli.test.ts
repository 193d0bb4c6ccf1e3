import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { edgesim, tmp } from '../cli/helpers.js';

// A short quickstart (2 rounds, ~3 s a run): report.html end to end through the CLI.
const ARGS = ['scenarios/quickstart.ts', '--quiet', '--set', 'training.rounds=2', '--set', 'training.samplesPerClient=50'];

const EXPECTED_PLOTS = ['accuracy-time', 'accuracy-round', 'round-breakdown', 'energy', 'activity', 'links'];

test('--format html writes one self-contained, deterministic report.html with a figure per plot', async (t) => {
  const [a, b] = [tmp(), tmp()];
  const ra = await edgesim('run', ...ARGS, '--format', 'html', '--out', a);
  t.is(ra.code, 0, ra.stderr);
  const html = readFileSync(join(a, 'report.html'), 'utf8');
  const figures = [...html.matchAll(/<figure class="plot" data-plot="([^"]+)">\n(<svg[\s\S]*?<\/svg>)\n<figcaption>/g)];
  t.deepEqual(
    figures.map((f) => f[1]),
    EXPECTED_PLOTS,
  );
  for (const f of figures) t.true(f[2]!.includes('role-axis'), f[1]);
  // the Markdown summary's tables are there
  t.true(html.includes('<h2>Energy and radio</h2>'));
  t.true(html.includes('<h2>Training</h2>'));
  t.true((html.match(/<table>/g) ?? []).length >= 5);
  // self-contained: no script, no external resource (the SVG namespace is a name, not a fetch)
  t.false(/<script/i.test(html));
  t.false(/\b(?:src|href)\s*=/i.test(html));
  t.false(/url\(/i.test(html));
  t.false(/https?:|\/\//i.test(html.replace(/ xmlns(?::xlink)?="http:\/\/www\.w3\.org\/[0-9]{4}\/(?:svg|xlink)"/g, '')));
  const rb = await edgesim('run', ...ARGS, '--format', 'html', '--out', b);
  t.is(rb.code, 0, rb.stderr);
  t.true(readFileSync(join(b, 'report.html')).equals(readFileSync(join(a, 'report.html'))), 'same scenario and seed: byte-identical report.html');
});

test('edgesim list shows the html format from the registry', async (t) => {
  const r = await edgesim('list');
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /report formats:[\s\S]*\bhtml\s+report\.html/);
  const help = await edgesim('run', '--help');
  t.regex(help.stdout, /json, md, csv, html/);
});
