/**
 * One message from a node to many, by the shape of each receiver's route (`routeNow`): one
 * wireless broadcast to the receivers of its own wireless links (one hop); over the backhaul once
 * to each intermediate node, then one wireless broadcast from it to the receivers it serves (two
 * hops, the last wireless); unicast, hop by hop, over any other route — a wired one, or one of
 * three hops or more (through a relay: each such receiver gets its own copy on every hop).
 * Each receiver's arrival is its own event, so a receiver lost on the way (a failure, an outage, a
 * handover) fails only its own arrival. With a scope (`Topology.scope`), its broadcasts and wireless
 * unicasts are registered there while in flight, so that closing the scope abandons them.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import type { SimEvent } from '../engine/events.js';
import { pushTo } from '../util/maps.js';
import { WirelessLink } from './wireless.js';
import { WirelessTransmission } from './transmission.js';
import { linkBetween, routeNow, sendRouted, type Topology } from './routes.js';

/** What {@link multicast} started. */
export interface Multicast {
  /** each receiver's arrival, in the order given (defused: its failure is the caller's to handle) */
  arrivals: Map<string, SimEvent<unknown>>;
  /** bits put on links: once per hop of a unicast, once on the backhaul and once on air per broadcast */
  bits: number;
}

/**
 * Starts sending `bits` from `from` to every receiver.
 * @param label - task label prefix: unicasts are `${label} ${receiver}`, backhaul legs `${label} ${via}`, broadcasts `${label} ${sender}->clients`
 * @param processLabel - a unicast's process name for a receiver
 */
export function multicast(sim: Simulator, topology: Topology, from: string, receivers: readonly string[], bits: number, label: string, processLabel: (receiver: string) => string): Multicast {
  const arrivals = new Map<string, SimEvent<unknown>>();
  const viaGroups = new Map<string, string[]>();
  let total = 0;
  const direct: string[] = [];
  for (const c of receivers) {
    const hops = routeNow(topology, from, c);
    if (hops !== undefined && hops.length === 2 && hops[1] instanceof WirelessLink) pushTo(viaGroups, hops[0]!.to, c);
    else if (hops !== undefined && hops.length === 1 && hops[0] instanceof WirelessLink) direct.push(c);
    else {
      total += bits * (hops?.length ?? 1);
      const unicast = sim.process(sendRouted(topology, from, c, bits, `${label} ${c}`), processLabel(c));
      // Its receiver's caller takes charge of a failure.
      unicast.defused = true;
      arrivals.set(c, unicast);
    }
  }
  // Receivers of the sender's own wireless links: one broadcast on its downlink (one of them: a unicast).
  if (direct.length === 1) {
    const c = direct[0]!;
    total += bits;
    const unicast = sim.process(sendRouted(topology, from, c, bits, `${label} ${c}`), processLabel(c));
    unicast.defused = true;
    arrivals.set(c, unicast);
  } else if (direct.length > 1) {
    total += bits;
    broadcastTo(from, direct).begin();
  }
  for (const [via, group] of viaGroups) {
    total += 2 * bits; // once on the backhaul, once on air
    const backhaul = linkBetween(topology, from, via).send(bits, `${label} ${via}`).done;
    const b = broadcastTo(via, group);
    backhaul.addCallback((ev) => {
      if (ev.ok) b.begin();
      else {
        ev.defused = true;
        for (const c of group) {
          const a = arrivals.get(c)!;
          if (!a.triggered) a.fail(ev.error);
        }
      }
    });
  }
  return { arrivals, bits: total };

  /**
   * A broadcast from `sender` to `group` over its wireless links, not yet begun; each receiver's
   * arrival follows its reception, watched from the start: a reception can fail before the
   * broadcast begins (a receiver that fails during a backhaul leg, or is already down).
   */
  function broadcastTo(sender: string, group: readonly string[]): WirelessTransmission {
    const links = group.map((c) => linkBetween(topology, sender, c) as WirelessLink);
    const b = new WirelessTransmission(links, topology.downlink(sender), bits, `${label} ${sender}->clients`, 'broadcast');
    // Registered from now: a broadcast waiting for its backhaul leg is abandoned with the scope too (then it never begins).
    topology.scope?.add(b, b.done);
    // A receiver that did not get the message fails its own arrival; the broadcast as a whole
    // failing is not a failure of the run.
    b.done.defused = true;
    const received = b.arrivals; // built once: the getter maps every reception
    group.forEach((c, k) => {
      const ev = sim.event<unknown>();
      ev.defused = true;
      arrivals.set(c, ev);
      received[k]!.addCallback((r) => {
        if (!ev.triggered) (r.ok ? ev.succeed(r.value) : ev.fail(r.error));
      });
    });
    return b;
  }
}
