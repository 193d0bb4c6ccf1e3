/**
 * Device profiles: named presets of processor (CPU or accelerator), radio, power and battery, so a
 * scenario says `profile: 'phone'` and overrides what it must. A profile's headline FLOP/s is all
 * its cores together; one thread gets one core's share. Sources are in `docs/models.md`; values marked
 * [recall] there are not yet checked against their primary source.
 * @module
 */
import { Registry } from '../engine/registry.js';
import type { CpuParams } from './cpu.js';
import type { NodeRadioSpec } from '../radio/environment.js';

/** Power draw besides the CPU and the transmitter. */
export interface PowerSpec {
  /** power while nothing is active (W) */
  idleW?: number;
  /** power while receiving a wireless transfer (W) */
  rxW?: number;
}

/** A device profile. */
export interface DeviceProfile {
  /** the processor: a CPU, or an accelerator (one device, `energyPerFlopJ` set) */
  cpu: CpuParams;
  /** the radio (max and average power default to the transmit power) */
  radio: Required<Pick<NodeRadioSpec, 'txPowerDbm' | 'antennaGainDbi' | 'noiseFigureDb'>>;
  /** idle and receive power */
  power: Required<PowerSpec>;
  /** battery capacity (J), or null for mains power */
  batteryJ: number | null;
  /** memory (bytes) */
  memoryBytes: number;
}

/** The registry of device profiles. */
export const deviceProfiles = new Registry<DeviceProfile>('device profile')
  // κ from ≈ 150 pJ a cycle at 64 MHz (nRF52840-class Cortex-M4F: 3.3 mA at 3 V running from flash):
  // 1.5e-10 J / (64e6 Hz)² ≈ 3.7e-26 J/(cycle·Hz²), ≈ 10 mW while busy.
  .register('iot-sensor', 'microcontroller sensor node: 64 MFLOP/s, ≈ 10 mW busy, 10 dBm radio, 2×AA battery (27 kJ)', {
    cpu: { cores: 1, freqHz: 64e6, flopsPerCycle: 1, kappa: 1.5e-10 / 64e6 ** 2 },
    radio: { txPowerDbm: 10, antennaGainDbi: 0, noiseFigureDb: 9 },
    power: { idleW: 0.005, rxW: 0.03 },
    batteryJ: 2 * 2.5 * 3600 * 1.5,
    memoryBytes: 256 * 2 ** 10,
  })
  .register('phone', 'smartphone: 4 cores × 2 GHz × 8 FLOP/cycle, 23 dBm (power class 3), 4000 mAh × 3.85 V', {
    cpu: { cores: 4, freqHz: 2e9, flopsPerCycle: 8, kappa: 1e-28 },
    radio: { txPowerDbm: 23, antennaGainDbi: 0, noiseFigureDb: 7 },
    power: { idleW: 0.5, rxW: 1 },
    batteryJ: 4 * 3600 * 3.85,
    memoryBytes: 8 * 2 ** 30,
  })
  .register('raspberry-pi-4', 'Raspberry Pi 4: ≈ 8 GFLOP/s (HPL), 20 dBm Wi-Fi class radio, mains', {
    cpu: { cores: 4, freqHz: 1.5e9, flopsPerCycle: 4 / 3, kappa: 1e-28 },
    radio: { txPowerDbm: 20, antennaGainDbi: 2, noiseFigureDb: 7 },
    power: { idleW: 2.7, rxW: 0.5 },
    batteryJ: null,
    memoryBytes: 4 * 2 ** 30,
  })
  .register('vehicle-unit', 'vehicle computer: 6 cores × 1.7 GHz × 16 FLOP/cycle, 23 dBm, vehicle power', {
    cpu: { cores: 6, freqHz: 1.7e9, flopsPerCycle: 16, kappa: 1e-28 },
    radio: { txPowerDbm: 23, antennaGainDbi: 3, noiseFigureDb: 7 },
    power: { idleW: 10, rxW: 2 },
    batteryJ: null,
    memoryBytes: 16 * 2 ** 30,
  })
  // NVIDIA T4: 2560 CUDA cores × 2 FLOP (FMA) × 1.59 GHz boost = 8.14 TFLOP/s FP32 at 70 W board power.
  .register('edge-server', 'edge server with an NVIDIA T4 accelerator (8.1 TFLOP/s FP32, 70 W ≈ 8.6 pJ/FLOP), 43 dBm base station', {
    cpu: { cores: 1, freqHz: 1.59e9, flopsPerCycle: 2560 * 2, kappa: 0, energyPerFlopJ: 70 / (1.59e9 * 2560 * 2) },
    radio: { txPowerDbm: 43, antennaGainDbi: 8, noiseFigureDb: 5 },
    power: { idleW: 70, rxW: 5 },
    batteryJ: null,
    memoryBytes: 128 * 2 ** 30,
  })
  // NVIDIA A100 (SXM): 6912 CUDA cores × 2 FLOP (FMA) × 1.41 GHz boost = 19.5 TFLOP/s FP32 at 400 W.
  .register('a100-server', 'cloud/parameter server with an NVIDIA A100 (19.5 TFLOP/s FP32, 400 W ≈ 20.5 pJ/FLOP), wired', {
    cpu: { cores: 1, freqHz: 1.41e9, flopsPerCycle: 6912 * 2, kappa: 0, energyPerFlopJ: 400 / (1.41e9 * 6912 * 2) },
    radio: { txPowerDbm: 43, antennaGainDbi: 8, noiseFigureDb: 5 },
    power: { idleW: 100, rxW: 0 },
    batteryJ: null,
    memoryBytes: 512 * 2 ** 30,
  });
