/**
 * Handovers in hierarchical training (`hierEdge.ts`): what becomes of a member's update whose
 * upload to its edge center a handover cut, by `training.onHandover` — `drop` (a dropout),
 * `forward` (the terminal uploads it to its new edge center, which forwards it to the old one: two
 * real transfers; the old edge aggregates it if its edge round is still open, else it is stale) or
 * `deliver-new` (the terminal uploads it to its new edge center, which aggregates it if its edge
 * round is open when it arrives, else it is stale) — and the per-cloud-round bookkeeping: the open
 * edge rounds, the updates delivered to them, the edge-round records and their handover counts.
 * @module
 */
import type { ProcessGenerator } from '../../engine/process.js';
import { WorkFailure } from '../../engine/errors.js';
import { TransferError } from '../../net/transfer.js';
import { routeNow, sendRouted } from '../../net/routes.js';
import type { TrainingContext } from '../context.js';
import type { EdgeRoundRecord, HierHandoverTotals } from '../hierRecords.js';

/** One member's update as it reached the edge center that aggregates it. */
export interface MemberResult {
  /** the client */
  client: string;
  /** the decoded update, until the edge's aggregate has folded it in (then null: not kept) */
  update: Float32Array | null;
  /** its local examples */
  samples: number;
  /** its mean training loss */
  loss: number;
  /** bits it put on links as delivered (per hop; the cut attempt's are in the transfers' log) */
  upBits: number;
  /** whether it came through the member's new edge center after a handover (`forward`) */
  forwarded: boolean;
}

/** A member whose cut update went to its new edge center (`deliver-new`): neither an arrival nor a dropout of this edge round. */
export interface HandedOver {
  /** the client */
  client: string;
  /** its new edge center */
  handedTo: string;
}

/**
 * Whether a transfer failed because a handover cut it (the association interrupts the terminal's
 * transfers with the old edge center, naming the handover).
 * @param err - what the transfer threw
 */
export function isHandoverCut(err: unknown): err is TransferError {
  return err instanceof TransferError && err.outcome === 'interrupted' && /handover/.test(err.message);
}

/** An update cut in `origin` on its way to a new edge center (`deliver-new`). */
interface Pending {
  /** the edge round it was cut in */
  origin: EdgeRoundRecord;
  /** whether its outcome is counted */
  settled: boolean;
}

/**
 * A cloud round's handover bookkeeping: which edge centers have an edge round open (started, not
 * yet aggregated), the updates delivered to them by terminals that handed over, and the records of
 * every edge round (their handover counts are filled in as outcomes are decided; they are emitted
 * when the cloud round has settled).
 */
export class HandoverBook {
  /** the edge-round records, in the order the edge rounds closed */
  readonly records: EdgeRoundRecord[] = [];
  /** per edge center with an open edge round: the updates delivered to it with the round they were cut in */
  private readonly open = new Map<string, { result: MemberResult; origin: EdgeRoundRecord }[]>();
  /** `deliver-new` updates on their way */
  private readonly pending = new Set<Pending>();

  /** The edge center's edge round starts: it takes delivered updates until {@link closeRound}. */
  openRound(edge: string): void {
    this.open.set(edge, []);
  }

  /**
   * The edge center's edge round closes (it aggregates now): the updates delivered to it meanwhile,
   * each counted as `handoverDeliveredNew` in the edge round it was cut in.
   */
  closeRound(edge: string): MemberResult[] {
    const inbox = this.open.get(edge) ?? [];
    this.open.delete(edge);
    for (const d of inbox) d.origin.handoverDeliveredNew++;
    return inbox.map((d) => d.result);
  }

  /** The edge center failed with an edge round open: what was delivered to it is stale. */
  abandon(edge: string): void {
    for (const d of this.open.get(edge) ?? []) d.origin.handoverStale++;
    this.open.delete(edge);
  }

  /**
   * `deliver-new` as a process body: the terminal uploads its cut update to its new edge center `to`
   * (a real transfer); on arrival it joins that edge's open edge round, or, with none open (or once
   * the cloud round has settled), it is stale. A failed resend loses it (`handoverDropped`).
   * @param ctx - the world
   * @param to - the new edge center
   * @param result - the update
   * @param origin - the edge round it was cut in
   * @param label - the transfer's label
   */
  *deliverNew(ctx: TrainingContext, to: string, result: MemberResult, origin: EdgeRoundRecord, label: string): ProcessGenerator<void> {
    const p: Pending = { origin, settled: false };
    this.pending.add(p);
    try {
      yield* sendRouted(ctx.topology, result.client, to, result.upBits, label);
    } catch (err) {
      if (!(err instanceof WorkFailure)) throw err;
      if (!p.settled) origin.handoverDropped++;
      p.settled = true;
      return;
    } finally {
      this.pending.delete(p);
    }
    if (p.settled) return;
    p.settled = true;
    const inbox = this.open.get(to);
    if (inbox === undefined) origin.handoverStale++;
    else inbox.push({ result, origin });
  }

  /**
   * Every edge center is done with the cloud round: `deliver-new` updates still on their way can no
   * longer be aggregated in it and are stale (their transfers go on).
   * @param cloudRound - the cloud round
   * @returns its handover totals
   */
  settle(cloudRound: number): HierHandoverTotals {
    for (const p of this.pending) {
      if (!p.settled) p.origin.handoverStale++;
      p.settled = true;
    }
    const sum = (f: (r: EdgeRoundRecord) => number): number => this.records.reduce((a, r) => a + f(r), 0);
    return { cloudRound, dropped: sum((r) => r.handoverDropped), forwarded: sum((r) => r.handoverForwarded), deliveredNew: sum((r) => r.handoverDeliveredNew), stale: sum((r) => r.handoverStale) };
  }
}

/** An open edge round as its members' processes see it. */
export interface OpenEdgeRound {
  /** the world */
  ctx: TrainingContext;
  /** the cloud server */
  cloud: string;
  /** the edge center */
  edge: string;
  /** its record (handover counts filled in as decided) */
  record: EdgeRoundRecord;
  /** the cloud round's bookkeeping */
  book: HandoverBook;
  /** members whose update is being forwarded to this edge (cut by the deadline: stale) */
  forwarding: Set<string>;
  /** the edge center a client belongs to now */
  edgeOf: (client: string) => string | undefined;
}

/**
 * The one place deciding what becomes of a member's update whose upload to its edge center a
 * handover cut, by `training.onHandover` (see the module's description).
 * @param r - the edge round
 * @param policy - `training.onHandover`
 * @param result - the update as it would have arrived
 * @param label - the cut upload's label
 * @param cut - the handover's transfer failure (rethrown under `drop`)
 * @returns the update as forwarded to this edge, or that it went to the new edge
 */
export function* afterHandover(r: OpenEdgeRound, policy: string, result: MemberResult, label: string, cut: TransferError): ProcessGenerator<MemberResult | HandedOver> {
  const { ctx, edge, record } = r;
  const to = r.edgeOf(result.client);
  if (policy === 'drop' || to === undefined || to === edge) {
    record.handoverDropped++;
    throw cut;
  }
  if (policy === 'deliver-new') {
    ctx.sim.process(r.book.deliverNew(ctx, to, result, record, `${label} (to new edge ${to})`), `${label} to new edge ${to}`);
    return { client: result.client, handedTo: to };
  }
  // forward: to the new edge, then over its route to the old one.
  r.forwarding.add(result.client);
  const hops = routeNow(ctx.topology, to, edge)?.length ?? 1;
  try {
    yield* sendRouted(ctx.topology, result.client, to, result.upBits, `${label} (via new edge ${to})`);
    yield* sendRouted(ctx.topology, to, edge, result.upBits, `${label} (forwarded by ${to})`);
  } catch (err) {
    // A deadline interrupt leaves it forwarding (stale); a lost transfer loses it.
    if (err instanceof WorkFailure) {
      r.forwarding.delete(result.client);
      record.handoverDropped++;
    }
    throw err;
  }
  r.forwarding.delete(result.client);
  return { ...result, upBits: result.upBits * (1 + hops), forwarded: true };
}
