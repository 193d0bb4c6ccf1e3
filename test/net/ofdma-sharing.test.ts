import test from 'ava';
import { fluidFinishTimes, type Send } from './fluidSharing.js';
import fc from 'fast-check';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import type { ScenarioSpec, TaskSpec } from '../../src/scenario/types.js';

// OFDMA as processor sharing. Static terminals 100 m from the edge, free space, no fading: the SNR
// (≈ 44 dB over 20 MHz, more over a share) is far above the 22.3 dB where the spectral-efficiency
// cap c = 7.4063 b/s/Hz applies, so every transfer runs at exactly (B/n)·c with n transfers on
// the medium: R/n with R = B·c. Completion times follow by hand.
const B = 20e6;
const C = 7.4063;
const R = B * C;
const PROP_S = 100 / 299_792_458;


function scenario(sends: readonly Send[]): ScenarioSpec {
  const nodes: ScenarioSpec['nodes'] = [{ id: 'e0', kind: 'edge', positionM: [0, 0, 10], cpuFlopsPerS: 1e12 }];
  const tasks: TaskSpec[] = [];
  sends.forEach((s, i) => {
    const a = (2 * Math.PI * i) / sends.length; // all 100 m away, spread around the edge
    nodes.push({ id: `t${i}`, kind: 'terminal', positionM: [100 * Math.cos(a), 100 * Math.sin(a), 10], cpuFlopsPerS: 1e9 });
    tasks.push({ id: `s${i}`, type: 'send', from: `t${i}`, to: 'e0', bits: s.bits, notBeforeS: s.atS });
  });
  return {
    name: 'ps',
    radio: { pathLoss: { model: 'free-space' }, fading: { model: 'none' }, shadowing: false, access: 'ofdma', bandwidthHz: B, maxSpectralEfficiencyBpsPerHz: C },
    nodes,
    links: sends.map((_, i) => ({ from: `t${i}`, to: 'e0', wireless: true, duplex: false })),
    tasks,
  };
}

/** Each send's arrival time (s), from the simulation. */
function simulated(sends: readonly Send[]): { endsS: number[]; scheduled: number; cancelled: number } {
  const { report } = simulate(validateScenario(scenario(sends)));
  const byTask = new Map(report.transfers.map((x) => [x.task, x]));
  const endsS = sends.map((_, i) => {
    const tr = byTask.get(`s${i}`)!;
    if (tr.outcome !== 'delivered') throw new Error(`s${i} ${tr.outcome}`);
    return tr.endS;
  });
  return { endsS, scheduled: report.events.scheduled, cancelled: report.events.cancelledSkipped };
}


// The clock counts whole nanoseconds and rounds each completion up to the next one.
const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-8 + 1e-9 * Math.abs(b);

test('three transfers joining at different times share the band equally (by hand)', (t) => {
  // A: 100 Mb at 0; B: 60 Mb at 0.2 s; C: 20 Mb at 0.3 s.
  const sends = [
    { atS: 0, bits: 100e6 },
    { atS: 0.2, bits: 60e6 },
    { atS: 0.3, bits: 20e6 },
  ];
  // [0, 0.2) A alone at R; [0.2, 0.3) A and B at R/2; then all three at R/3 until C's 20 Mb are
  // through; then A and B at R/2 until B's rest; then A alone.
  const aAt03 = 100e6 - 0.2 * R - 0.1 * (R / 2);
  const bAt03 = 60e6 - 0.1 * (R / 2);
  const cEnd = 0.3 + 20e6 / (R / 3);
  const bEnd = cEnd + (bAt03 - 20e6) / (R / 2);
  const aEnd = bEnd + (aAt03 - 20e6 - (bAt03 - 20e6)) / R;
  t.true(bAt03 - 20e6 < aAt03 - 20e6); // B finishes before A: the order assumed above
  const { endsS } = simulated(sends);
  const expected = [aEnd, bEnd, cEnd].map((x) => x + PROP_S);
  for (let i = 0; i < 3; i++) t.true(close(endsS[i]!, expected[i]!), `${'ABC'[i]}: ${endsS[i]} vs ${expected[i]}`);
  // Closed form of the last: all bits through at the full rate, as no time was idle.
  t.true(close(aEnd, 180e6 / R));
});

test('property: completion times equal a brute-force processor-sharing reference', (t) => {
  fc.assert(
    fc.property(
      // Start times on the clock's grid (whole ns), as the simulator would round them.
      fc.array(fc.record({ atS: fc.integer({ min: 0, max: 2e9 }).map((ns) => ns / 1e9), bits: fc.double({ min: 1e5, max: 2e8, noNaN: true }) }), { minLength: 1, maxLength: 8 }),
      (sends) => {
        // Processor sharing: capacity R split equally among the transfers present.
        const ref = fluidFinishTimes(sends, (k) => R / k, 1e-6);
        const { endsS } = simulated(sends);
        return endsS.every((e, i) => close(e - PROP_S, ref[i]!));
      },
    ),
    { seed: 15, numRuns: 40 },
  );
  t.pass();
});

test('the events scheduled per transfer do not grow with the number of concurrent transfers', (t) => {
  // k transfers of equal size joining one by one over the first second: all k are on the medium
  // together, so every join and leave re-splits the band among up to k users.
  const perTransfer = (k: number): { scheduled: number; cancelledShare: number } => {
    const sends = Array.from({ length: k }, (_, i) => ({ atS: i / k, bits: 1e6 * (1 + i / k) }));
    const { scheduled, cancelled } = simulated(sends);
    return { scheduled: scheduled / k, cancelledShare: cancelled / scheduled };
  };
  const small = perTransfer(10);
  const large = perTransfer(300);
  // Per-user rescheduling would give ≈ 2k scheduled events per transfer (every join and every
  // leave moves each user's completion): 20 against 600.
  t.true(large.scheduled <= small.scheduled + 1, `${small.scheduled} → ${large.scheduled} events per transfer`);
  // A split takes effect once the instant has settled (after the alarm clock that rang a completion
  // has armed the next instant): a leave in the equal-split regime (≤ N_RB = 111 users, the
  // warm-up and cool-down of the medium) moves the armed instant earlier, one cancelled event each
  // at most — 133 of 2 559 here, bounded by the leaves under N_RB whatever k.
  t.true(large.cancelledShare < 0.1, `cancelled/scheduled ${large.cancelledShare}`);
});
