/**
 * Writing outputs without leaving anything half-written: a run writes into a staging folder beside
 * the output folder and renames it into place only when everything is written.
 * @module
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Creates an empty staging folder beside `outDir` (same file system, so the final rename is
 * atomic).
 * @param outDir - the final output folder
 * @returns the staging folder's path
 */
export function createStagingDir(outDir: string): string {
  const abs = resolve(outDir);
  mkdirSync(dirname(abs), { recursive: true });
  const staging = join(dirname(abs), `.${basename(abs)}.tmp-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  return staging;
}

/**
 * Writes files into a folder.
 * @param dir - the folder
 * @param files - file name → content
 */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
}

/**
 * Replaces `outDir` with the staging folder: the old output (if any) is moved aside, the staging
 * folder renamed into place, then the old one removed.
 * @param staging - the staging folder from {@link createStagingDir}
 * @param outDir - the final output folder
 */
export function commitStagingDir(staging: string, outDir: string): void {
  const abs = resolve(outDir);
  const old = join(dirname(abs), `.${basename(abs)}.old-${process.pid}`);
  const hadOld = existsSync(abs);
  if (hadOld) renameSync(abs, old);
  renameSync(staging, abs);
  if (hadOld) rmSync(old, { recursive: true, force: true });
}

/**
 * Removes a staging folder (after a failed run).
 * @param staging - the staging folder
 */
export function discardStagingDir(staging: string): void {
  rmSync(staging, { recursive: true, force: true });
}

/**
 * Writes one file atomically: a temporary file beside it, then a rename.
 * @param path - the final path
 * @param content - the text
 */
export function writeFileAtomic(path: string, content: string): void {
  const abs = resolve(path);
  mkdirSync(dirname(abs), { recursive: true });
  const tmp = join(dirname(abs), `.${basename(abs)}.tmp-${process.pid}`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, abs);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
