/**
 * The data-center fabric: carries messages between data-center nodes over the world's wired links
 * (their FIFO transmitters, shared with any other traffic on them). A message passes its sender's
 * NIC (a FIFO of service time `messageOverheadS`, o), is cut into m = ⌈n/s⌉ segments of
 * `segmentBytes` (s; the last one smaller) and every segment is forwarded hop by hop as soon as it
 * has arrived over the hop before (pipelined store-and-forward; callbacks, no processes). On idle
 * links a message of n = m·s bytes over hops of rates B_i (bytes/s) and delays d_i arrives after
 *   T = o + Σd_i + Σ s/B_i + (m−1)·s/B_min,
 * and with whole messages (`segmentBytes: null`) after o + Σd_i + n·Σ 1/B_i (docs/datacenter.md).
 * Routes are ECMP ({@link EcmpRouter}) or the world's `routeNow`, kept per pair.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import type { SimEvent } from '../engine/events.js';
import { FifoServer } from '../engine/fifo.js';
import type { Link } from '../net/transfer.js';
import { FixedRateLink } from '../net/link.js';
import { routeNow, type Topology } from '../net/routes.js';
import { EcmpRouter } from './ecmp.js';
import type { Fabric, FabricMark, FabricOptions, LinkUse } from './types.js';

/** Default segment size (bytes): 256 KiB. */
export const DEFAULT_SEGMENT_BYTES = 262_144;

/** Default fabric options: ECMP, 256 KiB segments, no per-message overhead. */
export const DEFAULT_FABRIC_OPTIONS: Readonly<FabricOptions> = { routing: 'ecmp', segmentBytes: DEFAULT_SEGMENT_BYTES, messageOverheadS: 0 };

/** One message in flight. */
interface Flight {
  readonly route: readonly Link[];
  readonly label: string;
  readonly done: SimEvent<number>;
  /** segments not yet arrived */
  pending: number;
  failed: boolean;
}

/** A fabric over the wired links among a set of nodes. */
export class DcFabric implements Fabric {
  private readonly links: Link[];
  private readonly router: EcmpRouter<Link>;
  private readonly routes = new Map<string, readonly Link[]>();
  private readonly nics = new Map<string, FifoServer<string>>();
  private readonly bitsSent = new Map<string, number>();

  /**
   * @param sim - the simulator
   * @param topology - the world's network (its wired links carry the traffic)
   * @param nodes - the data center's nodes and its attach node: routes use only links among them
   * @param options - routing, segment size and per-message overhead
   */
  constructor(
    private readonly sim: Simulator,
    private readonly topology: Topology,
    nodes: Iterable<string>,
    readonly options: Readonly<FabricOptions> = DEFAULT_FABRIC_OPTIONS,
  ) {
    const s = options.segmentBytes;
    if (s !== null && !(Number.isInteger(s) && s > 0)) throw new RangeError(`segment size must be a positive integer of bytes or null, got ${s}`);
    if (!(options.messageOverheadS >= 0) || !Number.isFinite(options.messageOverheadS)) throw new RangeError(`message overhead must be finite and ≥ 0 s, got ${options.messageOverheadS}`);
    const set = new Set(nodes);
    this.links = topology.links.filter((l) => set.has(l.from) && set.has(l.to));
    this.router = new EcmpRouter(this.links);
  }

  /**
   * The links a message from `from` to `to` takes (empty when they are the same node).
   * @throws Error when there is no route
   */
  route(from: string, to: string): readonly Link[] {
    const key = `${from}>${to}`;
    let r = this.routes.get(key);
    if (r === undefined) {
      const found = from === to ? [] : this.options.routing === 'ecmp' ? this.router.route(from, to) : routeNow(this.topology, from, to);
      if (found === undefined) throw new Error(`no route from '${from}' to '${to}' in the data center`);
      r = found;
      this.routes.set(key, r);
    }
    return r;
  }

  /**
   * Sends `bytes` from `from` to `to`.
   * @param label - task label of its segments in traces
   * @returns succeeds with the time its last segment arrived (s), or fails with the first hop's TransferError
   */
  send(from: string, to: string, bytes: number, label: string): SimEvent<number> {
    if (!(bytes >= 0) || !Number.isFinite(bytes)) throw new RangeError(`message size must be finite and ≥ 0 bytes, got ${bytes}`);
    const route = this.route(from, to);
    const done = this.sim.event<number>();
    const flight: Flight = { route, label, done, pending: 0, failed: false };
    const o = this.options.messageOverheadS;
    if (o === 0) this.launch(flight, bytes);
    else {
      const posted = this.nic(from).submit(label, o);
      posted.done.addCallback(() => this.launch(flight, bytes));
    }
    return done;
  }

  /** Counters now. */
  mark(): FabricMark {
    const airtimeS = new Map<string, number>();
    for (const l of this.links) airtimeS.set(l.id, l instanceof FixedRateLink ? l.airtimeS : 0);
    return { airtimeS, bits: new Map(this.bitsSent) };
  }

  /** Per-link traffic since `since`, in link order; links the fabric sent nothing on since are left out. */
  usage(since: FabricMark): LinkUse[] {
    const out: LinkUse[] = [];
    for (const l of this.links) {
      const bits = (this.bitsSent.get(l.id) ?? 0) - (since.bits.get(l.id) ?? 0);
      if (bits <= 0) continue;
      const fixed = l instanceof FixedRateLink ? l : undefined;
      out.push({ link: l.id, from: l.from, to: l.to, rateBps: fixed?.params.rateBps ?? NaN, bits, busyS: (fixed?.airtimeS ?? 0) - (since.airtimeS.get(l.id) ?? 0) });
    }
    return out;
  }

  private nic(node: string): FifoServer<string> {
    let nic = this.nics.get(node);
    if (nic === undefined) {
      nic = new FifoServer<string>(this.sim);
      this.nics.set(node, nic);
    }
    return nic;
  }

  /** Cuts the message into segments and submits them all to the first hop. */
  private launch(f: Flight, bytes: number): void {
    if (f.route.length === 0) {
      f.done.succeed(this.sim.now);
      return;
    }
    const s = this.options.segmentBytes;
    const m = s === null || bytes <= s ? 1 : Math.ceil(bytes / s);
    f.pending = m;
    for (let j = 0; j < m; j++) this.forward(f, 0, j < m - 1 ? s! * 8 : (bytes - (m - 1) * (s ?? 0)) * 8);
  }

  /** Sends one segment over hop `hop`; on arrival, over the next one. */
  private forward(f: Flight, hop: number, bits: number): void {
    const link = f.route[hop]!;
    this.bitsSent.set(link.id, (this.bitsSent.get(link.id) ?? 0) + bits);
    link.send(bits, f.label).done.addCallback((ev) => {
      if (!ev.ok) {
        ev.defused = true;
        if (!f.failed) {
          f.failed = true;
          f.done.fail(ev.error);
        }
        return;
      }
      if (f.failed) return;
      if (hop + 1 < f.route.length) this.forward(f, hop + 1, bits);
      else if (--f.pending === 0) f.done.succeed(this.sim.now);
    });
  }
}
