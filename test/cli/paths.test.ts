import test from 'ava';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { edgesimIn, ROOT, tmp } from './helpers.js';

// One rule: trace paths in a scenario are relative to the scenario file's folder, whether written in
// a node's mobility, in nodesFromTrace, or passed to loadTrace while the scenario file loads; the
// CLI's trace commands take paths relative to the working folder.

test('every trace path in a scenario is relative to the scenario file, whatever the working folder', async (t) => {
  const dir = tmp();
  mkdirSync(join(dir, 'scenarios'));
  mkdirSync(join(dir, 'traces'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, 'traces', 'cars.csv'), 't,id,x,y\n0,a,1,0\n0,b,2,0\n');
  // A decoy at the same relative path from the working folder: reading it would give node 'z'.
  const cwd = join(dir, 'work', 'here');
  mkdirSync(join(dir, 'work', 'traces'), { recursive: true });
  mkdirSync(cwd);
  writeFileSync(join(dir, 'work', 'traces', 'cars.csv'), 't,id,x,y\n0,z,9,0\n');
  writeFileSync(
    join(dir, 'scenarios', 'paths.ts'),
    `import { defineScenario, loadTrace, nodesFromTrace } from ${JSON.stringify(join(ROOT, 'src/index.ts'))};
const TRACE = '../traces/cars.csv';
const ids = [...loadTrace(TRACE).nodes.keys()];
export default defineScenario({
  name: 'paths',
  nodes: [
    ...ids.map((id) => ({ id: 'm-' + id, kind: 'terminal' as const, cpuFlopsPerS: 1e9, mobility: { trace: TRACE, id } })),
    nodesFromTrace(TRACE, { kind: 'terminal', cpuFlopsPerS: 1e9, idPrefix: 'f-' }),
  ],
});
`,
  );
  const r = await edgesimIn(cwd, 'run', join(dir, 'scenarios', 'paths.ts'), '--out', join(dir, 'out'), '--quiet', '--format', 'json');
  t.is(r.code, 0, r.stderr);
  const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
  t.deepEqual(
    report.nodes.map((n: { id: string; positionM: number[] }) => [n.id, n.positionM[0]]),
    [['m-a', 1], ['m-b', 2], ['f-a', 1], ['f-b', 2]],
  );
  // The CLI reads relative to the working folder: the decoy.
  const info = await edgesimIn(cwd, 'trace', 'info', '../traces/cars.csv', '--json');
  t.deepEqual(JSON.parse(info.stdout).ids, ['z']);
});
