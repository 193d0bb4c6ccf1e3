/**
 * Physics of one over-the-air (AirComp) slot as pure functions: the superposition of L devices'
 * standardised updates on one time–frequency block, the receiver's estimate of their mean and its
 * closed-form MSE; the slot's airtime and coherence blocks; an imperfect channel estimate.
 * Standardisation with side information is in `otaStatistics.ts`. Formulas and sources: docs/ota.md.
 * @module
 */
import type { RandomStream } from '../engine/random.js';

/** The inputs of {@link superpose}: one slot's transmitted signals and the receiver's view of them. */
export interface SuperposeInput {
  /** per device: its standardised update x_l (all of length q, unit variance per real entry) */
  signals: readonly Float32Array[];
  /** per device: its received amplitude a_l = |h_l|·√p_l (√W); 0 for a device that skips */
  amplitudes: readonly number[];
  /** per device: the residual phase error θ_l (rad) left after its pre-rotation; default all 0 */
  phaseErrorsRad?: readonly number[];
  /** N0: the receiver's noise power per complex symbol (W); 0 for a noiseless channel */
  noiseW: number;
  /** the stream of the receiver noise (q/2 rounded up complex draws, also when noiseW is 0) */
  rng: RandomStream;
}

/**
 * The received real vector of one over-the-air slot. Real entries are paired into complex symbols
 * s = (x_{2k} + j·x_{2k+1})/√2 (unit mean power for unit-variance reals; an odd q pads a zero); the
 * receiver gets r = Σ_l a_l·e^{jθ_l}·s_l + z with z ~ CN(0, N0) and maps back
 * y_{2k} = √2·Re r, y_{2k+1} = √2·Im r. With θ = 0 this is y_i = Σ_l a_l·x_{l,i} + n_i,
 * n_i ~ N(0, N0). Cost O(L·q); allocates only the output.
 * @param input - signals, amplitudes, phase errors, noise power and noise stream
 * @returns y, of length q
 */
export function superpose(input: SuperposeInput): Float64Array {
  const { signals, amplitudes, noiseW, rng } = input;
  const phases = input.phaseErrorsRad;
  const devices = signals.length;
  if (devices === 0) throw new RangeError('superpose needs at least one signal');
  if (amplitudes.length !== devices) throw new RangeError(`superpose: ${amplitudes.length} amplitudes for ${devices} signals`);
  if (phases !== undefined && phases.length !== devices) throw new RangeError(`superpose: ${phases.length} phase errors for ${devices} signals`);
  if (!(noiseW >= 0) || !Number.isFinite(noiseW)) throw new RangeError(`superpose: noiseW must be finite and ≥ 0, got ${noiseW}`);
  const q = signals[0]!.length;
  const y = new Float64Array(q);
  const pairs = q >> 1; // complete (x_{2k}, x_{2k+1}) pairs; an odd q leaves entry q − 1 with a zero partner
  for (let l = 0; l < devices; l++) {
    const x = signals[l]!;
    if (x.length !== q) throw new RangeError(`superpose: signal ${l} has ${x.length} entries, signal 0 has ${q}`);
    const a = amplitudes[l]!;
    if (!(a >= 0) || !Number.isFinite(a)) throw new RangeError(`superpose: amplitude ${l} must be finite and ≥ 0, got ${a}`);
    if (a === 0) continue; // a device that skips adds nothing
    const theta = phases === undefined ? 0 : phases[l]!;
    if (!Number.isFinite(theta)) throw new RangeError(`superpose: phase error ${l} must be finite, got ${theta}`);
    if (theta === 0) {
      for (let i = 0; i < q; i++) y[i]! += a * x[i]!;
      continue;
    }
    // a·e^{jθ}·(x0 + j·x1)/√2, scaled back by √2: real a(cos θ·x0 − sin θ·x1), imaginary a(sin θ·x0 + cos θ·x1).
    const c = a * Math.cos(theta);
    const s = a * Math.sin(theta);
    for (let k = 0; k < pairs; k++) {
      const x0 = x[2 * k]!;
      const x1 = x[2 * k + 1]!;
      y[2 * k]! += c * x0 - s * x1;
      y[2 * k + 1]! += s * x0 + c * x1;
    }
    if (q % 2 === 1) y[q - 1]! += c * x[q - 1]!; // the padded partner is 0; its imaginary output is dropped
  }
  // Noise: z ~ CN(0, N0) has Re z, Im z ~ N(0, N0/2) each, so √2·Re z has variance 2·N0/2 = N0 per real entry.
  // One complex draw per symbol even when N0 = 0, so runs that differ only in N0 share their noise draws.
  const symbols = (q + 1) >> 1;
  for (let k = 0; k < symbols; k++) {
    const z = rng.complexGaussian(noiseW);
    y[2 * k]! += Math.SQRT2 * z.re;
    if (2 * k + 1 < q) y[2 * k + 1]! += Math.SQRT2 * z.im;
  }
  return y;
}

/**
 * The receiver's estimate of the mean standardised update: ĝ = y / (K·√η).
 * @param y - the received real vector ({@link superpose})
 * @param denominator - K, the number of devices the estimate averages over (> 0)
 * @param eta - the alignment factor η > 0 (W), the target received power per device
 * @returns ĝ, of the same length as y
 */
export function estimateMean(y: Float64Array, denominator: number, eta: number): Float32Array {
  if (!(denominator > 0) || !Number.isFinite(denominator)) throw new RangeError(`estimateMean: denominator must be finite and > 0, got ${denominator}`);
  if (!(eta > 0) || !Number.isFinite(eta)) throw new RangeError(`estimateMean: eta must be finite and > 0, got ${eta}`);
  const scale = 1 / (denominator * Math.sqrt(eta));
  const out = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = y[i]! * scale;
  return out;
}

/** The inputs of {@link otaMsePerEntry}. */
export interface OtaMseInput {
  /** per selected device (L of them): its received amplitude a_l = |h_l|·√p_l (√W); 0 if it skips */
  amplitudes: readonly number[];
  /** per device: residual phase error θ_l (rad); default all 0 */
  phaseErrorsRad?: readonly number[];
  /** the alignment factor η > 0 (W) */
  eta: number;
  /** K of the estimator y / (K·√η) (> 0) */
  denominator: number;
  /** N0, the noise power per complex symbol (W) */
  noiseW: number;
}

/**
 * Closed-form MSE per real entry of ĝ = y/(K·√η) against the mean of the L selected devices'
 * signals, E|ĝ_i − (1/L)·Σ_l x_{l,i}|², for independent zero-mean unit-variance entries (across
 * devices and entries) and an even q:
 * Σ_l [a_l²/(K²η) − 2·a_l·cos θ_l/(K·L·√η) + 1/L²] + N0/(K²η);
 * with θ = 0 it is (1/K²)·Σ_l (a_l/√η − K/L)² + N0/(K²η), and under channel inversion
 * (a_l = √η, K = L) N0/(L²·η). Derivation in docs/ota.md.
 * @param input - amplitudes, phase errors, η, K and N0
 * @returns the MSE per entry (in squared standardised units; × q for the whole vector)
 */
export function otaMsePerEntry(input: OtaMseInput): number {
  const { amplitudes, eta, denominator: k, noiseW } = input;
  const devices = amplitudes.length;
  if (devices === 0) throw new RangeError('otaMsePerEntry needs at least one device');
  if (!(eta > 0) || !(k > 0) || !(noiseW >= 0)) throw new RangeError(`otaMsePerEntry needs eta > 0, denominator > 0, noiseW ≥ 0; got ${eta}, ${k}, ${noiseW}`);
  const phases = input.phaseErrorsRad;
  if (phases !== undefined && phases.length !== devices) throw new RangeError(`otaMsePerEntry: ${phases.length} phase errors for ${devices} amplitudes`);
  const rootEta = Math.sqrt(eta);
  let mse = noiseW / (k * k * eta);
  for (let l = 0; l < devices; l++) {
    const a = amplitudes[l]!;
    const cos = phases === undefined ? 1 : Math.cos(phases[l]!);
    // The coefficient of x_{l,i} in the error is a·cos θ/(K√η) − 1/L; the leaked x_{l,i±1} has a·sin θ/(K√η).
    mse += (a * a) / (k * k * eta) - (2 * a * cos) / (k * devices * rootEta) + 1 / (devices * devices);
  }
  return mse;
}

/**
 * The error of the slot for given signals, conditional on them (θ = 0): the misalignment
 * (1/q)·‖Σ_l (a_l/(K·√η) − 1/L)·x_l‖² plus the noise N0/(K²η), per entry — the E‖e‖²/q of the
 * convergence bound (REFERENCES.md), without assuming independent signals.
 * @param signals - the L selected devices' standardised updates (all of length q)
 * @param input - amplitudes (θ is ignored here), η, K and N0
 * @returns the expected squared error per entry over the noise, given the signals
 */
export function otaConditionalMsePerEntry(signals: readonly Float32Array[], input: OtaMseInput): number {
  const { amplitudes, eta, denominator: k, noiseW } = input;
  const devices = signals.length;
  if (devices === 0 || amplitudes.length !== devices) throw new RangeError(`otaConditionalMsePerEntry needs one amplitude per signal, got ${amplitudes.length} for ${devices}`);
  if (!(eta > 0) || !(k > 0) || !(noiseW >= 0)) throw new RangeError(`otaConditionalMsePerEntry needs eta > 0, denominator > 0, noiseW ≥ 0; got ${eta}, ${k}, ${noiseW}`);
  const q = signals[0]!.length;
  const rootEta = Math.sqrt(eta);
  const sum = new Float64Array(q);
  for (let l = 0; l < devices; l++) {
    const x = signals[l]!;
    if (x.length !== q) throw new RangeError(`otaConditionalMsePerEntry: signal ${l} has ${x.length} entries, signal 0 has ${q}`);
    const c = amplitudes[l]! / (k * rootEta) - 1 / devices;
    if (c === 0) continue;
    for (let i = 0; i < q; i++) sum[i]! += c * x[i]!;
  }
  let squares = 0;
  for (let i = 0; i < q; i++) squares += sum[i]! * sum[i]!;
  return (q > 0 ? squares / q : 0) + noiseW / (k * k * eta);
}

/** The inputs of {@link otaSlotAirtimeS}. */
export interface OtaSlotSize {
  /** q, the real entries of the update */
  entries: number;
  /** the slot's bandwidth B (Hz) */
  bandwidthHz: number;
  /** complex symbols per second per Hz of bandwidth; default 1 (one symbol per 1/B s) */
  symbolsPerHz?: number;
}

/**
 * Airtime of one over-the-air slot: ⌈q/2⌉ / (B·symbolsPerHz) seconds (two reals per complex
 * symbol), the same for any number of devices, since they all transmit at once.
 * @param size - entries, bandwidth and symbol rate per Hz
 */
export function otaSlotAirtimeS(size: OtaSlotSize): number {
  const { entries, bandwidthHz, symbolsPerHz = 1 } = size;
  if (!Number.isInteger(entries) || entries < 0) throw new RangeError(`otaSlotAirtimeS: entries must be an integer ≥ 0, got ${entries}`);
  if (!(bandwidthHz > 0) || !(symbolsPerHz > 0)) throw new RangeError(`otaSlotAirtimeS needs bandwidthHz > 0 and symbolsPerHz > 0, got ${bandwidthHz}, ${symbolsPerHz}`);
  return Math.ceil(entries / 2) / (bandwidthHz * symbolsPerHz);
}

/** One block of a slot: a stretch of time over which the channels are taken as constant. */
export interface OtaBlock {
  /** start, from the slot's start (s) */
  startS: number;
  /** duration (s); every block but the last lasts the coherence time */
  durationS: number;
}

/**
 * The blocks of a slot longer than the coherence time: [0, Tc), [Tc, 2Tc), …, the last one ending
 * at the airtime; one block when the slot fits in Tc. A remainder below 1e-9 of Tc (rounding) does
 * not open a block of its own.
 * @param airtimeS - the slot's airtime (s, ≥ 0)
 * @param coherenceTimeS - the channels' coherence time Tc (s, > 0)
 */
export function blocksOf(airtimeS: number, coherenceTimeS: number): OtaBlock[] {
  if (!(airtimeS >= 0) || !Number.isFinite(airtimeS)) throw new RangeError(`blocksOf: airtimeS must be finite and ≥ 0, got ${airtimeS}`);
  if (!(coherenceTimeS > 0)) throw new RangeError(`blocksOf: coherenceTimeS must be > 0, got ${coherenceTimeS}`);
  const n = Math.max(1, Math.ceil(airtimeS / coherenceTimeS - 1e-9));
  const blocks: OtaBlock[] = [];
  for (let b = 0; b < n; b++) {
    const startS = b * coherenceTimeS;
    blocks.push({ startS, durationS: b === n - 1 ? Math.max(0, airtimeS - startS) : coherenceTimeS });
  }
  return blocks;
}

/** A block of a slot as a range of update entries. */
export interface OtaEntryBlock {
  /** first entry of the block */
  startEntry: number;
  /** one past its last entry */
  endEntry: number;
}

/**
 * The update entries sent in each coherence block: a block carries ⌊Tc·B·symbolsPerHz⌋ whole
 * complex symbols (two entries each), so boundaries fall on symbols (they may precede the time
 * boundaries of {@link blocksOf} by under one symbol).
 * @param size - entries, bandwidth and symbol rate per Hz
 * @param coherenceTimeS - the coherence time Tc (s), at least one symbol long
 */
export function entryBlocks(size: OtaSlotSize, coherenceTimeS: number): OtaEntryBlock[] {
  const { entries, bandwidthHz, symbolsPerHz = 1 } = size;
  otaSlotAirtimeS(size); // validates
  const perBlock = Math.floor(coherenceTimeS * bandwidthHz * symbolsPerHz + 1e-9);
  if (!(perBlock >= 1)) throw new RangeError(`entryBlocks: the coherence time ${coherenceTimeS} s is shorter than one symbol`);
  const blocks: OtaEntryBlock[] = [];
  for (let start = 0; start < entries || blocks.length === 0; start += 2 * perBlock) {
    blocks.push({ startEntry: start, endEntry: Math.min(entries, start + 2 * perBlock) });
  }
  return blocks;
}

/** A channel estimate as a device uses it for power control and pre-rotation. */
export interface ChannelEstimate {
  /** |ĥ|², the estimated power gain (linear) */
  estimatedGain: number;
  /** arg(h) − arg(ĥ) in (−π, π] (rad): the phase the signal keeps after pre-rotation by −arg(ĥ); pass it to {@link superpose} */
  phaseErrorRad: number;
}

/**
 * An imperfect channel estimate: h = √gain·e^{jφ} with φ uniform in [0, 2π), ĥ = h + e with
 * e ~ CN(0, σ_e²). `errorVariance` is absolute, in the units of the gain (pass ε·meanGain for an
 * error relative to the large-scale gain). Draws φ, then e, from the stream.
 * @param trueGain - |h|², the true power gain (linear, ≥ 0)
 * @param errorVariance - σ_e² = E|e|² (≥ 0; 0 gives a perfect estimate)
 * @param rng - the stream of the phase and of the estimation error
 */
export function estimateChannel(trueGain: number, errorVariance: number, rng: RandomStream): ChannelEstimate {
  if (!(trueGain >= 0) || !Number.isFinite(trueGain)) throw new RangeError(`estimateChannel: trueGain must be finite and ≥ 0, got ${trueGain}`);
  if (!(errorVariance >= 0) || !Number.isFinite(errorVariance)) throw new RangeError(`estimateChannel: errorVariance must be finite and ≥ 0, got ${errorVariance}`);
  const phi = rng.uniform(0, 2 * Math.PI);
  const amplitude = Math.sqrt(trueGain);
  const hRe = amplitude * Math.cos(phi);
  const hIm = amplitude * Math.sin(phi);
  const e = rng.complexGaussian(errorVariance);
  const estRe = hRe + e.re;
  const estIm = hIm + e.im;
  // arg(h·conj(ĥ)) = arg h − arg ĥ, wrapped by atan2 into (−π, π].
  const phaseErrorRad = Math.atan2(hIm * estRe - hRe * estIm, hRe * estRe + hIm * estIm);
  return { estimatedGain: estRe * estRe + estIm * estIm, phaseErrorRad };
}
