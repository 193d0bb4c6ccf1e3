/**
 * A node's hardware from its spec: CPU, radio, power and battery, from the fields given, else its
 * device profile, else its kind's defaults.
 * @module
 */
import { deviceProfiles, type PowerSpec } from '../node/profiles.js';
import type { CpuParams } from '../node/cpu.js';
import { nodeRadio } from '../radio/environment.js';
import type { NodeRadioSpec } from '../radio/environment.js';
import type { NodeSpec } from './types.js';

/** Default κ (J/(cycle·Hz²)) for mobile CPUs in the MEC literature (Yang et al., IEEE TWC 2021). */
export const DEFAULT_KAPPA = 1e-28;

/** FLOPs per cycle assumed when a node gives only `cpuFlopsPerS`. */
export const SHORTHAND_FLOPS_PER_CYCLE = 8;

/** Idle and receive power by kind when neither the node nor a profile says (W). */
export const DEFAULT_POWER: Record<string, Required<PowerSpec>> = {
  terminal: { idleW: 0.5, rxW: 1 },
  edge: { idleW: 70, rxW: 5 },
  server: { idleW: 100, rxW: 0 },
};

/** A node's resolved hardware. */
export interface NodeHardware {
  /** the CPU */
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
export const DEFAULT_MEMORY_BYTES: Record<string, number> = { terminal: 4 * 2 ** 30, edge: 128 * 2 ** 30, server: 512 * 2 ** 30 };

/**
 * Resolves a (schema-valid) node's hardware.
 * @param n - the node spec; needs `cpuFlopsPerS`, `cpu` or `profile`
 */
export function nodeHardware(n: NodeSpec): NodeHardware {
  const p = n.profile === undefined ? undefined : deviceProfiles.get(n.profile);
  const cpu: CpuParams =
    n.cpu !== undefined
      ? { cores: n.cpu.cores ?? 1, freqHz: n.cpu.freqHz, flopsPerCycle: n.cpu.flopsPerCycle ?? 1, kappa: n.cpu.kappa ?? DEFAULT_KAPPA }
      : n.cpuFlopsPerS !== undefined
        ? { cores: 1, freqHz: n.cpuFlopsPerS / SHORTHAND_FLOPS_PER_CYCLE, flopsPerCycle: SHORTHAND_FLOPS_PER_CYCLE, kappa: DEFAULT_KAPPA }
        : p!.cpu;
  const base = DEFAULT_POWER[n.kind] ?? DEFAULT_POWER.terminal!;
  return {
    cpu,
    cpuFlopsPerS: n.cpuFlopsPerS ?? cpu.cores * cpu.freqHz * cpu.flopsPerCycle,
    radio: nodeRadio(n.kind, { ...p?.radio, ...n.radio }),
    power: { idleW: n.power?.idleW ?? p?.power.idleW ?? base.idleW, rxW: n.power?.rxW ?? p?.power.rxW ?? base.rxW },
    batteryJ: n.batteryJ ?? p?.batteryJ ?? null,
    memoryBytes: n.memoryBytes ?? p?.memoryBytes ?? DEFAULT_MEMORY_BYTES[n.kind] ?? DEFAULT_MEMORY_BYTES.terminal!,
  };
}
