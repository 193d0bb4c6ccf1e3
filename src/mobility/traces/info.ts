/**
 * Summaries of a trace (`edgesim trace info`) and sampling it at a fixed step (`edgesim trace
 * sample`), by the same interpolation the simulator uses.
 * @module
 */
import type { TraceData } from './traceData.js';

/** What `edgesim trace info` prints. */
export interface TraceInfo {
  /** the format read */
  format: string;
  /** number of nodes */
  nodes: number;
  /** the node ids, in order of first appearance */
  ids: string[];
  /** samples over all nodes */
  samples: number;
  /** lines in the file */
  lines: number;
  /**
   * earliest and latest time (s): of the samples, widened to the first and last timestep the file
   * declares (SUMO FCD and xml2csv write empty timesteps before vehicles enter and after they leave)
   */
  timeSpanS: [number, number];
  /** bounding box of all samples: [[xMin, yMin, zMin], [xMax, yMax, zMax]] (m) */
  boundsM: [[number, number, number], [number, number, number]];
  /**
   * speeds (m/s): the file's own values when it gives one with every sample (SUMO `speed`, xml2csv
   * `…_speed`), else over the segments between samples
   */
  speedMps: SpeedStats;
  /** where `speedMps` comes from: `file` (the file's values) or `positions` (position differences) */
  speedSource: 'file' | 'positions';
}

/** Speed statistics of a trace (m/s). */
export interface SpeedStats {
  /** slowest segment (or smallest value the file gives) */
  min: number;
  /** distance over time, all nodes together, pauses included (or the mean of the file's values) */
  mean: number;
  /** fastest segment (or largest value the file gives) */
  max: number;
}

/**
 * Summarizes a trace.
 * @param trace - a parsed trace
 */
export function traceInfo(trace: TraceData): TraceInfo {
  let samples = 0;
  let t0 = Infinity;
  let t1 = -Infinity;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  let vMin = Infinity;
  let vMax = -Infinity;
  let dist = 0;
  let time = 0;
  for (const traj of trace.nodes.values()) {
    samples += traj.size;
    for (let i = 0; i < traj.size; i++) {
      const p = traj.sampleAt(i);
      const t = traj.timeAt(i);
      t0 = Math.min(t0, t);
      t1 = Math.max(t1, t);
      [p.x, p.y, p.z].forEach((v, k) => {
        lo[k] = Math.min(lo[k]!, v);
        hi[k] = Math.max(hi[k]!, v);
      });
      if (i > 0) {
        const dt = t - traj.timeAt(i - 1);
        if (dt > 0) {
          const q = traj.sampleAt(i - 1);
          const d = Math.hypot(p.x - q.x, p.y - q.y, p.z - q.z);
          vMin = Math.min(vMin, d / dt);
          vMax = Math.max(vMax, d / dt);
          dist += d;
          time += dt;
        }
      }
    }
  }
  const empty = samples === 0;
  const declared = trace.declaredSpanS;
  if (declared !== undefined) {
    t0 = Math.min(t0, declared[0]);
    t1 = Math.max(t1, declared[1]);
  }
  const given = trace.givenSpeedMps;
  return {
    format: trace.format,
    nodes: trace.nodes.size,
    ids: [...trace.nodes.keys()],
    samples,
    lines: trace.lines,
    timeSpanS: empty && declared === undefined ? [0, 0] : [t0, t1],
    boundsM: empty ? [[0, 0, 0], [0, 0, 0]] : [lo as [number, number, number], hi as [number, number, number]],
    speedMps: given !== undefined ? { ...given } : time > 0 ? { min: vMin, mean: dist / time, max: vMax } : { min: 0, mean: 0, max: 0 },
    speedSource: given !== undefined ? 'file' : 'positions',
  };
}

/** Options of {@link sampleTrace}. */
export interface SampleOptions {
  /** step between samples (s), > 0 */
  stepS: number;
  /** first time (s); default the trace's first sample time */
  fromS?: number;
  /** last time (s); default the trace's last sample time */
  toS?: number;
  /** only these node ids; default all */
  nodes?: string[];
}

/**
 * CSV lines `t,id,x,y,z` at every step, for nodes present at that time, through `write`.
 * @param trace - a parsed trace
 * @param options - step, window and nodes
 * @param write - receives chunks of CSV text (header first)
 */
export function sampleTrace(trace: TraceData, options: SampleOptions, write: (chunk: string) => void): void {
  const info = traceInfo(trace);
  const from = options.fromS ?? info.timeSpanS[0];
  const to = options.toS ?? info.timeSpanS[1];
  const ids = options.nodes ?? [...trace.nodes.keys()];
  const trajs = ids.map((id) => [id, trace.nodes.get(id)!] as const);
  write('t,id,x,y,z\n');
  const p = { x: 0, y: 0, z: 0 };
  const steps = Math.floor((to - from) / options.stepS + 1e-9);
  let buf: string[] = [];
  for (let k = 0; k <= steps; k++) {
    const t = Number((from + k * options.stepS).toPrecision(12)); // no 0.30000000000000004 in the output
    for (const [id, traj] of trajs) {
      if (!traj.presentAt(t)) continue;
      traj.positionInto(t, p);
      buf.push(`${t},${id},${p.x},${p.y},${p.z}\n`);
    }
    if (buf.length >= 4096) {
      write(buf.join(''));
      buf = [];
    }
  }
  if (buf.length > 0) write(buf.join(''));
}
