import test from 'ava';
import { fluidFinishTimes, type Send } from './fluidSharing.js';
import fc from 'fast-check';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { Simulator } from '../../src/engine/simulator.js';
import { InterferenceField, type Interferer } from '../../src/net/interference.js';
import type { ChannelEnd, RadioChannel } from '../../src/radio/channel.js';
import type { ScenarioSpec, TaskSpec } from '../../src/scenario/types.js';

// OFDMA with resource blocks (3GPP TS 36.211 §6.2.3: a PRB is 12 × 15 kHz = 180 kHz). A 1 MHz
// medium holds N_RB = floor(1e6 / 180e3) = 5 blocks. Static terminals 100 m from the edge, free
// space, no fading: the SNR even over the whole 1 MHz is ≈ 57 dB, far above the 22.3 dB where the
// cap c = 7.4063 b/s/Hz applies, so a user's rate is c × its bandwidth:
// - K ≤ 5 users: the equal split, B/K each: rate B·c/K;
// - K > 5 users: turns, one block each for 5/K of the time: rate 180e3·c·5/K.
const B = 1e6;
const RB = 180e3;
const N_RB = 5;
const C = 7.4063;
const PROP_S = 100 / 299_792_458;


function scenario(sends: readonly Send[], resourceBlockHz = RB): ScenarioSpec {
  const nodes: ScenarioSpec['nodes'] = [{ id: 'e0', kind: 'edge', positionM: [0, 0, 10], cpuFlopsPerS: 1e12 }];
  const tasks: TaskSpec[] = [];
  sends.forEach((s, i) => {
    const a = (2 * Math.PI * i) / sends.length;
    nodes.push({ id: `t${i}`, kind: 'terminal', positionM: [100 * Math.cos(a), 100 * Math.sin(a), 10], cpuFlopsPerS: 1e9 });
    tasks.push({ id: `s${i}`, type: 'send', from: `t${i}`, to: 'e0', bits: s.bits, notBeforeS: s.atS });
  });
  return {
    name: 'rb',
    radio: { pathLoss: { model: 'free-space' }, fading: { model: 'none' }, shadowing: false, access: 'ofdma', bandwidthHz: B, resourceBlockHz, maxSpectralEfficiencyBpsPerHz: C },
    nodes,
    links: sends.map((_, i) => ({ from: `t${i}`, to: 'e0', wireless: true, duplex: false })),
    tasks,
  };
}

function simulated(sends: readonly Send[], resourceBlockHz = RB): { endsS: number[]; scheduled: number; json: string } {
  const { report } = simulate(validateScenario(scenario(sends, resourceBlockHz)));
  const byTask = new Map(report.transfers.map((x) => [x.task, x]));
  const endsS = sends.map((_, i) => {
    const tr = byTask.get(`s${i}`)!;
    if (tr.outcome !== 'delivered') throw new Error(`s${i} ${tr.outcome}`);
    return tr.endS;
  });
  return { endsS, scheduled: report.events.scheduled, json: JSON.stringify(report.transfers) };
}

/** Each user's rate (b/s) with k users on the medium. */
const rateWith = (k: number): number => (k <= N_RB ? (B * C) / k : (RB * C * N_RB) / k);

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-8 + 1e-9 * Math.abs(b);

test('K > N_RB equal users take turns: each finishes at K·b / (N_RB·RB·c) (by hand)', (t) => {
  // 8 users of 1 Mb each from t = 0: each on one 180 kHz block 5/8 of the time, at 180e3 × 7.4063
  // = 1.333134 Mb/s on its block, so 0.833209 Mb/s: all are through at 8e6 / (5 × 1.333134e6) =
  // 1.200180 s (plus the 100 m of propagation).
  const sends = Array.from({ length: 8 }, () => ({ atS: 0, bits: 1e6 }));
  const { endsS } = simulated(sends);
  const expected = (8 * 1e6) / (5 * 180e3 * 7.4063) + PROP_S;
  t.true(Math.abs(expected - 1.2001801 - PROP_S) < 1e-6);
  for (const e of endsS) t.true(close(e, expected), `${e} vs ${expected}`);
});

test('K > N_RB unequal users: the turns speed up as users leave, then the equal split takes over (by hand)', (t) => {
  // 7 users of i Mb (i = 1..7) from t = 0. Phases: 7 users, 6, then ≤ 5 on the equal split.
  const sends = Array.from({ length: 7 }, (_, i) => ({ atS: 0, bits: (i + 1) * 1e6 }));
  const r1 = RB * C; // one block
  const t1 = 1e6 / ((r1 * 5) / 7); // user 1 done: each has sent 1 Mb
  const t2 = t1 + 1e6 / ((r1 * 5) / 6); // user 2: one more Mb each at 5/6 of a block
  const t3 = t2 + 1e6 / ((B * C) / 5); // then 5 users on the equal split, B/5 each
  const t4 = t3 + 1e6 / ((B * C) / 4);
  const t5 = t4 + 1e6 / ((B * C) / 3);
  const t6 = t5 + 1e6 / ((B * C) / 2);
  const t7 = t6 + 1e6 / (B * C);
  const { endsS } = simulated(sends);
  [t1, t2, t3, t4, t5, t6, t7].forEach((x, i) => t.true(close(endsS[i]!, x + PROP_S), `user ${i + 1}: ${endsS[i]} vs ${x + PROP_S}`));
});

test('property: joins and leaves across N_RB match a brute-force fluid integration of the rates', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ atS: fc.integer({ min: 0, max: 2e9 }).map((ns) => ns / 1e9), bits: fc.double({ min: 1e5, max: 5e6, noNaN: true }) }), { minLength: 1, maxLength: 14 }),
      (sends) => {
        const ref = fluidFinishTimes(sends, rateWith, 1e-9);
        const { endsS } = simulated(sends);
        return endsS.every((e, i) => close(e - PROP_S, ref[i]!));
      },
    ),
    { seed: 15, numRuns: 40 },
  );
  t.pass();
});

test('with no more users than blocks, the report is byte-identical to a medium of many more blocks', (t) => {
  // 5 users on 5 blocks, and the same with 1 kHz blocks (1 000 of them): the equal split either way.
  const sends = Array.from({ length: 5 }, (_, i) => ({ atS: i * 0.01, bits: (1 + i) * 2e5 }));
  t.is(simulated(sends).json, simulated(sends, 1e3).json);
});

test('the events scheduled per transfer stay constant as the users per block grow', (t) => {
  const perTransfer = (k: number): number => {
    const sends = Array.from({ length: k }, (_, i) => ({ atS: i / k, bits: 1e5 * (1 + i / k) }));
    return simulated(sends).scheduled / k;
  };
  const a = perTransfer(20);
  const b = perTransfer(400);
  // Re-rating every user at each change would cost ≈ 2K events per transfer (40 against 800).
  t.true(b <= a + 1, `${a} → ${b} events per transfer`);
});

test('interference of time-shared users: mean power, rescaled by the duty in one update', (t) => {
  // Two media of one band; a sink at e0 for medium m0. Interferers on m1: each adds 1 nW (its
  // mean received power at e0 with its whole node power). Two take turns at duty 0.5: 2 × 1 × 0.5 =
  // 1 nW; the duty becomes 0.25: 0.5 nW; one leaves: 0.25 nW; an interferer on the equal split
  // adds its own 1 nW unscaled: 1.25 nW.
  const sim = new Simulator();
  const channel = { meanRxPowerW: () => 1e-9 } as unknown as RadioChannel;
  const field = new InterferenceField(sim, () => channel, 20e6);
  const end = (id: string): ChannelEnd => ({ id, radio: { noiseFigureDb: 5 }, mobility: { name: 'static' } }) as unknown as ChannelEnd;
  const m0 = {};
  const m1 = {};
  const group = { duty: 0.5 };
  const sink = field.attach('uplink/0', m0, end('e0'), { interferenceChanged: () => {} });
  const who = (id: string, g?: { duty: number }): Interferer => ({ senderEnd: end(id), radiatedW: 0.2, nodePowerW: 0.2, ...(g === undefined ? {} : { dutyGroup: g }) });
  const a = who('a', group);
  field.update('uplink/0', a, m1, true);
  field.update('uplink/0', who('b', group), m1, true);
  t.true(Math.abs(sink.sumW - 1e-9) < 1e-21);
  group.duty = 0.25;
  field.rescale('uplink/0', group, 0.25);
  t.true(Math.abs(sink.sumW - 0.5e-9) < 1e-21);
  field.update('uplink/0', a, m1, false);
  t.true(Math.abs(sink.sumW - 0.25e-9) < 1e-21);
  field.update('uplink/0', who('c'), m1, true);
  t.true(Math.abs(sink.sumW - 1.25e-9) < 1e-21);
  // The victim on one 180 kHz block of the 20 MHz band sees that share of it.
  t.true(Math.abs(field.interferenceW(sink, 180e3) - 1.25e-9 * (180e3 / 20e6)) < 1e-24);
});
