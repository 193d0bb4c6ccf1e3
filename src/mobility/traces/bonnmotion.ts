/**
 * BonnMotion native `.movements` files: one line per node (node i is the i-th line), holding
 * `t x y` triples (`t x y z` in 3-D), linear interpolation between them; a repeated position is a
 * pause. Node ids come from the sidecar `<file>.ids.csv` when it exists (`sidecars.ts`), else
 * they are the line indices. The dimension comes from the option, else from the `.params` file beside the trace (a
 * `z=` line means 3-D), else from the token counts (2-D when both fit).
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { forEachLine, lineError, parseDecimal, requireRegularFile, tokens } from './lines.js';
import { InputError } from '../../engine/errors.js';
import { TraceBuilder, type TraceData } from './traceData.js';
import { idsSidecarPath, readIdsSidecar, restoreIds } from './sidecars.js';

const MAX_PARAMS_BYTES = 1 << 20;

/**
 * The dimension BonnMotion's `.params` file beside `file` declares, if any.
 * @param file - the `.movements` file
 * @throws InputError when the `.params` path is not a regular file or is implausibly large
 */
export function bonnMotionParamsDims(file: string): 2 | 3 | undefined {
  const params = file.replace(/\.movements(\.gz)?$/, '') + '.params';
  if (params === file) return undefined;
  let st;
  try {
    st = statSync(params);
  } catch {
    return undefined;
  }
  requireRegularFile(params, st);
  if (st.size > MAX_PARAMS_BYTES) throw new InputError(`a BonnMotion .params file of ${st.size} bytes (expected a few hundred)`, { file: params });
  let text: string;
  try {
    text = readFileSync(params, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read: ${(err as Error).message}`, { file: params });
  }
  return /^\s*z\s*=/m.test(text) ? 3 : 2;
}

/**
 * Reads a BonnMotion `.movements` file.
 * @param file - path of the file
 * @param dims - 2 or 3; default from the `.params` file or the token counts
 * @throws InputError naming the line
 */
export function readBonnMotion(file: string, dims?: 2 | 3): TraceData {
  let d = dims ?? bonnMotionParamsDims(file);
  const builder = new TraceBuilder(file, 'always');
  let node = 0;
  const lines = forEachLine(file, (line, lineNo) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const tok = tokens(line);
    if (d === undefined) d = tok.length % 3 === 0 ? 2 : tok.length % 4 === 0 ? 3 : 2;
    const width = d + 1;
    if (tok.length % width !== 0) throw lineError(file, lineNo, line, `expected groups of ${width} numbers (t x y${d === 3 ? ' z' : ''}), got ${tok.length} numbers`);
    const id = String(node++);
    for (let i = 0; i < tok.length; i += width) {
      const v: number[] = [];
      for (let k = 0; k < width; k++) {
        const x = parseDecimal(tok[i + k]!);
        if (Number.isNaN(x)) throw lineError(file, lineNo, line, `unparseable number '${tok[i + k]}'`);
        v.push(x);
      }
      builder.add(id, v[0]!, v[1]!, v[2]!, d === 3 ? v[3]! : 0, lineNo, line);
    }
  });
  return restoreIds(builder.finish('bonnmotion', lines), readIdsSidecar(file), idsSidecarPath(file));
}
