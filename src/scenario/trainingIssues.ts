/**
 * Validation of a scenario's `training` section (called by `validateScenario` once the nodes,
 * links and tasks are sound): the server and clients, a route each way between the server and each
 * client — and each named edge center of the hierarchical protocols — over the scenario's links
 * (any number of hops, simplex links one way only), the data set against the model, and the fields
 * the protocol does not use.
 * @module
 */
import type { NodeSpec, ScenarioSpec } from './types.js';
import type { ScenarioIssue } from './validate.js';
import { linkGraph, reachable } from './reach.js';
import { models } from '../learning/models.js';

/** The data set's examples must fit the model's input, and its labels the model's outputs. */
function datasetFitsModel(t: NonNullable<ScenarioSpec['training']>): ScenarioIssue[] {
  if (!models.has(t.model)) return [];
  const def = models.get(t.model)();
  const inputs = def.inputShape.reduce((a, b) => a * b, 1);
  const d = t.dataset;
  const [features, classes] = d.name === 'gaussian-mixture' ? [d.dim, d.classes] : [784, 10];
  const issues: ScenarioIssue[] = [];
  if (features !== inputs) issues.push({ path: ['training', 'dataset', 'dim'], message: `expected ${inputs} features, the input size of model '${t.model}', got ${features}` });
  if (classes > def.classes) issues.push({ path: ['training', 'dataset', 'classes'], message: `expected at most ${def.classes} classes, the outputs of model '${t.model}', got ${classes}` });
  return issues;
}

/**
 * Fields a protocol does not use are refused rather than ignored: the asynchronous protocols have
 * no rounds to cut or select for; hierarchical edges average local models (no FedSGD, no fusion;
 * the deadline applies to each edge round); over-the-air aggregation sends no digital update (no fusion) and
 * needs a direct wireless link from each client to the server (its one-hop analog slot).
 */
function protocolFieldIssues(t: NonNullable<ScenarioSpec['training']>, links: readonly { from: string; to: string; wireless?: boolean; duplex?: boolean }[], clients: readonly string[], ids: ReadonlySet<string>, routes: ServerRoutes): ScenarioIssue[] {
  const protocol = t.protocol?.name ?? 'sync';
  const issues: ScenarioIssue[] = [];
  if (t.optimalityGap === true) {
    const why = t.model !== 'softmax' ? `model '${t.model}' is not convex (use softmax)` : t.algorithm !== 'fedsgd' ? 'the bound is for FedSGD steps (set algorithm: fedsgd)' : protocol !== 'sync' && protocol !== 'ota' ? `protocol '${protocol}' has no rounds` : null;
    if (why !== null) issues.push({ path: ['training', 'optimalityGap'], message: `needs FedSGD of softmax regression in rounds: ${why}` });
  }
  if (t.onHandover === 'forward' && protocol !== 'hierarchical' && protocol !== 'hierarchical-async') {
    issues.push({ path: ['training', 'onHandover'], message: `'forward' needs edge centers that aggregate (protocols hierarchical, hierarchical-async); protocol '${protocol}' has none: use 'drop' or 'deliver-new'` });
  }
  if (protocol === 'sync') return issues;
  if (protocol === 'ota') {
    if (t.fusion !== undefined) issues.push({ path: ['training', 'fusion'], message: "not used by protocol 'ota' (the update goes over the air in one analog slot, not in digital buckets); remove it or use protocol 'sync'" });
    const wireless = new Set(links.filter((l) => l.wireless === true).flatMap((l) => [`${l.from}->${l.to}`, ...(l.duplex === false ? [] : [`${l.to}->${l.from}`])]));
    for (const c of clients) if (!wireless.has(`${c}->${t.server}`)) issues.push({ path: ['training', 'clients'], message: `protocol 'ota' needs a direct wireless link from each client to the server; '${c}' has none to '${t.server}'` });
    return issues;
  }
  const used = (field: string, why: string): void => void issues.push({ path: ['training', field], message: `not used by protocol '${protocol}' (${why}); remove it or use protocol 'sync'` });
  if (protocol === 'hierarchical' || protocol === 'hierarchical-async') {
    // Edge rounds select, cut at the deadline and average like sync FedAvg rounds.
    if (t.algorithm === 'fedsgd') used('algorithm', 'its edges average local models (FedAvg)');
    if (t.fusion !== undefined) used('fusion', 'layer-bucket fusion sends FedSGD gradients');
    const edges = (t.protocol as { edges?: unknown }).edges;
    if (Array.isArray(edges)) edges.forEach((e, i) => typeof e === 'string' && issues.push(...edgeCenterIssues(t.server, e, i, ids, routes)));
    return issues;
  }
  if (t.algorithm === 'fedsgd') used('algorithm', 'asynchronous clients train local epochs and send their weight change');
  if (t.selection?.policy === 'best-channel') used('selection', 'the next client is drawn at random among the idle ones; the selected fraction sets the default training.protocol.concurrency');
  if (t.deadlineS !== undefined) used('deadlineS', 'there are no rounds to cut: see training.protocol.maxStaleness');
  if (t.fusion !== undefined) used('fusion', 'layer-bucket fusion sends FedSGD gradients');
  return issues;
}

/** The nodes the server reaches (`down`) and that reach it (`up`) over the scenario's links, through any nodes. */
interface ServerRoutes {
  down: ReadonlySet<string>;
  up: ReadonlySet<string>;
}

/**
 * A named edge center of the hierarchical protocols (`training.protocol.edges[i]`): a known node,
 * not the cloud (`training.server`), with a route from the cloud to it and one back, each of any
 * length over the scenario's links (the routes its models travel at run time, `net/routes.ts`).
 */
function edgeCenterIssues(server: string, edge: string, i: number, ids: ReadonlySet<string>, routes: ServerRoutes): ScenarioIssue[] {
  const path = ['training', 'protocol', 'edges', i];
  if (!ids.has(edge)) return [{ path, message: `unknown node '${edge}'` }];
  if (edge === server) return [{ path, message: `expected an edge center between the clients and the cloud, found the cloud itself ('${server}' is training.server)` }];
  if (!ids.has(server)) return [];
  const missing = [...(routes.down.has(edge) ? [] : [`from '${server}' to '${edge}'`]), ...(routes.up.has(edge) ? [] : [`from '${edge}' to '${server}'`])];
  if (missing.length === 0) return [];
  return [{ path, message: `expected a route from the cloud '${server}' to edge center '${edge}' and one back (links through any nodes, each way); found none ${missing.join(' and none ')}` }];
}

/**
 * The issues of a scenario's `training` section: its server and clients, a route between the
 * server and each client both ways (of any length), the data set against the model, and the
 * fields its protocol does not use.
 * @param s - the scenario (its `training` section is present)
 * @param nodes - its nodes, expanded
 */
export function trainingIssues(s: ScenarioSpec, nodes: NodeSpec[]): ScenarioIssue[] {
  const t = s.training!;
  const issues: ScenarioIssue[] = [];
  const ids = new Set(nodes.map((n) => n.id));
  if (!ids.has(t.server)) issues.push({ path: ['training', 'server'], message: `unknown node '${t.server}'` });
  const clients = t.clients === 'terminals' ? nodes.filter((n) => n.kind === 'terminal').map((n) => n.id) : t.clients;
  if (clients.length === 0) issues.push({ path: ['training', 'clients'], message: 'no clients: the scenario has no terminals' });
  // Who each node has a link to and from (duplex links both ways): one search each way from the
  // server answers every client and edge center, whatever the route's length.
  const { next, prev } = linkGraph(s.links ?? []);
  const down = reachable(next, t.server);
  const up = reachable(prev, t.server);
  issues.push(...datasetFitsModel(t), ...protocolFieldIssues(t, s.links ?? [], clients, ids, { down, up }));
  clients.forEach((c, i) => {
    const at: (string | number)[] = t.clients === 'terminals' ? ['training', 'clients'] : ['training', 'clients', i];
    if (!ids.has(c)) issues.push({ path: at, message: `unknown node '${c}'` });
    else if (ids.has(t.server) && (!down.has(c) || !up.has(c))) issues.push({ path: at, message: `no route between '${t.server}' and '${c}' (links from one to the other, each way, through any nodes)` });
  });
  return issues;
}
