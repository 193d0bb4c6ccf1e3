/**
 * What a trace reader returns: one trajectory per node id, in order of first appearance.
 * @module
 */
import { SampledTrajectory, type Presence } from '../trajectory.js';
import { lineError } from './lines.js';

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
   * Adds a sample, turning a time that goes backwards into an error naming the line.
   * @throws InputError
   */
  add(id: string, tS: number, xM: number, yM: number, zM: number, lineNo: number, line: string): void {
    const traj = this.node(id);
    if (traj.size > 0 && tS < traj.lastTimeS) {
      throw lineError(this.file, lineNo, line, `time of node '${id}' goes backwards (${tS} s after ${traj.lastTimeS} s)`);
    }
    traj.add(tS, xM, yM, zM);
  }

  /** The finished trace (capacity trimmed). */
  finish(format: string, lines: number): TraceData {
    for (const t of this.nodes.values()) t.compact();
    return { format, file: this.file, nodes: this.nodes, lines };
  }
}
