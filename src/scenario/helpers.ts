/**
 * Helpers that build parts of a scenario in scenario files.
 * @module
 */
import type { NodeKind } from '../node/kinds.js';
import type { LaneSpec } from '../mobility/highway.js';
import type { NodeSpec, TraceNodesSpec } from './types.js';

/**
 * Every node of a trace as a scenario node: put the result in `nodes`. The trace is read when the
 * scenario is validated; node ids are `idPrefix` + the trace's ids.
 * @param file - the trace, relative to the scenario file's folder (or absolute)
 * @param options - role and CPU of the nodes, id prefix, a subset of ids, the format
 */
export function nodesFromTrace(file: string, options: Omit<TraceNodesSpec, 'fromTrace'>): TraceNodesSpec {
  return { fromTrace: file, ...options };
}

/** Options of {@link highwayNodes}. */
export interface HighwayNodesOptions {
  /** road name (its arrival process is shared by its vehicles) */
  road: string;
  /** road length (m) */
  lengthM: number;
  /** the lanes */
  lanes: LaneSpec[];
  /** vehicles entering per second, all lanes together */
  arrivalRatePerS: number;
  /** role of the vehicles; default 'terminal' */
  kind?: NodeKind;
  /** CPU rate of every vehicle (FLOP/s) */
  cpuFlopsPerS: number;
  /** node ids are `${idPrefix}${k}`; default 'v' */
  idPrefix?: string;
  /** antenna height (m); default 1.5 */
  zM?: number;
}

/**
 * The first `count` vehicles of a highway as scenario nodes.
 * @param count - how many vehicles
 * @param options - the road and the vehicles' role and CPU
 */
export function highwayNodes(count: number, options: HighwayNodesOptions): NodeSpec[] {
  const { road, lengthM, lanes, arrivalRatePerS, zM } = options;
  return Array.from({ length: count }, (_, k) => ({
    id: `${options.idPrefix ?? 'v'}${k}`,
    kind: options.kind ?? 'terminal',
    cpuFlopsPerS: options.cpuFlopsPerS,
    mobility: { model: 'highway', road, lengthM, lanes, arrivalRatePerS, vehicle: k, ...(zM === undefined ? {} : { zM }) },
  }));
}

/**
 * The freeway of 3GPP TR 36.885: 3 lanes in each direction, 4 m wide, every vehicle at the same
 * absolute speed (the TR's two cases: 70 and 140 km/h) [recall: check the TR before relying on it].
 * Lane centres at y = ±2, ±6, ±10 m; +y lanes drive toward +x.
 * @param speedKmh - vehicle speed in km/h; default 140
 */
export function freewayLanes(speedKmh = 140): LaneSpec[] {
  const speedMps = speedKmh / 3.6;
  const lanes: LaneSpec[] = [];
  for (let i = 0; i < 3; i++) lanes.push({ yM: 2 + 4 * i, direction: 1, speedMps });
  for (let i = 0; i < 3; i++) lanes.push({ yM: -2 - 4 * i, direction: -1, speedMps });
  return lanes;
}
