import test from 'ava';
import { Simulator } from '../../src/engine/simulator.js';
import { FixedRateLink } from '../../src/net/link.js';
import { routeNow, sendRouted, type Topology } from '../../src/net/routes.js';
import type { Link } from '../../src/net/transfer.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { selectBackend } from '../../src/learning/backend.js';
import { models, parameterCount } from '../../src/learning/models.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';

// Hand-made topologies: wired links [from, to, delayS] (1 Gbit/s, both ways unless `oneWay`) and
// an optional association (terminal → serving edge center).
type Spec = [from: string, to: string, delayS: number, oneWay?: 'oneWay'];

function topology(sim: Simulator, specs: readonly Spec[], serving: Record<string, string> = {}): Topology {
  const links: Link[] = [];
  for (const [from, to, delayS, oneWay] of specs) {
    for (const [a, b] of oneWay === undefined ? [[from, to], [to, from]] : [[from, to]]) links.push(new FixedRateLink(sim, { id: `${a}->${b}`, from: a!, to: b!, rateBps: 1e9, delayS }));
  }
  return {
    links,
    linksByEnds: new Map(links.map((l) => [`${l.from}->${l.to}`, l])),
    servingEdge: (node) => serving[node],
    downlink: () => {
      throw new Error('no media in these tests');
    },
  };
}

/** The nodes a route visits. */
const path = (hops: readonly Link[] | undefined): string[] | undefined => (hops === undefined ? undefined : [hops[0]!.from, ...hops.map((h) => h.to)]);

test('a three-hop relay chain terminal → edge → relay → cloud is found both ways; a message takes each hop in turn', (t) => {
  const sim = new Simulator();
  const topo = topology(sim, [['t', 'e', 0.001], ['e', 'relay', 0.002], ['relay', 'cloud', 0.004]]);
  t.deepEqual(path(routeNow(topo, 't', 'cloud')), ['t', 'e', 'relay', 'cloud']);
  t.deepEqual(path(routeNow(topo, 'cloud', 't')), ['cloud', 'relay', 'e', 't']);
  t.deepEqual(path(routeNow(topo, 'e', 'cloud')), ['e', 'relay', 'cloud']);
  // Store and forward: 1 Mbit takes 1 ms on each 1 Gbit/s hop, plus its delay.
  const p = sim.process(sendRouted(topo, 't', 'cloud', 1e6, 'm'));
  sim.run();
  t.true(p.ok);
  t.true(Math.abs(sim.now - (3 * 0.001 + 0.001 + 0.002 + 0.004)) < 1e-8, `arrived at ${sim.now}`);
});

test('of two routes of as many hops, the lower total delay; equal delays: scenario order', (t) => {
  const sim = new Simulator();
  // Three hops through r1 (1 + 5 + 1 ms) or r2 (1 + 1 + 2 ms); r1 comes first in scenario order.
  const chain = topology(sim, [['cloud', 'r1', 0.001], ['cloud', 'r2', 0.001], ['r1', 'e', 0.005], ['r2', 'e', 0.001], ['e', 't', 0.001], ['r1', 'x', 0], ['r2', 'x', 0.0005]]);
  t.deepEqual(path(routeNow(chain, 'cloud', 't')), ['cloud', 'r2', 'e', 't']);
  t.deepEqual(path(routeNow(chain, 't', 'cloud')), ['t', 'e', 'r2', 'cloud']);
  // Two hops: the lower delay even when it comes second; equal delays: the first.
  t.deepEqual(path(routeNow(chain, 'cloud', 'e')), ['cloud', 'r2', 'e']);
  t.deepEqual(path(routeNow(chain, 'cloud', 'x')), ['cloud', 'r1', 'x']);
  const even = topology(sim, [['cloud', 'e1', 0.01], ['cloud', 'e2', 0.01], ['e1', 't', 0], ['e2', 't', 0]]);
  t.deepEqual(path(routeNow(even, 'cloud', 't')), ['cloud', 'e1', 't']);
  // Fewest hops first: a direct link however slow.
  const direct = topology(sim, [['a', 'b', 1], ['a', 'c', 0], ['c', 'b', 0]]);
  t.deepEqual(path(routeNow(direct, 'a', 'b')), ['a', 'b']);
});

test("among routes of as many hops, the one through the terminal's serving edge center, before latency", (t) => {
  const sim = new Simulator();
  // Two edge centers reach t; e1 comes first and has the shorter backhaul, t is served by e2.
  const specs: Spec[] = [['cloud', 'e1', 0.001], ['cloud', 'e2', 0.01], ['e1', 't', 0], ['e2', 't', 0]];
  const served = topology(sim, specs, { t: 'e2' });
  t.deepEqual(path(routeNow(served, 'cloud', 't')), ['cloud', 'e2', 't'], 'down: the last hop from the serving edge center');
  t.deepEqual(path(routeNow(served, 't', 'cloud')), ['t', 'e2', 'cloud'], 'up: the first hop to it');
  const unserved = topology(sim, specs);
  t.deepEqual(path(routeNow(unserved, 'cloud', 't')), ['cloud', 'e1', 't'], 'no association: the lower delay');
  // A serving edge center not on a shortest route does not lengthen it.
  const far = topology(sim, [...specs, ['e3', 'e2', 0], ['e3', 't', 0]], { t: 'e3' });
  t.deepEqual(path(routeNow(far, 'cloud', 't')), ['cloud', 'e1', 't']);
  // Three hops through a relay: the serving edge center's, though the other is faster.
  const relayed = topology(sim, [['cloud', 'relay', 0.001], ['relay', 'e1', 0.001], ['relay', 'e2', 0.01], ['e1', 't', 0], ['e2', 't', 0]], { t: 'e2' });
  t.deepEqual(path(routeNow(relayed, 'cloud', 't')), ['cloud', 'relay', 'e2', 't']);
  t.deepEqual(path(routeNow(relayed, 't', 'cloud')), ['t', 'e2', 'relay', 'cloud']);
});

test('no route: undefined, and sending over it throws; simplex links go one way only', (t) => {
  const sim = new Simulator();
  const topo = topology(sim, [['a', 'b', 0], ['c', 'd', 0], ['b', 'x', 0, 'oneWay'], ['x', 'y', 0], ['y', 'z', 0]]);
  t.is(routeNow(topo, 'a', 'd'), undefined);
  t.is(routeNow(topo, 'a', 'nowhere'), undefined);
  t.deepEqual(path(routeNow(topo, 'a', 'z')), ['a', 'b', 'x', 'y', 'z']);
  t.is(routeNow(topo, 'z', 'a'), undefined);
  t.throws(() => sendRouted(topo, 'a', 'd', 1, 'm').next(), { message: "no route from 'a' to 'd'" });
});

/** Every simple path from `from` to `to`, by brute force. */
function allPaths(topo: Topology, from: string, to: string): Link[][] {
  const out: Link[][] = [];
  const walk = (at: string, seen: Set<string>, hops: Link[]): void => {
    if (at === to) return void out.push(hops);
    for (const l of topo.links) if (l.from === at && !seen.has(l.to)) walk(l.to, new Set([...seen, l.to]), [...hops, l]);
  };
  walk(from, new Set([from]), []);
  return out;
}

test('property: routeNow is the rule applied to every path (random graphs with association)', (t) => {
  const sim = new Simulator({ seed: 7 });
  const rng = sim.rng.stream('test/routes');
  const pick = (n: number): number => Math.floor(rng.uniform(0, n));
  const delays = [0, 0.001, 0.002];
  for (let g = 0; g < 200; g++) {
    const n = 4 + pick(5);
    const specs: Spec[] = [];
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (rng.uniform() < 0.35) specs.push(rng.uniform() < 0.5 ? [`n${a}`, `n${b}`, delays[pick(3)]!] : [`n${b}`, `n${a}`, delays[pick(3)]!, 'oneWay']);
    const serving: Record<string, string> = {};
    for (let a = 0; a < n; a++) if (rng.uniform() < 0.4) serving[`n${a}`] = `n${pick(n)}`;
    const topo = topology(sim, specs, serving);
    const index = new Map(topo.links.map((l, i) => [l, i]));
    const latency = (p: Link[]): number => p.reduce((s, l) => s + (l as FixedRateLink).params.delayS, 0);
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        if (a === b) continue;
        const [from, to] = [`n${a}`, `n${b}`];
        let paths = allPaths(topo, from, to);
        const fewest = Math.min(...paths.map((p) => p.length));
        paths = paths.filter((p) => p.length === fewest);
        const pref = serving[to] !== undefined ? paths.filter((p) => p.length > 1 && p[p.length - 1]!.from === serving[to]) : serving[from] !== undefined ? paths.filter((p) => p.length > 1 && p[0]!.to === serving[from]) : [];
        if (pref.length > 0) paths = pref;
        // Latencies summed from the last hop, as the search does (equal sums compare equal).
        const sum = (p: Link[]): number => [...p].reverse().reduce((s, l) => (l as FixedRateLink).params.delayS + s, 0);
        paths.sort((p, q) => sum(p) - sum(q) || p.map((l) => index.get(l)!).reduce((c, i, k) => c || i - index.get(q[k]!)!, 0));
        const want = paths[0];
        const got = routeNow(topo, from, to);
        if (want === undefined ? got !== undefined : got === undefined || got.some((l, k) => l !== want[k])) {
          t.fail(`graph ${g} ${JSON.stringify(specs)} serving ${JSON.stringify(serving)}: ${from} → ${to} gave ${JSON.stringify(path(got))}, want ${JSON.stringify(path(want))} (${want === undefined ? '' : latency(want)})`);
          return;
        }
      }
    }
  }
  t.pass();
});

test.serial('end to end: a terminal trains with sync over terminal → edge → relay → server; each transfer takes its three hops at the hand-computed times', async (t) => {
  await selectBackend('cpu');
  // All wired: the relay is a backhaul node between the edge center and the cloud server.
  const hop = { a: { rateBps: 10e6, delayS: 0.002 }, e0: { rateBps: 50e6, delayS: 0.005 }, relay: { rateBps: 100e6, delayS: 0.01 } };
  const spec: ScenarioSpec = {
    name: 'relay',
    nodes: [
      { id: 'ps', kind: 'server', cpuFlopsPerS: 1e12 },
      { id: 'relay', kind: 'edge', cpuFlopsPerS: 1e12 },
      { id: 'e0', kind: 'edge', cpuFlopsPerS: 1e12 },
      { id: 'a', kind: 'terminal', cpuFlopsPerS: 1e9 },
    ],
    links: [
      { from: 'relay', to: 'ps', ...hop.relay },
      { from: 'e0', to: 'relay', ...hop.e0 },
      { from: 'a', to: 'e0', ...hop.a },
    ],
    training: {
      model: 'softmax',
      dataset: { name: 'gaussian-mixture', samples: 500, classes: 10, dim: 784 },
      server: 'ps',
      clients: 'terminals',
      rounds: 1,
      samplesPerClient: 50,
      local: { epochs: 1, batchSize: 10, learningRate: 0.1 },
      protocol: { name: 'sync' },
    },
  };
  const { report } = simulate(validateScenario(spec));
  t.is(report.rounds.length, 1);
  t.is(report.rounds[0]!.participants, 1);
  const bits = 32 * parameterCount(models.get('softmax')());
  const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-8;
  // Down: ps → relay → e0 → a, each hop starting when the one before has arrived (a transfer's endS is its arrival).
  const down = report.transfers.filter((x) => x.task.startsWith('r0/model'));
  t.deepEqual(down.map((x) => `${x.from}->${x.to}`), ['ps->relay', 'relay->e0', 'e0->a']);
  let at = 0;
  for (const [x, h] of [[down[0]!, hop.relay], [down[1]!, hop.e0], [down[2]!, hop.a]] as const) {
    t.is(x.bits, bits);
    t.true(close(x.startS, at), `${x.link} starts at ${x.startS}, want ${at}`);
    at += bits / h.rateBps + h.delayS;
    t.true(close(x.endS, at), `${x.link} arrives at ${x.endS}, want ${at}`);
  }
  t.true(close(at, 0.002512 + 0.01 + 0.005024 + 0.005 + 0.02512 + 0.002), 'by hand: 251.2 kbit at 100, 50 and 10 Mbit/s');
  // Up: a → e0 → relay → ps after local training, each hop starting when the one before has arrived.
  const up = report.transfers.filter((x) => x.from === 'a' || x.to === 'ps' || (x.from === 'e0' && x.to === 'relay'));
  t.deepEqual(up.map((x) => `${x.from}->${x.to}`), ['a->e0', 'e0->relay', 'relay->ps']);
  at = up[0]!.startS;
  t.true(at > down[2]!.endS);
  for (const [x, h] of [[up[0]!, hop.a], [up[1]!, hop.e0], [up[2]!, hop.relay]] as const) {
    t.true(close(x.startS, at), `${x.link} starts at ${x.startS}, want ${at}`);
    at += x.bits / h.rateBps + h.delayS;
    t.true(close(x.endS, at), `${x.link} arrives at ${x.endS}, want ${at}`);
  }
  t.is(report.transfers.length, 6);
});

test('a sender interrupted while its message is on the way stops waiting; the message failing later does not stop the run', (t) => {
  // SimPy's rule, kept by the engine: a failed event nobody waits for stops the run. A process that
  // walks away from a message (training ended) must not leave such an event behind.
  const sim = new Simulator();
  const topo = topology(sim, [['t', 'e', 0]]);
  const link = topo.links[0] as FixedRateLink;
  let caught = '';
  const p = sim.process(
    (function* () {
      try {
        yield* sendRouted(topo, 't', 'e', 4e9, 'update'); // 4 s at 1 Gbit/s
      } catch (err) {
        caught = (err as Error).constructor.name;
      }
    })(),
    'client',
  );
  sim.at(1, () => p.interrupt('training ended'));
  sim.at(2, () => link.interruptAll("handover of 't'")); // the abandoned message fails at 2 s
  t.notThrows(() => sim.run());
  t.is(caught, 'Interrupt');
  t.is(sim.now, 2);
});
