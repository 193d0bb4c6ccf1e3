/**
 * A switched test double for the DC fabric as design §2.2 specifies it, for the collectives' tests
 * until the real Fabric lands: per-node NIC FIFO of service o per message; the message cut into
 * ⌈n/s⌉ segments (or whole with s = null), all submitted to hop 1 at once; segment j goes to hop
 * i+1 when it has arrived over hop i; each link direction a FixedRateLink (shared FIFO port), so
 * flows that share a port interleave at segment granularity. Routes are given as node paths.
 */
import type { Simulator } from '../../src/engine/simulator.js';
import type { SimEvent } from '../../src/engine/events.js';
import { FifoServer } from '../../src/engine/fifo.js';
import { FixedRateLink } from '../../src/net/link.js';
import { MailboxComm } from '../../src/datacenter/collectives/collective.js';
import { fifoReducer } from './comm-double.js';

export interface SwitchedOptions {
  /** duplex links */
  links: { from: string; to: string; rateBps: number; delayS: number }[];
  /** node path of a message from → to (both ends included) */
  route(from: string, to: string): string[];
  segmentBytes: number | null;
  overheadS: number;
  reduceSPerValue?: number;
}

export function switchedComm(sim: Simulator, o: SwitchedOptions): { comm: MailboxComm; link(from: string, to: string): FixedRateLink } {
  const links = new Map<string, FixedRateLink>();
  for (const l of o.links) {
    for (const [a, b] of [[l.from, l.to], [l.to, l.from]] as const) links.set(`${a}->${b}`, new FixedRateLink(sim, { id: `${a}->${b}`, from: a, to: b, rateBps: l.rateBps, delayS: l.delayS }));
  }
  const link = (a: string, b: string): FixedRateLink => {
    const k = links.get(`${a}->${b}`);
    if (k === undefined) throw new Error(`no link ${a}->${b}`);
    return k;
  };
  const nics = new Map<string, FifoServer<string>>();
  const send = (from: string, to: string, bytes: number, label: string): SimEvent<number> => {
    const path = o.route(from, to);
    const hops = path.slice(1).map((n, i) => link(path[i]!, n));
    const s = o.segmentBytes ?? Math.max(bytes, 1);
    const m = Math.max(1, Math.ceil(bytes / s));
    const out = sim.event<number>();
    let arrived = 0;
    const forward = (bits: number, i: number): void => {
      hops[i]!.send(bits, label).done.addCallback(() => {
        if (i + 1 < hops.length) forward(bits, i + 1);
        else if (++arrived === m) out.succeed(sim.now);
      });
    };
    let nic = nics.get(from);
    if (nic === undefined) nics.set(from, (nic = new FifoServer<string>(sim)));
    nic.submit(label, o.overheadS).done.addCallback(() => {
      for (let j = 0; j < m; j++) forward(8 * Math.min(s, bytes - j * s), 0);
    });
    return out;
  };
  return { comm: new MailboxComm(sim, send, fifoReducer(sim, o.reduceSPerValue ?? 0)), link };
}
