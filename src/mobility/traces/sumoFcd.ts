/**
 * SUMO floating-car-data XML (`--fcd-output`):
 * `<fcd-export><timestep time="T"><vehicle id x y [z] angle type speed pos lane slope/>…</timestep>…`,
 * also `<person>` and `<container>`. Vehicles appear only while in the network: a node is present
 * from its first to its last sample and never extrapolated. Read as a stream of tags (SUMO writes
 * one per line, but tags may span lines here), with line numbers kept for errors. The `speed`
 * attribute, when every sample has one, is what `trace info` reports; the declared span runs from
 * the first to the last timestep, empty ones included. A file without its closing
 * `</fcd-export>` (cut while being written or copied) is refused.
 * @module
 */
import { InputError } from '../../engine/errors.js';
import { forEachLine, lineError, MAX_LINE_CHARS, parseDecimal } from './lines.js';
import { TraceBuilder, type TraceData } from './traceData.js';
import { speedProblem } from './bounds.js';

const ATTR_RE = /([\w:.-]+)\s*=\s*"([^"]*)"/g;
const MOVERS = new Set(['vehicle', 'person', 'container']);

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  ATTR_RE.lastIndex = 0;
  for (let m = ATTR_RE.exec(tag); m !== null; m = ATTR_RE.exec(tag)) out.set(m[1]!, m[2]!);
  return out;
}

/**
 * Reads a SUMO FCD XML file.
 * @param file - path of the file
 * @throws InputError naming the line: a mover outside a timestep, missing id or x/y, unparseable
 *   number, time going backwards, content after `</fcd-export>`, or a file that ends without it
 */
export function readSumoFcd(file: string): TraceData {
  const builder = new TraceBuilder(file, 'window');
  let timeS = Number.NaN;
  let lastStepS = -Infinity;
  let pending = ''; // a tag continued on the next line
  let pendingLine = 0;
  let sawRoot = false;
  let closedRoot = false;
  const onTag = (tag: string, lineNo: number): void => {
    const name = /^<\/?\s*([\w:-]+)/.exec(tag)?.[1];
    if (name === undefined || tag.startsWith('<?') || tag.startsWith('<!')) return;
    if (closedRoot) throw lineError(file, lineNo, tag, 'an element after </fcd-export> (two files joined?)');
    if (name === 'fcd-export') {
      sawRoot = true;
      if (tag.startsWith('</') || tag.endsWith('/>')) closedRoot = true;
      return;
    }
    if (name === 'timestep') {
      if (tag.startsWith('</')) {
        timeS = Number.NaN;
        return;
      }
      const t = parseDecimal(attributes(tag).get('time') ?? '');
      if (Number.isNaN(t)) throw lineError(file, lineNo, tag, 'timestep without a numeric time');
      if (t < lastStepS) throw lineError(file, lineNo, tag, `timestep time goes backwards (${t} s after ${lastStepS} s)`);
      timeS = lastStepS = t;
      builder.timestep(t);
      if (tag.endsWith('/>')) timeS = Number.NaN; // an empty timestep
      return;
    }
    if (!MOVERS.has(name) || tag.startsWith('</')) return;
    if (Number.isNaN(timeS)) throw lineError(file, lineNo, tag, `<${name}> outside a <timestep>`);
    const a = attributes(tag);
    const id = a.get('id');
    if (id === undefined || id === '') throw lineError(file, lineNo, tag, `<${name}> without an id`);
    if (!a.has('x') || !a.has('y')) throw lineError(file, lineNo, tag, `<${name}> without x and y (an FCD export restricted to other attributes, or --fcd-output.geo without positions?)`);
    const coord = (k: string): number => {
      const v = parseDecimal(a.get(k)!);
      if (Number.isNaN(v)) throw lineError(file, lineNo, tag, `unparseable number '${a.get(k)}' for ${k}`);
      return v;
    };
    builder.add(id, timeS, coord('x'), coord('y'), a.has('z') ? coord('z') : 0, lineNo, tag);
    if (a.has('speed')) {
      const v = coord('speed');
      const fast = speedProblem(Math.abs(v));
      if (fast !== undefined) throw lineError(file, lineNo, tag, fast);
      builder.speed(v);
    } else builder.speed(undefined);
  };
  let inComment = false; // SUMO heads its files with a multi-line <!-- … --> holding its configuration
  let commentLine = 0;
  const lines = forEachLine(file, (line, lineNo) => {
    if (pending !== '' && !line.includes('>')) {
      // The tag goes on: append without searching the whole of it again (linear, not quadratic).
      if (pending.length + line.length >= MAX_LINE_CHARS) throw new InputError(`a tag longer than ${MAX_LINE_CHARS} characters (no '>' to close it)`, { file, line: pendingLine });
      pending += ` ${line}`;
      return;
    }
    const text = pending === '' ? line : `${pending} ${line}`;
    const startLine = pending === '' ? lineNo : pendingLine;
    pending = '';
    let i = 0;
    for (;;) {
      if (inComment) {
        const end = text.indexOf('-->', i);
        if (end < 0) return;
        inComment = false;
        i = end + 3;
      }
      const open = text.indexOf('<', i);
      if (open < 0) break;
      if (text.startsWith('<!--', open)) {
        inComment = true;
        commentLine = lineNo;
        i = open + 4;
        continue;
      }
      const close = text.indexOf('>', open);
      if (close < 0) {
        if (text.length - open > MAX_LINE_CHARS) throw new InputError(`a tag longer than ${MAX_LINE_CHARS} characters (no '>' to close it)`, { file, line: startLine });
        pending = text.slice(open);
        pendingLine = startLine;
        break;
      }
      onTag(text.slice(open, close + 1), startLine);
      i = close + 1;
    }
  });
  if (inComment) throw new InputError('the file ends inside a comment', { file, line: commentLine });
  if (pending !== '') throw new InputError('the file ends inside a tag', { file, line: pendingLine });
  if (!sawRoot) throw new InputError('not a SUMO FCD file: no <fcd-export> element', { file });
  if (!closedRoot) throw new InputError(`file ends at line ${lines} without </fcd-export>: the file looks truncated (cut while SUMO was writing it, or while copying?)`, { file, line: lines });
  return builder.finish('sumo-fcd', lines);
}
