/**
 * The radio environment of a scenario (carrier, bandwidth, path loss, shadowing, fading, access,
 * outage) and each node's radio, with the defaults a scenario gets when it leaves them out.
 * @module
 */
import type { AssociationSpec } from './association.js';
import { txChain, type TxChainSpec } from './power.js';

/** Free-space (Friis) path loss. */
export interface FreeSpaceSpec {
  /** discriminator */
  model: 'free-space';
}
/** Log-distance path loss. */
export interface LogDistanceSpec {
  /** discriminator */
  model: 'log-distance';
  /** path-loss exponent n */
  exponent: number;
  /** reference distance d0 (m); default 1 */
  refDistanceM?: number;
}
/** 3GPP TR 38.901 UMa or UMi street canyon. */
export interface ThreeGppSpec {
  /** discriminator */
  model: '3gpp-uma' | '3gpp-umi';
  /** `auto` (drawn per link from the LOS probability; default), or forced `los` / `nlos` */
  los?: 'auto' | 'los' | 'nlos';
}
/** Path-loss model of the environment. */
export type PathLossSpec = FreeSpaceSpec | LogDistanceSpec | ThreeGppSpec;

/** Fading with its defaults filled in. */
export interface FadingSettings {
  /** model */
  model: FadingSpec['model'];
  /** Rician K (dB) */
  kFactorDb: number;
  /** process */
  process: 'jakes' | 'block';
  /** block length (s), if fixed */
  blockS?: number;
}

/** Shadowing: log-normal σ and decorrelation distance; default from the 3GPP model, else none. */
export interface ShadowingSpec {
  /** standard deviation (dB) */
  sigmaDb: number;
  /** decorrelation distance (m); default Infinity (one value per link) */
  decorrelationM?: number;
}

/** Small-scale fading. */
export interface FadingSpec {
  /** `none`, `rayleigh` or `rician` */
  model: 'none' | 'rayleigh' | 'rician';
  /** Rician K-factor (dB); default 6 */
  kFactorDb?: number;
  /** `jakes` (time-correlated, Doppler from the node speeds; default) or `block` (i.i.d. per coherence block) */
  process?: 'jakes' | 'block';
  /** block fading: block length in s; default the coherence time at the nodes' speed */
  blockS?: number;
}

/** The radio environment (`radio` in a scenario). */
export interface RadioSpec {
  /** carrier frequency (Hz); default 3.5e9 */
  carrierHz?: number;
  /** bandwidth of each node's uplink and downlink medium (Hz); default 20e6 */
  bandwidthHz?: number;
  /** path loss; default 3GPP UMi street canyon with LOS drawn per link */
  pathLoss?: PathLossSpec;
  /**
   * shadowing, or false for none; default for the 3GPP models their own σ and decorrelation
   * distance by LOS state (UMa 4/6 dB, 37/50 m; UMi 4/7.82 dB, 10/13 m), none otherwise
   */
  shadowing?: ShadowingSpec | false;
  /** fading; default Rayleigh, Jakes */
  fading?: FadingSpec;
  /** multiple access at each medium: `ofdma` (equal split, default), `tdma` (FIFO), `dedicated` */
  access?: 'ofdma' | 'tdma' | 'dedicated';
  /** with `dedicated`: each transfer's bandwidth (Hz); default bandwidthHz */
  dedicatedBandwidthHz?: number;
  /**
   * with `ofdma`: the width of one resource block (Hz), the least a user is given; default 180e3
   * (an LTE PRB, 12 × 15 kHz subcarriers, 3GPP TS 36.211 §6.2.3; an NR RB at 15 kHz SCS is the
   * same, TS 38.211 §4.4.4.1). A medium has N_RB = floor(bandwidthHz / resourceBlockHz) blocks; with
   * more users than blocks they take turns (round robin), each on one block for N_RB/K of the time
   */
  resourceBlockHz?: number;
  /** SNR gap to Shannon capacity (dB); default 0 */
  snrGapDb?: number;
  /** SINR below which a transfer is in outage (dB); default −5 */
  outageSnrDb?: number;
  /**
   * spectral-efficiency cap c (bit/s/Hz): rate = B·min(log2(1 + SINR/Γ), c), for sampled and
   * ergodic rates; default 7.4063, the highest entry of 3GPP TS 38.214 CQI Table 2 (Table
   * 5.2.2.1-3, CQI 15: 256-QAM, code rate 948/1024); `null` for pure Shannon
   */
  maxSpectralEfficiencyBpsPerHz?: number | null;
  /**
   * frequency reuse factor K (integer ≥ 1); default 1: every cell on the same band. The cells are
   * the edge centers in scenario order; cell i uses band i mod K (see {@link cellBand}), so cells
   * i and j interfere when i ≡ j (mod K)
   */
  frequencyReuse?: number;
  /**
   * how far co-channel interference reaches (m): a transmission in one cell adds nothing at the
   * receivers of a cell whose edge center is farther than this from its own; default unlimited. At
   * a few kilometres a phone's mean signal is far below the noise floor (UMi, 3.5 GHz, 23 dBm into
   * 8 dBi at 3 km: NLOS −126 dBm, LOS (p = 0.6 %) −107 dBm, against −96 dBm of noise in 20 MHz at a
   * 5 dB noise figure); a world of many cells sets it so that each change of a transmission costs
   * the cells near it, not every cell (docs/models.md "Interference range")
   */
  interferenceRangeM?: number;
  /** in outage a transfer `pause`s (default) or `fail`s */
  outagePolicy?: 'pause' | 'fail';
  /** rate re-evaluation step (s); default 0.1 */
  stepS?: number;
  /** terminals attach to the strongest edge center and hand over (A3 event); default off */
  association?: AssociationSpec;
  /** with association: a terminal whose best SNR stays below `minSnrDb` for `forS` drops out (fails) until back; default off */
  coverage?: CoverageSpec;
}

/** Coverage loss as a failure cause. */
export interface CoverageSpec {
  /** SNR below which a terminal is out of coverage (dB) */
  minSnrDb: number;
  /** for this long (s) before it drops out */
  forS: number;
}

/** The default spectral-efficiency cap (bit/s/Hz): TS 38.214 Table 5.2.2.1-3, CQI 15 (256-QAM, 948/1024 × 8 bits). */
export const DEFAULT_MAX_SPECTRAL_EFFICIENCY_BPS_PER_HZ = 7.4063;

/** The environment with every default filled in. */
export type RadioEnvironment = Required<Omit<RadioSpec, 'shadowing' | 'fading' | 'pathLoss' | 'association' | 'coverage' | 'resourceBlockHz' | 'interferenceRangeM'>> & {
  /** how far interference reaches (m) when set; unset, unlimited (left out so that reports of earlier scenarios stay as they were) */
  interferenceRangeM?: number;
  /** the resource block (Hz) when set; unset, {@link DEFAULT_RESOURCE_BLOCK_HZ} (left out so that reports of earlier scenarios stay as they were) */
  resourceBlockHz?: number;
  /** coverage loss settings, or null */
  coverage: CoverageSpec | null;
  /** association settings, or null when terminals do not associate */
  association: AssociationSpec | null;
  /** path loss */
  pathLoss: PathLossSpec;
  /** `3gpp`: the path-loss model's own values by LOS state */
  shadowing: ShadowingSpec | false | '3gpp';
  /** fading */
  fading: FadingSettings;
};

/** A node's radio (the transmit chain's power model: {@link TxChainSpec}). */
export interface NodeRadioSpec extends TxChainSpec {
  /** transmit power (dBm); default 23 for terminals (3GPP power class 3), 43 for edge centers */
  txPowerDbm?: number;
  /** antenna gain (dBi); default 0 for terminals, 8 for edge centers */
  antennaGainDbi?: number;
  /** receiver noise figure (dB); default 7 for terminals, 5 for edge centers */
  noiseFigureDb?: number;
  /** maximum transmit power (dBm); `txPowerDbm` may not exceed it; default txPowerDbm */
  maxTxPowerDbm?: number;
  /** average transmit power budget over a run (dBm); exceeding it is reported; default maxTxPowerDbm */
  avgTxPowerDbm?: number;
}

/** The default resource block (Hz): 12 subcarriers × 15 kHz (3GPP TS 36.211 §6.2.3, TS 38.211 §4.4.4.1). */
export const DEFAULT_RESOURCE_BLOCK_HZ = 180e3;

/**
 * The environment with defaults.
 * @param spec - the scenario's `radio`
 */
export function radioEnvironment(spec: RadioSpec = {}): RadioEnvironment {
  const fading = spec.fading ?? { model: 'rayleigh' };
  const pathLoss = spec.pathLoss ?? { model: '3gpp-umi', los: 'auto' };
  const is3gpp = pathLoss.model === '3gpp-uma' || pathLoss.model === '3gpp-umi';
  return {
    carrierHz: spec.carrierHz ?? 3.5e9,
    bandwidthHz: spec.bandwidthHz ?? 20e6,
    pathLoss,
    shadowing: spec.shadowing ?? (is3gpp ? '3gpp' : false),
    fading: { model: fading.model, kFactorDb: fading.kFactorDb ?? 6, process: fading.process ?? 'jakes', ...(fading.blockS === undefined ? {} : { blockS: fading.blockS }) },
    access: spec.access ?? 'ofdma',
    dedicatedBandwidthHz: spec.dedicatedBandwidthHz ?? spec.bandwidthHz ?? 20e6,
    ...(spec.resourceBlockHz === undefined ? {} : { resourceBlockHz: spec.resourceBlockHz }),
    snrGapDb: spec.snrGapDb ?? 0,
    outageSnrDb: spec.outageSnrDb ?? -5,
    maxSpectralEfficiencyBpsPerHz: spec.maxSpectralEfficiencyBpsPerHz === undefined ? DEFAULT_MAX_SPECTRAL_EFFICIENCY_BPS_PER_HZ : spec.maxSpectralEfficiencyBpsPerHz,
    frequencyReuse: spec.frequencyReuse ?? 1,
    ...(spec.interferenceRangeM === undefined ? {} : { interferenceRangeM: spec.interferenceRangeM }),
    outagePolicy: spec.outagePolicy ?? 'pause',
    stepS: spec.stepS ?? 0.1,
    association: spec.association ?? null,
    coverage: spec.coverage ?? null,
  };
}

/**
 * The band a cell uses under frequency reuse K: cell i (the i-th edge center in scenario order,
 * from 0) uses band i mod K; two cells are co-channel (interfere) when their bands are equal.
 * @param cellIndex - the cell's index among the edge centers, in scenario order (integer ≥ 0)
 * @param frequencyReuse - the reuse factor K (integer ≥ 1)
 */
export function cellBand(cellIndex: number, frequencyReuse: number): number {
  if (!Number.isInteger(cellIndex) || cellIndex < 0) throw new RangeError(`a cell index is an integer ≥ 0, got ${cellIndex}`);
  if (!Number.isInteger(frequencyReuse) || frequencyReuse < 1) throw new RangeError(`a frequency reuse factor is an integer ≥ 1, got ${frequencyReuse}`);
  return cellIndex % frequencyReuse;
}

/**
 * A node's radio with its kind's defaults.
 * @param kind - node kind
 * @param spec - the node's `radio`
 */
export function nodeRadio(kind: string, spec: NodeRadioSpec = {}): Required<NodeRadioSpec> {
  const terminal = kind === 'terminal';
  const txPowerDbm = spec.txPowerDbm ?? (terminal ? 23 : 43);
  const maxTxPowerDbm = spec.maxTxPowerDbm ?? txPowerDbm;
  return {
    txPowerDbm,
    antennaGainDbi: spec.antennaGainDbi ?? (terminal ? 0 : 8),
    noiseFigureDb: spec.noiseFigureDb ?? (terminal ? 7 : 5),
    maxTxPowerDbm,
    avgTxPowerDbm: spec.avgTxPowerDbm ?? maxTxPowerDbm,
    ...txChain(kind, spec),
  };
}

/** Shadowing parameters by LOS state. */
export interface ShadowingByLos {
  /** in line of sight */
  los: ShadowingSpec;
  /** not in line of sight */
  nlos: ShadowingSpec;
}

/** TR 38.901 Table 7.4.1-1 / 7.5-6: shadow-fading σ (dB) and decorrelation distance (m) by scenario and LOS state. */
export const SHADOWING_3GPP: Record<'3gpp-uma' | '3gpp-umi', ShadowingByLos> = {
  '3gpp-uma': { los: { sigmaDb: 4, decorrelationM: 37 }, nlos: { sigmaDb: 6, decorrelationM: 50 } },
  '3gpp-umi': { los: { sigmaDb: 4, decorrelationM: 10 }, nlos: { sigmaDb: 7.82, decorrelationM: 13 } },
};
