import test from 'ava';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Vec3 } from '../../src/mobility/vec.js';

// One temporary folder per test file, removed when its tests are done (pass or fail).
let root: string | undefined;
let count = 0;
test.after.always('remove the trace fixtures', () => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
});

/**
 * Writes `content` to a fresh file named `name` (in a folder of its own, so two fixtures never
 * share a path) and returns its path; removed after the test file's tests.
 */
export function fixture(name: string, content: string | Buffer): string {
  root ??= mkdtempSync(join(tmpdir(), 'edgesim-trace-'));
  const dir = join(root, String(count++));
  mkdirSync(dir);
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Whether two positions agree within `tol` metres. */
export function near(a: Vec3, b: [number, number, number], tol = 1e-9): boolean {
  return Math.abs(a.x - b[0]) <= tol && Math.abs(a.y - b[1]) <= tol && Math.abs(a.z - b[2]) <= tol;
}
