/**
 * Compute time and energy for every way of describing a processor (docs/models.md, Compute).
 * Expected values are hand computations from datasheet figures written here: NVIDIA A100 (SXM)
 * 19.5 TFLOP/s FP32 at 400 W, NVIDIA T4 8.1 TFLOP/s FP32 at 70 W, a phone core at 2 GHz × 8
 * FLOP/cycle with κ = 1e-28 (Yang et al., IEEE TWC 2021), an nRF52840-class MCU 3.3 mA × 3 V at
 * 64 MHz. Energy is integrated here by a stand-in meter (power × time between begin and end), not
 * by the node's meter.
 */
import test from 'ava';
import fc from 'fast-check';
import { Simulator } from '../../src/engine/simulator.js';
import { Cpu, type CpuParams } from '../../src/node/cpu.js';
import type { EnergyMeter } from '../../src/node/energy.js';
import { deviceProfiles } from '../../src/node/profiles.js';
import { nodeHardware } from '../../src/scenario/hardware.js';
import type { NodeSpec } from '../../src/scenario/types.js';

/** Plausible energy per FLOP of any digital processor (J): 0.1 pJ (best FP8 tensor units) to 10 nJ (software floating point on a microcontroller). */
const PLAUSIBLE_J_PER_FLOP: [number, number] = [1e-13, 1e-8];

/** A CPU with a meter that integrates power × time itself. */
function rig(params: CpuParams): { sim: Simulator; cpu: Cpu; energyJ: () => number } {
  const sim = new Simulator();
  let energyJ = 0;
  const open = new Map<object, { powerW: number; fromS: number }>();
  const meter = {
    begin(category: string, powerW: number) {
      const a = { category, powerW };
      open.set(a, { powerW, fromS: sim.now });
      return a;
    },
    end(a: object) {
      const o = open.get(a)!;
      energyJ += o.powerW * (sim.now - o.fromS);
      open.delete(a);
    },
  } as unknown as EnergyMeter;
  return { sim, cpu: new Cpu(sim, 'n', params, meter), energyJ: () => energyJ };
}

/** Runs `flops` on a fresh processor with `threads` threads; returns the time it took and the energy. */
function measure(params: CpuParams, flops: number, threads = 1): { timeS: number; energyJ: number } {
  const { sim, cpu, energyJ } = rig(params);
  let endS = NaN;
  sim.process(
    (function* () {
      endS = (yield cpu.compute(flops, 'job', undefined, threads).done) as number;
    })(),
    'job',
  );
  sim.run();
  return { timeS: endS, energyJ: energyJ() };
}

const node = (extra: Partial<NodeSpec>): NodeSpec => ({ id: 'n', kind: 'server', ...extra });

test('an A100-described node computes 1.95e13 FLOP in 1 s for ≈ 400 J (19.5 TFLOP/s, 400 W board power)', (t) => {
  for (const spec of [node({ accelerator: { flopsPerS: 1.95e13, boardPowerW: 400 } }), node({ accelerator: { flopsPerS: 1.95e13, energyPerFlopJ: 400 / 1.95e13 } }), node({ profile: 'a100-server' })]) {
    const { timeS, energyJ } = measure(nodeHardware(spec).cpu, 1.95e13);
    // 1.95e13 FLOP / 1.95e13 FLOP/s = 1 s; the profile's 6912 × 2 × 1.41e9 = 1.949e13 FLOP/s is 0.05% slower.
    t.true(Math.abs(timeS - 1) < 1e-3, `time ${timeS} s`);
    t.true(Math.abs(energyJ - 400) < 0.5, `energy ${energyJ} J`);
  }
});

test('the T4 edge server: 8.14 TFLOP/s, 70 W while busy, ≈ 8.6 pJ/FLOP', (t) => {
  const cpu = deviceProfiles.get('edge-server').cpu;
  const { timeS, energyJ } = measure(cpu, 8.14e12);
  // 2560 CUDA cores × 2 FLOP × 1.59 GHz = 8.1408e12 FLOP/s; 70 W for ≈ 1 s.
  t.true(Math.abs(timeS - 8.14e12 / 8.1408e12) < 1e-9);
  t.true(Math.abs(energyJ - 70 * timeS) < 1e-6);
});

test('the quickstart parameter server (shorthand 19.5 TFLOP/s) spends millijoules, not kilojoules, on 0.079 GFLOP', (t) => {
  const { timeS, energyJ } = measure(nodeHardware(node({ cpuFlopsPerS: 19.5e12 })).cpu, 0.079e9);
  // An A100-class accelerator: 0.079e9 / 19.5e12 = 4.05 µs; 0.079e9 × 20.5 pJ = 1.62 mJ (was 5 880 J).
  t.true(Math.abs(timeS - 0.079e9 / 19.5e12) < 1e-9); // the clock counts nanoseconds
  t.true(energyJ > 1e-3 && energyJ < 2.5e-3, `energy ${energyJ} J`);
});

test('energy per FLOP is plausible for every device profile, with hand values from their sources', (t) => {
  const expected: Record<string, number> = {
    'iot-sensor': (3.3e-3 * 3) / 64e6, // nRF52840-class: 3.3 mA × 3 V at 64 MHz, 1 FLOP a cycle ≈ 155 pJ
    phone: (1e-28 * 2e9 ** 2) / 8, // κ·f²/(FLOP/cycle) = 50 pJ
    'raspberry-pi-4': (1e-28 * 1.5e9 ** 2) / (4 / 3), // ≈ 169 pJ
    'vehicle-unit': (1e-28 * 1.7e9 ** 2) / 16, // ≈ 18 pJ
    'edge-server': 70 / 8.1e12, // T4 ≈ 8.6 pJ
    'a100-server': 400 / 19.5e12, // A100 ≈ 20.5 pJ
  };
  t.deepEqual(deviceProfiles.names().sort(), Object.keys(expected).sort(), 'every profile has a hand value');
  for (const name of deviceProfiles.names()) {
    const cpu = deviceProfiles.get(name).cpu;
    const flops = 1e9;
    const perFlopJ = measure(cpu, flops).energyJ / flops;
    t.true(perFlopJ >= PLAUSIBLE_J_PER_FLOP[0] && perFlopJ <= PLAUSIBLE_J_PER_FLOP[1], `${name}: ${perFlopJ} J/FLOP`);
    t.true(Math.abs(perFlopJ / expected[name]! - 1) < 0.05, `${name}: ${perFlopJ} J/FLOP, expected ${expected[name]}`);
  }
});

test('the shorthand cpuFlopsPerS keeps its rate and lands in 0.1 pJ…10 nJ a FLOP at 1e6, 1e9, 1e12, 1.95e13 and 1e17 FLOP/s', (t) => {
  for (const F of [1e6, 1e9, 1e12, 1.95e13, 1e17]) {
    const cpu = nodeHardware(node({ cpuFlopsPerS: F })).cpu;
    t.true(Math.abs((cpu.cores * cpu.freqHz * cpu.flopsPerCycle) / F - 1) < 1e-12, `rate at ${F}`);
    t.true(cpu.freqHz <= 3e9, `clock ${cpu.freqHz} Hz at ${F}`);
    // All cores busy for 1 s: F FLOPs.
    const { timeS, energyJ } = measure(cpu, F, cpu.cores);
    t.true(Math.abs(timeS - 1) < 1e-9, `time at ${F}`);
    const perFlopJ = energyJ / F;
    t.true(perFlopJ >= PLAUSIBLE_J_PER_FLOP[0] && perFlopJ <= PLAUSIBLE_J_PER_FLOP[1], `${F} FLOP/s: ${perFlopJ} J/FLOP`);
  }
  // Hand values: 64 GFLOP/s is 4 phone cores (4 × 2 GHz × 8), 50 pJ/FLOP; 1e9 is one core at 125 MHz
  // at the voltage floor, κ·(1 GHz)²/8 = 12.5 pJ/FLOP; 1e17 is an accelerator at 400/19.5e12 J/FLOP.
  const phone = nodeHardware(node({ cpuFlopsPerS: 64e9 })).cpu;
  t.deepEqual([phone.cores, phone.freqHz, phone.flopsPerCycle], [4, 2e9, 8]);
  t.true(Math.abs(measure(phone, 64e9, 4).energyJ / 64e9 - 5e-11) < 1e-15);
  t.true(Math.abs(measure(nodeHardware(node({ cpuFlopsPerS: 1e9 })).cpu, 1e9).energyJ / 1e9 - 12.5e-12) < 1e-16);
  t.true(Math.abs(measure(nodeHardware(node({ cpuFlopsPerS: 1e17 })).cpu, 1e17).energyJ / 1e17 / (400 / 19.5e12) - 1) < 1e-9);
});

test('property: the shorthand keeps its rate and a plausible energy per FLOP for every rate from 1 FLOP/s to 1e18', (t) => {
  fc.assert(
    fc.property(fc.double({ min: 0, max: 18, noNaN: true }), (log10F) => {
      const F = 10 ** log10F;
      const cpu = nodeHardware(node({ cpuFlopsPerS: F })).cpu;
      const perFlopJ = cpu.energyPerFlopJ ?? (cpu.kappa * cpu.freqHz ** 2) / cpu.flopsPerCycle;
      return Math.abs((cpu.cores * cpu.freqHz * cpu.flopsPerCycle) / F - 1) < 1e-12 && cpu.freqHz <= 3e9 && perFlopJ >= PLAUSIBLE_J_PER_FLOP[0] && perFlopJ <= PLAUSIBLE_J_PER_FLOP[1];
    }),
  );
  t.pass();
});

test('a 4-core phone training on all cores takes C/(4·f·fpc); one thread takes 4× as long for the same energy', (t) => {
  const phone = deviceProfiles.get('phone').cpu;
  const C = 6.4e10;
  const { sim, cpu, energyJ } = rig(phone);
  let endS = NaN;
  sim.process(
    (function* () {
      endS = (yield cpu.computeOnAllCores(C, 'train').done) as number;
    })(),
    'train',
  );
  sim.run();
  // 6.4e10 / (4 × 2e9 × 8) = 1 s; energy κ·(C/8)·f² = 1e-28 × 8e9 × 4e18 = 3.2 J.
  t.is(endS, 1);
  t.true(Math.abs(energyJ() - 3.2) < 1e-9);
  const single = measure(phone, C, 1);
  t.is(single.timeS, 4);
  t.true(Math.abs(single.energyJ - 3.2) < 1e-9);
});

test('a multi-threaded task costs what the single-threaded one does; threads beyond the cores run no faster', (t) => {
  const cpu: CpuParams = { cores: 3, freqHz: 1e9, flopsPerCycle: 4, kappa: 2e-28 };
  const C = 1.2e10;
  // Hand values: E = κ·(C/fpc)·f² = 2e-28 × 3e9 × 1e18 = 0.6 J; one core: C/(f·fpc) = 3 s.
  for (const [threads, timeS] of [[1, 3], [2, 1.5], [3, 1], [8, 1]] as const) {
    const r = measure(cpu, C, threads);
    t.true(Math.abs(r.timeS - timeS) < 1e-12, `${threads} threads: ${r.timeS} s`);
    t.true(Math.abs(r.energyJ - 0.6) < 1e-12, `${threads} threads: ${r.energyJ} J`);
  }
});

test('a threaded task is one computation in the trace: one start, one end, its FLOPs, threads and per-thread time', (t) => {
  const { sim, cpu } = rig({ cores: 2, freqHz: 1e9, flopsPerCycle: 1, kappa: 1e-28 });
  const seen: unknown[] = [];
  sim.trace.on('compute.start', (p, s) => seen.push(['start', s, p.flops, p.threads, p.durationS]));
  sim.trace.on('compute.end', (p, s) => seen.push(['end', s, p.flops, p.threads, p.durationS]));
  // A one-core task holds core 1 for 1 s; the 2-thread task's second half waits for it.
  cpu.compute(1e9, 'a');
  const job = cpu.compute(2e9, 'b', undefined, 2);
  let doneS = NaN;
  sim.process(
    (function* () {
      doneS = (yield job.done) as number;
    })(),
    'wait',
  );
  sim.run();
  // b: half (1e9 FLOP, 1 s) on core 2 from 0 s, the other half on core 1 from 1 s: done at 2 s.
  t.is(doneS, 2);
  t.deepEqual(seen, [
    ['start', 0, 1e9, 1, 1],
    ['start', 0, 2e9, 2, 1],
    ['end', 1, 1e9, 1, 1],
    ['end', 2, 2e9, 2, 1],
  ]);
});

test('a node failure fails a threaded task once', (t) => {
  const { sim, cpu } = rig({ cores: 4, freqHz: 1e9, flopsPerCycle: 1, kappa: 1e-28 });
  const job = cpu.compute(4e9, 'x', undefined, 4);
  let failure: unknown;
  sim.process(
    (function* () {
      try {
        yield job.done;
      } catch (e) {
        failure = e;
      }
    })(),
    'wait',
  );
  sim.schedule(0.5, () => cpu.fail('test'));
  sim.run();
  t.regex(String(failure), /failed \(test\)/);
});
