/**
 * Writing trajectories in the trace formats our readers accept (`edgesim trace convert`). Numbers
 * are written in JavaScript's shortest round-trip form, so reading a written trace gives back the
 * same positions. The ns-2, BonnMotion and ONE formats number nodes 0…n−1 and cannot say that a
 * node is absent: ns-2 and ONE list the original ids in their `#` header (`sidecars.ts`); the
 * BonnMotion id mapping and every presence window go to sidecars written by `convert.ts`.
 * @module
 */
import { InputError } from '../../engine/errors.js';
import type { SampledTrajectory } from '../trajectory.js';
import { idHeaderLines } from './sidecars.js';

/** Trajectories by node id, as a reader returns them. */
export type TrajectoryMap = ReadonlyMap<string, SampledTrajectory>;

/** CSV `t,id,x,y,z`, rows ordered by time, then by node order. */
export function writeCsv(nodes: TrajectoryMap): string {
  const rows: [number, number, string][] = [];
  let k = 0;
  for (const [id, traj] of nodes) {
    const q = /[",\n]/.test(id) ? `"${id.replace(/"/g, '""')}"` : id;
    for (let i = 0; i < traj.size; i++) {
      const p = traj.sampleAt(i);
      rows.push([traj.timeAt(i), k, `${traj.timeAt(i)},${q},${p.x},${p.y},${p.z}`]);
    }
    k++;
  }
  rows.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return `t,id,x,y,z\n${rows.map((r) => r[2]).join('\n')}${rows.length > 0 ? '\n' : ''}`;
}


/**
 * ns-2: initial `set X_ Y_ Z_` from the first sample, then a `setdest` per moving segment (speed =
 * length / duration, so the node arrives exactly at the next sample) and `set` for jumps. Node ids
 * become indices 0…n−1, listed in the `#` header (`sidecars.ts`).
 * @throws InputError when a node changes height (setdest is 2-D)
 */
export function writeNs2(nodes: TrajectoryMap): string {
  const out: string[] = idHeaderLines([...nodes.keys()]);
  const timed: [number, number, string][] = [];
  let n = 0;
  for (const [id, traj] of nodes) {
    const idx = n++;
    if (traj.size === 0) continue;
    const first = traj.sampleAt(0);
    out.push(`$node_(${idx}) set X_ ${first.x}`, `$node_(${idx}) set Y_ ${first.y}`, `$node_(${idx}) set Z_ ${first.z}`);
    let prev = first;
    let prevT = traj.timeAt(0);
    for (let i = 1; i < traj.size; i++) {
      const p = traj.sampleAt(i);
      const t = traj.timeAt(i);
      if (p.z !== prev.z) throw new InputError(`node '${id}' changes height at t=${t} s; ns-2 setdest moves in 2-D only`);
      const d = Math.hypot(p.x - prev.x, p.y - prev.y);
      if (t === prevT) {
        if (p.x !== prev.x) timed.push([t, idx, `$ns_ at ${t} "$node_(${idx}) set X_ ${p.x}"`]);
        if (p.y !== prev.y) timed.push([t, idx, `$ns_ at ${t} "$node_(${idx}) set Y_ ${p.y}"`]);
      } else if (d > 0) {
        timed.push([prevT, idx, `$ns_ at ${prevT} "$node_(${idx}) setdest ${p.x} ${p.y} ${d / (t - prevT)}"`]);
      }
      prev = p;
      prevT = t;
    }
  }
  timed.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return `${[...out, ...timed.map((r) => r[2])].join('\n')}\n`;
}

/**
 * BonnMotion `.movements`: one line per node (ids become line indices), `t x y` triples, or
 * `t x y z` when `dims` is 3.
 * @param nodes - trajectories
 * @param dims - 2 or 3; default 3 when any height is not 0
 */
export function writeBonnMotion(nodes: TrajectoryMap, dims?: 2 | 3): string {
  const threeD = dims === undefined ? [...nodes.values()].some((t) => anySample(t, (p) => p.z !== 0)) : dims === 3;
  const lines: string[] = [];
  for (const traj of nodes.values()) {
    const parts: string[] = [];
    for (let i = 0; i < traj.size; i++) {
      const p = traj.sampleAt(i);
      parts.push(threeD ? `${traj.timeAt(i)} ${p.x} ${p.y} ${p.z}` : `${traj.timeAt(i)} ${p.x} ${p.y}`);
    }
    lines.push(parts.join(' '));
  }
  return `${lines.join('\n')}\n`;
}

function anySample(traj: SampledTrajectory, pred: (p: { x: number; y: number; z: number }) => boolean): boolean {
  for (let i = 0; i < traj.size; i++) if (pred(traj.sampleAt(i))) return true;
  return false;
}

/**
 * ONE external movement: the header, then `time id x y` for every node at every time at which
 * any node has a sample (so interpolation between lines reproduces each path exactly), within each
 * node's sample span. Node ids become indices 0…n−1, listed in `#` lines after the header
 * (`sidecars.ts`).
 * @throws InputError when a node changes height (the format is 2-D)
 */
export function writeOne(nodes: TrajectoryMap): string {
  const times = new Set<number>();
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const [id, traj] of nodes) {
    const z0 = traj.size > 0 ? traj.sampleAt(0).z : 0;
    for (let i = 0; i < traj.size; i++) {
      const p = traj.sampleAt(i);
      if (p.z !== z0) throw new InputError(`node '${id}' changes height; the ONE format is 2-D`);
      times.add(traj.timeAt(i));
      minX = Math.min(minX, p.x);
      maxX = Math.max(maxX, p.x);
      minY = Math.min(minY, p.y);
      maxY = Math.max(maxY, p.y);
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  if (sorted.length === 0) return '0 0 0 0 0 0\n';
  const out = [`${sorted[0]} ${sorted[sorted.length - 1]} ${minX} ${maxX} ${minY} ${maxY}`, ...idHeaderLines([...nodes.keys()])];
  const trajs = [...nodes.values()];
  for (const t of sorted) {
    trajs.forEach((traj, idx) => {
      if (traj.size === 0 || t < traj.firstTimeS || t > traj.lastTimeS) return;
      const p = traj.positionAt(t);
      out.push(`${t} ${idx} ${p.x} ${p.y}`);
    });
  }
  return `${out.join('\n')}\n`;
}
