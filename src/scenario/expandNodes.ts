/**
 * Resolving the nodes of a scenario: `fromTrace` entries expand to one node per trace node, trace
 * paths are resolved against the scenario file's folder and read (so a bad trace line, or an id the
 * trace lacks, is reported at validation), and `positionM` is checked against the mobility model.
 * @module
 */
import { InputError } from '../engine/errors.js';
import { isTraceSpec } from '../mobility/specs.js';
import { resolveTracePath } from '../mobility/traces/paths.js';
import { loadTrace } from '../mobility/traces/formats.js';
import type { TraceData } from '../mobility/traces/traceData.js';
import type { NodeSpec, ScenarioSpec, TraceNodesSpec } from './types.js';
import type { ScenarioIssue } from './validate.js';

/** The resolved nodes, where each came from, and the problems found. */
export interface ExpandedNodes {
  /** one entry per node; trace paths absolute */
  nodes: NodeSpec[];
  /** for each node, the path of the scenario entry it came from (for messages) */
  origins: (string | number)[][];
  /** problems found */
  issues: ScenarioIssue[];
}

const MOVABLE_FROM_POSITION = new Set(['static', 'constant-velocity']);

function listIds(trace: TraceData): string {
  const ids = [...trace.nodes.keys()];
  return ids.length <= 10 ? ids.join(', ') : `${ids.slice(0, 10).join(', ')}, … (${ids.length} in all)`;
}

/**
 * Expands and checks the nodes of a schema-valid scenario.
 * @param s - the scenario (schema-valid)
 * @param baseDir - folder relative trace paths start from
 */
export function expandNodes(s: ScenarioSpec, baseDir: string): ExpandedNodes {
  const out: ExpandedNodes = { nodes: [], origins: [], issues: [] };
  const read = (path: string, format: string | undefined, dims: 2 | 3 | undefined, at: (string | number)[]): TraceData | undefined => {
    try {
      return loadTrace(resolveTracePath(path, baseDir), format, { dims });
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      out.issues.push({ path: at, message: `cannot read the trace: ${err.message}` });
      return undefined;
    }
  };
  s.nodes.forEach((entry, i) => {
    if ('fromTrace' in entry) {
      expandTraceEntry(entry, i, read, out, baseDir);
      return;
    }
    const node: NodeSpec = { ...entry };
    const m = entry.mobility;
    if (m !== undefined && entry.positionM !== undefined && (isTraceSpec(m) || !MOVABLE_FROM_POSITION.has(m.model))) {
      const what = isTraceSpec(m) ? 'a trace' : `the '${m.model}' model`;
      out.issues.push({ path: ['nodes', i, 'positionM'], message: `positionM has no effect with ${what}, which says where the node is${isTraceSpec(m) ? '' : ' (use mobility.startM for a start)'}` });
    }
    if (m !== undefined && isTraceSpec(m)) {
      const trace = read(m.trace, m.format, m.dims, ['nodes', i, 'mobility', 'trace']);
      if (trace !== undefined) {
        const id = m.id ?? [...trace.nodes.keys()][m.index!];
        if (m.id !== undefined && !trace.nodes.has(m.id)) {
          out.issues.push({ path: ['nodes', i, 'mobility', 'id'], message: `node '${m.id}' is not in ${m.trace} (its nodes: ${listIds(trace)})` });
        } else if (id === undefined) {
          out.issues.push({ path: ['nodes', i, 'mobility', 'index'], message: `${m.trace} has ${trace.nodes.size} nodes; index ${m.index} is out of range` });
        } else {
          node.mobility = { trace: resolveTracePath(m.trace, baseDir), id, format: trace.format, ...(m.dims === undefined ? {} : { dims: m.dims }) };
        }
      }
    }
    out.nodes.push(node);
    out.origins.push(['nodes', i]);
  });
  return out;
}

function expandTraceEntry(
  entry: TraceNodesSpec,
  i: number,
  read: (path: string, format: string | undefined, dims: 2 | 3 | undefined, at: (string | number)[]) => TraceData | undefined,
  out: ExpandedNodes,
  baseDir: string,
): void {
  const trace = read(entry.fromTrace, entry.format, entry.dims, ['nodes', i, 'fromTrace']);
  if (trace === undefined) return;
  const ids = entry.ids ?? [...trace.nodes.keys()];
  ids.forEach((id, j) => {
    if (!trace.nodes.has(id)) {
      out.issues.push({ path: ['nodes', i, 'ids', j], message: `node '${id}' is not in ${entry.fromTrace} (its nodes: ${listIds(trace)})` });
      return;
    }
    out.nodes.push({
      id: `${entry.idPrefix ?? ''}${id}`,
      kind: entry.kind,
      ...(entry.cpuFlopsPerS === undefined ? {} : { cpuFlopsPerS: entry.cpuFlopsPerS }),
      ...(entry.profile === undefined ? {} : { profile: entry.profile }),
      mobility: { trace: resolveTracePath(entry.fromTrace, baseDir), id, format: trace.format, ...(entry.dims === undefined ? {} : { dims: entry.dims }) },
    });
    out.origins.push(['nodes', i]);
  });
}
