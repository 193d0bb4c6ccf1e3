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
