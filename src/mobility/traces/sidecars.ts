/**
 * What ns-2, BonnMotion and ONE files cannot say, kept beside or inside them so that `edgesim
 * trace convert` loses nothing and our readers restore it:
 * - **ids**: these formats number nodes 0…n−1. The original ids are listed in the file's `#`
 *   header where the format has comments (ns-2, ONE: {@link ID_HEADER}, then `# node i = id`) and
 *   in a sidecar `<file>.ids.csv` (`index,id`) otherwise (BonnMotion). A reader that finds the
 *   mapping gives the nodes their original ids back.
 * - **presence**: these formats have no absence (a node exists all the time). The windows of nodes
 *   present only part of the time (SUMO vehicles, CSV nodes) go to a sidecar
 *   `<file>.presence.csv` (`id,fromS,toS`, original ids); when it is there, the node is present
 *   only within its window. Other tools ignore the sidecar.
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { InputError } from '../../engine/errors.js';
import { lineError, parseDecimal, requireRegularFile } from './lines.js';
import type { TraceData } from './traceData.js';
import type { SampledTrajectory } from '../trajectory.js';
import { MAX_ABS_TIME_S } from './bounds.js';

/** The first line of the id mapping in an ns-2 or ONE header; `# node <index> = <id>` lines follow. */
export const ID_HEADER = '# edgesim ids: node index = original id';

const ID_LINE_RE = /^# node (0|[1-9][0-9]*) = (.+)$/;
const MAX_SIDECAR_BYTES = 64 << 20;

/** Path of the id sidecar of a trace file (`<file>.ids.csv`). */
export function idsSidecarPath(file: string): string {
  return `${file}.ids.csv`;
}

/** Path of the presence sidecar of a trace file (`<file>.presence.csv`). */
export function presenceSidecarPath(file: string): string {
  return `${file}.presence.csv`;
}

/**
 * The `#` header lines that map node indices to ids ({@link ID_HEADER}, then one line per node).
 * @param ids - the ids, in index order
 * @throws InputError for an id holding a line break (it would end the comment)
 */
export function idHeaderLines(ids: readonly string[]): string[] {
  for (const id of ids) if (/[\r\n]/.test(id)) throw new InputError(`node id ${JSON.stringify(id)} holds a line break; it cannot be listed in a # comment`);
  return [ID_HEADER, ...ids.map((id, i) => `# node ${i} = ${id}`)];
}

/** Collects the id mapping from a file's `#` comment lines (ns-2, ONE), checking it as it goes. */
export class IdHeaderReader {
  /** index (as written) → original id */
  readonly map = new Map<string, string>();
  private readonly ids = new Set<string>();
  private active = false;

  /** @param file - the trace file (for messages) */
  constructor(private readonly file: string) {}

  /**
   * Takes one comment line (starting with `#`).
   * @throws InputError for an index or id listed twice
   */
  comment(line: string, lineNo: number): void {
    if (line === ID_HEADER) {
      this.active = true;
      return;
    }
    const m = this.active ? ID_LINE_RE.exec(line) : null;
    if (m === null) {
      this.active = false;
      return;
    }
    const [, index, id] = m as unknown as [string, string, string];
    if (this.map.has(index)) throw lineError(this.file, lineNo, line, `node ${index} is listed twice in the id mapping`);
    if (this.ids.has(id)) throw lineError(this.file, lineNo, line, `id '${id}' is listed twice in the id mapping`);
    this.map.set(index, id);
    this.ids.add(id);
  }
}

/**
 * Gives the nodes of `data` their original ids from `map` (index → id), keeping their order.
 * @param where - where the mapping came from, for messages
 * @throws InputError when a node of the trace has no entry in a non-empty mapping
 */
export function restoreIds(data: TraceData, map: ReadonlyMap<string, string>, where: string): TraceData {
  if (map.size === 0) return data;
  const nodes = new Map<string, SampledTrajectory>();
  for (const [index, traj] of data.nodes) {
    const id = map.get(index);
    if (id === undefined) throw new InputError(`node ${index} has no entry in the id mapping (${where}); the mapping and the trace do not match`, { file: data.file });
    nodes.set(id, traj);
  }
  return { ...data, nodes };
}

/**
 * A CSV field quoted when needed (a comma, a quote, or white space at either end).
 * @param value - the field
 */
export function csvField(value: string): string {
  return /[",]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The fields of a CSV line (RFC 4180 quoting), or undefined when its quotes are malformed. */
function csvFields(line: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) === 34) {
      let v = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) return undefined;
        v += line.slice(j, q);
        if (line.charCodeAt(q + 1) === 34) {
          v += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      out.push(v);
      if (j === line.length) return out;
      if (line.charCodeAt(j) !== 44) return undefined;
      i = j + 1;
    } else {
      const c = line.indexOf(',', i);
      if (c < 0) {
        out.push(line.slice(i));
        return out;
      }
      out.push(line.slice(i, c));
      i = c + 1;
    }
  }
}

/** The rows of a sidecar after its header, or undefined when there is no sidecar. */
function sidecarRows(path: string, header: string): { fields: string[]; lineNo: number; line: string }[] | undefined {
  let st;
  try {
    st = statSync(path);
  } catch {
    return undefined;
  }
  requireRegularFile(path, st);
  if (st.size > MAX_SIDECAR_BYTES) throw new InputError(`a sidecar of ${st.size} bytes (over ${MAX_SIDECAR_BYTES})`, { file: path });
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read: ${(err as Error).message}`, { file: path });
  }
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines[0] !== header) throw lineError(path, 1, lines[0] ?? '', `expected the header ${header}`);
  const rows = [];
  const width = header.split(',').length;
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k]!;
    const fields = csvFields(line);
    if (fields === undefined || fields.length !== width) throw lineError(path, k + 1, line, `expected ${width} comma-separated fields (${header})`);
    rows.push({ fields, lineNo: k + 1, line });
  }
  return rows;
}

/** Header of an id sidecar. */
export const IDS_HEADER = 'index,id';
/** Header of a presence sidecar. */
export const PRESENCE_HEADER = 'id,fromS,toS';

/**
 * The id mapping in `<file>.ids.csv`, if that sidecar exists (empty map otherwise).
 * @throws InputError naming the sidecar and line for a malformed row or an index or id listed twice
 */
export function readIdsSidecar(file: string): Map<string, string> {
  const path = idsSidecarPath(file);
  const map = new Map<string, string>();
  const ids = new Set<string>();
  for (const { fields, lineNo, line } of sidecarRows(path, IDS_HEADER) ?? []) {
    const [index, id] = fields as [string, string];
    if (!/^(0|[1-9][0-9]*)$/.test(index)) throw lineError(path, lineNo, line, `expected a node index (0, 1, …), got '${index}'`);
    if (id === '') throw lineError(path, lineNo, line, 'empty id');
    if (map.has(index)) throw lineError(path, lineNo, line, `node ${index} is listed twice`);
    if (ids.has(id)) throw lineError(path, lineNo, line, `id '${id}' is listed twice`);
    map.set(index, id);
    ids.add(id);
  }
  return map;
}

/**
 * Applies `<file>.presence.csv`, if it exists: each listed node is present only within its window.
 * @throws InputError naming the sidecar and line: a node the trace lacks, a node listed twice, a
 *   window that is not two numbers fromS ≤ toS
 */
export function applyPresenceSidecar(data: TraceData): TraceData {
  const path = presenceSidecarPath(data.file);
  const seen = new Set<string>();
  for (const { fields, lineNo, line } of sidecarRows(path, PRESENCE_HEADER) ?? []) {
    const [id, from, to] = fields as [string, string, string];
    const traj = data.nodes.get(id);
    if (traj === undefined) throw lineError(path, lineNo, line, `node '${id}' is not in ${data.file}`);
    if (seen.has(id)) throw lineError(path, lineNo, line, `node '${id}' is listed twice (one window per node)`);
    seen.add(id);
    const fromS = parseDecimal(from);
    const toS = parseDecimal(to);
    if (!(Math.abs(fromS) <= MAX_ABS_TIME_S && Math.abs(toS) <= MAX_ABS_TIME_S) || fromS > toS) throw lineError(path, lineNo, line, `expected two numbers fromS ≤ toS, got '${from}', '${to}'`);
    traj.setPresenceWindow(fromS, toS);
  }
  return data;
}
