/**
 * ns-2 movement files as ns-3's `Ns2MobilityHelper` reads them:
 * - `$node_(i) set X_|Y_|Z_ v` — initial position (applies at t = 0 wherever it stands in the file);
 * - `$ns_ at t "$node_(i) set X_|Y_|Z_ v"` — a jump at time t;
 * - `$ns_ at t "$node_(i) setdest x y speed"` — from the position actually reached at t, move in
 *   2-D toward (x, y) at `speed` m/s and stop on arrival; a later command interrupts the move.
 * `#` comments, blank lines, a trailing `;` and the `$god_` lines that ns-2's `setdest` tool writes
 * are accepted; anything else is an error naming the line. A node's `$ns_ at` times must not
 * decrease down the file. An id mapping in the header (`sidecars.ts`, as `trace convert` writes it)
 * gives the nodes their original ids back.
 * @module
 */
import { forEachLineSpan, lineError, parseDecimal, parseDecimalRange } from './lines.js';
import { TraceBuilder, type TraceData } from './traceData.js';
import { IdHeaderReader, restoreIds } from './sidecars.js';
import { coordinateProblem, MAX_ABS_COORDINATE_M, MAX_ABS_TIME_S, MAX_SPEED_MPS, speedProblem } from './bounds.js';

const INITIAL_RE = /^\$node_\(([^)\s]+)\)\s+set\s+([XYZ])_\s+(\S+)$/;
const AT_RE = /^\$ns_\s+at\s+(\S+)\s+"(.*)"$/;
const SETDEST_RE = /^\$node_\(([^)\s]+)\)\s+setdest\s+(\S+)\s+(\S+)\s+(\S+)$/;
// The common line in one match: $ns_ at t "$node_(i) setdest x y speed"
const AT_SETDEST_RE = /^\$ns_\s+at\s+(\S+)\s+"\s*\$node_\(([^)\s]+)\)\s+setdest\s+(\S+)\s+(\S+)\s+(\S+)\s*"$/;

const SET = 0;
const SETDEST = 1;

interface NodeCommands {
  initial: [number, number, number];
  /** flat list of (tS, kind, a, b, c, lineNo) */
  timed: number[];
}

/**
 * Reads an ns-2 movement file.
 * @param file - path of the file
 * @throws InputError naming the line: unparseable number, unknown command, negative speed, a node's time going backwards
 */
export function readNs2(file: string): TraceData {
  const nodes = new Map<string, NodeCommands>();
  const node = (id: string): NodeCommands => {
    // Called per trace line: inline rather than getOrInsert, which builds a closure per call.
    let n = nodes.get(id);
    if (n === undefined) nodes.set(id, (n = { initial: [0, 0, 0], timed: [] }));
    return n;
  };
  /** A number: `what` is 'the time', 'the speed', or a coordinate ('x', 'X_', …), bounded as such. */
  const num = (token: string, what: string, lineNo: number, line: string): number => {
    const v = parseDecimal(token);
    if (Number.isNaN(v)) throw lineError(file, lineNo, line, `unparseable number '${token}' for ${what}`);
    const bad = what === 'the time' ? (v <= MAX_ABS_TIME_S ? undefined : `time ${v} s is out of range (t ≤ ${MAX_ABS_TIME_S} s)`) : what === 'the speed' ? speedProblem(v) : coordinateProblem(v, what);
    if (bad !== undefined) throw lineError(file, lineNo, line, bad);
    return v;
  };
  /** Appends a timed command; false (appending nothing) when the node's time would go backwards. */
  const tryTimed = (id: string | NodeCommands, tS: number, kind: number, a: number, b: number, c: number, lineNo: number): boolean => {
    const timed = (typeof id === 'string' ? node(id) : id).timed;
    if (timed.length >= 6 && tS < timed[timed.length - 6]!) return false;
    timed.push(tS, kind, a, b, c, lineNo);
    return true;
  };
  const addTimed = (id: string, tS: number, kind: number, a: number, b: number, c: number, lineNo: number, raw: string): void => {
    if (!tryTimed(id, tS, kind, a, b, c, lineNo)) {
      const timed = node(id).timed;
      throw lineError(file, lineNo, raw, `time of node '${id}' goes backwards (${tS} s after ${timed[timed.length - 6]} s)`);
    }
  };
  const setdest = (m: RegExpExecArray, first: number, tS: number, lineNo: number, raw: string): void => {
    const speed = num(m[first + 3]!, 'the speed', lineNo, raw);
    if (speed < 0) throw lineError(file, lineNo, raw, `negative speed ${speed}`);
    addTimed(m[first]!, tS, SETDEST, num(m[first + 1]!, 'x', lineNo, raw), num(m[first + 2]!, 'y', lineNo, raw), speed, lineNo, raw);
  };
  // Integer ids (as setdest tools write them) are looked up by number, without making a string.
  const byNumber: (NodeCommands | undefined)[] = [];
  const idHeader = new IdHeaderReader(file);
  const nodeInPlace = (text: string, start: number, end: number): NodeCommands => {
    let k = 0;
    if (end - start <= 7 && (text.charCodeAt(start) !== 48 || end - start === 1)) {
      for (let i = start; i < end; i++) {
        const c = text.charCodeAt(i);
        if (c < 48 || c > 57) {
          k = -1;
          break;
        }
        k = k * 10 + (c - 48);
      }
    } else k = -1;
    if (k < 0) return node(text.slice(start, end));
    return (byNumber[k] ??= node(text.slice(start, end)));
  };
  /** `$ns_ at t "$node_(i) setdest x y speed"` with single spaces, read in place; false to take the general path. */
  const fastSetdest = (text: string, s0: number, e: number, lineNo: number): boolean => {
    if (!text.startsWith('$ns_ at ', s0)) return false;
    const tEnd = text.indexOf(' ', s0 + 8);
    if (tEnd < 0 || tEnd >= e || !text.startsWith(' "$node_(', tEnd)) return false;
    const idStart = tEnd + 9;
    const idEnd = text.indexOf(')', idStart);
    if (idEnd <= idStart || idEnd >= e || !text.startsWith(') setdest ', idEnd)) return false;
    const xStart = idEnd + 10;
    const xEnd = text.indexOf(' ', xStart);
    const yEnd = xEnd < 0 || xEnd >= e ? -1 : text.indexOf(' ', xEnd + 1);
    if (yEnd < 0 || yEnd >= e || text.charCodeAt(e - 1) !== 34 || text.indexOf('"', yEnd + 1) !== e - 1) return false;
    const tS = parseDecimalRange(text, s0 + 8, tEnd);
    const x = parseDecimalRange(text, xStart, xEnd);
    const y = parseDecimalRange(text, xEnd + 1, yEnd);
    const speed = parseDecimalRange(text, yEnd + 1, e - 1);
    if (Number.isNaN(tS + x + y + speed) || tS < 0 || speed < 0) return false; // the general path words the error
    if (tS > MAX_ABS_TIME_S || !(Math.abs(x) <= MAX_ABS_COORDINATE_M) || !(Math.abs(y) <= MAX_ABS_COORDINATE_M) || speed > MAX_SPEED_MPS) return false;
    return tryTimed(nodeInPlace(text, idStart, idEnd), tS, SETDEST, x, y, speed, lineNo); // false: the general path throws
  };
  const lines = forEachLineSpan(file, (text, s0, e, lineNo) => {
    // The common case first, as setdest tools write it.
    if (fastSetdest(text, s0, e, lineNo)) return;
    const raw = text.slice(s0, e);
    let line = raw;
    const c0 = line.charCodeAt(0);
    if (c0 === 32 || c0 === 9 || line.length === 0 || line.charCodeAt(line.length - 1) <= 32) line = line.trim();
    if (line === '') return;
    if (line.charCodeAt(0) === 35 /* # */) return idHeader.comment(line, lineNo);
    if (line.endsWith(';')) line = line.slice(0, -1).trimEnd();
    let m = AT_SETDEST_RE.exec(line);
    if (m !== null) {
      const tS = num(m[1]!, 'the time', lineNo, raw);
      if (tS < 0) throw lineError(file, lineNo, raw, `negative time ${tS}`);
      setdest(m, 2, tS, lineNo, raw);
      return;
    }
    m = INITIAL_RE.exec(line);
    if (m !== null) {
      node(m[1]!).initial['XYZ'.indexOf(m[2]!)] = num(m[3]!, `${m[2]}_`, lineNo, raw);
      return;
    }
    if (line.startsWith('$god_')) return;
    const at = AT_RE.exec(line);
    if (at === null) throw lineError(file, lineNo, raw, 'unknown command (expected $node_(i) set …, or $ns_ at t "…")');
    const tS = num(at[1]!, 'the time', lineNo, raw);
    if (tS < 0) throw lineError(file, lineNo, raw, `negative time ${tS}`);
    const cmd = at[2]!.trim();
    if (cmd.startsWith('$god_')) return;
    if ((m = SETDEST_RE.exec(cmd)) !== null) setdest(m, 1, tS, lineNo, raw);
    else if ((m = INITIAL_RE.exec(cmd)) !== null) addTimed(m[1]!, tS, SET, 'XYZ'.indexOf(m[2]!), num(m[3]!, `${m[2]}_`, lineNo, raw), 0, lineNo, raw);
    else throw lineError(file, lineNo, raw, 'unknown command inside $ns_ at (expected setdest or set X_|Y_|Z_)');
  });
  const builder = new TraceBuilder(file, 'always');
  for (const [id, cmds] of nodes) buildNode(builder, id, cmds);
  return restoreIds(builder.finish('ns2', lines), idHeader.map, 'the # node lines of the file');
}

/**
 * Turns one node's commands into samples (ns-3's setdest semantics); a move that would end after
 * `MAX_ABS_TIME_S` (a tiny speed) ends at that time, part of the way.
 */
function buildNode(builder: TraceBuilder, id: string, cmds: NodeCommands): void {
  const traj = builder.node(id);
  const [x0, y0, z0] = cmds.initial;
  traj.add(0, x0, y0, z0);
  // The move in progress: from (fx, fy) at t0 to (tx, ty), arriving at t1 (t1 = t0 when still).
  let fx = x0;
  let fy = y0;
  let tx = x0;
  let ty = y0;
  let z = z0;
  let t0 = 0;
  let t1 = 0;
  const c = cmds.timed;
  for (let i = 0; i < c.length; i += 6) {
    const t = c[i]!;
    let hx = tx;
    let hy = ty;
    if (t < t1 && t1 > t0) {
      const f = (t - t0) / (t1 - t0);
      hx = fx + f * (tx - fx);
      hy = fy + f * (ty - fy);
    }
    // Cut the move in progress at t (a later command interrupts it), or mark the end of a stay.
    if (t < t1) {
      traj.truncateAfter(t);
      traj.add(t, hx, hy, z);
    } else if (t > traj.lastTimeS) {
      traj.add(t, hx, hy, z);
    }
    fx = hx;
    fy = hy;
    t0 = t;
    if (c[i + 1] === SETDEST) {
      const dx = c[i + 2]!;
      const dy = c[i + 3]!;
      const speed = c[i + 4]!;
      const dist = Math.hypot(dx - hx, dy - hy);
      if (speed > 0 && dist > 0) {
        tx = dx;
        ty = dy;
        t1 = t + dist / speed;
        if (t1 <= MAX_ABS_TIME_S) traj.add(t1, dx, dy, z);
        else {
          // So slow that it would arrive after the time bound (bounds.ts): it gets as far as the
          // bound allows, so every sample stays finite and in range.
          const f = (MAX_ABS_TIME_S - t) / (t1 - t);
          tx = hx + f * (dx - hx);
          ty = hy + f * (dy - hy);
          t1 = MAX_ABS_TIME_S;
          traj.add(t1, tx, ty, z);
        }
      } else {
        tx = hx;
        ty = hy;
        t1 = t;
      }
    } else {
      const axis = c[i + 2]!;
      const v = c[i + 3]!;
      if (axis === 0) hx = v;
      else if (axis === 1) hy = v;
      else z = v;
      traj.add(t, hx, hy, z); // a jump: two samples at the same time
      fx = tx = hx;
      fy = ty = hy;
      t1 = t;
    }
  }
}
