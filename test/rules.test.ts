import test from 'ava';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const SRC = resolve(import.meta.dirname, '../src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('no Math.random in src/: every draw comes from a named seeded stream', (t) => {
  const offenders = sources(SRC).filter((f) => /Math\s*\.\s*random/.test(readFileSync(f, 'utf8')));
  t.deepEqual(offenders, []);
});

// DESIGN §2: dependencies point one way, down this list; a layer imports only layers above it.
const LAYERS = ['util', 'engine', 'mobility', 'radio', 'node', 'net', 'learning', 'datacenter', 'training', 'inference', 'scenario', 'report', 'sweep', 'cli'];

test('layers point one way: no file under src/ imports a layer below its own (DESIGN §2)', (t) => {
  const offenders: string[] = [];
  for (const file of sources(SRC)) {
    const rel = file.slice(SRC.length + 1).split('/');
    if (rel.length < 2) continue; // src/index.ts re-exports everything
    const own = LAYERS.indexOf(rel[0]!);
    t.not(own, -1, `${rel[0]} is not a layer of DESIGN §2`);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'";]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)) {
      const spec = m[1] ?? m[2]!;
      if (!spec.startsWith('.')) continue;
      const target = resolve(join(file, '..'), spec).slice(SRC.length + 1).split('/')[0]!;
      const rank = LAYERS.indexOf(target);
      if (rank > own) offenders.push(`${rel.join('/')} imports ${spec} (${target} is below ${rel[0]})`);
    }
  }
  t.deepEqual(offenders, []);
});

test('the layer check catches an import of a lower layer', (t) => {
  // The check above, on a line it must flag: training importing the scenario layer.
  const line = "import { linkBetween } from '../scenario/world.js';";
  const m = /(?:^|\n)\s*(?:import|export)[^'";]*?from\s+'([^']+)'/.exec(line)!;
  const target = resolve(join(SRC, 'training'), m[1]!).slice(SRC.length + 1).split('/')[0]!;
  t.true(LAYERS.indexOf(target) > LAYERS.indexOf('training'));
});
