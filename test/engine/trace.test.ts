import test from 'ava';
import { Simulator } from '../../src/engine/simulator.js';
import '../../src/node/cpu.js'; // declares compute.* events

test('listeners get the payload and the simulated time; unsubscribe stops them', (t) => {
  const sim = new Simulator();
  const got: string[] = [];
  const off = sim.trace.on('compute.start', (p, tS) => got.push(`${p.node}:${p.task}@${tS}`));
  t.true(sim.trace.wants('compute.start'));
  t.false(sim.trace.wants('compute.end'));
  sim.schedule(1.5, () => sim.trace.emit('compute.start', { node: 'n', task: 'k', flops: 1, durationS: 1 }));
  sim.run();
  off();
  t.false(sim.trace.wants('compute.start'));
  sim.trace.emit('compute.start', { node: 'x', task: 'y', flops: 1, durationS: 1 });
  t.deepEqual(got, ['n:k@1.5']);
});

test('onAny sees every event with its name', (t) => {
  const sim = new Simulator();
  const names: string[] = [];
  const off = sim.trace.onAny((name) => names.push(name));
  t.true(sim.trace.wants('compute.end'));
  sim.trace.emit('compute.start', { node: 'n', task: 'k', flops: 1, durationS: 1 });
  sim.trace.emit('compute.end', { node: 'n', task: 'k', flops: 1, durationS: 1 });
  off();
  sim.trace.emit('compute.end', { node: 'n', task: 'k', flops: 1, durationS: 1 });
  t.deepEqual(names, ['compute.start', 'compute.end']);
});
