/**
 * `edgesim trace convert` without loss: the output file plus, for the formats that number nodes
 * and cannot say "absent" (ns-2, BonnMotion, ONE), the id mapping and presence windows they cannot
 * hold (see `sidecars.ts`), and the notes to print about them.
 * @module
 */
import { SampledTrajectory } from '../trajectory.js';
import type { TraceData } from './traceData.js';
import { traceFormats, type TraceReadOptions } from './formats.js';
import { csvField, idsSidecarPath, IDS_HEADER, presenceSidecarPath, PRESENCE_HEADER } from './sidecars.js';

/** A file `trace convert` writes. */
export interface ConvertedFile {
  /** where it goes */
  path: string;
  /** its text */
  content: string;
}

/** What converting a trace produces. */
export interface Conversion {
  /** the output first, then its sidecars */
  files: ConvertedFile[];
  /** what was mapped or set aside, one sentence each (printed on stderr) */
  notes: string[];
}

/**
 * A node with an explicit presence window (from a presence sidecar) cut to that window, so a
 * format with windows (CSV) keeps it: the position at its start, the samples inside, the position
 * at its end. Others are returned as they are.
 */
function clipToWindow(traj: SampledTrajectory): SampledTrajectory {
  if (traj.presence !== 'window' || traj.size === 0) return traj;
  const [fromS, toS] = traj.presenceWindowS;
  if (fromS === traj.firstTimeS && toS === traj.lastTimeS) return traj;
  const out = new SampledTrajectory(traj.name, 'window');
  const add = (t: number): void => {
    const p = traj.positionAt(t);
    out.add(t, p.x, p.y, p.z);
  };
  add(fromS);
  for (let i = 0; i < traj.size; i++) {
    const t = traj.timeAt(i);
    if (t > fromS && t < toS) {
      const p = traj.sampleAt(i);
      out.add(t, p.x, p.y, p.z);
    }
  }
  if (toS > fromS) add(toS);
  return out;
}

function preview(ids: readonly string[]): string {
  const shown = ids.slice(0, 3).map((id, i) => `${id} → ${i}`);
  return `${shown.join(', ')}${ids.length > 3 ? ', …' : ''}`;
}

/**
 * Converts a trace to format `to`.
 * @param data - the trace read
 * @param to - a writable format
 * @param out - the output path (sidecars are named after it)
 * @param options - reader/writer options (`dims`)
 * @throws InputError when the format cannot hold the trace (a height change in ns-2 or ONE, …)
 */
export function convertTrace(data: TraceData, to: string, out: string, options: TraceReadOptions): Conversion {
  const format = traceFormats.get(to);
  const nodes = new Map<string, SampledTrajectory>();
  for (const [id, traj] of data.nodes) nodes.set(id, clipToWindow(traj));
  const files: ConvertedFile[] = [{ path: out, content: format.write!(nodes, options) }];
  const notes: string[] = [];
  if (format.indexed === true) {
    const ids = [...nodes.keys()];
    if (!ids.every((id, i) => id === String(i))) {
      const where = to === 'bonnmotion' ? `${idsSidecarPath(out)}, which edgesim reads back` : `the # header of ${out}, from which edgesim reads them back`;
      notes.push(`${to} numbers its nodes: ${ids.length} ids mapped to 0…${ids.length - 1} (${preview(ids)}); the original ids are in ${where}`);
      if (to === 'bonnmotion') files.push({ path: idsSidecarPath(out), content: `${IDS_HEADER}\n${ids.map((id, i) => `${i},${csvField(id)}\n`).join('')}` });
    }
    const windowed = [...nodes].filter(([, traj]) => traj.presence === 'window' && traj.size > 0);
    if (windowed.length > 0) {
      const rows = windowed.map(([id, traj]) => `${csvField(id)},${traj.presenceWindowS[0]},${traj.presenceWindowS[1]}\n`);
      files.push({ path: presenceSidecarPath(out), content: `${PRESENCE_HEADER}\n${rows.join('')}` });
      notes.push(
        `${to} cannot say that a node is absent: the presence windows of ${windowed.length} node${windowed.length === 1 ? '' : 's'} are in ${presenceSidecarPath(out)}, which edgesim reads back; other tools ignore it and keep each node at its first position before its window and at its last after it`,
      );
    }
  }
  return { files, notes };
}
