/**
 * What a {@link RadioChannel} keeps once it is first evaluated: its draws, its fading and
 * shadowing processes, the distance its ends have travelled and its memos of the mean received
 * power (split from `channel.ts`).
 * @module
 */
import type { RandomStream } from '../engine/random.js';
import type { RadioEnvironment } from './environment.js';
import type { FadingProcess } from './fading.js';
import type { Shadowing } from './shadowing.js';
import type { ChannelEnd, ChannelState, RadioChannel } from './channel.js';
import { dbToLinear } from './units.js';

/**
 * What a channel keeps once it is first evaluated (most terminal–edge pairs of a population never
 * are): its three draws, its fading and shadowing processes (each made on first use), the distance
 * its ends have travelled and the memo of the last mean received power.
 */
export class ChannelLive {
  /** the LOS draw, uniform in [0, 1) */
  readonly losDraw: number;
  /** Rician K (linear); 0 for Rayleigh */
  readonly kFactor: number;
  /** the fading process's key (counter-based: its draws depend on the key alone, not on when it is made) */
  readonly fadingKey: number;
  /** the shadowing processes' key */
  readonly shadowKey: number;
  fading: FadingProcess | undefined;
  shadowing: Shadowing | undefined;
  shadowingNlos: Shadowing | undefined;
  travelledAM = 0;
  travelledBM = 0;
  travelledAtS = 0;
  validityChecked = false;
  // The mean received power at the last instant asked, from `memoTx`: interference, association and
  // rate evaluations ask again at one instant, and the value at an instant is the same however often
  // it is asked (geometry, the LOS draw and the distance travelled by then are functions of time).
  memoS = Number.NaN;
  memoTx: ChannelEnd | undefined;
  memoDbm = 0;
  memoW = Number.NaN;
  // Both ends static: the mean received power from each end is the same at every instant
  // (geometry, the LOS draw, and shadowing at 0 m travelled): evaluated once per end (dBm, W).
  stillDbmA = Number.NaN;
  stillWA = Number.NaN;
  stillDbmB = Number.NaN;
  stillWB = Number.NaN;
  // A time-invariant channel's one state from each end, once asked for (RadioChannel.invariantStateFrom).
  invariantFromA: ChannelState | undefined;
  invariantFromB: ChannelState | undefined;

  constructor(env: RadioEnvironment, rng: RandomStream) {
    // The stream's three draws, in this order (the same values whenever they are drawn).
    this.losDraw = rng.random();
    this.fadingKey = rng.integer(0, 2 ** 32 - 1);
    this.shadowKey = rng.integer(0, 2 ** 32 - 1);
    const f = env.fading;
    this.kFactor = f.model === 'rician' ? dbToLinear(f.kFactorDb) : 0;
  }
}

