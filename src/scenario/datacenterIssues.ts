/**
 * Validation of a scenario's data centers beyond their expansion (`expandDatacenters.ts`): each
 * `datacenters` entry against the schema assembled from the registries, no switch in a role that
 * computes (a training client or server, an inference server, a compute task's node), and each
 * job's own check (`dcJobKinds.get(kind).check`: memory fit naming the node, shape) given its
 * servers' speed and memory, its dataset's training examples and uncontended transfer times over
 * the declared links (ECMP routes, the α–β closed form).
 * @module
 */
import type { z } from 'zod';
import { datacenterSpecSchema } from '../datacenter/specSchema.js';
import { dcJobKinds } from '../datacenter/jobKinds.js';
import { EcmpRouter } from '../datacenter/ecmp.js';
import { bottleneckS, uncontendedTransferS, type HopRate } from '../datacenter/alphaBeta.js';
import type { DcJobCheckEnv, ServerInfo } from '../datacenter/job.js';
import type { ResolvedDatacenter } from '../datacenter/spec.js';
import { models } from '../learning/models.js';
import { trainExamples } from '../learning/dataset.js';
import { nodeHardware } from './hardware.js';
import { PARSE_PARAMS } from './schemaMessages.js';
import type { NodeSpec, ScenarioSpec } from './types.js';
import type { ScenarioIssue } from './validate.js';

/**
 * The schema issues of every object entry of `datacenters`, paths starting at `datacenters[i]`.
 * @param raw - the scenario as written
 */
export function datacenterSchemaIssues(raw: unknown): z.core.$ZodIssue[] {
  const dcs = raw !== null && typeof raw === 'object' ? (raw as { datacenters?: unknown }).datacenters : undefined;
  if (!Array.isArray(dcs)) return [];
  const schema = datacenterSpecSchema();
  const out: z.core.$ZodIssue[] = [];
  dcs.forEach((dc, i) => {
    if (dc === null || typeof dc !== 'object') return;
    const r = schema.safeParse(dc, PARSE_PARAMS);
    if (!r.success) for (const iss of r.error.issues) out.push({ ...iss, path: ['datacenters', i, ...iss.path] } as z.core.$ZodIssue);
  });
  return out;
}

/**
 * Switches named where a node must compute: training server or clients, inference servers,
 * compute tasks.
 * @param s - the scenario (data centers expanded)
 * @param nodes - its nodes
 */
export function switchRoleIssues(s: ScenarioSpec, nodes: readonly NodeSpec[]): ScenarioIssue[] {
  const switches = new Set(nodes.filter((n) => n.kind === 'switch').map((n) => n.id));
  if (switches.size === 0) return [];
  const issues: ScenarioIssue[] = [];
  const check = (id: string, path: (string | number)[], role: string): void => {
    if (switches.has(id)) issues.push({ path, message: `'${id}' is a switch: it forwards traffic and computes nothing, so it cannot be ${role}` });
  };
  const t = s.training;
  if (t !== undefined) {
    check(t.server, ['training', 'server'], 'the training server');
    if (Array.isArray(t.clients)) t.clients.forEach((c, i) => check(c, ['training', 'clients', i], 'a training client'));
  }
  s.inference?.servers?.forEach((id, i) => check(id, ['inference', 'servers', i], 'an inference server'));
  (s.tasks ?? []).forEach((task, i) => {
    if (task.type === 'compute') check(task.node, ['tasks', i, 'node'], "a compute task's node");
  });
  return issues;
}

/**
 * Data centers attached with `aggregates: true`: the attach node must be where a hierarchical
 * protocol aggregates (its cloud server or an edge center), and at most one data center per node.
 * @param s - the scenario
 * @param nodes - its nodes (data centers' included)
 * @param datacenters - the resolved data centers, in `datacenters` order
 */
export function datacenterTierIssues(s: ScenarioSpec, nodes: readonly NodeSpec[], datacenters: readonly ResolvedDatacenter[]): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const taken = new Map<string, string>();
  const hierarchical = s.training !== undefined && s.training.protocol?.name === 'hierarchical';
  datacenters.forEach((dc, i) => {
    if (dc.attach === null || !dc.attach.aggregates) return;
    const node = dc.attach.node;
    const path = ['datacenters', i, 'attach', 'aggregates'];
    const kind = nodes.find((n) => n.id === node)?.kind;
    if (!hierarchical || (node !== s.training!.server && kind !== 'edge'))
      issues.push({ path, message: `'${node}' aggregates nothing: a data center takes over the weighted means of a hierarchical protocol's cloud server or edge centers (training.protocol.name 'hierarchical')` });
    const other = taken.get(node);
    if (other !== undefined) issues.push({ path, message: `data centers '${other}' and '${dc.id}' both aggregate for '${node}': at most one may` });
    taken.set(node, dc.id);
  });
  return issues;
}

/** A declared link direction as routing and the α–β form see it. */
interface Hop {
  readonly from: string;
  readonly to: string;
  readonly rateBps: number;
  readonly delayS: number;
}

/** Both directions of a data center's links and its attach link. */
function hopsOf(dc: ResolvedDatacenter, links: readonly { from: string; to: string; rateBps?: number; delayS?: number; duplex?: boolean; wireless?: boolean }[]): Hop[] {
  const nodes = new Set([...dc.layout.nodes.map((n) => n.id), ...dc.layout.servers, ...dc.layout.switches, ...(dc.attach === null ? [] : [dc.attach.node])]);
  const out: Hop[] = [];
  for (const l of links) {
    if (l.wireless === true || l.rateBps === undefined || !nodes.has(l.from) || !nodes.has(l.to)) continue;
    out.push({ from: l.from, to: l.to, rateBps: l.rateBps, delayS: l.delayS ?? 0 });
    if (l.duplex !== false) out.push({ from: l.to, to: l.from, rateBps: l.rateBps, delayS: l.delayS ?? 0 });
  }
  return out;
}

/**
 * Every data-center job's own check, paths at `datacenters[i].jobs[j]`.
 * @param s - the scenario (data centers expanded: their links in `links`)
 * @param nodes - its nodes (data centers' included)
 * @param datacenters - the resolved data centers, in `datacenters` order
 */
export function datacenterJobIssues(s: ScenarioSpec, nodes: readonly NodeSpec[], datacenters: readonly ResolvedDatacenter[]): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const hardware = new Map<string, { flopsPerS: number; memoryBytes: number }>();
  const hw = (id: string): { flopsPerS: number; memoryBytes: number } => {
    let h = hardware.get(id);
    if (h === undefined) {
      const r = nodeHardware(byId.get(id)!);
      h = { flopsPerS: r.cpuFlopsPerS, memoryBytes: r.memoryBytes };
      hardware.set(id, h);
    }
    return h;
  };
  datacenters.forEach((dc, i) => {
    const router = new EcmpRouter(hopsOf(dc, s.links ?? []));
    const hops = (from: string, to: string): readonly HopRate[] => {
      const route = router.route(from, to);
      if (route === undefined) throw new Error(`no route from '${from}' to '${to}' in data center '${dc.id}'`);
      return route;
    };
    const transferS = (from: string, to: string, bytes: number): number => uncontendedTransferS(hops(from, to), bytes, dc.fabric);
    const occupancyS = (from: string, to: string, bytes: number): number => bottleneckS(hops(from, to), bytes);
    dc.jobs.forEach((job, j) => {
      const servers: ServerInfo[] = job.servers.map((id) => ({ id, flopsPerS: hw(id).flopsPerS, memoryBytes: hw(id).memoryBytes * job.memoryFraction }));
      const env: DcJobCheckEnv = { dc: dc.id, layout: dc.layout, fabric: dc.fabric, def: models.get(job.model)(), servers, trainExamples: trainExamples(job.dataset), transferS, occupancyS, seed: s.seed ?? 1 };
      for (const message of dcJobKinds.get(job.kind).check(job, env)) {
        const m = /^([A-Za-z]+)(?:\[(\d+)\])?: /.exec(message);
        const field = m === null ? [] : m[2] === undefined ? [m[1]!] : [m[1]!, Number(m[2])];
        issues.push({ path: ['datacenters', i, 'jobs', j, ...field], message: `job '${job.name}': ${m === null ? message : message.slice(m[0].length)}` });
      }
    });
  });
  return issues;
}
