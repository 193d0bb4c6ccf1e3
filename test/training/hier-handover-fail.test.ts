import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { selectBackend } from '../../src/learning/backend.js';
import { models, parameterCount, trainingFlops } from '../../src/learning/models.js';
import type { Report } from '../../src/report/report.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';
import type { HandoverPolicy } from '../../src/training/spec.js';
import type { EdgeRoundRecord } from '../../src/training/hierRecords.js';
import type { OffInterval } from '../../src/node/failures.js';

// The resends after a handover cut — `forward` and `deliver-new` — failing in their turn. The car of
// test/training/hier-handover.test.ts: it hands over e0 → e1 at 40.1 s, cutting its upload in
// cloud round 5, e0's edge round 8; the resend to e1 then takes UPLOAD_S ≈ 0.339 s, and under
// `forward` e1 sends it on to e0 over the e0 ↔ e1 link (M / 10⁸ s + 2 ms). Nodes are taken down by
// availability intervals, so every failure lands at a known instant inside a known transfer.

test.before(async () => {
  await selectBackend('cpu');
});

const softmax = models.get('softmax')();
const q = parameterCount(softmax);
const M = 32 * q;
const UPLOAD_S = M / (1e5 * 7.4063) + 496 / 299792458;
/** When the resend reaches e1, and when e1's forward reaches e0 (hier-handover.test.ts). */
const AT_E1 = 40.1 + UPLOAD_S;
const AT_E0 = AT_E1 + M / 1e8 + 0.002;

/** The car scenario (see hier-handover.test.ts), optionally with u wired to e1 (0.66 s epochs). */
const car = (onHandover: HandoverPolicy, withU: boolean): ScenarioSpec => ({
  name: 'hier-handover-fail',
  radio: { bandwidthHz: 1e5, pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'none' }, association: { hysteresisDb: 0, timeToTriggerS: 0, measurementPeriodS: 0.1 } },
  nodes: [
    { id: 'ps', kind: 'server', cpuFlopsPerS: 1e12 },
    { id: 'e0', kind: 'edge', positionM: [0, 0, 1.5], cpuFlopsPerS: 1e12 },
    { id: 'e1', kind: 'edge', positionM: [1000, 0, 1.5], cpuFlopsPerS: 1e12 },
    { id: 'car', kind: 'terminal', positionM: [100, 0, 1.5], cpu: { cores: 1, freqHz: 1e9, flopsPerCycle: 1 }, mobility: { model: 'constant-velocity', velocityMps: [10, 0, 0] } },
    ...(withU ? [{ id: 'u', kind: 'terminal' as const, cpuFlopsPerS: (trainingFlops(softmax) * 50) / 0.66 }] : []),
  ],
  links: [
    { from: 'ps', to: 'e0', rateBps: 1e9, delayS: 0.001 },
    { from: 'ps', to: 'e1', rateBps: 1e9, delayS: 0.001 },
    { from: 'e0', to: 'e1', rateBps: 1e8, delayS: 0.002 },
    { from: 'car', to: 'e0', wireless: true },
    { from: 'car', to: 'e1', wireless: true },
    ...(withU ? [{ from: 'e1', to: 'u', rateBps: 1e9, delayS: 0.001 }] : []),
  ],
  training: { model: 'softmax', dataset: { name: 'gaussian-mixture', samples: 500, classes: 10, dim: 784 }, server: 'ps', clients: 'terminals', samplesPerClient: 50, rounds: 7, onHandover, protocol: { name: 'hierarchical', tau1: 1, tau2: 10 } },
});

/** Runs the car scenario with one node down over `off`. */
function run(onHandover: HandoverPolicy, withU: boolean, off: OffInterval): Report {
  const scenario = validateScenario(car(onHandover, withU));
  scenario.availability = [off];
  return simulate(scenario).report;
}

const cutRound = (r: Report): EdgeRoundRecord => r.edgeRounds!.find((e) => e.cloudRound === 5 && e.edge === 'e0' && e.edgeRound === 8)!;
/** [participants, dropouts, dropped, forwarded, deliveredNew, stale] of the cut edge round. */
const counts = (e: EdgeRoundRecord): number[] => [e.participants, e.dropouts, e.handoverDropped, e.handoverForwarded, e.handoverDeliveredNew, e.handoverStale];
const near = (t: { true: (c: boolean, m: string) => void }, a: number, b: number, what: string, tol = 1e-7): void => t.true(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

for (const down of ['car', 'e1'] as const) {
  test(`'forward': '${down}' goes down at 40.2 s, during the resend to the new edge: a dropout of e0's edge round (upload), counted as handoverDropped`, (t) => {
    // The resend started at 40.1 s would end at AT_E1 ≈ 40.44 s: at 40.2 s it is cut, nothing is
    // forwarded, and e0's edge round — whose only member was the car — closes at 40.2 s with nothing.
    const report = run('forward', false, { node: down, offS: 40.2, onS: 40.3 });
    const cut = cutRound(report);
    t.deepEqual(counts(cut), [0, 1, 1, 0, 0, 0]);
    near(t, cut.endS, 40.2, 'e0 closes its edge round when the resend fails');
    const via = report.transfers.find((x) => x.task === 'c5/e8/update car (via new edge e1)')!;
    t.deepEqual([via.outcome, via.startS, via.endS], ['interrupted', 40.1, 40.2]);
    t.false(report.transfers.some((x) => x.task === 'c5/e8/update car (forwarded by e1)'));
    const d = report.rounds[5]!.dropouts.filter((x) => x.client === 'car');
    t.regex(d[0]!.reason, new RegExp(`^edge e0, edge round 8: node '${down}' failed \\(unavailable\\)`));
    if (down === 'car') t.deepEqual(d.map((x) => x.phase), ['upload']);
    else {
      // e1 down: the car re-attaches at once to e0, the only working edge (test/training/hier-rehome.test.ts),
      // joins e0's edge round 9 that starts at 40.2 s, and hands over again to e1, back at 40.3 s,
      // while e0's model is on its way down: a second dropout, cut by that handover.
      t.deepEqual(d.map((x) => x.phase), ['upload', 'download']);
      t.regex(d[1]!.reason, /^edge e0, edge round 9: .*handover of 'car' from 'e0'/);
    }
    t.deepEqual(report.hierHandovers![5], { cloudRound: 5, dropped: 1, forwarded: 0, deliveredNew: 0, stale: 0 });
  });
}

test("'forward': the forward hop e1 → e0 over the inter-edge link fails (e0 is down when it arrives): a dropout, handoverDropped", (t) => {
  // The resend reaches e1 at AT_E1; e1 sends it on at once, its last bit leaves at AT_E1 + M/10⁸
  // and it would reach e0 at AT_E0 = AT_E1 + M/10⁸ + 2 ms. e0 is down from AT_E1 + M/10⁸ (the
  // message is on the wire) to 40.45 s: the message is lost on arrival at AT_E0.
  const report = run('forward', false, { node: 'e0', offS: AT_E1 + M / 1e8 + 0.001, onS: 40.45 });
  const cut = cutRound(report);
  t.deepEqual(counts(cut), [0, 1, 1, 0, 0, 0]);
  near(t, cut.endS, AT_E0, 'e0 closes its edge round when the forward is lost');
  t.is(report.transfers.find((x) => x.task === 'c5/e8/update car (via new edge e1)')!.outcome, 'delivered');
  // The transfers' log shows the forward as lost when it reached e0 (it showed 'delivered' at the
  // end of its transmission before the fix: a wired message lost on arrival left no trace).
  const fwd = report.transfers.find((x) => x.task === 'c5/e8/update car (forwarded by e1)')!;
  t.is(fwd.outcome, 'failed');
  near(t, fwd.endS, AT_E0, 'lost on arrival at e0');
  const d = report.rounds[5]!.dropouts.filter((x) => x.client === 'car');
  t.deepEqual(d.map((x) => x.phase), ['upload']);
  t.regex(d[0]!.reason, /^edge e0, edge round 8: c5\/e8\/update car \(forwarded by e1\) on e1->e0 lost: 'e0' is down \(unavailable\)/);
  t.deepEqual(report.hierHandovers![5], { cloudRound: 5, dropped: 1, forwarded: 0, deliveredNew: 0, stale: 0 });
});

for (const down of ['car', 'e1'] as const) {
  test(`'deliver-new': '${down}' goes down at 40.2 s, during the resend, while e1's edge round is open: handoverDropped, not a dropout, and e1 aggregates only u`, (t) => {
    // With u wired to e1, e1's edge round 9 runs ≈ 40.01–40.67 s (hier-handover.test.ts), open when
    // the resend fails at 40.2 s; u's update arrives after e1 is back (40.3 s).
    const report = run('deliver-new', true, { node: down, offS: 40.2, onS: 40.3 });
    const cut = cutRound(report);
    t.deepEqual(counts(cut), [0, 0, 1, 0, 0, 0]);
    near(t, cut.endS, 40.1, 'e0 closes at the handover (it no longer waits for the car)');
    const resend = report.transfers.find((x) => x.task === 'c5/e8/update car (to new edge e1)')!;
    t.deepEqual([resend.outcome, resend.startS, resend.endS], ['interrupted', 40.1, 40.2]);
    const e1 = report.edgeRounds!.find((e) => e.cloudRound === 5 && e.edge === 'e1' && e.edgeRound === 9)!;
    t.true(e1.startS < 40.2 && e1.endS > 40.3, `e1's edge round 9: ${e1.startS}–${e1.endS}`);
    t.deepEqual([e1.members, e1.participants, e1.handoverDeliveredNew], [['u'], 1, 0]);
    near(t, e1.aggregateS, (2 * q) / 1e12, 'e1 averages one update', 1e-9);
    t.deepEqual(report.rounds[5]!.dropouts.filter((x) => x.client === 'car'), []);
    t.deepEqual(report.hierHandovers![5], { cloudRound: 5, dropped: 1, forwarded: 0, deliveredNew: 0, stale: 0 });
  });
}

test("'deliver-new': a resend that fails after the cloud round has closed stays stale (counted once, not also dropped)", (t) => {
  // Without u, e1 has no members in cloud round 5 and e0 closes at 40.1 s: the cloud round settles
  // at ≈ 40.1 s and the resend still on its way is stale then. The car going down at 40.2 s kills
  // the resend, which must not count again as handoverDropped.
  const report = run('deliver-new', false, { node: 'car', offS: 40.2, onS: 40.3 });
  const cut = cutRound(report);
  t.deepEqual(counts(cut), [0, 0, 0, 0, 0, 1]);
  const resend = report.transfers.find((x) => x.task === 'c5/e8/update car (to new edge e1)')!;
  t.deepEqual([resend.outcome, resend.endS], ['interrupted', 40.2]);
  t.true(report.rounds[5]!.endS < 40.2, `cloud round 5 ended at ${report.rounds[5]!.endS}`);
  t.deepEqual(report.hierHandovers![5], { cloudRound: 5, dropped: 0, forwarded: 0, deliveredNew: 0, stale: 1 });
});
