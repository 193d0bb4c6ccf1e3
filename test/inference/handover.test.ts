/**
 * A request in flight when its terminal hands over: `drop` loses it, `forward` sends the activation
 * again through the new serving edge center, which forwards it to the server over the backhaul, and
 * the result comes back the same way. The car of test/training/handover.test.ts: free space, no
 * fading, at 10 m/s from x = 100 m between edge centers at 0 and 1000 m; it hands over e0 → e1 at
 * 40.1 s. Hand-computed times: a wireless hop at the capped spectral efficiency 7.4063 bit/s/Hz over
 * 100 kHz, plus the propagation delay; the wired e1 ↔ e0 link at 100 Mbit/s with 2 ms.
 */
import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { selectBackend } from '../../src/learning/backend.js';
import { prepareScenarioInference } from '../../src/inference/deploy.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';
import { TWO_CELL_DRIVE } from '../fixtures/twoCellDrive.js';

const cacheRoot = mkdtempSync(join(tmpdir(), 'edgesim-ho-'));
test.before(async () => {
  await selectBackend('cpu');
});

const RATE = 7.4063 * 1e5; // bit/s at the cap over 100 kHz
const C = 299792458;

function spec(onHandover: 'drop' | 'forward'): ScenarioSpec {
  return {
    name: 'inference-handover',
    radio: { bandwidthHz: 1e5, pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'none' }, association: { hysteresisDb: 0, timeToTriggerS: 0, measurementPeriodS: 0.1 } },
    nodes: TWO_CELL_DRIVE.nodes,
    links: [...TWO_CELL_DRIVE.links, { from: 'e0', to: 'e1', rateBps: 1e8, delayS: 0.002 }],
    inference: {
      model: { name: '2nn', trainExamples: 500, testExamples: 100, epochs: 1 },
      // One request at 40.08 s: all on the edge, its 25 088-bit input takes 33.9 ms on the air, so the handover at 40.1 s cuts it.
      workload: [{ arrivals: { name: 'periodic', periodS: 1, offsetS: 40.08, count: 1 } }],
      deployment: { split: 'edge' },
      onHandover,
    },
  };
}

async function run(policy: 'drop' | 'forward') {
  const s = validateScenario(spec(policy));
  await prepareScenarioInference(s, cacheRoot).then((x) => x!);
  return simulate(s).report;
}

test("'drop': the request cut by the handover is lost, naming the handover", async (t) => {
  const [r] = (await run('drop')).requests!;
  t.deepEqual([r!.outcome, r!.server, r!.handovers, r!.endS], ['lost', 'e0', 1, 40.1]);
  t.regex(r!.reason!, /handover of 'car' from 'e0'/);
});

test("'forward': the activation goes again through e1, which forwards it to e0; the result comes back through e1 (hand-computed)", async (t) => {
  const [r] = (await run('forward')).requests!;
  t.deepEqual([r!.outcome, r!.server, r!.handovers], ['done', 'e0', 1]);
  // At 40.1 s the car is at x = 501 m: 499 m from e1. Up: the whole input again over the air to
  // e1, then e1 → e0 on the wire. Edge: 398 010 FLOPs at 1 TFLOP/s. Down: e0 → e1 on the wire, then 64 bits over the air
  // (the car has moved a little: the propagation delay is taken at the distance then, ≈ 499 m).
  const up = 25088 / RATE + 499 / C + 25088 / 1e8 + 0.002;
  const down = 64 / 1e8 + 0.002 + 64 / RATE + 499 / C;
  const expected = 40.1 - 40.08 + up + 398010 / 1e12 + down;
  t.true(Math.abs(r!.latencyS! - expected) < 1e-6, `${r!.latencyS} vs ${expected}`);
  t.is(r!.bits, 25088 * 2 + 64 * 2); // each hop delivered: air + wire up, wire + air down (the cut attempt is in the transfers' log)
});
