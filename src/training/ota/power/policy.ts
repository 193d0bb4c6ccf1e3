/**
 * Power control of an over-the-air slot: what a policy is told about the participants of one slot
 * (block) and what it decides — each device's transmit power (0: it skips, "truncated") and the
 * receiver's scaling of the sum. Policies are pure functions; the slot (`src/net/otaSlot.ts`) calls
 * them with the channel estimates at the slot's time and applies the powers to the real channels.
 * Each policy is a registry entry (`powerPolicies`) carrying its zod schema, defaults and factory.
 *
 * Signal model (docs/ota.md, docs/ota-power.md): device l sends its standardised update x_l (unit
 * variance per real entry) as complex symbols of unit mean power — two real entries a symbol,
 * s = (x_a + j·x_b)/√2 — pre-rotated by the phase of its channel estimate, at power p_l. Each real
 * dimension of the received symbol is Σ_l |h_l|·√p_l·x_l/√2 + n with n ~ N(0, N0/2); scaled by √2
 * it reads, per real entry, y = Σ_l |h_l|·√p_l·x_l + z with z ~ N(0, N0): the noise variance per
 * real entry relative to the powers p_l is N0 (`noiseW`), as in the bound's q·N0/(L²·η) term. The
 * receiver estimates the mean update as ĝ = y / (K·√η) (K = `denominator`; when K = 0 no device
 * transmitted and the slot yields no estimate). `decisionMse` (mse.ts) gives the per-entry MSE.
 * @module
 */
import type { z } from 'zod';

/** What a policy knows when it decides one slot (or one block of a slot longer than the coherence time). */
export interface PowerControlInput {
  /** round number, from 0 */
  round: number;
  /** rounds planned in all (for policies that plan an average-power budget over the run) */
  rounds: number;
  /** per participating device: the estimated channel power gain |ĥ_l|² (linear; path loss, shadowing, antenna gains and fading; 1e-9 is −90 dB) */
  gains: readonly number[];
  /** per device: the large-scale part of the gain (path loss, shadowing, antennas), so gains[l] / meanGains[l] is the small-scale fading |h|² (unit mean under Rayleigh) */
  meanGains: readonly number[];
  /** per device: its maximum transmit power (W) */
  maxPowerW: readonly number[];
  /** per device: its average-power budget over the run (W), or null for none */
  averagePowerW: readonly (number | null)[];
  /** per device: Σ of the powers it used in the earlier rounds it was asked in (W·rounds), for average-power tracking */
  usedPowerW: readonly number[];
  /** per device: how many earlier rounds it was asked in */
  roundsSoFar: readonly number[];
  /** the receiver's noise power over the slot's band (W): N0 of the model */
  noiseW: number;
  /** real entries of the update vector (q) */
  entries: number;
}

/** A policy's decision for one slot. */
export interface PowerControlDecision {
  /** per device: transmit power (W), 0 when it skips (truncated); never above its maximum */
  powerW: number[];
  /** the receiver's alignment factor η > 0 (W): the sum is scaled by 1 / (denominator · √η) */
  eta: number;
  /** K of the estimator ĝ = y / (K·√η): the number of devices the estimate averages over (all selected, those transmitting, or those expected to transmit); 0 when no device transmits (no estimate) */
  denominator: number;
}

/** A power-control policy: a pure function of the slot's input. */
export type PowerPolicy = (input: PowerControlInput) => PowerControlDecision;

/** A power-control policy's registry entry. */
export interface PowerPolicyEntry {
  /** one line for `edgesim list` */
  readonly description: string;
  /** the schema of its `power` object (a strict object with `policy` as a literal) */
  readonly schema: z.ZodType;
  /** its defaults */
  readonly defaults: Readonly<Record<string, unknown>>;
  /**
   * A policy from its parameters (defaults filled in).
   * @param params - the validated `power` object with defaults
   */
  create(params: Readonly<Record<string, unknown>>): PowerPolicy;
}
