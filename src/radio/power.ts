/**
 * The transmit chain's power draw: what a transmitter takes from its supply to radiate a given
 * power. P_in = P_out / η_PA + P_circuit while on air (0 otherwise). For terminals, η_PA ≈ 0.2–0.4
 * for cellular handsets and P_circuit ≈ 0.1 W; for base stations the EARTH model (Auer et al.,
 * "How much energy is needed to run a wireless network?", IEEE Wireless Commun. 2011) gives
 * P_in = P0 + Δp·P_out per transceiver, i.e. η = 1/Δp (PA, feeder, cooling and supply losses)
 * [recall]. Pure functions; sources and values in `docs/models.md` ("Energy").
 * @module
 */

/** A radio's transmit-chain parameters (fields of a node's `radio`). */
export interface TxChainSpec {
  /** power-amplifier efficiency: radiated power / power drawn by the PA, in (0, 1]; default 0.3 for terminals, 1/4.7 for edge centers and servers */
  paEfficiency?: number;
  /** circuit power of the transmit chain while on air (W), drawn once however many transmissions; default 0.1 for terminals, 55 for edge centers and servers */
  txCircuitW?: number;
}

/** A transmit chain with its defaults filled in. */
export type TxChain = Readonly<Required<TxChainSpec>>;

/**
 * Defaults by node kind. Terminals: a handset PA of efficiency 0.3 (the middle of 0.2–0.4) and
 * 0.1 W of circuit power [recall]. Edge centers (macro base station per transceiver, EARTH):
 * Δp = 4.7 ⇒ η = 1/4.7 ≈ 0.213, and the circuit power switched on by load P0 − P_sleep =
 * 130 − 75 = 55 W (P_sleep belongs to the node's baseline) [recall].
 */
export const TX_CHAIN_DEFAULTS: { readonly terminal: TxChain; readonly edge: TxChain } = {
  terminal: { paEfficiency: 0.3, txCircuitW: 0.1 },
  edge: { paEfficiency: 1 / 4.7, txCircuitW: 55 },
};

/**
 * A node's transmit chain with its kind's defaults.
 * @param kind - node kind (`terminal` gets handset values; any other kind base-station values)
 * @param spec - the fields the node gives
 */
export function txChain(kind: string, spec: TxChainSpec = {}): TxChain {
  const d = kind === 'terminal' ? TX_CHAIN_DEFAULTS.terminal : TX_CHAIN_DEFAULTS.edge;
  return { paEfficiency: spec.paEfficiency ?? d.paEfficiency, txCircuitW: spec.txCircuitW ?? d.txCircuitW };
}

/**
 * Power the power amplifier draws to radiate `radiatedW` (W): radiatedW / η. Additive over
 * concurrent transmissions sharing the transmitter's power.
 * @param chain - the transmit chain
 * @param radiatedW - radiated power (W), ≥ 0
 */
export function paInputW(chain: TxChain, radiatedW: number): number {
  return radiatedW > 0 ? radiatedW / chain.paEfficiency : 0;
}

/**
 * Total power a transmitter draws while radiating `radiatedW` in all (W): radiatedW / η + circuit
 * power, or 0 when it radiates nothing. A node's transmitter (src/net/transmitter.ts) draws this
 * once for all its concurrent transmissions, whose shares of the power add up to the whole.
 * @param chain - the transmit chain
 * @param radiatedW - total radiated power (W), ≥ 0
 */
export function transmitChainW(chain: TxChain, radiatedW: number): number {
  return radiatedW > 0 ? paInputW(chain, radiatedW) + chain.txCircuitW : 0;
}
