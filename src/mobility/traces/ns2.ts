/**
 * ns-2 movement files as ns-3's `Ns2MobilityHelper` reads them:
 * - `$node_(i) set X_|Y_|Z_ v` — initial position (applies at t = 0 wherever it stands in the file);
 * - `$ns_ at t "$node_(i) set X_|Y_|Z_ v"` — a jump at time t;
 * - `$ns_ at t "$node_(i) setdest x y speed"` — from the position actually reached at t, move in
 *   2-D toward (x, y) at `speed` m/s and stop on arrival; a later command interrupts the move.
 * `#` comments, blank lines, a trailing `;` and the `$god_` lines that ns-2's `setdest` tool writes
 * are accepted; anything else is an error naming the line. A node's `$ns_ at` times must not
 * decrease down the file.
 * @module
 */
import { forEachLine, lineError, parseDecimal } from './lines.js';
import { TraceBuilder, type TraceData } from './traceData.js';

const INITIAL_RE = /^\$node_\(([^)\s]+)\)\s+set\s+([XYZ])_\s+(\S+)$/;
const AT_RE = /^\$ns_\s+at\s+(\S+)\s+"(.*)"$/;
const SETDEST_RE = /^\$node_\(([^)\s]+)\)\s+setdest\s+(\S+)\s+(\S+)\s+(\S+)$/;

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
    let n = nodes.get(id);
    if (n === undefined) nodes.set(id, (n = { initial: [0, 0, 0], timed: [] }));
    return n;
  };
  const num = (token: string, what: string, lineNo: number, line: string): number => {
    const v = parseDecimal(token);
    if (Number.isNaN(v)) throw lineError(file, lineNo, line, `unparseable number '${token}' for ${what}`);
    return v;
  };
  const lines = forEachLine(file, (raw, lineNo) => {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (line.endsWith(';')) line = line.slice(0, -1).trimEnd();
    let m = INITIAL_RE.exec(line);
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
    let id: string;
    let entry: number[];
    if ((m = SETDEST_RE.exec(cmd)) !== null) {
      id = m[1]!;
      const speed = num(m[4]!, 'the speed', lineNo, raw);
      if (speed < 0) throw lineError(file, lineNo, raw, `negative speed ${speed}`);
      entry = [tS, SETDEST, num(m[2]!, 'x', lineNo, raw), num(m[3]!, 'y', lineNo, raw), speed, lineNo];
    } else if ((m = INITIAL_RE.exec(cmd)) !== null) {
      id = m[1]!;
      entry = [tS, SET, 'XYZ'.indexOf(m[2]!), num(m[3]!, `${m[2]}_`, lineNo, raw), 0, lineNo];
    } else {
      throw lineError(file, lineNo, raw, 'unknown command inside $ns_ at (expected setdest or set X_|Y_|Z_)');
    }
    const n = node(id);
    const last = n.timed.length >= 6 ? n.timed[n.timed.length - 6]! : -Infinity;
    if (tS < last) throw lineError(file, lineNo, raw, `time of node '${id}' goes backwards (${tS} s after ${last} s)`);
    n.timed.push(...entry);
  });
  const builder = new TraceBuilder(file, 'always');
  for (const [id, cmds] of nodes) buildNode(builder, id, cmds);
  return builder.finish('ns2', lines);
}

/** Turns one node's commands into samples (ns-3's setdest semantics). */
function buildNode(builder: TraceBuilder, id: string, cmds: NodeCommands): void {
  const traj = builder.node(id);
  const pos = [...cmds.initial] as [number, number, number];
  traj.add(0, pos[0], pos[1], pos[2]);
  // The move in progress: from `from` at `t0` to `to`, arriving at `t1` (t1 = t0 when still).
  let from = [...pos];
  let to = [...pos];
  let t0 = 0;
  let t1 = 0;
  const positionAt = (t: number): number[] => {
    if (t >= t1 || t1 === t0) return [...to];
    const f = (t - t0) / (t1 - t0);
    return [0, 1, 2].map((k) => from[k]! + f * (to[k]! - from[k]!));
  };
  const c = cmds.timed;
  for (let i = 0; i < c.length; i += 6) {
    const t = c[i]!;
    const here = positionAt(t);
    // Cut the move in progress at t (a later command interrupts it), or mark the end of a stay.
    if (t < t1) {
      traj.truncateAfter(t);
      traj.add(t, here[0]!, here[1]!, here[2]!);
    } else if (t > traj.lastTimeS) {
      traj.add(t, here[0]!, here[1]!, here[2]!);
    }
    from = here;
    t0 = t;
    if (c[i + 1] === SETDEST) {
      const dest = [c[i + 2]!, c[i + 3]!, here[2]!];
      const speed = c[i + 4]!;
      const dist = Math.hypot(dest[0]! - here[0]!, dest[1]! - here[1]!);
      if (speed > 0 && dist > 0) {
        to = dest;
        t1 = t + dist / speed;
        traj.add(t1, dest[0]!, dest[1]!, dest[2]!);
      } else {
        to = here;
        t1 = t;
      }
    } else {
      const next = [...here];
      next[c[i + 2]!] = c[i + 3]!;
      traj.add(t, next[0]!, next[1]!, next[2]!); // a jump: two samples at the same time
      from = next;
      to = next;
      t1 = t;
    }
  }
}
