/**
 * A node's hardware from its spec: processor, radio, power and battery, from the fields given,
 * else its device profile, else its kind's defaults. The processor comes from `accelerator`, `cpu`,
 * the shorthand `cpuFlopsPerS` or the profile (see docs/models.md, Compute).
 * @module
 */
import { deviceProfiles, type PowerSpec } from '../node/profiles.js';
import type { CpuParams } from '../node/cpu.js';
import { nodeRadio } from '../radio/environment.js';
import type { NodeRadioSpec } from '../radio/environment.js';
import type { AcceleratorSpec, NodeSpec } from './types.js';

/** Default κ (J/(cycle·Hz²)) for mobile CPUs in the MEC literature (Yang et al., IEEE TWC 2021). */
export const DEFAULT_KAPPA = 1e-28;

/** FLOPs per cycle per core of the CPU the shorthand `cpuFlopsPerS` stands for (a 128-bit FMA unit, NEON/SSE class). */
export const SHORTHAND_FLOPS_PER_CYCLE = 8;

/** Highest clock of a shorthand CPU core (Hz): a phone/laptop big core; more FLOP/s means more cores. */
export const SHORTHAND_MAX_CLOCK_HZ = 2e9;

/**
 * Clock below which a shorthand CPU's supply voltage no longer falls (Hz): its energy per cycle
 * stays κ·(this clock)², so energy per FLOP never drops below κ·(1 GHz)²/8 = 12.5 pJ.
 */
export const SHORTHAND_MIN_VOLTAGE_CLOCK_HZ = 1e9;

/** From this many FLOP/s on, the shorthand `cpuFlopsPerS` describes an accelerator (GPU/NPU), not a CPU. */
export const SHORTHAND_ACCELERATOR_FLOPS_PER_S = 1e12;

/** Energy per FLOP of a shorthand accelerator (J): an A100, 400 W for 19.5 TFLOP/s FP32 ≈ 20.5 pJ. */
export const SHORTHAND_ACCELERATOR_ENERGY_PER_FLOP_J = 400 / 19.5e12;

/** Clock assumed for an accelerator that gives none (Hz): the A100's boost clock, 1.41 GHz. */
export const DEFAULT_ACCELERATOR_CLOCK_HZ = 1.41e9;

/** Idle and receive power by kind when neither the node nor a profile says (W). */
export const DEFAULT_POWER: Record<string, Required<PowerSpec>> = {
  terminal: { idleW: 0.5, rxW: 1 },
  edge: { idleW: 70, rxW: 5 },
  server: { idleW: 100, rxW: 0 },
  // A top-of-rack switch's draw (order of magnitude; issue 16 design §2.1).
  switch: { idleW: 150, rxW: 0 },
};

/** A node's resolved hardware. */
export interface NodeHardware {
  /** the processor (a CPU, or an accelerator when `energyPerFlopJ` is set) */
  cpu: CpuParams;
  /** cores·freqHz·flopsPerCycle (FLOP/s) */
  cpuFlopsPerS: number;
  /** the radio */
  radio: Required<NodeRadioSpec>;
  /** idle and receive power (W) */
  power: Required<PowerSpec>;
  /** battery (J) or null */
  batteryJ: number | null;
  /** memory (bytes) */
  memoryBytes: number;
}

/** Memory by kind when neither the node nor a profile says (bytes). */
export const DEFAULT_MEMORY_BYTES: Record<string, number> = { terminal: 4 * 2 ** 30, edge: 128 * 2 ** 30, server: 512 * 2 ** 30, switch: 0 };

/**
 * An accelerator as a processor: one device at its clock, FLOPs per cycle = FLOP/s ÷ clock, charged
 * its energy per FLOP (given, or board power ÷ FLOP/s).
 * @param a - FLOP/s and board power or energy per FLOP (one of them; schema-checked)
 */
export function acceleratorParams(a: AcceleratorSpec): CpuParams {
  const freqHz = a.clockHz ?? DEFAULT_ACCELERATOR_CLOCK_HZ;
  return { cores: 1, freqHz, flopsPerCycle: a.flopsPerS / freqHz, kappa: 0, energyPerFlopJ: a.energyPerFlopJ ?? a.boardPowerW! / a.flopsPerS };
}

/**
 * The processor the shorthand `cpuFlopsPerS` stands for. Below {@link SHORTHAND_ACCELERATOR_FLOPS_PER_S}:
 * a CPU of ceil(F / (2 GHz · 8)) cores of 8 FLOPs a cycle, clocked at F / (cores · 8) ≤ 2 GHz, with
 * κ = 1e-28 raised below 1 GHz so the energy per cycle stays κ·(1 GHz)² (12.5–50 pJ/FLOP). From it
 * on: an accelerator at 20.5 pJ/FLOP (A100 class).
 * @param flopsPerS - the headline rate F (FLOP/s), > 0
 */
export function shorthandProcessor(flopsPerS: number): CpuParams {
  if (flopsPerS >= SHORTHAND_ACCELERATOR_FLOPS_PER_S) return acceleratorParams({ flopsPerS, energyPerFlopJ: SHORTHAND_ACCELERATOR_ENERGY_PER_FLOP_J });
  const cores = Math.max(1, Math.ceil(flopsPerS / (SHORTHAND_MAX_CLOCK_HZ * SHORTHAND_FLOPS_PER_CYCLE)));
  const freqHz = flopsPerS / (cores * SHORTHAND_FLOPS_PER_CYCLE);
  const kappa = DEFAULT_KAPPA * Math.max(1, SHORTHAND_MIN_VOLTAGE_CLOCK_HZ / freqHz) ** 2;
  return { cores, freqHz, flopsPerCycle: SHORTHAND_FLOPS_PER_CYCLE, kappa };
}

/**
 * Resolves a (schema-valid) node's hardware.
 * @param n - the node spec; needs `accelerator`, `cpu`, `cpuFlopsPerS` or `profile`
 */
export function nodeHardware(n: NodeSpec): NodeHardware {
  const p = n.profile === undefined ? undefined : deviceProfiles.get(n.profile);
  const cpu: CpuParams =
    n.accelerator !== undefined
      ? acceleratorParams(n.accelerator)
      : n.cpu !== undefined
        ? { cores: n.cpu.cores ?? 1, freqHz: n.cpu.freqHz, flopsPerCycle: n.cpu.flopsPerCycle ?? 1, kappa: n.cpu.kappa ?? DEFAULT_KAPPA }
        : n.cpuFlopsPerS !== undefined
          ? shorthandProcessor(n.cpuFlopsPerS)
          : p!.cpu;
  const base = DEFAULT_POWER[n.kind] ?? DEFAULT_POWER.terminal!;
  return {
    cpu,
    cpuFlopsPerS: n.cpuFlopsPerS ?? n.accelerator?.flopsPerS ?? cpu.cores * cpu.freqHz * cpu.flopsPerCycle,
    radio: nodeRadio(n.kind, { ...p?.radio, ...n.radio }),
    power: { idleW: n.power?.idleW ?? p?.power.idleW ?? base.idleW, rxW: n.power?.rxW ?? p?.power.rxW ?? base.rxW },
    batteryJ: n.batteryJ ?? p?.batteryJ ?? null,
    memoryBytes: n.memoryBytes ?? p?.memoryBytes ?? DEFAULT_MEMORY_BYTES[n.kind] ?? DEFAULT_MEMORY_BYTES.terminal!,
  };
}
