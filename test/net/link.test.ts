/** The wired link's losses: a sender that fails loses what it has queued or on the wire; what already propagates arrives. Hand-computed times. */
import test from 'ava';
import { Simulator } from '../../src/engine/simulator.js';
import { FixedRateLink } from '../../src/net/link.js';
import { TransferError, type TransferEndTrace } from '../../src/net/transfer.js';

test('a failing sender loses the message on the wire (bits sent so far in tx.end) and those queued; one propagating still arrives', (t) => {
  // 1 Mbit/s, 2 s delay. m0 (1 Mbit) is on the wire 0–1 s, propagates 1–3 s; m1 (10 Mbit) on the
  // wire from 1 s; m2 (1 Mbit) queued behind it. The sender fails at 4 s: m1 has sent 3 Mbit.
  const sim = new Simulator();
  const link = new FixedRateLink(sim, { id: 'a->b', from: 'a', to: 'b', rateBps: 1e6, delayS: 2 });
  const ends: TransferEndTrace[] = [];
  sim.trace.on('tx.end', (p) => ends.push(p));
  const m = [1e6, 10e6, 1e6].map((bits, i) => link.send(bits, `m${i}`));
  const outcome: string[] = [];
  m.forEach((j, i) => j.done.addCallback((ev) => outcome.push(`${sim.now} m${i} ${ev.ok ? 'arrived' : (ev.error as TransferError).message}`)));
  sim.at(4, () => link.interruptAll("node 'a' failed (failure)"));
  sim.run();
  t.deepEqual(outcome, ['3 m0 arrived', "4 m1 transfer on a->b lost: node 'a' failed (failure)", "4 m2 transfer on a->b lost: node 'a' failed (failure)"]);
  t.true(m[2]!.started.defused);
  t.deepEqual(
    ends.map((e) => [e.task, e.outcome, e.startS, e.bitsSent]),
    [
      ['m0', 'delivered', 0, 1e6],
      ['m1', 'failed', 1, 3e6],
    ],
  );
  t.is(link.airtimeS, 4);
});

test('a message past the transmitter when its sender fails still arrives', (t) => {
  const sim = new Simulator();
  const link = new FixedRateLink(sim, { id: 'a->b', from: 'a', to: 'b', rateBps: 1e6, delayS: 2 });
  const j = link.send(1e6, 'm');
  sim.at(1.5, () => link.interruptAll('a failed'));
  sim.run();
  t.true(j.done.ok);
  t.is(j.done.value, 3);
});
