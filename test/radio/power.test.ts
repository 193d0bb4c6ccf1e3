import test from 'ava';
import { paInputW, transmitChainW, txChain } from '../../src/radio/power.js';
import { nodeRadio } from '../../src/radio/environment.js';

const close = (a: number, b: number, tol = 1e-9): boolean => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

test('a handset draws radiated / η_PA + circuit power: 23 dBm at η = 0.3 with 0.1 W is ≈ 0.765 W', (t) => {
  // 23 dBm = 10^(-0.7) W = 0.19953 W; / 0.3 = 0.66510 W; + 0.1 W = 0.76510 W (UE PA efficiency 0.2–0.4, circuit ≈ 0.1 W).
  const phone = txChain('terminal');
  t.deepEqual(phone, { paEfficiency: 0.3, txCircuitW: 0.1 });
  t.true(close(transmitChainW(phone, 0.19953), 0.7651, 1e-4));
  t.true(transmitChainW(phone, 0.19953) > 0.5); // above a phone's 0.5 W idle: transmitting costs more than idling
  t.is(transmitChainW(phone, 0), 0); // not on air: nothing
});

test('an edge center follows EARTH (Auer et al. 2011): at 43 dBm it adds P0 + Δp·P_out − P_sleep ≈ 149 W', (t) => {
  // Macro per transceiver: P0 = 130 W, Δp = 4.7, P_sleep = 75 W, P_max = 20 W (43 dBm).
  // Full load: 130 + 4.7 × 20 = 224 W; above sleep (the node's baseline): 224 − 75 = 149 W.
  const edge = txChain('edge');
  t.true(close(transmitChainW(edge, 20), 149, 1e-12));
  t.true(close(paInputW(edge, 20), 94, 1e-12));
});

test('shares of one transmitter add up to the whole: Σ paInputW(share) + circuit = transmitChainW(total)', (t) => {
  const chain = txChain('terminal', { paEfficiency: 0.25, txCircuitW: 0.2 });
  // Hand: 0.2 W radiated at η 0.25 = 0.8 W, + 0.2 W circuit = 1.0 W; split 0.05 + 0.15 gives 0.2 + 0.6 + 0.2.
  t.true(close(paInputW(chain, 0.05) + paInputW(chain, 0.15) + chain.txCircuitW, 1.0));
  t.true(close(transmitChainW(chain, 0.2), 1.0));
});

test('a node radio carries its transmit chain: fields given override the kind defaults', (t) => {
  t.is(nodeRadio('terminal').paEfficiency, 0.3);
  t.is(nodeRadio('edge').txCircuitW, 55);
  t.is(nodeRadio('server', { paEfficiency: 0.5 }).paEfficiency, 0.5);
});
