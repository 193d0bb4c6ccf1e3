import test from 'ava';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tmp, edgesimIn as run } from '../cli/helpers.js';

// A user's project outside the repository, edgesim installed in it (as `npm install <path>` does
// for a folder: a symlink), and a scenario that imports it by name.
function project(type: 'commonjs' | 'module' | undefined): string {
  const dir = tmp();
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'my-experiments', version: '1.0.0', ...(type === undefined ? {} : { type }) }));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'edgesim'), 'dir');
  const scenario = `import { defineScenario } from 'edgesim';
export default defineScenario({
  name: 'outside',
  nodes: [{ id: 't0', kind: 'terminal', cpuFlopsPerS: 1e9 }, { id: 'e0', kind: 'edge', cpuFlopsPerS: 1e12 }],
  links: [{ from: 't0', to: 'e0', rateBps: 4e6 }],
  tasks: [{ id: 'up', type: 'send', from: 't0', to: 'e0', bits: 8e6 }],
});
`;
  writeFileSync(join(dir, 'scenario.ts'), scenario);
  writeFileSync(join(dir, 'scenario.mts'), scenario);
  return dir;
}

test('a .ts scenario in a CommonJS project (npm init -y) fails with a message that names the fix', async (t) => {
  for (const type of ['commonjs', undefined] as const) {
    const dir = project(type);
    const r = await run(dir, 'run', 'scenario.ts', '--quiet', '--out', 'out');
    t.is(r.code, 2);
    t.true(r.stderr.includes('set "type": "module" in package.json (npm pkg set type=module), or name the scenario file .mts'), r.stderr);
    // The .mts recipe works in the same project.
    const m = await run(dir, 'run', 'scenario.mts', '--quiet', '--out', 'out-mts');
    t.is(m.code, 0, m.stderr);
    t.true(existsSync(join(dir, 'out-mts', 'report.json')));
  }
});

test('a .ts scenario in a project with "type": "module" runs', async (t) => {
  const dir = project('module');
  const r = await run(dir, 'run', 'scenario.ts', '--quiet', '--out', 'out');
  t.is(r.code, 0, r.stderr);
  t.true(existsSync(join(dir, 'out', 'report.json')));
});
