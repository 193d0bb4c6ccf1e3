/**
 * A small real data-center world for tests: a Simulator, SimNodes (servers with a one-core CPU at
 * `flopsPerS`, switches), one FixedRateLink per direction of each duplex link (its receiver's
 * failure state wired in, as the world does), a Topology, the real DcFabric over them, and a
 * MailboxComm whose γ charge is `reduceFlopsPerValue` FLOPs per value on the reducing node's CPU.
 * Everything a collective or the tier does here goes through the code the scenario runs.
 */
import { Simulator } from '../../src/engine/simulator.js';
import { FixedRateLink } from '../../src/net/link.js';
import type { Link } from '../../src/net/transfer.js';
import type { Topology } from '../../src/net/routes.js';
import { SimNode } from '../../src/node/node.js';
import { StaticMobility } from '../../src/mobility/simple.js';
import { DcFabric } from '../../src/datacenter/fabric.js';
import { MailboxComm } from '../../src/datacenter/collectives/collective.js';
import type { DatacenterContext } from '../../src/datacenter/context.js';
import type { DcLinkDecl, FabricOptions } from '../../src/datacenter/types.js';

export interface WorldOptions extends FabricOptions {
  /** ids of the switch nodes (every other link end is a server) */
  switches?: readonly string[];
  /** every server's CPU rate (FLOP/s); default 1e9 */
  flopsPerS?: number;
  /** γ: FLOPs per reduced value on the reducing node's CPU; default 0 (no CPU event) */
  reduceFlopsPerValue?: number;
  /** every node's memory (bytes) as the context reports it; default 1e12 */
  memoryBytes?: number;
}

export interface DcWorld {
  sim: Simulator;
  nodes: Map<string, SimNode>;
  topology: Topology;
  fabric: DcFabric;
  comm: MailboxComm;
  ctx: DatacenterContext;
  /** the direction from → to */
  link(from: string, to: string): FixedRateLink;
}

export function dcWorld(decls: readonly DcLinkDecl[], o: WorldOptions): DcWorld {
  const sim = new Simulator();
  const switches = new Set(o.switches ?? []);
  const nodes = new Map<string, SimNode>();
  const flopsPerS = o.flopsPerS ?? 1e9;
  for (const d of decls)
    for (const id of [d.from, d.to])
      if (!nodes.has(id))
        nodes.set(
          id,
          new SimNode(sim, {
            id,
            kind: switches.has(id) ? 'switch' : 'server',
            cpu: { cores: 1, freqHz: flopsPerS, flopsPerCycle: 1, kappa: 0 },
            mobility: new StaticMobility({ x: 0, y: 0, z: 0 }),
            idleW: 0,
            batteryJ: null,
          }),
        );
  const links: Link[] = [];
  for (const d of decls)
    for (const [from, to, delayS] of [
      [d.from, d.to, d.delayS],
      [d.to, d.from, d.reverseDelayS ?? d.delayS],
    ] as const) {
      const receiver = nodes.get(to)!;
      links.push(new FixedRateLink(sim, { id: `${from}->${to}`, from, to, rateBps: d.rateBps, delayS }, () => receiver.failed));
    }
  const topology: Topology = {
    links,
    linksByEnds: new Map(links.map((l) => [`${l.from}->${l.to}`, l])),
    servingEdge: () => undefined,
    downlink: () => {
      throw new Error('no wireless medium');
    },
  };
  const fabric = new DcFabric(sim, topology, nodes.keys(), { routing: o.routing, segmentBytes: o.segmentBytes, messageOverheadS: o.messageOverheadS });
  const rfpv = o.reduceFlopsPerValue ?? 0;
  const node = (id: string): SimNode => {
    const n = nodes.get(id);
    if (n === undefined) throw new Error(`no node '${id}'`);
    return n;
  };
  const comm = new MailboxComm(
    sim,
    (from, to, bytes, label) => fabric.send(from, to, bytes, label),
    (id, values, label) => (rfpv === 0 ? sim.event<number>().succeed(sim.now) : node(id).cpu.computeOnAllCores(values * rfpv, label).done),
  );
  const memoryBytes = o.memoryBytes ?? 1e12;
  const ctx: DatacenterContext = { sim, topology, node, memoryBytes: () => memoryBytes };
  const link = (from: string, to: string): FixedRateLink => {
    const l = topology.linksByEnds.get(`${from}->${to}`);
    if (!(l instanceof FixedRateLink)) throw new Error(`no link ${from}->${to}`);
    return l;
  };
  return { sim, nodes, topology, fabric, comm, ctx, link };
}
