/**
 * Validation of a scenario's `inference` section (called by `validateScenario` once nodes, links
 * and tasks are sound): the model (known, MNIST-shaped), the servers and terminals (existing
 * nodes; each terminal with a route to a server and back), split points within the model, request
 * time traces readable, and a run that can end (unbounded arrivals need a horizon).
 * @module
 */
import type { NodeSpec, ScenarioSpec } from './types.js';
import type { ScenarioIssue } from './validate.js';
import { models } from '../learning/models.js';
import { readRequestTimes } from '../inference/arrivals.js';
import { InputError } from '../engine/errors.js';
import { resolveTracePath } from '../mobility/specs.js';
import { linkGraph, reachable } from './reach.js';
import { INFERENCE_DEFAULTS } from '../inference/spec.js';

/** MNIST here: 10 000 digits, of which 20% are held out for testing. */
const MNIST_TRAIN = 8000;
const MNIST_TEST = 2000;

/**
 * The issues of a scenario's `inference` section.
 * @param s - the scenario (its `inference` section is present)
 * @param nodes - its nodes, expanded
 * @param baseDir - the scenario file's folder (for request-time traces)
 */
export function inferenceIssues(s: ScenarioSpec, nodes: NodeSpec[], baseDir: string): ScenarioIssue[] {
  const inf = s.inference!;
  const issues: ScenarioIssue[] = [];
  const at = (...path: (string | number)[]): (string | number)[] => ['inference', ...path];
  const ids = new Set(nodes.map((n) => n.id));
  let layers = Infinity;
  if (!models.has(inf.model.name)) issues.push({ path: at('model', 'name'), message: `unknown model '${inf.model.name}'; known: ${models.names().join(', ')}` });
  else {
    const def = models.get(inf.model.name)();
    layers = def.layers.length;
    const inputs = def.inputShape.reduce((a, b) => a * b, 1);
    if (inputs !== 784 || def.classes !== 10) issues.push({ path: at('model', 'name'), message: `model '${inf.model.name}' takes ${inputs} inputs and ${def.classes} classes; requests carry MNIST digits (784 inputs, 10 classes)` });
  }
  if ((inf.model.trainExamples ?? INFERENCE_DEFAULTS.trainExamples) > MNIST_TRAIN) issues.push({ path: at('model', 'trainExamples'), message: `expected at most ${MNIST_TRAIN} (MNIST's training split here)` });
  if ((inf.model.testExamples ?? INFERENCE_DEFAULTS.testExamples) > MNIST_TEST) issues.push({ path: at('model', 'testExamples'), message: `expected at most ${MNIST_TEST} (MNIST's test split here)` });
  const servers = inf.servers ?? nodes.filter((n) => n.kind === 'edge').map((n) => n.id);
  if (servers.length === 0) issues.push({ path: at('servers'), message: 'no servers: name them, or add edge nodes' });
  (inf.servers ?? []).forEach((v, i) => !ids.has(v) && issues.push({ path: at('servers', i), message: `unknown node '${v}'` }));
  const { next, prev } = linkGraph(s.links ?? []);
  const terminals = nodes.filter((n) => n.kind === 'terminal').map((n) => n.id);
  const checked = new Set<string>();
  inf.workload.forEach((w, i) => {
    const list = w.terminals ?? terminals;
    if (list.length === 0) issues.push({ path: at('workload', i, 'terminals'), message: 'no terminals: the scenario has none' });
    list.forEach((t, j) => {
      const where = w.terminals === undefined ? at('workload', i) : at('workload', i, 'terminals', j);
      if (!ids.has(t)) return void issues.push({ path: where, message: `unknown node '${t}'` });
      if (checked.has(t)) return;
      checked.add(t);
      const to = reachable(next, t);
      const from = reachable(prev, t);
      if (!servers.some((v) => to.has(v) && from.has(v))) issues.push({ path: where, message: `terminal '${t}' has no route to a server and back (servers: ${servers.join(', ')})` });
    });
    const a = w.arrivals;
    if (a.name === 'trace') {
      try {
        for (const t of list) readRequestTimes(resolveTracePath(String(a['file']), baseDir), t);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        issues.push({ path: at('workload', i, 'arrivals', 'file'), message: `cannot read the request times: ${err.message}` });
      }
    } else if (a.count === undefined && a.untilS === undefined && s.horizonS === undefined) {
      issues.push({ path: at('workload', i, 'arrivals'), message: `'${a.name}' arrivals never stop: give count or untilS, or a horizonS to the scenario` });
    }
  });
  const d = inf.deployment;
  if (d?.plan === 'optimize' && inf.queue !== undefined && inf.queue.name !== 'reserved') {
    issues.push({ path: at('queue', 'name'), message: `the optimizer plans a reserved share of the server per terminal: use 'reserved' (the default with deployment.plan 'optimize'), got '${inf.queue.name}'` });
  }
  const splitIssue = (split: unknown, path: (string | number)[]): void => {
    if (typeof split === 'number' && split > layers) issues.push({ path, message: `expected a split point 0..${layers} (the layers of model '${inf.model.name}'), got ${split}` });
  };
  const rates = inf.model.pruning?.rates ?? [];
  const pruningIssue = (rate: number | undefined, path: (string | number)[]): void => {
    if (rate !== undefined && rate !== 0 && !rates.includes(rate)) issues.push({ path, message: `expected 0 or one of inference.model.pruning.rates (${rates.join(', ') || 'none'}), got ${rate}` });
  };
  splitIssue(d?.split, at('deployment', 'split'));
  pruningIssue(d?.pruning, at('deployment', 'pruning'));
  for (const [t, c] of Object.entries(d?.perTerminal ?? {})) {
    if (!ids.has(t)) issues.push({ path: at('deployment', 'perTerminal', t), message: `unknown node '${t}'` });
    splitIssue(c.split, at('deployment', 'perTerminal', t, 'split'));
    pruningIssue(c.pruning, at('deployment', 'perTerminal', t, 'pruning'));
  }
  const ex = inf.model.exits;
  if (ex !== undefined) {
    const bad = (path: (string | number)[], message: string): void => void issues.push({ path: at('model', 'exits', ...path), message });
    if (models.has(inf.model.name) && models.get(inf.model.name)().convolutional) bad([], `side exits are added to dense models (MLPs); model '${inf.model.name}' is convolutional`);
    ex.after.forEach((a, i) => {
      if (a > layers - 1) bad(['after', i], `expected a side exit after layer 1..${layers - 1} (the last layer is the final exit), got ${a}`);
      if (i > 0 && a <= ex.after[i - 1]!) bad(['after', i], `expected increasing layers, got ${a} after ${ex.after[i - 1]}`);
    });
    if (Array.isArray(ex.threshold) && ex.threshold.length !== ex.after.length) bad(['threshold'], `expected one threshold per side exit (${ex.after.length}), got ${ex.threshold.length}`);
    if (ex.lossWeights !== undefined && ex.lossWeights.length !== ex.after.length + 1) bad(['lossWeights'], `expected one weight per exit, the final included (${ex.after.length + 1}), got ${ex.lossWeights.length}`);
    if (inf.model.pruning !== undefined) bad([], 'side exits and pruned variants are not combined: remove one of them');
    const bits = [d?.activationBits, ...Object.values(d?.perTerminal ?? {}).map((c) => c.activationBits)].filter((b) => b !== undefined && b !== 32);
    if (bits.length > 0) bad([], 'a multi-exit model sends float32 activations: remove activationBits');
  }
  if (inf.model.pruning !== undefined && (inf.model.pruning.kind ?? 'structured') === 'structured' && models.has(inf.model.name) && models.get(inf.model.name)().convolutional) {
    issues.push({ path: at('model', 'pruning', 'kind'), message: `structured pruning removes neurons of dense models; model '${inf.model.name}' is convolutional: use kind 'magnitude'` });
  }
  return issues;
}
