import test from 'ava';
import { mean } from 'simple-statistics';
import { RandomStreams } from '../../src/engine/random.js';
import { randomWaypoint } from '../../src/mobility/randomWaypoint.js';
import { gaussMarkov } from '../../src/mobility/gaussMarkov.js';
import { ArrivalProcess, highwayVehicle, type RoadSpec } from '../../src/mobility/highway.js';
import { ConstantVelocityMobility, StaticMobility } from '../../src/mobility/simple.js';
import { norm } from '../../src/mobility/vec.js';
import { near } from './helpers.js';

const bounds = { xM: [0, 100] as [number, number], yM: [0, 50] as [number, number] };

test('random waypoint stays in its area; the time-average speed is the harmonic mean of U[a, b] while moving', (t) => {
  // With zero pause, each leg's duration is length/speed, so the time-average speed over many legs
  // is E[L]/E[L/v] = 1/E[1/v] = (b − a)/ln(b/a) for v ~ U[a, b] (speed and length independent).
  const rwp = randomWaypoint({ boundsM: bounds, speedMps: [1, 3], pauseS: [0, 0] }, new RandomStreams(5).stream('mobility/n0'));
  const horizon = 200_000;
  for (let s = 0; s < horizon; s += 97.3) {
    const p = rwp.positionAt(s);
    t.true(p.x >= 0 && p.x <= 100 && p.y >= 0 && p.y <= 50, `out of area at ${s}: ${JSON.stringify(p)}`);
  }
  const speed = rwp.pathLengthM(0, horizon) / horizon;
  const expected = 2 / Math.log(3);
  t.true(Math.abs(speed / expected - 1) < 0.02, `mean speed ${speed} vs ${expected}`);
});

test('random waypoint pauses: the fraction of time paused matches E[pause]/(E[pause] + E[leg time])', (t) => {
  const rwp = randomWaypoint({ boundsM: { xM: [0, 100], yM: [0, 100] }, speedMps: [2, 2], pauseS: [0, 10] }, new RandomStreams(9).stream('mobility/n1'));
  const horizon = 300_000;
  const moving = rwp.pathLengthM(0, horizon) / 2; // seconds spent moving at 2 m/s
  // Mean distance between two uniform points in a unit square is 0.5214 (Ghosh 1951): 52.14 m here.
  const expectedPaused = 5 / (5 + 52.14 / 2);
  t.true(Math.abs(1 - moving / horizon - expectedPaused) < 0.01, `paused ${1 - moving / horizon} vs ${expectedPaused}`);
});

test('a node’s random path depends only on its own stream, not on query order or other nodes', (t) => {
  const mk = (streams: RandomStreams) => randomWaypoint({ boundsM: bounds, speedMps: [0.3, 0.7], pauseS: [2, 2] }, streams.stream('mobility/t0'));
  const a = mk(new RandomStreams(1));
  const crowded = new RandomStreams(1);
  crowded.stream('mobility/t1').normal();
  const b = mk(crowded);
  const late = b.positionAt(5000); // b is asked far ahead first
  t.deepEqual(a.positionAt(100), b.positionAt(100));
  t.deepEqual(a.positionAt(5000), late);
});

test('Gauss–Markov stays in its area, and its long-run mean speed is the mean speed', (t) => {
  const gm = gaussMarkov({ boundsM: bounds, alpha: 0.75, meanSpeedMps: 4, meanDirectionRad: 0.3, speedSdMps: 0.5, directionSdRad: 0.5, stepS: 1 }, new RandomStreams(3).stream('mobility/g'));
  const horizon = 50_000;
  for (let s = 0; s < horizon; s += 13.7) {
    const p = gm.positionAt(s);
    t.true(p.x >= -1e-9 && p.x <= 100 + 1e-9 && p.y >= -1e-9 && p.y <= 50 + 1e-9, `out of area at ${s}`);
  }
  // Speed follows an AR(1) around 4 m/s with σ 0.5 (truncation at 0 is negligible): mean 4.
  const speed = gm.pathLengthM(0, horizon) / horizon;
  t.true(Math.abs(speed - 4) < 0.05, `mean speed ${speed}`);
  // Velocity is the derivative of position (a finite difference inside one straight piece).
  const v = gm.velocityAt(10.5);
  const a = gm.positionAt(10.5);
  const b = gm.positionAt(10.5 + 1e-4);
  t.true(Math.abs((b.x - a.x) / 1e-4 - v.x) < 1e-6 && Math.abs((b.y - a.y) / 1e-4 - v.y) < 1e-6, JSON.stringify(v));
  t.true(norm(v) > 0);
});

test('Gauss–Markov with α = 1 and no noise is a straight line at the mean velocity', (t) => {
  const gm = gaussMarkov({ boundsM: { xM: [-1e6, 1e6], yM: [-1e6, 1e6] }, alpha: 1, meanSpeedMps: 2, meanDirectionRad: Math.PI / 2, speedSdMps: 0, directionSdRad: 0, stepS: 1, startM: { x: 0, y: 0, z: 0 } }, new RandomStreams(1).stream('g'));
  t.true(near(gm.positionAt(10.5), [0, 21, 0], 1e-9));
});

test('highway: arrivals are Poisson (mean gap 1/λ), vehicles drive their lane end to end and leave', (t) => {
  const road: RoadSpec = { road: 'A1', lengthM: 1000, arrivalRatePerS: 0.5, lanes: [{ yM: 2, direction: 1, speedMps: 25 }, { yM: -2, direction: -1, speedMps: 20 }] };
  const arrivals = new ArrivalProcess(road, new RandomStreams(4).stream('mobility/highway/A1'));
  const n = 20_000;
  const last = arrivals.arrival(n - 1).tS;
  t.true(Math.abs(last / n - 2) < 0.06, `mean gap ${last / n}`);
  const lanes = Array.from({ length: n }, (_, k) => arrivals.arrival(k).lane);
  t.true(Math.abs(mean(lanes) - 0.5) < 0.02);
  for (const k of [0, 1, 2, 3]) {
    const { tS, lane } = arrivals.arrival(k);
    const v = highwayVehicle(road, arrivals, k);
    const speed = lane === 0 ? 25 : 20;
    t.false(v.presentAt(tS - 0.001));
    t.true(v.presentAt(tS + 1));
    t.true(near(v.positionAt(tS + 10), lane === 0 ? [250, 2, 1.5] : [800, -2, 1.5], 1e-6));
    t.false(v.presentAt(tS + 1000 / speed + 0.001));
    t.is(v.pathLengthM(0, 1e6), 1000);
  }
});

test('static and constant velocity', (t) => {
  const s = new StaticMobility({ x: 1, y: 2, z: 3 });
  t.true(near(s.positionAt(), [1, 2, 3]));
  const cv = new ConstantVelocityMobility({ x: 0, y: 0, z: 0 }, { x: 3, y: 4, z: 0 });
  t.true(near(cv.positionAt(2), [6, 8, 0]));
  t.is(cv.pathLengthM(0, 2), 10);
});
