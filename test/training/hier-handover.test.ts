import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { selectBackend } from '../../src/learning/backend.js';
import { Simulator } from '../../src/engine/simulator.js';
import { buildWorld } from '../../src/scenario/world.js';
import { models, parameterCount, trainingFlops } from '../../src/learning/models.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';
import type { HandoverPolicy } from '../../src/training/spec.js';
import type { EdgeRoundRecord } from '../../src/training/hierRecords.js';

test.before(async () => {
  await selectBackend('cpu');
});

const softmax = models.get('softmax')();
const q = parameterCount(softmax);
/** Bits of softmax's update (fp32, uncompressed). */
const M = 32 * q;

/**
 * The car of test/training/hierarchical.test.ts (10 m/s from x = 100 m between edges at x = 0 and
 * 1000 m, free space, no hysteresis, handover e0 → e1 at 40.1 s, 100 kHz so an upload of softmax
 * takes ≈ 0.34 s) with a wired inter-edge link e0 ↔ e1 (100 Mbit/s, 2 ms), and optionally a
 * terminal u wired to e1 whose local epoch takes `uEpochS`.
 */
const car = (onHandover: HandoverPolicy, uEpochS?: number): ScenarioSpec => ({
  name: 'hier-handover-policy',
  radio: { bandwidthHz: 1e5, pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'none' }, association: { hysteresisDb: 0, timeToTriggerS: 0, measurementPeriodS: 0.1 } },
  nodes: [
    { id: 'ps', kind: 'server', cpuFlopsPerS: 1e12 },
    { id: 'e0', kind: 'edge', positionM: [0, 0, 1.5], cpuFlopsPerS: 1e12 },
    { id: 'e1', kind: 'edge', positionM: [1000, 0, 1.5], cpuFlopsPerS: 1e12 },
    { id: 'car', kind: 'terminal', positionM: [100, 0, 1.5], cpu: { cores: 1, freqHz: 1e9, flopsPerCycle: 1 }, mobility: { model: 'constant-velocity', velocityMps: [10, 0, 0] } },
    ...(uEpochS === undefined ? [] : [{ id: 'u', kind: 'terminal' as const, cpuFlopsPerS: (trainingFlops(softmax) * 50) / uEpochS }]),
  ],
  links: [
    { from: 'ps', to: 'e0', rateBps: 1e9, delayS: 0.001 },
    { from: 'ps', to: 'e1', rateBps: 1e9, delayS: 0.001 },
    { from: 'e0', to: 'e1', rateBps: 1e8, delayS: 0.002 },
    { from: 'car', to: 'e0', wireless: true },
    { from: 'car', to: 'e1', wireless: true },
    ...(uEpochS === undefined ? [] : [{ from: 'e1', to: 'u', rateBps: 1e9, delayS: 0.001 }]),
  ],
  training: { model: 'softmax', dataset: { name: 'gaussian-mixture', samples: 500, classes: 10, dim: 784 }, server: 'ps', clients: 'terminals', samplesPerClient: 50, rounds: 7, onHandover, protocol: { name: 'hierarchical', tau1: 1, tau2: 10 } },
});

const near = (t: { true: (c: boolean, m: string) => void }, a: number, b: number, what: string, tol = 1e-6): void => t.true(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

// Cloud round 5 starts at ≈ 34.05 s; the car's upload in e0's edge round 8 starts at ≈ 39.84 s and
// the handover at 40.1 s cuts it (test/training/hierarchical.test.ts). The car is ≈ 499 m from
// either edge then: its SNR (≈ 45 dB at 100 kHz) is far above the 7.4063 bit/s/Hz cap, so an
// upload of M bits takes M / (1e5 · 7.4063) s plus ≈ 1.7 µs of propagation.
const UPLOAD_S = M / (1e5 * 7.4063) + 496 / 299792458;
/** The car's cut edge round: cloud round 5, e0's edge round 8. */
const cutRound = (r: { edgeRounds?: EdgeRoundRecord[] }): EdgeRoundRecord => r.edgeRounds!.find((e) => e.cloudRound === 5 && e.edge === 'e0' && e.edgeRound === 8)!;

test("'drop': the cut update is a dropout, counted as handoverDropped", (t) => {
  const { report } = simulate(validateScenario(car('drop')));
  const cut = cutRound(report);
  t.deepEqual([cut.members, cut.participants, cut.dropouts, cut.handoverDropped, cut.handoverForwarded, cut.handoverDeliveredNew, cut.handoverStale], [['car'], 0, 1, 1, 0, 0, 0]);
  near(t, cut.endS, 40.1, 'the edge round closes at the handover');
  t.regex(report.rounds[5]!.dropouts[0]!.reason, /handover of 'car' from 'e0'/);
  t.deepEqual(report.hierHandovers![5], { cloudRound: 5, dropped: 1, forwarded: 0, deliveredNew: 0, stale: 0 });
  t.is(report.hierHandovers!.reduce((a, h) => a + h.dropped + h.forwarded + h.deliveredNew + h.stale, 0), 1);
});

test("'forward': the car uploads to e1, which forwards to e0 over the inter-edge link; e0 aggregates it after the hand-computed delay", (t) => {
  const { report } = simulate(validateScenario(car('forward')));
  const cut = cutRound(report);
  t.deepEqual([cut.members, cut.participants, cut.dropouts, cut.handoverDropped, cut.handoverForwarded, cut.handoverDeliveredNew, cut.handoverStale], [['car'], 1, 0, 0, 1, 0, 0]);
  // Resent whole over the new wireless link from 40.1 s, then e1 → e0: M / 1e8 + 2 ms.
  const via = report.transfers.find((x) => x.task === 'c5/e8/update car (via new edge e1)')!;
  const fwd = report.transfers.find((x) => x.task === 'c5/e8/update car (forwarded by e1)')!;
  t.deepEqual([via.from, via.to, via.outcome, fwd.from, fwd.to, fwd.outcome], ['car', 'e1', 'delivered', 'e1', 'e0', 'delivered']);
  near(t, via.startS, 40.1, 'resent at the handover');
  near(t, via.endS, 40.1 + UPLOAD_S, 'at e1', 1e-7);
  const arrival = 40.1 + UPLOAD_S + M / 1e8 + 0.002;
  near(t, fwd.endS, arrival, 'at e0', 1e-7);
  // e0 then averages the one update: 2 FLOPs per parameter at 1 TFLOP/s.
  near(t, cut.endS, arrival + (2 * q) / 1e12, 'e0 closes its edge round', 1e-7);
  t.is(cut.bits, M + 2 * M); // the model down, the update over two hops (the cut attempt's bits are in the transfers' log)
  t.is(report.rounds[5]!.dropped, 0);
  t.deepEqual(report.hierHandovers![5], { cloudRound: 5, dropped: 0, forwarded: 1, deliveredNew: 0, stale: 0 });
});

test("'forward' with a deadline: e0's edge round closes before the forwarded update arrives, which is stale (not a dropout)", (t) => {
  // Edge rounds take ≈ 0.68 s; the forwarded update would reach e0 ≈ 0.95 s after its edge round 8
  // started (≈ 39.49 s). With deadlineS = 0.8 s that round closes first, at ≈ 40.29 s.
  const spec = car('forward');
  spec.training = { ...spec.training!, deadlineS: 0.8 };
  const { report } = simulate(validateScenario(spec));
  const cut = cutRound(report);
  t.deepEqual([cut.members, cut.participants, cut.dropouts, cut.handoverDropped, cut.handoverForwarded, cut.handoverDeliveredNew, cut.handoverStale], [['car'], 0, 0, 0, 0, 0, 1]);
  near(t, cut.endS, cut.startS + 0.8, 'closed at the deadline', 1e-9);
  t.true(cut.endS < 40.1 + UPLOAD_S + M / 1e8 + 0.002);
  t.is(report.rounds[5]!.dropped, 0);
  t.deepEqual(report.hierHandovers![5], { cloudRound: 5, dropped: 0, forwarded: 0, deliveredNew: 0, stale: 1 });
});

test("'deliver-new': e1 aggregates the resent update when its edge round is open, else it is stale", (t) => {
  // Without u, e1 has no members in cloud round 5: it ran its edge rounds at once and the update
  // arriving at 40.1 s + UPLOAD_S finds none open (cloud round 6 started at 40.1 s): stale.
  const stale = simulate(validateScenario(car('deliver-new'))).report;
  const s = cutRound(stale);
  t.deepEqual([s.members, s.participants, s.dropouts, s.handoverDropped, s.handoverForwarded, s.handoverDeliveredNew, s.handoverStale], [['car'], 0, 0, 0, 0, 0, 1]);
  near(t, s.endS, 40.1, 'e0 closes at the handover');
  const resend = stale.transfers.find((x) => x.task === 'c5/e8/update car (to new edge e1)')!;
  t.deepEqual([resend.from, resend.to, resend.outcome], ['car', 'e1', 'delivered']);
  near(t, resend.endS, 40.1 + UPLOAD_S, 'at e1', 1e-7);
  t.is(stale.rounds[5]!.dropped, 0);
  t.deepEqual(stale.hierHandovers![5], { cloudRound: 5, dropped: 0, forwarded: 0, deliveredNew: 0, stale: 1 });
  // With u wired to e1 (a local epoch of 0.66 s; its edge round ≈ 0.6625 s, e0's ≈ 0.6807 s),
  // e1's ten edge rounds of cloud round 5 run from ≈ 34.05 s to ≈ 40.67 s: the update arrives
  // during its edge round 9 (≈ 40.01–40.67 s), which aggregates it with u's.
  const open = simulate(validateScenario(car('deliver-new', 0.66))).report;
  const o = cutRound(open);
  t.deepEqual([o.participants, o.handoverDeliveredNew, o.handoverStale], [0, 1, 0]);
  const e1 = open.edgeRounds!.find((e) => e.cloudRound === 5 && e.edge === 'e1' && e.edgeRound === 9)!;
  t.true(e1.startS < 40.1 + UPLOAD_S && e1.endS > 40.1 + UPLOAD_S, `e1's edge round 9: ${e1.startS}–${e1.endS}`);
  t.deepEqual([e1.members, e1.participants], [['u'], 2]);
  near(t, e1.aggregateS, (2 * q * 2) / 1e12, 'e1 averages two updates (times in ns)', 1e-9);
  t.deepEqual(open.hierHandovers![5], { cloudRound: 5, dropped: 0, forwarded: 0, deliveredNew: 1, stale: 0 });
});

/**
 * A UAV edge center e1 flies −x at 10 m/s from x = 1502.5 m toward a static terminal u at x = 500 m;
 * a static edge e0 at x = 0. Free space, equal heights and transmit powers, no hysteresis,
 * measurements every 0.1 s: e1 is closer (stronger) once 1002.5 − 10·t < 500, t > 50.25 s, so u
 * hands over at the measurement of 50.3 s. e1's link to the cloud ps (static at x = 2000 m) is
 * wireless (no spectral-efficiency cap): its length is 497.5 + 10·t m.
 */
const uav = (): ScenarioSpec => ({
  name: 'hier-moving-edge',
  radio: { pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'none' }, maxSpectralEfficiencyBpsPerHz: null, association: { hysteresisDb: 0, timeToTriggerS: 0, measurementPeriodS: 0.1 } },
  nodes: [
    { id: 'ps', kind: 'server', positionM: [2000, 0, 1.5], cpuFlopsPerS: 1e12 },
    { id: 'e0', kind: 'edge', positionM: [0, 0, 1.5], cpuFlopsPerS: 1e12 },
    { id: 'e1', kind: 'edge', positionM: [1502.5, 0, 1.5], cpuFlopsPerS: 1e12, mobility: { model: 'constant-velocity', velocityMps: [-10, 0, 0] } },
    { id: 'u', kind: 'terminal', positionM: [500, 0, 1.5], cpuFlopsPerS: (trainingFlops(softmax) * 50) / 5 },
  ],
  links: [
    { from: 'ps', to: 'e0', rateBps: 1e9, delayS: 0.001 },
    { from: 'e1', to: 'ps', wireless: true },
    { from: 'u', to: 'e0', wireless: true },
    { from: 'u', to: 'e1', wireless: true },
  ],
  training: { model: 'softmax', dataset: { name: 'gaussian-mixture', samples: 500, classes: 10, dim: 784 }, server: 'ps', clients: 'terminals', samplesPerClient: 50, rounds: 7, protocol: { name: 'hierarchical', tau1: 1, tau2: 2 } },
});

/** Free-space SNR (dB) of e1 (43 dBm, 8 dBi) at the cloud (8 dBi, noise figure 5 dB) over 20 MHz at distance `dM` (3.5 GHz). */
const snrDbAt = (dM: number): number => 43 + 8 + 8 - (20 * Math.log10(dM) + 20 * Math.log10(3.5e9) + 20 * Math.log10((4 * Math.PI) / 299792458)) - (-174 + 10 * Math.log10(20e6) + 5);

test('moving edge centers: a static terminal hands over when a UAV edge comes closer; the edge→cloud link follows its distance', (t) => {
  const handovers: [string, string | null, string, number][] = [];
  const { report } = simulate(validateScenario(uav()), { onTrace: (bus) => bus.on('handover', (p, tS) => void handovers.push([p.node, p.from, p.to, tS])) });
  t.is(handovers.length, 1);
  t.deepEqual(handovers[0]!.slice(0, 3), ['u', 'e0', 'e1']);
  near(t, handovers[0]![3], 50.3, 'handover', 1e-9);
  // Membership follows: u trains in e0's edge rounds that start before 50.3 s and in e1's after.
  const withU = report.edgeRounds!.filter((e) => e.members.includes('u'));
  t.true(withU.every((e) => (e.startS < 50.3 ? e.edge === 'e0' : e.edge === 'e1')));
  t.true(withU.some((e) => e.edge === 'e1'));
  // The edge model's transfer e1 → ps at each cloud round takes M / (B·log2(1 + SNR)) at the
  // distance when it starts (it lasts < 1 ms, within one 0.1 s channel step), plus propagation.
  const ups = report.transfers.filter((x) => /^c\d+\/edge model e1$/.test(x.task));
  t.is(ups.length, 7);
  for (const x of ups) {
    const d0 = 497.5 + 10 * x.startS;
    const expected = M / (20e6 * Math.log2(1 + 10 ** (snrDbAt(d0) / 10))) + (497.5 + 10 * x.endS) / 299792458;
    near(t, x.endS - x.startS, expected, `${x.task}`, 2e-9);
  }
  t.true(ups[6]!.endS - ups[6]!.startS > 1.1 * (ups[0]!.endS - ups[0]!.startS), 'slower as the UAV flies away from the cloud');
});

test("a moving edge's channel to the cloud: the SNR at two times is the hand-computed free-space one", (t) => {
  const scenario = validateScenario(uav());
  const world = buildWorld(new Simulator({ seed: scenario.seed }), scenario);
  const ch = world.channels.get('e1|ps')!;
  t.is(ch.a.id, 'e1');
  for (const tS of [0, 50]) near(t, ch.rateAt(ch.a, tS, 20e6, 0).snrDb, snrDbAt(497.5 + 10 * tS), `SNR at ${tS} s`, 1e-9);
  // 497.5 m → 997.5 m: 20·log10(997.5 / 497.5) ≈ 6.04 dB weaker.
  near(t, ch.rateAt(ch.a, 0, 20e6, 0).snrDb - ch.rateAt(ch.a, 50, 20e6, 0).snrDb, 20 * Math.log10(997.5 / 497.5), 'drop', 1e-9);
  world.training?.model?.dispose();
});
