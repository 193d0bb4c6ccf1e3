/**
 * Delimited text traces: the generic CSV `t,id,x,y[,z]` (with a header; columns by name) and SUMO
 * FCD converted by SUMO's `xml2csv.py` (`;`-separated, columns named `timestep_time`,
 * `vehicle_id`, `vehicle_x`, …; rows that carry only a time are empty timesteps). Both are
 * present only from a node's first to its last sample. For `sumo-csv`, the `…_speed` columns (when
 * every sample has a value) are the speeds `trace info` reports, and the declared span covers every
 * row's time, rows with only a time included.
 * @module
 */
import { InputError } from '../../engine/errors.js';
import { forEachLine, lineError, parseDecimal } from './lines.js';
import { TraceBuilder, type TraceData } from './traceData.js';
import { speedProblem } from './bounds.js';

interface Columns {
  t: number;
  /** per mover kind: indices of id, x, y, z, speed (z and speed −1 when absent) */
  movers: [number, number, number, number, number][];
}

const isSpace = (c: number): boolean => c === 32 || c === 9;

function splitRow(line: string, sep: string): string[] {
  const cells = line.split(sep);
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    if (c.length > 0 && (isSpace(c.charCodeAt(0)) || isSpace(c.charCodeAt(c.length - 1)))) cells[i] = c.trim();
  }
  return cells;
}

function cellNumber(cells: string[], k: number, what: string, file: string, lineNo: number, line: string): number {
  const v = parseDecimal(cells[k]!);
  if (Number.isNaN(v)) throw lineError(file, lineNo, line, `unparseable number '${cells[k]}' for ${what}`);
  return v;
}

/**
 * Reads a delimited trace.
 * @param file - path of the file
 * @param flavour - `csv` (t,id,x,y[,z]) or `sumo-csv` (xml2csv output)
 * @throws InputError naming the line
 */
export function readDelimited(file: string, flavour: 'csv' | 'sumo-csv'): TraceData {
  const sep = flavour === 'csv' ? ',' : ';';
  const builder = new TraceBuilder(file, 'window');
  let cols: Columns | undefined;
  let width = 0;
  const lines = forEachLine(file, (line, lineNo) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const cells = splitRow(line, sep);
    if (cols === undefined) {
      cols = flavour === 'csv' ? csvColumns(cells) : sumoColumns(cells);
      if (cols === undefined) {
        throw lineError(file, lineNo, line, flavour === 'csv' ? 'expected a header naming columns t, id, x, y (and optionally z)' : 'expected an xml2csv header with timestep_time and vehicle_id/_x/_y (or person_…)');
      }
      width = cells.length;
      return;
    }
    if (cells.length !== width) throw lineError(file, lineNo, line, `expected ${width} fields, got ${cells.length}`);
    const tS = cellNumber(cells, cols.t, 'the time', file, lineNo, line);
    const movers = cols.movers;
    for (let m = 0; m < movers.length; m++) {
      const [id, x, y, z, speed] = movers[m]!;
      const name = cells[id]!;
      if (name === '') continue; // a row with only a time (an empty timestep)
      const zM = z >= 0 && cells[z] !== '' ? cellNumber(cells, z, 'z', file, lineNo, line) : 0;
      builder.add(name, tS, cellNumber(cells, x, 'x', file, lineNo, line), cellNumber(cells, y, 'y', file, lineNo, line), zM, lineNo, line);
      if (speed >= 0 && cells[speed] !== '') {
        const v = cellNumber(cells, speed, 'the speed', file, lineNo, line);
        const fast = speedProblem(Math.abs(v));
        if (fast !== undefined) throw lineError(file, lineNo, line, fast);
        builder.speed(v);
      } else builder.speed(undefined);
    }
    if (flavour === 'sumo-csv') builder.timestep(tS);
  });
  if (cols === undefined) throw new InputError('empty trace: no header', { file });
  return builder.finish(flavour, lines);
}

function csvColumns(header: string[]): Columns | undefined {
  const h = header.map((c) => c.toLowerCase());
  const find = (...names: string[]): number => h.findIndex((c) => names.includes(c));
  const t = find('t', 'time', 'ts');
  const id = find('id', 'node');
  const x = find('x', 'xm');
  const y = find('y', 'ym');
  if (t < 0 || id < 0 || x < 0 || y < 0) return undefined;
  return { t, movers: [[id, x, y, find('z', 'zm'), -1]] };
}

function sumoColumns(header: string[]): Columns | undefined {
  const t = header.indexOf('timestep_time');
  if (t < 0) return undefined;
  const movers: Columns['movers'] = [];
  for (const kind of ['vehicle', 'person', 'container']) {
    const id = header.indexOf(`${kind}_id`);
    const x = header.indexOf(`${kind}_x`);
    const y = header.indexOf(`${kind}_y`);
    if (id >= 0 && x >= 0 && y >= 0) movers.push([id, x, y, header.indexOf(`${kind}_z`), header.indexOf(`${kind}_speed`)]);
  }
  return movers.length > 0 ? { t, movers } : undefined;
}
