import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Vec3 } from '../../src/mobility/vec.js';

/** Writes `content` to a fresh temporary file named `name` and returns its path. */
export function fixture(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'edgesim-trace-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Whether two positions agree within `tol` metres. */
export function near(a: Vec3, b: [number, number, number], tol = 1e-9): boolean {
  return Math.abs(a.x - b[0]) <= tol && Math.abs(a.y - b[1]) <= tol && Math.abs(a.z - b[2]) <= tol;
}
