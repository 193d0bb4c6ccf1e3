/**
 * Expansion of a scenario's `datacenters` (after the schema check, before the cross-references):
 * each data center's topology is built with its id prefix, its nodes (`server`, `switch`) are
 * appended to the scenario's nodes and its links (and its attach link) to the scenario's links.
 * The problems found here name their field: an id taken by another node, an attach node that is
 * not there or is a switch, an attach with nowhere to land, a job's servers that are not the data
 * center's, a job that does not resolve (an unknown collective or placement lists the known ones).
 * @module
 */
import { InputError } from '../engine/errors.js';
import { deviceProfiles } from '../node/profiles.js';
import { assembleDatacenter, buildDatacenterTopology, resolveDcJob, type BuiltTopology } from '../datacenter/specSchema.js';
import type { DatacenterSpec, ResolvedDatacenter, ResolvedDcJob } from '../datacenter/spec.js';
import type { DcLayout, DcLinkDecl, DcNodeDecl } from '../datacenter/types.js';
import type { ExpandedNodes } from './expandNodes.js';
import type { LinkSpec, NodeSpec, ScenarioSpec } from './types.js';
import type { ScenarioIssue } from './validate.js';

/** What expanding the data centers gives. */
export interface ExpandedDatacenters {
  /** the scenario with the data centers' links appended to `links` */
  spec: ScenarioSpec;
  /** the data centers, defaults filled in (only when there is no issue) */
  datacenters: ResolvedDatacenter[];
  /** problems found */
  issues: ScenarioIssue[];
}

/** A node a topology declares, as a scenario node. */
function nodeSpecOf(d: DcNodeDecl): NodeSpec {
  const n: NodeSpec = { id: d.id, kind: d.kind };
  if (d.profile !== undefined) n.profile = d.profile;
  if (d.cpuFlopsPerS !== undefined) n.cpuFlopsPerS = d.cpuFlopsPerS;
  if (d.memoryBytes !== undefined) n.memoryBytes = d.memoryBytes;
  if (d.accelerator !== undefined) n.accelerator = { ...d.accelerator } as NodeSpec['accelerator'];
  return n;
}

/**
 * A declared link as scenario links: one duplex link, or two one-direction links when the
 * reverse delay differs.
 */
export function linkSpecsOf(l: DcLinkDecl): LinkSpec[] {
  if (l.reverseDelayS === undefined || l.reverseDelayS === l.delayS) return [{ from: l.from, to: l.to, rateBps: l.rateBps, delayS: l.delayS }];
  return [
    { from: l.from, to: l.to, rateBps: l.rateBps, delayS: l.delayS, duplex: false },
    { from: l.to, to: l.from, rateBps: l.rateBps, delayS: l.reverseDelayS, duplex: false },
  ];
}

/**
 * Expands every data center of a schema-valid scenario, appending its nodes to `nodes` (in place)
 * and returning the scenario with its links appended.
 * @param s - the scenario
 * @param nodes - the scenario's own nodes, expanded (data-center nodes are appended)
 */
export function expandDatacenters(s: ScenarioSpec, nodes: ExpandedNodes): ExpandedDatacenters {
  const issues: ScenarioIssue[] = [];
  const specs = s.datacenters ?? [];
  const owner = new Map<string, string>(nodes.nodes.map((n, i) => [n.id, formatOrigin(nodes.origins[i]!)]));
  const kindOf = new Map<string, string>(nodes.nodes.map((n) => [n.id, n.kind]));
  const dcIds = new Map<string, number>();
  const links: LinkSpec[] = [];
  const datacenters: ResolvedDatacenter[] = [];
  specs.forEach((dc: DatacenterSpec, i) => {
    const at = (...p: (string | number)[]): (string | number)[] => ['datacenters', i, ...p];
    const before = issues.length;
    if (dcIds.has(dc.id)) issues.push({ path: at('id'), message: `duplicate data center id '${dc.id}' (first at datacenters[${dcIds.get(dc.id)}])` });
    dcIds.set(dc.id, i);
    let built: BuiltTopology;
    try {
      built = buildDatacenterTopology(dc, { links: s.links ?? [], isSwitch: (id) => kindOf.get(id) === 'switch' });
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      issues.push({ path: at('topology', ...(err.where.field === undefined ? [] : [err.where.field])), message: err.problem });
      return;
    }
    const { layout } = built;
    for (const d of layout.nodes) {
      const taken = owner.get(d.id);
      if (taken !== undefined) issues.push({ path: at('id'), message: `data center '${dc.id}' declares node '${d.id}', already a node (${taken}); choose another data-center id` });
      if (d.profile !== undefined && !deviceProfiles.has(d.profile)) issues.push({ path: at('topology', 'servers'), message: `unknown device profile '${d.profile}'; known: ${deviceProfiles.names().join(', ')}` });
    }
    if (dc.topology.name === 'explicit') {
      // Its switches: the scenario's own (those of generated data centers excluded).
      layout.switches = [...kindOf].filter(([id, k]) => k === 'switch' && owner.get(id)?.startsWith('nodes') === true).map(([id]) => id);
      layout.servers.forEach((id, j) => {
        if (!kindOf.has(id)) issues.push({ path: at('topology', 'servers', j), message: `unknown node '${id}'` });
        else if (kindOf.get(id) !== 'server') issues.push({ path: at('topology', 'servers', j), message: `'${id}' is a ${kindOf.get(id)} node; data-center servers are nodes of kind 'server'` });
      });
    }
    const local = new Set([...layout.nodes.map((d) => d.id), ...(dc.topology.name === 'explicit' ? kindOf.keys() : [])]);
    let via: string | null = null;
    if (dc.attach !== undefined) {
      const a = dc.attach;
      if (!kindOf.has(a.node)) issues.push({ path: at('attach', 'node'), message: `unknown node '${a.node}'; the attach node is a node of the rest of the scenario` });
      else if (kindOf.get(a.node) === 'switch') issues.push({ path: at('attach', 'node'), message: `'${a.node}' is a switch; attach a node that is not one` });
      via = a.via ?? layout.top;
      if (via === null) issues.push({ path: at('attach', 'via'), message: `required: topology '${dc.topology.name}' has no top node to land the attach link on; name one of the data center's nodes` });
      else if (!local.has(via)) issues.push({ path: at('attach', 'via'), message: `unknown data-center node '${via}'; known: ${listOf([...local])}` });
    }
    const jobs = jobIssues(dc, layout, at, issues);
    if (issues.length > before) return;
    for (const d of layout.nodes) {
      nodes.nodes.push(nodeSpecOf(d));
      nodes.origins.push(at('topology'));
      owner.set(d.id, `datacenters[${i}].topology`);
      kindOf.set(d.id, d.kind);
    }
    for (const l of layout.links) links.push(...linkSpecsOf(l));
    const resolved = assembleDatacenter(dc, built, jobs);
    if (resolved.attach !== null) links.push({ from: resolved.attach.node, to: resolved.attach.via, rateBps: resolved.attach.rateBps, delayS: resolved.attach.delayS });
    datacenters.push(resolved);
  });
  return { spec: links.length === 0 ? s : { ...s, links: [...(s.links ?? []), ...links] }, datacenters, issues };
}

/** Resolves a data center's jobs, checking names and servers. */
function jobIssues(dc: DatacenterSpec, layout: DcLayout, at: (...p: (string | number)[]) => (string | number)[], issues: ScenarioIssue[]): ResolvedDcJob[] {
  const names = new Map<string, number>();
  const servers = new Set(layout.servers);
  const out: ResolvedDcJob[] = [];
  (dc.jobs ?? []).forEach((job, j) => {
    if (names.has(job.name)) issues.push({ path: at('jobs', j, 'name'), message: `duplicate job name '${job.name}' (first at jobs[${names.get(job.name)}])` });
    names.set(job.name, j);
    const seen = new Set<string>();
    (job.servers ?? []).forEach((id, k) => {
      if (!servers.has(id)) issues.push({ path: at('jobs', j, 'servers', k), message: `'${id}' is not a server of data center '${dc.id}'; its servers: ${listOf(layout.servers)}` });
      else if (seen.has(id)) issues.push({ path: at('jobs', j, 'servers', k), message: `'${id}' is listed twice` });
      seen.add(id);
    });
    try {
      out.push(resolveDcJob(job, layout));
    } catch (err) {
      if (!(err instanceof Error)) throw err;
      const field = 'collective' in job ? 'collective' : 'placement' in job ? 'placement' : 'kind';
      const zod = (err as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
      const message = zod === undefined ? err.message : zod.map((z) => `${z.path.map(String).join('.')}${z.path.length > 0 ? ': ' : ''}${z.message}`).join('; ');
      issues.push({ path: at('jobs', j, field), message });
    }
  });
  return out;
}

function formatOrigin(p: (string | number)[]): string {
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

function listOf(names: readonly string[]): string {
  return names.length <= 12 ? names.join(', ') : `${names.slice(0, 12).join(', ')}, … (${names.length} in all)`;
}
