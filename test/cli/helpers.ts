import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '../..');

/** What a CLI run gave. */
export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `edgesim …` in folder `cwd` as a user would. */
export function edgesimIn(cwd: string, ...args: string[]): Promise<Result> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/edgesim.js'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Runs `edgesim …` from the repository root as a user would. */
export function edgesim(...args: string[]): Promise<Result> {
  return edgesimIn(ROOT, ...args);
}

// One temporary folder per test file, removed when its tests are done (pass or fail).
let root: string | undefined;
test.after.always('remove the temporary folders', () => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
});

/** A fresh temporary folder, removed with the others after the test file's tests. */
export const tmp = (): string => {
  root ??= mkdtempSync(join(tmpdir(), 'edgesim-test-'));
  return mkdtempSync(join(root, 'd-'));
};
