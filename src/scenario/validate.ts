/**
 * Validation of a scenario object: the zod schema field by field, then cross-references. Every
 * problem names its field (`links[0].to`), what was expected and what was found; with the source
 * text at hand it also names the line.
 * @module
 */
import { getOrInsert } from '../util/maps.js';
import { inferenceIssues } from './inferenceIssues.js';
import { InputError } from '../engine/errors.js';
import { scenarioSchema } from './schema.js';
import { lineOfField } from './sourceLines.js';
import type { NodeSpec, Scenario, ScenarioLink, ScenarioNode, ScenarioSpec } from './types.js';
import { radioEnvironment } from '../radio/environment.js';
import { nodeHardware, type NodeHardware } from './hardware.js';
import type { AppliedOverride } from './overrides.js';
import { expandNodes } from './expandNodes.js';
import { baseDirOf, resolveTracePath } from '../mobility/specs.js';
import { readAvailability, type OffInterval } from '../node/failures.js';
import { DEFAULT_MAX_EVENTS_PER_INSTANT } from '../engine/simulator.js';
import { PARSE_PARAMS, shown } from './schemaMessages.js';
import { unitLimitIssues } from './limits.js';
import { taskDurationIssues } from './taskDurations.js';
import { trainingIssues } from './trainingIssues.js';
import { expandDatacenters } from './expandDatacenters.js';
import { datacenterJobIssues, datacenterSchemaIssues, datacenterTierIssues, switchRoleIssues } from './datacenterIssues.js';
import type { ResolvedDatacenter } from '../datacenter/spec.js';
import type { z } from 'zod';

/** One problem in a scenario. */
export interface ScenarioIssue {
  /** path of the field, e.g. `['nodes', 2, 'kind']` */
  path: (string | number)[];
  /** what is wrong and what was expected */
  message: string;
  /** 1-based line in the scenario file, when it could be found */
  line?: number;
}

/** An invalid scenario: all its issues, the first one in the message's first line. */
export class ScenarioError extends InputError {
  /**
   * @param issues - the problems found (at least one)
   * @param file - the scenario file, when loaded from one
   */
  constructor(
    readonly issues: ScenarioIssue[],
    file?: string,
  ) {
    const first = issues[0]!;
    super(
      first.message + issues.slice(1).map((i) => `\n${formatIssue(i, file)}`).join(''),
      { file, line: first.line, field: formatPath(first.path) },
    );
    this.name = 'ScenarioError';
  }
}

/**
 * Formats a field path as users write it: `nodes[2].cpuFlopsPerS`.
 * @param path - the path's keys and indices
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out === '' ? String(k) : `.${String(k)}`;
  return out === '' ? '(scenario)' : out;
}

function formatIssue(issue: ScenarioIssue, file?: string): string {
  const where = file === undefined ? '' : issue.line === undefined ? `${file}: ` : `${file}:${issue.line}: `;
  return `${where}${formatPath(issue.path)}: ${issue.message}`;
}

function listOf(names: readonly string[]): string {
  return names.length <= 12 ? names.join(', ') : `${names.slice(0, 12).join(', ')}, … (${names.length} in all)`;
}

/**
 * Validates a scenario object and fills in its defaults.
 * @param raw - the scenario file's default export (after `--set` overrides)
 * @param source - the file name and its text, to name lines in messages, and the `--set`
 *   overrides applied (a problem in an overridden field is blamed on the override, not a line)
 * @throws ScenarioError listing every problem
 */
export function validateScenario(raw: unknown, source?: { file: string; text?: string; overrides?: readonly AppliedOverride[] }): Scenario {
  const issues = schemaIssues(raw);
  let expanded: NodeSpec[] = [];
  let availability: OffInterval[] = [];
  let datacenters: ResolvedDatacenter[] = [];
  let spec = raw as ScenarioSpec;
  if (issues.length === 0) {
    const e = expandNodes(spec, baseDirOf(source?.file));
    issues.push(...e.issues);
    const dcs = issues.length === 0 && spec.datacenters !== undefined ? expandDatacenters(spec, e) : { spec, datacenters, issues: [] };
    ({ spec, datacenters } = dcs);
    issues.push(...dcs.issues);
    expanded = e.nodes;
    if (spec.availability !== undefined) {
      try {
        availability = readAvailability(resolveTracePath(spec.availability, baseDirOf(source?.file)));
        const ids = new Set(expanded.map((n) => n.id));
        for (const iv of availability) if (!ids.has(iv.node)) issues.push({ path: ['availability'], message: `node '${iv.node}' of the availability trace is not in the scenario` });
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        issues.push({ path: ['availability'], message: `cannot read the availability trace: ${err.message}` });
      }
    }
    if (spec.radio?.coverage !== undefined && spec.radio.association === undefined) issues.push({ path: ['radio', 'coverage'], message: 'coverage loss is measured with association: add radio.association' });
    if (issues.length === 0) issues.push(...crossReferenceIssues(spec, e.nodes, e.origins));
    if (issues.length === 0) issues.push(...taskDurationIssues(spec, e.nodes));
    if (issues.length === 0 && spec.training !== undefined) issues.push(...trainingIssues(spec, e.nodes));
    if (issues.length === 0 && spec.inference !== undefined) issues.push(...inferenceIssues(spec, e.nodes, baseDirOf(source?.file)));
    if (issues.length === 0) issues.push(...switchRoleIssues(spec, e.nodes), ...datacenterTierIssues(spec, e.nodes, datacenters), ...datacenterJobIssues(spec, e.nodes, datacenters));
  }
  if (issues.length > 0) {
    for (const i of issues) {
      const key = formatPath(i.path);
      const o = [...(source?.overrides ?? [])].reverse().find((a) => formatPath(a.path) === key);
      if (o !== undefined) i.message += ` (set by --set ${o.override.text})`;
      else if (source?.text !== undefined) i.line = lineOfField(source.text, raw, i.path);
    }
    throw new ScenarioError(issues, source?.file);
  }
  const scenario = normalize(spec, expanded, availability, baseDirOf(source?.file));
  return datacenters.length === 0 ? scenario : { ...scenario, datacenters };
}

/**
 * The schema's issues in the project's words (see `schemaMessages.ts`), then the unit limits of
 * every number (see `limits.ts`) not already reported.
 */
function schemaIssues(raw: unknown): ScenarioIssue[] {
  const r = scenarioSchema.safeParse(raw, PARSE_PARAMS);
  const issues = [...(r.success ? [] : r.error.issues), ...datacenterSchemaIssues(raw)].flatMap((iss) => fromSchemaIssue(iss, []));
  const reported = new Set(issues.map((i) => formatPath(i.path)));
  for (const i of unitLimitIssues(raw)) if (!reported.has(formatPath(i.path))) issues.push(i);
  return issues;
}

function fromSchemaIssue(iss: z.core.$ZodIssue, prefix: (string | number)[]): ScenarioIssue[] {
  const path = [...prefix, ...iss.path.filter((k): k is string | number => typeof k !== 'symbol')];
  if (iss.code === 'unrecognized_keys') {
    return [{ path: [...path, iss.keys[0]!], message: `unknown field${iss.keys.length > 1 ? 's' : ''} ${iss.keys.map((k) => `'${k}'`).join(', ')}` }];
  }
  if (iss.code === 'invalid_union') {
    // A union whose input had the right shape for one form but a wrong field inside: report that field.
    const inside = iss.errors.find((branch) => branch.some((b) => b.path.length > 0));
    if (inside !== undefined) return inside.flatMap((b) => fromSchemaIssue(b, path));
  }
  const got = /\bgot\b|unknown .*known:|^missing|^give /.test(iss.message) ? '' : `, got ${shown(iss.input)}`;
  return [{ path, message: iss.message + got }];
}

/**
 * The path of node field `k` (the node's own path when it comes from a trace: it has no fields). A
 * function, not a closure per node: under tsx (esbuild's keepNames) each named closure is renamed
 * with a property of its own.
 */
function ownField(s: ScenarioSpec, at: (string | number)[], k: string): (string | number)[] {
  return 'fromTrace' in (s.nodes[at[1] as number] ?? {}) ? at : [...at, k];
}

function crossReferenceIssues(s: ScenarioSpec, nodes: NodeSpec[], origins: (string | number)[][]): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const nodeIndex = new Map<string, number>();
  nodes.forEach((n, i) => {
    const first = nodeIndex.get(n.id);
    const at = origins[i]!;
    if (first !== undefined) {
      const fromTrace = 'fromTrace' in (s.nodes[at[1] as number] ?? {});
      issues.push({ path: fromTrace ? at : [...at, 'id'], message: `duplicate node id '${n.id}' (first at ${formatPath(origins[first]!)})` });
    } else nodeIndex.set(n.id, i);
  });
  nodes.forEach((n, i) => {
    const at = origins[i]!;
    const radio = (n.cpuFlopsPerS !== undefined || n.cpu !== undefined || n.accelerator !== undefined || n.profile !== undefined) ? nodeHardware(n).radio : undefined;
    if (radio !== undefined && radio.txPowerDbm > radio.maxTxPowerDbm) issues.push({ path: ownField(s, at, 'radio'), message: `txPowerDbm ${radio.txPowerDbm} exceeds maxTxPowerDbm ${radio.maxTxPowerDbm}` });
    if (radio !== undefined && radio.avgTxPowerDbm > radio.maxTxPowerDbm) issues.push({ path: ownField(s, at, 'radio'), message: `avgTxPowerDbm ${radio.avgTxPowerDbm} exceeds maxTxPowerDbm ${radio.maxTxPowerDbm}` });
    if (n.cpuFlopsPerS === undefined && n.cpu === undefined && n.accelerator === undefined && n.profile === undefined) {
      issues.push({ path: ownField(s, at, 'cpuFlopsPerS'), message: 'missing; give cpuFlopsPerS, cpu, accelerator or a device profile' });
    } else if (n.cpuFlopsPerS !== undefined && n.cpu !== undefined) {
      issues.push({ path: ownField(s, at, 'cpu'), message: 'give cpuFlopsPerS or cpu, not both' });
    } else if (n.accelerator !== undefined && (n.cpu !== undefined || n.cpuFlopsPerS !== undefined)) {
      issues.push({ path: ownField(s, at, 'accelerator'), message: `give accelerator or ${n.cpu !== undefined ? 'cpu' : 'cpuFlopsPerS'}, not both` });
    }
  });
  const nodeIds = [...nodeIndex.keys()];
  const checkNode = (id: string, path: (string | number)[]): void => {
    if (!nodeIndex.has(id)) issues.push({ path, message: `unknown node '${id}'; known nodes: ${listOf(nodeIds)}` });
  };
  // Each direction's link (index), by sender then receiver (no key strings for 10⁵ links).
  const directions = new Map<string, Map<string, number>>();
  const directionOf = (a: string, b: string): number | undefined => directions.get(a)?.get(b);
  const links = s.links ?? [];
  // Ids made from distinct directions are distinct unless a node id contains '->' or a link names
  // its own id: only then are the ids checked one by one.
  const checkIds = links.some((l) => l.id !== undefined) || nodes.some((n) => n.id.includes('->'));
  const linkIds = new Set<string>();
  links.forEach((l, i) => {
    checkNode(l.from, ['links', i, 'from']);
    checkNode(l.to, ['links', i, 'to']);
    if (l.from === l.to) {
      issues.push({ path: ['links', i, 'to'], message: `a link needs two different nodes, got '${l.to}' at both ends` });
      return;
    }
    const taken = directionOf(l.from, l.to) ?? (l.duplex === false ? undefined : directionOf(l.to, l.from));
    if (taken !== undefined) {
      issues.push({ path: ['links', i], message: `a second link between '${l.from}' and '${l.to}' (the first is links[${taken}])` });
      return;
    }
    getOrInsert(directions, l.from, () => new Map()).set(l.to, i);
    if (l.duplex !== false) getOrInsert(directions, l.to, () => new Map()).set(l.from, i);
    if (!checkIds) return;
    for (const id of linkIdsOf(l)) {
      if (linkIds.has(id)) issues.push({ path: ['links', i, 'id'], message: `duplicate link id '${id}'` });
      linkIds.add(id);
    }
  });
  // The wireless links' directions and each node's wireless peers, found once when a task needs them.
  let wireless: { directions: Set<string>; peers: Map<string, string[]> } | undefined;
  const wirelessIndex = (): { directions: Set<string>; peers: Map<string, string[]> } => {
    if (wireless !== undefined) return wireless;
    wireless = { directions: new Set(), peers: new Map() };
    for (const l of s.links ?? []) {
      if (l.wireless !== true) continue;
      wireless.directions.add(`${l.from}\u0000${l.to}`);
      if (l.duplex !== false) wireless.directions.add(`${l.to}\u0000${l.from}`);
      for (const [a, b] of l.from === l.to ? [[l.from, l.to]] : [[l.from, l.to], [l.to, l.from]]) {
        if (!wireless.peers.has(a!)) wireless.peers.set(a!, []);
        wireless.peers.get(a!)!.push(b!);
      }
    }
    return wireless;
  };
  const tasks = s.tasks ?? [];
  const taskIndex = new Map<string, number>();
  tasks.forEach((t, i) => {
    if (taskIndex.has(t.id)) issues.push({ path: ['tasks', i, 'id'], message: `duplicate task id '${t.id}' (first at tasks[${taskIndex.get(t.id)}])` });
    else taskIndex.set(t.id, i);
    if (t.type === 'broadcast') {
      checkNode(t.from, ['tasks', i, 'from']);
      const wireless = wirelessIndex().directions;
      t.to.forEach((to, j) => {
        checkNode(to, ['tasks', i, 'to', j]);
        if (nodeIndex.has(t.from) && nodeIndex.has(to) && !wireless.has(`${t.from}\u0000${to}`)) issues.push({ path: ['tasks', i, 'to', j], message: `no wireless link from '${t.from}' to '${to}' to broadcast over` });
      });
      return;
    }
    if (t.type === 'compute') {
      checkNode(t.node, ['tasks', i, 'node']);
      const n = nodes[nodeIndex.get(t.node) ?? -1];
      if (n !== undefined && t.freqHz !== undefined && (n.cpu !== undefined || n.cpuFlopsPerS !== undefined || n.accelerator !== undefined || n.profile !== undefined)) {
        const max = nodeHardware(n).cpu.freqHz;
        if (t.freqHz > max) issues.push({ path: ['tasks', i, 'freqHz'], message: `expected at most the node's clock, ${max} Hz, got ${t.freqHz}` });
      }
    }
    else {
      if (t.to === '@serving' || t.from === '@serving') {
        const [terminal, side] = t.to === '@serving' ? [t.from, 'to'] : [t.to, 'from'];
        if (t.to === t.from) {
          issues.push({ path: ['tasks', i, 'to'], message: "'@serving' can stand for one end only" });
          return;
        }
        checkNode(terminal, ['tasks', i, side === 'to' ? 'from' : 'to']);
        const edges = wirelessIndex().peers.get(terminal) ?? [];
        if (s.radio?.association === undefined) issues.push({ path: ['tasks', i, side], message: "'@serving' needs radio.association (terminals attach to edge centers)" });
        else if (!edges.some((e) => nodes[nodeIndex.get(e) ?? -1]?.kind === 'edge')) issues.push({ path: ['tasks', i, side], message: `'${terminal}' has no wireless link to an edge center to be served by` });
        return;
      }
      checkNode(t.from, ['tasks', i, 'from']);
      checkNode(t.to, ['tasks', i, 'to']);
      if (nodeIndex.has(t.from) && nodeIndex.has(t.to) && directionOf(t.from, t.to) === undefined) {
        issues.push({ path: ['tasks', i, 'to'], message: `no link from '${t.from}' to '${t.to}'; declare one in links` });
      }
    }
  });
  tasks.forEach((t, i) => {
    for (const key of ['after', 'afterSettled'] as const) {
      (t[key] ?? []).forEach((dep, j) => {
        if (dep === t.id) issues.push({ path: ['tasks', i, key, j], message: `task '${t.id}' cannot wait for itself` });
        else if (!taskIndex.has(dep)) issues.push({ path: ['tasks', i, key, j], message: `unknown task '${dep}'` });
      });
    }
  });
  if (issues.length === 0) {
    const cycle = findCycle(tasks, taskIndex);
    if (cycle !== null) issues.push({ path: ['tasks', taskIndex.get(cycle[0]!)!, 'after'], message: `dependency cycle: ${cycle.join(' → ')}` });
  }
  return issues;
}

function linkIdsOf(l: NonNullable<ScenarioSpec['links']>[number]): string[] {
  const forward = l.id ?? `${l.from}->${l.to}`;
  if (l.duplex === false) return [forward];
  return [forward, l.id === undefined ? `${l.to}->${l.from}` : `${l.id}:reverse`];
}

function findCycle(tasks: ScenarioSpec['tasks'] & object, index: Map<string, number>): string[] | null {
  // Kahn's algorithm (iterative: workloads built in loops can be long chains).
  const n = tasks.length;
  const pendingDeps = new Int32Array(n);
  const dependents: number[][] = tasks.map(() => []);
  const depsOf = (t: (typeof tasks)[number]): string[] => [...(t.after ?? []), ...(t.afterSettled ?? [])];
  tasks.forEach((t, i) => {
    for (const dep of depsOf(t)) {
      pendingDeps[i]!++;
      dependents[index.get(dep)!]!.push(i);
    }
  });
  const ready: number[] = [];
  for (let i = 0; i < n; i++) if (pendingDeps[i] === 0) ready.push(i);
  let done = 0;
  while (ready.length > 0) {
    const i = ready.pop()!;
    done++;
    for (const j of dependents[i]!) if (--pendingDeps[j]! === 0) ready.push(j);
  }
  if (done === n) return null;
  // Every task left has a dependency left: follow them until one repeats.
  let i = pendingDeps.findIndex((d) => d > 0);
  const seenAt = new Map<number, number>();
  const path: number[] = [];
  while (!seenAt.has(i)) {
    seenAt.set(i, path.length);
    path.push(i);
    i = index.get(depsOf(tasks[i]!).find((d) => pendingDeps[index.get(d)!]! > 0)!)!;
  }
  return [...path.slice(seenAt.get(i)), i].map((k) => tasks[k]!.id);
}

function normalize(s: ScenarioSpec, nodes: NodeSpec[], availability: OffInterval[], baseDir: string): Scenario {
  return {
    name: s.name,
    description: s.description ?? '',
    seed: s.seed ?? 1,
    horizonS: s.horizonS ?? null,
    maxEventsPerInstant: s.maxEventsPerInstant ?? DEFAULT_MAX_EVENTS_PER_INSTANT,
    nodes: normalNodes(nodes),
    links: normalLinks(s.links ?? []),
    radio: radioEnvironment(s.radio),
    availability,
    training: s.training ?? null,
    inference:
      s.inference === undefined
        ? null
        : { ...s.inference, workload: s.inference.workload.map((w) => (w.arrivals.name === 'trace' ? { ...w, arrivals: { ...w.arrivals, file: resolveTracePath(String(w.arrivals['file']), baseDir) } } : w)) },
    tasks: (s.tasks ?? []).map((t) => ({ ...t, after: t.after ?? [], afterSettled: t.afterSettled ?? [], notBeforeS: t.notBeforeS ?? 0 })),
    ...(s.report === undefined ? {} : { report: s.report }),
  };
}

/**
 * The nodes with their hardware resolved. Nodes that take all their hardware from a device profile
 * share one resolved processor, radio and power object per (kind, profile) (10⁵ phones of one
 * profile: one radio object, not 10⁵; nothing mutates them).
 */
function normalNodes(nodes: NodeSpec[]): ScenarioNode[] {
  const byProfile = new Map<string, Map<string, NodeHardware>>();
  const out: ScenarioNode[] = [];
  for (const n of nodes) {
    const fromProfile =
      n.profile !== undefined && n.cpu === undefined && n.cpuFlopsPerS === undefined && n.accelerator === undefined && n.radio === undefined && n.power === undefined && n.batteryJ === undefined && n.memoryBytes === undefined;
    const hw = fromProfile ? getOrInsert(getOrInsert(byProfile, n.kind, newHardwareMap), n.profile!, () => nodeHardware(n)) : nodeHardware(n);
    out.push({
      id: n.id,
      kind: n.kind,
      positionM: n.positionM ?? [0, 0, 0],
      mobility: n.mobility ?? { model: 'static' },
      profile: n.profile ?? null,
      failures: n.failures ?? null,
      cpu: hw.cpu,
      cpuFlopsPerS: hw.cpuFlopsPerS,
      radio: hw.radio,
      power: hw.power,
      batteryJ: hw.batteryJ,
      memoryBytes: hw.memoryBytes,
    });
  }
  return out;
}

const newHardwareMap = (): Map<string, NodeHardware> => new Map();

/** One link per direction (a duplex link gives two), in order. */
function normalLinks(links: NonNullable<ScenarioSpec['links']>): ScenarioLink[] {
  const out: ScenarioLink[] = [];
  for (const l of links) {
    const [fwd, rev] = linkIdsOf(l);
    out.push(linkDirection(l, fwd!, l.from, l.to));
    if (rev !== undefined) out.push(linkDirection(l, rev, l.to, l.from));
  }
  return out;
}

/** One direction of a link. */
function linkDirection(l: NonNullable<ScenarioSpec['links']>[number], id: string, from: string, to: string): ScenarioLink {
  return l.wireless === true ? { id, from, to, wireless: true, rateBps: null, delayS: null } : { id, from, to, wireless: false, rateBps: l.rateBps!, delayS: l.delayS ?? 0 };
}
