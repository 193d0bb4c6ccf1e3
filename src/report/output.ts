/**
 * Writing outputs safely. Two rules hold for every writer (run reports now, sweeps later):
 * - **Nothing half-written:** an output folder is written into a staging folder beside it and
 *   renamed into place when complete; a single file is written to a temporary file and linked or
 *   renamed into place.
 * - **Nothing replaced that edgesim did not create:** every output folder holds a marker file
 *   ({@link OUTPUT_MARKER}); an existing folder is replaced only when it holds that marker or is
 *   empty. A file, a symbolic link, the working folder (or one holding it) and any other non-empty
 *   folder are refused with an {@link InputError}. Single output files are never replaced.
 *
 * Staging names are `.<name>.tmp-<pid>` and `.<name>.old-<pid>` beside the output; those left by a
 * process that no longer runs are cleaned up when the same output is written again.
 * @module
 */
import { linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join, parse, resolve, sep } from 'node:path';
import { InputError } from '../engine/errors.js';
import { edgesimVersion } from './simulate.js';

/** Name of the marker file edgesim writes into every output folder. */
export const OUTPUT_MARKER = '.edgesim-output';

/** Content of {@link OUTPUT_MARKER} (JSON). */
export interface OutputMarker {
  /** always `edgesim` */
  tool: 'edgesim';
  /** the edgesim version that wrote the folder */
  version: string;
  /** what wrote it, e.g. `run` */
  kind: string;
}

/** Where an output path came from, for messages (e.g. `--out`). */
export interface OutputOptions {
  /** the flag or field that named the path; default `--out` */
  field?: string;
}

const MAX_MARKER_BYTES = 4096;

function lstatOrUndefined(abs: string, field: string): Stats | undefined {
  try {
    return lstatSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new InputError(`cannot use ${abs}: ${code === 'ENOTDIR' ? 'a part of the path is a file' : (err as Error).message}`, { field });
  }
}

/**
 * Whether `dir` holds a valid edgesim output marker.
 * @param dir - an existing folder
 */
export function isEdgesimOutput(dir: string): boolean {
  const marker = join(dir, OUTPUT_MARKER);
  try {
    const st = lstatSync(marker);
    if (!st.isFile() || st.size > MAX_MARKER_BYTES) return false;
    const m = JSON.parse(readFileSync(marker, 'utf8')) as Partial<OutputMarker> | null;
    return m !== null && typeof m === 'object' && m.tool === 'edgesim' && typeof m.kind === 'string';
  } catch {
    return false;
  }
}

/**
 * Checks that an output folder may be written: it does not exist, is empty, or is an earlier
 * edgesim output (holds {@link OUTPUT_MARKER}).
 * @param outDir - the output folder as the user named it
 * @param options - the flag that named it, for messages
 * @returns the absolute path
 * @throws InputError saying why not and what to do
 */
export function checkOutputDir(outDir: string, options: OutputOptions = {}): string {
  const field = options.field ?? '--out';
  if (outDir.trim() === '') throw new InputError("expected a folder path, got ''", { field });
  const abs = resolve(outDir);
  const cwd = process.cwd();
  if (abs === parse(abs).root) throw new InputError(`${abs} is the root of the file system; choose a new folder for the outputs`, { field });
  if (abs === cwd || cwd.startsWith(abs + sep)) {
    throw new InputError(`${abs} is the working folder${abs === cwd ? '' : ' or holds it'}; edgesim would replace it: choose a new folder for the outputs (e.g. out/<name>)`, { field });
  }
  const st = lstatOrUndefined(abs, field);
  if (st === undefined) return abs;
  const remedy = `choose another ${field}, or remove it yourself if it may go`;
  if (st.isSymbolicLink()) throw new InputError(`${abs} is a symbolic link, not a folder edgesim wrote; ${remedy}`, { field });
  if (!st.isDirectory()) throw new InputError(`${abs} is a file, not an output folder; edgesim does not replace it: ${remedy}`, { field });
  if (readdirSync(abs).length === 0 || isEdgesimOutput(abs)) return abs;
  throw new InputError(`${abs} is not empty and not an earlier edgesim output (it holds no ${OUTPUT_MARKER}); edgesim does not replace it: ${remedy}`, { field });
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether process `pid` is running (a process of another user counts as running).
 * @param pid - a process id
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes the staging folders and temporary files (`.<name>.tmp-<pid>`, `.<name>.old-<pid>`) of
 * output `abs` left by processes that no longer run; only names of exactly that pattern are
 * touched. An `.old-<pid>` folder (the previous output, moved aside when its process died) is put
 * back when the output itself is missing.
 * @param abs - the absolute output path
 * @returns the paths removed or restored
 */
export function removeStaleStaging(abs: string): string[] {
  const dir = dirname(abs);
  const pattern = new RegExp(`^\\.${escapeRe(basename(abs))}\\.(tmp|old)-([1-9][0-9]{0,9})$`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const done: string[] = [];
  for (const name of names) {
    const m = pattern.exec(name);
    if (m === null) continue;
    const pid = Number(m[2]);
    if (pid === process.pid || isProcessAlive(pid)) continue;
    const path = join(dir, name);
    if (m[1] === 'old' && lstatOrUndefined(abs, '') === undefined) renameSync(path, abs);
    else rmSync(path, { recursive: true, force: true });
    done.push(path);
  }
  return done;
}

function makeParent(abs: string, field: string): void {
  try {
    mkdirSync(dirname(abs), { recursive: true });
  } catch (err) {
    throw new InputError(`cannot create the folder ${dirname(abs)}: ${(err as Error).message}`, { field });
  }
}

/**
 * Checks `outDir` ({@link checkOutputDir}), removes stale staging of it, and creates an empty
 * staging folder beside it (same file system, so the final rename is atomic) holding the marker.
 * @param outDir - the final output folder
 * @param kind - what writes it (recorded in the marker), e.g. `run`
 * @param options - the flag that named it, for messages
 * @returns the staging folder's path
 * @throws InputError when `outDir` may not be written
 */
export function createStagingDir(outDir: string, kind: string, options: OutputOptions = {}): string {
  const abs = checkOutputDir(outDir, options);
  makeParent(abs, options.field ?? '--out');
  removeStaleStaging(abs);
  const staging = join(dirname(abs), `.${basename(abs)}.tmp-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  const marker: OutputMarker = { tool: 'edgesim', version: edgesimVersion(), kind };
  writeFileSync(join(staging, OUTPUT_MARKER), `${JSON.stringify(marker)}\n`);
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
 * Puts the staging folder in place of `outDir`, checking again that `outDir` may be replaced: an
 * earlier output is moved aside, the staging folder renamed into place, then the old one removed.
 * @param staging - the staging folder from {@link createStagingDir}
 * @param outDir - the final output folder
 * @param options - the flag that named it, for messages
 * @throws InputError when `outDir` may no longer be replaced (the caller discards the staging)
 */
export function commitStagingDir(staging: string, outDir: string, options: OutputOptions = {}): void {
  const abs = checkOutputDir(outDir, options);
  const st = lstatOrUndefined(abs, options.field ?? '--out');
  // A missing or empty folder: rename replaces it atomically (and fails if a file appeared in it).
  if (st === undefined || readdirSync(abs).length === 0) {
    renameSync(staging, abs);
    return;
  }
  const old = join(dirname(abs), `.${basename(abs)}.old-${process.pid}`);
  renameSync(abs, old);
  try {
    renameSync(staging, abs);
  } catch (err) {
    renameSync(old, abs);
    throw err;
  }
  rmSync(old, { recursive: true, force: true });
}

/**
 * Removes a staging folder (after a failed run).
 * @param staging - the staging folder
 */
export function discardStagingDir(staging: string): void {
  rmSync(staging, { recursive: true, force: true });
}

function alreadyExists(path: string, field: string | undefined): InputError {
  return new InputError('already exists; edgesim does not replace files: choose another output path, or remove it yourself if it may go', { file: path, ...(field === undefined ? {} : { field }) });
}

/**
 * Writes a new file atomically: a temporary file beside it, then a hard link to the final name
 * (which fails if a file of that name appeared meanwhile). An existing file is never replaced.
 * @param path - the final path
 * @param content - the text
 * @param options - the flag or argument that named the path, for messages
 * @throws InputError when `path` exists or its folder cannot be made
 */
export function writeNewFileAtomic(path: string, content: string, options: OutputOptions = {}): void {
  const field = options.field;
  if (path.trim() === '') throw new InputError("expected a file path, got ''", field === undefined ? {} : { field });
  const abs = resolve(path);
  makeParent(abs, field ?? path);
  if (lstatOrUndefined(abs, field ?? path) !== undefined) throw alreadyExists(path, field);
  removeStaleStaging(abs);
  const tmp = join(dirname(abs), `.${basename(abs)}.tmp-${process.pid}`);
  try {
    writeFileSync(tmp, content);
    try {
      linkSync(tmp, abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw alreadyExists(path, field);
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw err;
      // A file system without hard links: check again, then rename.
      if (lstatOrUndefined(abs, field ?? path) !== undefined) throw alreadyExists(path, field);
      renameSync(tmp, abs);
    }
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // renamed into place, or never written
    }
  }
}
