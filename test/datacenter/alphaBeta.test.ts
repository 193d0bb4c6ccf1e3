/**
 * `uncontendedTransferS` (§2.3's α–β of one message) against (i) hand-computed schedules and (ii)
 * the arrival times that emerge from the real DcFabric on idle links, for seeded random chains of
 * 1–6 hops. Random rates are k ns per byte (rateBps = 8e9/k), delays, overheads and sizes whole
 * ns and bytes, so every service time is a whole number of ns and the engine's ns clock rounds
 * nothing: the two must agree to 1e-9 relative.
 */
import test from 'ava';
import { RandomStreams } from '../../src/engine/random.js';
import { uncontendedTransferS, type HopRate } from '../../src/datacenter/alphaBeta.js';
import type { DcLinkDecl } from '../../src/datacenter/types.js';
import { dcWorld } from './world-fixture.js';

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.abs(b) + 1e-15;
/** a hop of `bytesPerS` (B/s) and delay `delayS` */
const hop = (bytesPerS: number, delayS: number): HopRate => ({ rateBps: 8 * bytesPerS, delayS });

test('no hops or no bytes: 0', (t) => {
  t.is(uncontendedTransferS([], 1000, { segmentBytes: 100, messageOverheadS: 1 }), 0);
  t.is(uncontendedTransferS([hop(1e6, 1)], 0, { segmentBytes: 100, messageOverheadS: 1 }), 0);
});

test('one hop: o + d + n/B however the message is cut', (t) => {
  // 10 000 B at 1 MB/s = 10 ms; d = 1 ms, o = 0.1 ms: 11.1 ms (segments queue back to back on one link)
  for (const segmentBytes of [null, 1000, 3000, 10_000, 20_000]) t.true(close(uncontendedTransferS([hop(1e6, 1e-3)], 10_000, { segmentBytes, messageOverheadS: 1e-4 }), 0.0111), String(segmentBytes));
});

test('two hops of unequal rates, s dividing n: o + Σd + Σ s/B + (m−1)·s/B_min', (t) => {
  // 2 MB/s then 1 MB/s, d = 1 ms and 0.5 ms, s = 1000 B, n = 5000 B (m = 5):
  // 1.5 ms (delays) + 0.5 + 1 ms (fill: one segment over each hop) + 4 × 1 ms (the bottleneck) = 7 ms
  const hops = [hop(2e6, 1e-3), hop(1e6, 5e-4)];
  t.true(close(uncontendedTransferS(hops, 5000, { segmentBytes: 1000, messageOverheadS: 0 }), 0.007));
  // o = 0.2 ms adds 0.2 ms; whole message: 1.5 + 2.5 + 5 ms = 9 ms (+ o)
  t.true(close(uncontendedTransferS(hops, 5000, { segmentBytes: 1000, messageOverheadS: 2e-4 }), 0.0072));
  t.true(close(uncontendedTransferS(hops, 5000, { segmentBytes: null, messageOverheadS: 2e-4 }), 0.0092));
  // bottleneck first (1 MB/s then 2 MB/s), d = 0: 1 + 0.5 + 4 × 1 = 5.5 ms
  t.true(close(uncontendedTransferS([hop(1e6, 0), hop(2e6, 0)], 5000, { segmentBytes: 1000, messageOverheadS: 0 }), 0.0055));
});

test('a smaller last segment', (t) => {
  // n = 4500 B, s = 1000 B: 4 segments of 1000 B and one of 500 B; d = o = 0.
  // Fast then slow (2 MB/s, 1 MB/s): the full segments leave hop 1 at 0.5, 1, 1.5, 2 ms and hop 2
  // serves them 0.5–1.5, 1.5–2.5, 2.5–3.5, 3.5–4.5; the last leaves hop 1 at 2.25, waits for hop 2
  // until 4.5 and takes 0.5 ms: 5 ms (= s/B_1 + n/B_min).
  t.true(close(uncontendedTransferS([hop(2e6, 0), hop(1e6, 0)], 4500, { segmentBytes: 1000, messageOverheadS: 0 }), 0.005));
  // Slow then fast (1 MB/s, 2 MB/s): full segments leave hop 1 at 1, 2, 3, 4 ms, hop 2 at 1.5 … 4.5;
  // the last is on hop 1 4–4.5, on hop 2 4.5–4.75: 4.75 ms (the closed form with a full last
  // segment would say 5 ms).
  t.true(close(uncontendedTransferS([hop(1e6, 0), hop(2e6, 0)], 4500, { segmentBytes: 1000, messageOverheadS: 0 }), 0.00475));
  // Three hops 2, 1, 4 MB/s, d = 0, n = 10 500 B (11 segments, the last 500 B): the middle hop is
  // busy without a gap from 0.5 ms for 10 × 1 + 0.5 ms, until 11 ms; the last hop adds 500 B at
  // 4 MB/s = 0.125 ms: 11.125 ms.
  t.true(close(uncontendedTransferS([hop(2e6, 0), hop(1e6, 0), hop(4e6, 0)], 10_500, { segmentBytes: 1000, messageOverheadS: 0 }), 0.011125));
  // with delays 1, 2, 0.5 ms the same schedule shifts by their sum: 14.625 ms
  t.true(close(uncontendedTransferS([hop(2e6, 1e-3), hop(1e6, 2e-3), hop(4e6, 5e-4)], 10_500, { segmentBytes: 1000, messageOverheadS: 0 }), 0.014625));
});

test('equals the times that emerge from DcFabric on idle links: 300 seeded random chains of 1–6 hops', (t) => {
  const rng = new RandomStreams(16, 0).stream('alpha-beta');
  let segmented = 0;
  let lastSmaller = 0;
  for (let trial = 0; trial < 300; trial++) {
    const hops = rng.integer(1, 6);
    const nsPerByte = Array.from({ length: hops }, () => rng.integer(1, 20));
    const delaysNs = Array.from({ length: hops }, () => (rng.random() < 0.2 ? 0 : rng.integer(1, 50_000)));
    const bytes = rng.integer(1, 100_000);
    const segmentBytes = rng.random() < 0.2 ? null : rng.integer(Math.max(1, Math.ceil(bytes / 200)), Math.ceil(1.2 * bytes));
    const messageOverheadS = rng.random() < 0.3 ? 0 : rng.integer(1, 20_000) * 1e-9;
    const names = Array.from({ length: hops + 1 }, (_, i) => `n${i}`);
    const decls: DcLinkDecl[] = nsPerByte.map((k, i) => ({ from: names[i]!, to: names[i + 1]!, rateBps: 8e9 / k, delayS: delaysNs[i]! * 1e-9 }));
    const w = dcWorld(decls, { routing: 'ecmp', segmentBytes, messageOverheadS });
    let at = NaN;
    w.fabric.send('n0', names[hops]!, bytes, 'm').addCallback((e) => (at = e.value as number));
    w.sim.run();
    const want = uncontendedTransferS(decls.map((d) => ({ rateBps: d.rateBps, delayS: d.delayS })), bytes, { segmentBytes, messageOverheadS });
    if (!close(at, want)) {
      t.fail(`trial ${trial}: ${JSON.stringify({ nsPerByte, delaysNs, bytes, segmentBytes, messageOverheadS })}: fabric ${at} s, formula ${want} s`);
      return;
    }
    if (segmentBytes !== null && segmentBytes < bytes) {
      segmented++;
      if (bytes % segmentBytes !== 0) lastSmaller++;
    }
  }
  // the draw covers the segmented case and the smaller last segment often
  t.true(segmented > 150 && lastSmaller > 100, `${segmented} segmented, ${lastSmaller} with a smaller last segment`);
});
