/**
 * What a trace reader returns: one trajectory per node id, in order of first appearance.
 * @module
 */
import { SampledTrajectory, type Presence } from '../trajectory.js';
import { InputError } from '../../engine/errors.js';
import { lineError } from './lines.js';
import { sampleProblem, speedProblem } from './bounds.js';

/** A parsed mobility trace. */
export interface TraceData {
  /** the format it was read as */
  format: string;
  /** the file */
  file: string;
  /** trajectories by node id, in order of first appearance */
  nodes: Map<string, SampledTrajectory>;
  /** lines read */
  lines: number;
}

/** Collects samples per node while a reader streams a file. */
export class TraceBuilder {
  /** trajectories by node id, in order of first appearance */
  readonly nodes = new Map<string, SampledTrajectory>();

  /**
   * @param file - the trace file (for messages)
   * @param presence - presence semantics of the format
   */
  constructor(
    private readonly file: string,
    private readonly presence: Presence,
  ) {}

  /** The trajectory of `id`, created on first mention. */
  node(id: string): SampledTrajectory {
    // Called per trace line: inline rather than getOrInsert, which builds a closure per call.
    let t = this.nodes.get(id);
    if (t === undefined) this.nodes.set(id, (t = new SampledTrajectory('trace', this.presence)));
    return t;
  }

  /**
   * Adds a sample, turning a time that goes backwards, a value out of range (see `bounds.ts`) or
   * a move faster than light into an error naming the line.
   * @throws InputError
   */
  add(id: string, tS: number, xM: number, yM: number, zM: number, lineNo: number, line: string): void {
    const bad = sampleProblem(tS, xM, yM, zM);
    if (bad !== undefined) throw lineError(this.file, lineNo, line, bad);
    const traj = this.node(id);
    if (traj.size > 0) {
      const lastS = traj.lastTimeS;
      if (tS < lastS) throw lineError(this.file, lineNo, line, `time of node '${id}' goes backwards (${tS} s after ${lastS} s)`);
      if (tS > lastS) {
        const p = traj.sampleAt(traj.size - 1);
        const fast = speedProblem(Math.hypot(xM - p.x, yM - p.y, zM - p.z) / (tS - lastS));
        if (fast !== undefined) throw lineError(this.file, lineNo, line, `${fast} (node '${id}' since its sample at ${lastS} s)`);
      }
    }
    traj.add(tS, xM, yM, zM);
  }

  /**
   * The finished trace (capacity trimmed).
   * @throws InputError when the trace holds no node
   */
  finish(format: string, lines: number): TraceData {
    if (this.nodes.size === 0) throw new InputError(`no node in the trace (read as ${format}, ${lines} lines)`, { file: this.file });
    for (const t of this.nodes.values()) t.compact();
    return { format, file: this.file, nodes: this.nodes, lines };
  }
}
