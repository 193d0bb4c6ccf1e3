import test from 'ava';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/report/simulate.js';
import { SimulationError } from '../../src/engine/errors.js';
import type { ScenarioSpec } from '../../src/scenario/types.js';

// The scenario's maxEventsPerInstant reaches the engine's livelock guard.
const scenario = (maxEventsPerInstant?: number): ScenarioSpec => ({
  name: 'burst',
  ...(maxEventsPerInstant === undefined ? {} : { maxEventsPerInstant }),
  nodes: [{ id: 'n', kind: 'edge', cpuFlopsPerS: 1e9 }],
  // 50 zero-FLOP computations at t = 0: each is several events at the same instant.
  tasks: Array.from({ length: 50 }, (_, i) => ({ id: `c${i}`, type: 'compute' as const, node: 'n', flops: 0 })),
});

test('a scenario sets the events allowed at one instant; the default lets an ordinary burst through', (t) => {
  t.is(validateScenario(scenario()).maxEventsPerInstant, 1_000_000);
  t.notThrows(() => simulate(validateScenario(scenario())));
  const err = t.throws(() => simulate(validateScenario(scenario(20))), { instanceOf: SimulationError });
  t.regex(err.message, /stuck at t=0 s: more than 20 events/);
});

test('maxEventsPerInstant must be a whole number ≥ 1', (t) => {
  t.throws(() => validateScenario(scenario(0)), { message: /maxEventsPerInstant: expected at least 1 event/ });
  t.throws(() => validateScenario(scenario(2.5)), { message: /maxEventsPerInstant: expected an integer/ });
});
