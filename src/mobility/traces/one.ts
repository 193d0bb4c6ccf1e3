/**
 * The ONE simulator's external movement format: a header `minTime maxTime minX maxX minY maxY
 * [minZ maxZ]`, then `time id x y` lines sorted by time; `#` comments. The ONE writes them at a
 * constant interval; any non-decreasing times are accepted here. An id mapping in `#` comments
 * (`sidecars.ts`, as `trace convert` writes it) gives the nodes their original ids back.
 * @module
 */
import { InputError } from '../../engine/errors.js';
import { forEachLine, lineError, parseDecimal, tokens } from './lines.js';
import { TraceBuilder, type TraceData } from './traceData.js';
import { IdHeaderReader, restoreIds } from './sidecars.js';

/**
 * Reads a ONE external movement file.
 * @param file - path of the file
 * @throws InputError naming the line
 */
export function readOne(file: string): TraceData {
  const builder = new TraceBuilder(file, 'always');
  let header = false;
  let lastT = -Infinity;
  const idHeader = new IdHeaderReader(file);
  const lines = forEachLine(file, (line, lineNo) => {
    if (line.trim() === '') return;
    if (line.trimStart().startsWith('#')) return idHeader.comment(line.trim(), lineNo);
    const tok = tokens(line);
    if (!header) {
      if ((tok.length !== 6 && tok.length !== 8) || tok.some((t) => Number.isNaN(parseDecimal(t)))) {
        throw lineError(file, lineNo, line, 'expected the header minTime maxTime minX maxX minY maxY [minZ maxZ]');
      }
      header = true;
      return;
    }
    if (tok.length !== 4) throw lineError(file, lineNo, line, `expected time id x y, got ${tok.length} fields`);
    const v = [0, 2, 3].map((k) => {
      const x = parseDecimal(tok[k]!);
      if (Number.isNaN(x)) throw lineError(file, lineNo, line, `unparseable number '${tok[k]}'`);
      return x;
    });
    if (v[0]! < lastT) throw lineError(file, lineNo, line, `time goes backwards (${v[0]} s after ${lastT} s); the ONE format is sorted by time`);
    lastT = v[0]!;
    builder.add(tok[1]!, v[0]!, v[1]!, v[2]!, 0, lineNo, line);
  });
  if (!header) throw new InputError('empty trace: no header line', { file });
  return restoreIds(builder.finish('one', lines), idHeader.map, 'the # node lines of the file');
}
