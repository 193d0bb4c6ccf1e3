/**
 * The trace formats: a registry of readers and writers, format detection from the file name and
 * content, and a cache so a trace used by many nodes is read once.
 * @module
 */
import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { Registry } from '../../engine/registry.js';
import { InputError } from '../../engine/errors.js';
import { forEachLine, parseDecimal, requireRegularFile, tokens } from './lines.js';
import type { TraceData } from './traceData.js';
import { readNs2 } from './ns2.js';
import { readSumoFcd } from './sumoFcd.js';
import { readDelimited } from './delimited.js';
import { readBonnMotion } from './bonnmotion.js';
import { readOne } from './one.js';
import { resolveTracePath, traceBaseDir } from './paths.js';
import { applyPresenceSidecar, idsSidecarPath, presenceSidecarPath } from './sidecars.js';
import { writeBonnMotion, writeCsv, writeNs2, writeOne, type TrajectoryMap } from './writers.js';

/** Options of a trace read. */
export interface TraceReadOptions {
  /** BonnMotion only: 2 or 3 dimensions (default from `.params` or the token counts) */
  dims?: 2 | 3;
}

/** A trace format. */
export interface TraceFormat {
  /** file name endings that select it */
  extensions: string[];
  /** reads a file */
  read(file: string, options: TraceReadOptions): TraceData;
  /** writes trajectories (formats `trace convert` can produce) */
  write?(nodes: TrajectoryMap, options: TraceReadOptions): string;
  /**
   * true for formats that number nodes 0…n−1 and cannot say "absent" (ids and presence go to the
   * header or sidecars: `sidecars.ts`)
   */
  indexed?: boolean;
}

/** The registry of trace formats (`--format` of `edgesim trace`, `format` of a trace mobility). */
export const traceFormats = new Registry<TraceFormat>('trace format')
  .register('ns2', 'ns-2 movement file ($node_(i) set …, $ns_ at t "… setdest x y speed")', { extensions: ['.ns2', '.tcl', '.ns_movements'], read: (f) => applyPresenceSidecar(readNs2(f)), write: writeNs2, indexed: true })
  .register('sumo-fcd', 'SUMO floating car data XML (<fcd-export><timestep><vehicle …/>)', { extensions: ['.xml'], read: readSumoFcd })
  .register('sumo-csv', "SUMO FCD converted by xml2csv.py (';'-separated, timestep_time;vehicle_id;…)", { extensions: [], read: (f) => readDelimited(f, 'sumo-csv') })
  .register('bonnmotion', 'BonnMotion .movements (one line per node: t x y t x y …)', { extensions: ['.movements'], read: (f, o) => applyPresenceSidecar(readBonnMotion(f, o.dims)), write: (n, o) => writeBonnMotion(n, o.dims), indexed: true })
  .register('one', 'ONE external movement (header, then time id x y)', { extensions: ['.one'], read: (f) => applyPresenceSidecar(readOne(f)), write: writeOne, indexed: true })
  .register('csv', 'CSV with a header t,id,x,y[,z]', { extensions: ['.csv'], read: (f) => readDelimited(f, 'csv'), write: writeCsv });

/**
 * The format of a trace file: from its first meaningful lines, else its extension.
 * @param file - path of the file
 * @throws InputError when neither tells
 */
export function detectTraceFormat(file: string): string {
  const head: string[] = [];
  forEachLine(file, (line) => {
    const l = line.trim();
    if (l !== '' && !l.startsWith('#')) head.push(l);
    return head.length < 2;
  });
  const first = head[0] ?? '';
  if (/^\$(node_|ns_|god_)/.test(first)) return 'ns2';
  if (first.startsWith('<')) return 'sumo-fcd';
  if (first.split(';').includes('timestep_time')) return 'sumo-csv';
  if (first.includes(',') && /(^|,)\s*(t|time)\s*(,|$)/i.test(first)) return 'csv';
  const tok = tokens(first);
  if (tok.length > 0 && tok.every((t) => !Number.isNaN(parseDecimal(t)))) {
    const second = tokens(head[1] ?? '');
    // `time id x y` lines after a 6- or 8-number header: ONE (BonnMotion lines hold 3 or 4 numbers
    // per sample, one line per node, so a 4-field second line after 6 or 8 numbers is unlikely).
    if ((tok.length === 6 || tok.length === 8) && second.length === 4) return 'one';
    return 'bonnmotion';
  }
  const lower = file.toLowerCase();
  for (const f of traceFormats.list()) if (f.value.extensions.some((e) => lower.endsWith(e))) return f.name;
  throw new InputError(`cannot tell the trace format; name one (${traceFormats.names().join(', ')})`, { file });
}

const cache = new Map<string, TraceData>();

/** A sidecar's version for the cache key ('' when absent). */
function stamp(path: string): string {
  try {
    const st = statSync(path);
    return `${st.mtimeMs}/${st.size}`;
  } catch {
    return '';
  }
}

/**
 * Reads a trace, detecting its format unless given; cached by path, format and file version.
 * @param path - path of the trace: relative to the scenario file's folder when called while a
 *   scenario file loads, else to the working folder (see `paths.ts`)
 * @param format - a registered format name; default detected
 * @param options - reader options
 * @throws InputError for a missing file, a folder or other non-regular file, an unknown format, a
 *   malformed line, or a trace without nodes
 */
export function loadTrace(path: string, format?: string, options: TraceReadOptions = {}): TraceData {
  const base = traceBaseDir();
  const abs = resolveTracePath(path, base);
  // Messages name the file as given when it is relative to the working folder.
  const file = isAbsolute(path) || base === process.cwd() ? path : abs;
  let st;
  try {
    st = statSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' || code === 'ENOTDIR' ? 'trace file not found' : `cannot read the trace: ${(err as Error).message}`, { file });
  }
  requireRegularFile(file, st);
  const name = format ?? detectTraceFormat(file);
  if (!traceFormats.has(name)) throw new InputError(`unknown trace format '${name}'; known: ${traceFormats.names().join(', ')}`, { file });
  const key = `${abs}\u0000${name}\u0000${options.dims ?? ''}\u0000${st.mtimeMs}\u0000${st.size}\u0000${stamp(idsSidecarPath(abs))}\u0000${stamp(presenceSidecarPath(abs))}`;
  let data = cache.get(key);
  if (data === undefined) {
    data = traceFormats.get(name).read(file, options);
    cache.set(key, data);
  }
  return data;
}
