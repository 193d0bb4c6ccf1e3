import test from 'ava';
import { Simulator } from '../../src/engine/simulator.js';
import { Medium, type MediumUser } from '../../src/net/medium.js';
import type { TimeShare } from '../../src/net/timeShare.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';
import { WirelessTransmission } from '../../src/net/transmission.js';

// An OFDMA medium splits its band once per instant: joins and leaves at one nanosecond are split
// once the instant has settled, among the users then on it (issue 15).

/** A medium user that records each share it is given, and when. */
class Recorder implements MediumUser {
  readonly shares: [number, number][] = []; // [ns, Hz]
  readonly willShares: number[] = [];
  constructor(
    private readonly sim: Simulator,
    private readonly log: string[] = [],
    private readonly name = '',
  ) {}
  reallocated(bandwidthHz: number): void {
    this.shares.push([this.sim.nowNs, bandwidthHz]);
    this.log.push(`plan ${this.name}`);
  }
  willShare(bandwidthHz: number): void {
    this.willShares.push(bandwidthHz);
    this.log.push(`take ${this.name}`);
  }
}

/** A recorder that can take turns: records the block and the clock's duty. */
class TurnRecorder extends Recorder {
  readonly turns: [number, number][] = []; // [block Hz, duty]
  timeShared(resourceBlockHz: number, clock: TimeShare): void {
    this.turns.push([resourceBlockHz, clock.duty]);
  }
}

test('two users joining at one instant: one split, B/2 each, announced to the transmitter before either replans', (t) => {
  const sim = new Simulator();
  const m = new Medium('e0/uplink', 'ofdma', 20e6, 20e6);
  const [a, b] = [new Recorder(sim), new Recorder(sim)];
  sim.at(0.5, () => {
    m.join(a, sim);
    m.join(b, sim);
    t.deepEqual(a.shares, []); // not yet: the split waits for the instant to settle
  });
  sim.run();
  t.is(m.splitCount, 1);
  t.deepEqual(a.shares, [[5e8, 10e6]]);
  t.deepEqual(b.shares, [[5e8, 10e6]]);
  t.deepEqual(a.willShares, [10e6]);
  t.deepEqual(b.willShares, [10e6]);
});

test('every user takes its new bandwidth on its transmitter before any user replans', (t) => {
  const sim = new Simulator();
  const m = new Medium('e0/downlink', 'ofdma', 20e6, 20e6);
  const log: string[] = [];
  const users = ['a', 'b', 'c'].map((n) => new Recorder(sim, log, n));
  sim.at(0, () => users.forEach((u) => m.join(u, sim)));
  sim.run();
  t.deepEqual(log, ['take a', 'take b', 'take c', 'plan a', 'plan b', 'plan c']);
  t.deepEqual(users[2]!.willShares, [20e6 / 3]);
});

test('a leave and a join at one instant: the user staying sees only the final band (no transient B/1)', (t) => {
  const sim = new Simulator();
  const m = new Medium('e0/uplink', 'ofdma', 20e6, 20e6);
  const [x, y, z] = [new Recorder(sim), new Recorder(sim), new Recorder(sim)];
  sim.at(0, () => {
    m.join(x, sim);
    m.join(y, sim);
  });
  sim.at(1, () => {
    m.leave(y);
    m.join(z, sim);
  });
  sim.at(2, () => m.leave(z));
  sim.run();
  t.is(m.splitCount, 3); // one per instant with a change
  t.deepEqual(x.shares, [
    [0, 10e6],
    [1e9, 10e6],
    [2e9, 20e6],
  ]);
  t.deepEqual(y.shares, [[0, 10e6]]);
  t.deepEqual(z.shares, [[1e9, 10e6]]);
});

test('a user joining and leaving within one instant is never given a band', (t) => {
  const sim = new Simulator();
  const m = new Medium('e0/uplink', 'ofdma', 20e6, 20e6);
  const [x, y] = [new Recorder(sim), new Recorder(sim)];
  sim.at(0, () => m.join(x, sim));
  sim.at(1, () => {
    m.join(y, sim);
    m.leave(y);
  });
  sim.run();
  t.deepEqual(y.shares, []);
  t.deepEqual(x.shares, [
    [0, 20e6],
    [1e9, 20e6], // split again at 1 s (the users are what they were): the same band
  ]);
});

test('crossing N_RB at one instant: every user takes turns once, at the final duty; then joins cost only the joiner', (t) => {
  // 1 MHz of 180 kHz blocks: N_RB = 5. Three users, then four more at one instant: K = 7, duty 5/7.
  const sim = new Simulator();
  const m = new Medium('e0/uplink', 'ofdma', 1e6, 1e6);
  const users = Array.from({ length: 8 }, () => new TurnRecorder(sim));
  sim.at(0, () => users.slice(0, 3).forEach((u) => m.join(u, sim)));
  sim.at(1, () => users.slice(3, 7).forEach((u) => m.join(u, sim)));
  sim.at(2, () => m.join(users[7]!, sim));
  sim.run();
  t.is(m.splitCount, 3);
  for (const u of users.slice(0, 3)) t.deepEqual(u.shares, [[0, 1e6 / 3]]);
  for (const u of users.slice(0, 7)) t.deepEqual(u.turns, [[180e3, 5 / 7]]);
  t.deepEqual(users[7]!.turns, [[180e3, 5 / 8]]); // taking turns already: applied at once, the others untouched
  t.true(m.takingTurns);
});

// End to end: static terminals on a free-space uplink without fading (as in ofdma-sharing.test.ts).
const B = 20e6;
const CAP = 7.4063;
const F = 3.5e9;
const LIGHT = 299_792_458;
const friisRxW = (txDbm: number, gainsDbi: number, dM: number): number => 1e-3 * 10 ** ((txDbm + gainsDbi) / 10) * (LIGHT / (4 * Math.PI * dM * F)) ** 2;
const noiseW = (bHz: number, nfDb: number): number => 1e-3 * 10 ** -17.4 * bHz * 10 ** (nfDb / 10);

test('a far static terminal joining with a near one at one instant plans over B/2, not over a transient B in permanent outage (by hand)', (t) => {
  // Far terminal x: SNR over the whole band −6 dB, below the −5 dB outage threshold; over B/2 the
  // noise halves: −2.99 dB. Splitting at each join gave x the whole band first (it joins first),
  // and a static link in outage fails for good. Split once: x and y each have B/2 from t = 0.
  const snrB = 10 ** -0.6;
  // Terminal 23 dBm, 0 dBi; edge 8 dBi, noise figure 5 dB: the distance at which SNR over B is snrB.
  const dX = (LIGHT / (4 * Math.PI * F)) * Math.sqrt((1e-3 * 10 ** (31 / 10)) / (snrB * noiseW(B, 5)));
  t.true(Math.abs(friisRxW(23, 8, dX) / noiseW(B, 5) - snrB) < 1e-12);
  const bitsX = 1e6;
  const bitsY = 100e6;
  const spec: ScenarioSpec = {
    name: 'split-once',
    radio: { pathLoss: { model: 'free-space' }, fading: { model: 'none' }, shadowing: false, access: 'ofdma', bandwidthHz: B, carrierHz: F, maxSpectralEfficiencyBpsPerHz: CAP },
    nodes: [
      { id: 'e0', kind: 'edge', positionM: [0, 0, 10], cpuFlopsPerS: 1e12 },
      { id: 'x', kind: 'terminal', positionM: [dX, 0, 10], cpuFlopsPerS: 1e9 },
      { id: 'y', kind: 'terminal', positionM: [0, 100, 10], cpuFlopsPerS: 1e9 },
    ],
    links: [
      { from: 'x', to: 'e0', wireless: true, duplex: false },
      { from: 'y', to: 'e0', wireless: true, duplex: false },
    ],
    tasks: [
      { id: 'sx', type: 'send', from: 'x', to: 'e0', bits: bitsX, notBeforeS: 0 },
      { id: 'sy', type: 'send', from: 'y', to: 'e0', bits: bitsY, notBeforeS: 0 },
    ],
  };
  const { report } = simulate(validateScenario(spec));
  const byTask = new Map(report.transfers.map((x) => [x.task, x]));
  const tx = byTask.get('sx')!;
  const ty = byTask.get('sy')!;
  t.is(tx.outcome, 'delivered');
  t.is(ty.outcome, 'delivered');
  // x at (B/2)·log2(1 + 2·snrB) (below the cap); y at (B/2)·c until x is through, then B·c alone.
  const rateX = (B / 2) * Math.log2(1 + 2 * snrB);
  const endX = bitsX / rateX;
  const endY = endX + (bitsY - endX * (B / 2) * CAP) / (B * CAP);
  const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-8 + 1e-9 * Math.abs(b);
  t.true(close(tx.endS, endX + dX / LIGHT), `${tx.endS} vs ${endX + dX / LIGHT}`);
  t.true(close(ty.endS, endY + 100 / LIGHT), `${ty.endS} vs ${endY + 100 / LIGHT}`);
});

test('an edge sending two downlinks at one instant plans each once, with half its power on half the band (by hand)', (t) => {
  // Two near terminals (100 m): the edge (43 dBm) radiates half its power on each half of the
  // band, so each SNR is that of the whole power over the whole band (far above the cap): each at
  // (B/2)·c. Each transmission plans once: no power share changes after its plan.
  let shareChanges = 0;
  const original = WirelessTransmission.prototype.powerShareChanged;
  WirelessTransmission.prototype.powerShareChanged = function (this: WirelessTransmission): void {
    shareChanges++;
    original.call(this);
  };
  try {
    const bits = 20e6;
    const spec: ScenarioSpec = {
      name: 'downlinks',
      radio: { pathLoss: { model: 'free-space' }, fading: { model: 'none' }, shadowing: false, access: 'ofdma', bandwidthHz: B, carrierHz: F, maxSpectralEfficiencyBpsPerHz: CAP },
      nodes: [
        { id: 'e0', kind: 'edge', positionM: [0, 0, 10], cpuFlopsPerS: 1e12 },
        { id: 'a', kind: 'terminal', positionM: [100, 0, 10], cpuFlopsPerS: 1e9 },
        { id: 'b', kind: 'terminal', positionM: [0, 100, 10], cpuFlopsPerS: 1e9 },
      ],
      links: [
        { from: 'e0', to: 'a', wireless: true, duplex: false },
        { from: 'e0', to: 'b', wireless: true, duplex: false },
      ],
      tasks: [
        { id: 'sa', type: 'send', from: 'e0', to: 'a', bits, notBeforeS: 0 },
        { id: 'sb', type: 'send', from: 'e0', to: 'b', bits: 2 * bits, notBeforeS: 0 },
      ],
    };
    const { report } = simulate(validateScenario(spec));
    const byTask = new Map(report.transfers.map((x) => [x.task, x]));
    // a at (B/2)·c; then b alone, on the whole band at full power, at B·c.
    const endA = bits / ((B / 2) * CAP);
    const endB = endA + (2 * bits - endA * (B / 2) * CAP) / (B * CAP);
    const close = (x: number, y: number): boolean => Math.abs(x - y) <= 1e-8 + 1e-9 * Math.abs(y);
    t.true(close(byTask.get('sa')!.endS, endA + 100 / LIGHT), `${byTask.get('sa')!.endS} vs ${endA + 100 / LIGHT}`);
    t.true(close(byTask.get('sb')!.endS, endB + 100 / LIGHT), `${byTask.get('sb')!.endS} vs ${endB + 100 / LIGHT}`);
    t.is(shareChanges, 0);
  } finally {
    WirelessTransmission.prototype.powerShareChanged = original;
  }
});

test('a user leaving while a split replans (e.g. failing at its plan) leaves the others their turn; the medium splits again', (t) => {
  // N_RB = 5, six users taking turns. At 1 s one leaves (K = 5: the equal split, deferred) and
  // three join (K = 8: still taking turns, one split for the instant); the first joiner leaves at
  // its plan: the other two are still put on the clock, and the medium splits again (K = 7).
  const sim = new Simulator();
  const m = new Medium('e0/uplink', 'ofdma', 1e6, 1e6);
  const users = Array.from({ length: 6 }, () => new TurnRecorder(sim));
  class Quitter extends TurnRecorder {
    override timeShared(resourceBlockHz: number, clock: TimeShare): void {
      super.timeShared(resourceBlockHz, clock);
      m.leave(this);
    }
  }
  const joiners = [new Quitter(sim), new TurnRecorder(sim), new TurnRecorder(sim)];
  sim.at(0, () => users.forEach((u) => m.join(u, sim)));
  sim.at(1, () => {
    m.leave(users[0]!);
    joiners.forEach((u) => m.join(u, sim));
  });
  sim.run();
  for (const u of joiners) t.deepEqual(u.turns, [[180e3, 5 / 8]]);
  for (const u of users) t.deepEqual(u.turns, [[180e3, 5 / 6]]); // not re-planned at 1 s
  t.is(m.load, 7);
  t.is(m.clock!.duty, 5 / 7);
  t.is(m.splitCount, 3); // at 0, at 1, and again at 1 after the leave
});
