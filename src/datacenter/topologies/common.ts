/**
 * Pieces the generated topologies share: schemas of rates and delays (defaults: `withDefaults`), and
 * wiring with switch latency folded into the delay of each direction that leaves a switch.
 * @module
 */
import { z } from 'zod';
import type { DcLinkDecl } from '../types.js';

/** Schema of a rate (bit/s) or other positive finite number. */
export const positiveSchema = z.number().positive().finite();

/** Schema of a delay (s): finite, ≥ 0. */
export const delaySchema = z.number().min(0).finite();

/** Default propagation delay of a data-center link (s): 1 µs, about 200 m of fibre. */
export const DEFAULT_DC_DELAY_S = 1e-6;


/** Delays of one link and whether each end is a switch. */
export interface WireOptions {
  /** propagation delay (s) */
  delayS: number;
  /** latency a switch adds to what leaves it (s) */
  switchLatencyS: number;
}

/**
 * A duplex link; a switch's latency is added to the direction leaving it.
 * @param from - one end
 * @param to - the other end
 * @param rateBps - rate of each direction (bit/s)
 * @param fromSwitch - whether `from` is a switch
 * @param toSwitch - whether `to` is a switch
 * @param o - delay and switch latency
 */
export function wire(from: string, to: string, rateBps: number, fromSwitch: boolean, toSwitch: boolean, o: WireOptions): DcLinkDecl {
  const delayS = o.delayS + (fromSwitch ? o.switchLatencyS : 0);
  const reverseDelayS = o.delayS + (toSwitch ? o.switchLatencyS : 0);
  return reverseDelayS === delayS ? { from, to, rateBps, delayS } : { from, to, rateBps, delayS, reverseDelayS };
}
