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
  /**
   * the span the file declares (s), from its first to its last timestep, empty ones included
   * (SUMO FCD and xml2csv); absent for formats without timesteps
   */
  declaredSpanS?: [number, number];
  /**
   * statistics of the speeds the file gives (SUMO `speed`, xml2csv `…_speed`), when every sample
   * carries one; absent otherwise (speeds then come from position differences)
   */
  givenSpeedMps?: GivenSpeeds;
}

/** Statistics of the speed values a trace file gives (m/s), every sample counting once. */
export interface GivenSpeeds {
  /** smallest value */
  min: number;
  /** arithmetic mean of the values */
  mean: number;
  /** largest value */
  max: number;
}

/** Collects samples per node while a reader streams a file. */
export class TraceBuilder {
  /** trajectories by node id, in order of first appearance */
  readonly nodes = new Map<string, SampledTrajectory>();

  /**
   * @param file - the trace file (for messages)
   * @param presence - presence semantics of the format
   */
  private speedCount = 0;
  private speedSum = 0;
  private speedMin = Infinity;
  private speedMax = -Infinity;
  private samplesWithoutSpeed = 0;
  private firstStepS = Number.NaN;
  private lastStepS = Number.NaN;

  constructor(
    private readonly file: string,
    private readonly presence: Presence,
  ) {}

  /**
   * Records the speed the file gives for the sample just added, or its absence (`undefined`).
   * @param speedMps - the value (checked finite and below light speed by the caller)
   */
  speed(speedMps: number | undefined): void {
    if (speedMps === undefined) {
      this.samplesWithoutSpeed++;
      return;
    }
    this.speedCount++;
    this.speedSum += speedMps;
    if (speedMps < this.speedMin) this.speedMin = speedMps;
    if (speedMps > this.speedMax) this.speedMax = speedMps;
  }

  /** Records a timestep of the file (with or without samples), for its declared span. */
  timestep(tS: number): void {
    if (!(tS >= this.firstStepS)) this.firstStepS = tS; // also the first call (NaN)
    if (!(tS <= this.lastStepS)) this.lastStepS = tS;
  }

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
    const data: TraceData = { format, file: this.file, nodes: this.nodes, lines };
    if (!Number.isNaN(this.firstStepS)) data.declaredSpanS = [this.firstStepS, this.lastStepS];
    if (this.speedCount > 0 && this.samplesWithoutSpeed === 0) {
      data.givenSpeedMps = { min: this.speedMin, mean: this.speedSum / this.speedCount, max: this.speedMax };
    }
    return data;
  }
}
