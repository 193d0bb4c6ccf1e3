/**
 * A contention-free test double for the DC fabric: every ordered pair of nodes has its own
 * FixedRateLink (FIFO at the sender, bits/rate, then the delay), messages go whole; and a FIFO CPU
 * per node for γ. So one message of n bytes takes exactly d + 8n/R, and two messages on
 * different pairs never interact.
 */
import type { Simulator } from '../../src/engine/simulator.js';
import { FifoServer } from '../../src/engine/fifo.js';
import { FixedRateLink } from '../../src/net/link.js';
import { MailboxComm, type MessageSender, type ReduceCharge } from '../../src/datacenter/collectives/collective.js';

export interface DoubleOptions {
  rateBps: number;
  delayS: number;
  /** γ: seconds per reduced value on every node's CPU (0: free, no CPU event) */
  reduceSPerValue?: number;
}

export interface DoubleStats {
  messages: number;
  bytes: number;
  /** bytes sent per ordered pair `${from}->${to}` */
  perPair: Map<string, number>;
}

/** One FixedRateLink per ordered pair, made at the first message. */
export function pairSender(sim: Simulator, o: DoubleOptions, stats: DoubleStats): MessageSender {
  const links = new Map<string, FixedRateLink>();
  return (from, to, bytes, label) => {
    const id = `${from}->${to}`;
    let link = links.get(id);
    if (link === undefined) links.set(id, (link = new FixedRateLink(sim, { id, from, to, rateBps: o.rateBps, delayS: o.delayS })));
    stats.messages++;
    stats.bytes += bytes;
    stats.perPair.set(id, (stats.perPair.get(id) ?? 0) + bytes);
    return link.send(bytes * 8, label).done;
  };
}

/** A FIFO CPU per node charging `reduceSPerValue` per value. */
export function fifoReducer(sim: Simulator, reduceSPerValue: number): ReduceCharge {
  const cpus = new Map<string, FifoServer<string>>();
  return (node, values, label) => {
    let cpu = cpus.get(node);
    if (cpu === undefined) cpus.set(node, (cpu = new FifoServer<string>(sim)));
    return cpu.submit(label, values * reduceSPerValue).done;
  };
}

/** The mailbox over the double, with its counters. */
export function doubleComm(sim: Simulator, o: DoubleOptions): { comm: MailboxComm; stats: DoubleStats } {
  const stats: DoubleStats = { messages: 0, bytes: 0, perPair: new Map() };
  return { comm: new MailboxComm(sim, pairSender(sim, o, stats), fifoReducer(sim, o.reduceSPerValue ?? 0)), stats };
}
