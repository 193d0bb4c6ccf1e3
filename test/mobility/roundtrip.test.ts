import test from 'ava';
import fc from 'fast-check';
import { SampledTrajectory } from '../../src/mobility/trajectory.js';
import { traceFormats } from '../../src/mobility/traces/formats.js';
import { fixture } from './helpers.js';

// Random trajectories → write in each format → read back with our readers → the same positions at
// random times within 1e-6 m (ns-2 recomputes arrival times from speeds, so exactness is not expected).

const coord = fc.double({ min: -5000, max: 5000, noNaN: true });
const trajectoryArb = (threeD: boolean) =>
  fc
    .array(fc.record({ dt: fc.double({ min: 0.01, max: 100, noNaN: true }), x: coord, y: coord, z: threeD ? coord : fc.constant(0) }), { minLength: 1, maxLength: 12 })
    .map((steps) => {
      let t = 0;
      return steps.map((s, i) => {
        t += i === 0 ? 0 : s.dt;
        return { t, x: s.x, y: s.y, z: s.z };
      });
    });

const EXT: Record<string, string> = { csv: '.csv', ns2: '.ns2', bonnmotion: '.movements', one: '.one' };

for (const format of ['csv', 'ns2', 'bonnmotion', 'one']) {
  test(`${format}: write → read reproduces positions within 1e-6 m`, (t) => {
    const threeD = format === 'csv' || format === 'bonnmotion';
    fc.assert(
      fc.property(fc.array(trajectoryArb(threeD), { minLength: 1, maxLength: 4 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }), (paths, fractions) => {
        const nodes = new Map<string, SampledTrajectory>();
        paths.forEach((samples, i) => {
          const traj = new SampledTrajectory('trace', 'always');
          for (const s of samples) traj.add(s.t, s.x, s.y, s.z);
          nodes.set(String(i), traj);
        });
        const fmt = traceFormats.get(format);
        const file = fixture(`rt${EXT[format]}`, fmt.write!(nodes, { dims: threeD ? 3 : 2 }));
        const back = fmt.read(file, { dims: threeD ? 3 : 2 });
        t.is(back.nodes.size, nodes.size);
        for (const [id, orig] of nodes) {
          const got = back.nodes.get(id)!;
          for (const f of fractions) {
            const time = orig.firstTimeS + f * (orig.lastTimeS - orig.firstTimeS);
            const a = orig.positionAt(time);
            const b = got.positionAt(time);
            const err = Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z);
            if (err > 1e-6) t.fail(`node ${id} at ${time}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
          }
        }
      }),
      { numRuns: 60 },
    );
    t.pass();
  });
}
