/**
 * One inference request on the timeline: it arrives at its terminal, waits for the terminal's
 * processor, runs the layers up to the split there (charged on the terminal's CPU), sends the
 * activation to its edge server (through the terminal's serving edge center, store and forward),
 * waits in the server's queue, runs the rest there, and gets the result back. Latency, energy and
 * accuracy are what the events make of it: nothing is computed from a formula.
 *
 * A terminal works on one request at a time on its processor and sends one at a time on its radio
 * (a later request may compute while an earlier one uploads), so the terminal energy each phase
 * draws — compute, transmit, receive, read off the node's meter — is the request's own (unless
 * the terminal also trains at the same time). A handover that cuts a transfer loses the request
 * (`onHandover: 'drop'`) or sends it again through the new serving edge center (`forward`); a
 * failed node or transfer loses it.
 * @module
 */
import type { ProcessGenerator } from '../engine/process.js';
import { Resource } from '../engine/resource.js';
import { Interrupt, ProcessError, WorkFailure } from '../engine/errors.js';
import { routeNow, sendRouted } from '../net/routes.js';
import { TransferError } from '../net/transfer.js';
import type { InferenceContext, RequestWork } from './context.js';
import type { QueueDiscipline } from './queues.js';
import type { RequestRecord } from './records.js';

/** What happens to a request whose transfer a handover cut. */
export type InferenceHandoverPolicy = 'drop' | 'forward';

/** A terminal's own resources: its processor and its radio, one request at a time each. */
export interface TerminalDevice {
  /** the terminal */
  id: string;
  /** its processor */
  compute: Resource;
  /** its uplink radio */
  radio: Resource;
}

/** One request to play. */
export interface RequestSetup {
  /** the world */
  ctx: InferenceContext;
  /** the issuing terminal */
  device: TerminalDevice;
  /** `<terminal>#<n>` */
  id: string;
  /** the test example it carries */
  sample: number;
  /** its work (split, sample) */
  work: RequestWork;
  /** the deployment's split point and variant label, for the record */
  split: number;
  /** the variant label */
  variant: string;
  /** its deadline after arrival (s), or null */
  deadlineS: number | null;
  /** its priority at the server */
  priority: number;
  /** its terminal's reserved share of the server's processor (`reserved` queue), or null */
  share: number | null;
  /** the handover policy */
  onHandover: InferenceHandoverPolicy;
  /** the server for this terminal now, or null when none is reachable */
  serverFor(terminal: string): string | null;
  /** the servers' queues */
  queues: ReadonlyMap<string, QueueDiscipline>;
  /** the records of requests in flight (the request adds its own and removes it when it ends) */
  inFlight: Set<RequestRecord>;
}

/** Whether a transfer failed because a handover cut it. */
function isHandoverCut(err: unknown): boolean {
  return err instanceof TransferError && err.outcome === 'interrupted' && /handover/.test(err.message);
}

/** The terminal's compute, transmit and receive energy so far (J). */
function active(ctx: InferenceContext, id: string): { compute: number; tx: number; rx: number } {
  const e = ctx.node(id).energy.read();
  return { compute: e.compute, tx: e.tx, rx: e.rx };
}

/**
 * Plays one request as a process body; emits its `inference.request` record when it ends (done,
 * lost, or interrupted by the end of the run: `unfinished`).
 * @param s - the request
 */
export function* playRequest(s: RequestSetup): ProcessGenerator<void> {
  const { ctx, device, work } = s;
  const { sim } = ctx;
  const terminal = device.id;
  const r: RequestRecord = {
    id: s.id,
    terminal,
    server: null,
    split: s.split,
    sample: s.sample,
    variant: s.variant,
    arrivalS: sim.now,
    endS: sim.now,
    latencyS: null,
    terminalWaitS: 0,
    terminalComputeS: 0,
    uplinkS: 0,
    queueS: 0,
    edgeComputeS: 0,
    batchSize: 0,
    downlinkS: 0,
    exit: work.exit,
    correct: null,
    deadlineS: s.deadlineS,
    missed: false,
    energyJ: 0,
    bits: 0,
    handovers: 0,
    outcome: 'lost',
    reason: null,
  };
  s.inFlight.add(r);
  /** Measures the terminal energy of one phase (category `key`) around `body`. */
  function* metered<T>(key: 'compute' | 'tx' | 'rx', body: () => ProcessGenerator<T>): ProcessGenerator<T> {
    const before = active(ctx, terminal)[key];
    try {
      return yield* body();
    } finally {
      r.energyJ += active(ctx, terminal)[key] - before;
    }
  }
  /** Sends `bits` from `from` to `to` through `via` when given (the serving edge center), again after a cut handover under `forward`. */
  function* send(from: string, to: string, bits: number, label: string): ProcessGenerator<void> {
    for (;;) {
      // Through the terminal's serving edge center when it has one that relays (routes from and to it).
      const via = ctx.topology.servingEdge(terminal);
      const relays = via !== undefined && via !== from && via !== to && routeNow(ctx.topology, from, via) !== undefined && routeNow(ctx.topology, via, to) !== undefined;
      const path = relays ? [from, via, to] : [from, to];
      try {
        for (let i = 0; i + 1 < path.length; i++) {
          yield* sendRouted(ctx.topology, path[i]!, path[i + 1]!, bits, label);
          r.bits += bits;
        }
        return;
      } catch (err) {
        if (!isHandoverCut(err) || ctx.node(terminal).failed !== undefined) throw err;
        r.handovers++;
        if (s.onHandover === 'drop') throw err;
      }
    }
  }
  try {
    // The terminal's part.
    const cpu = device.compute.request();
    const t0 = sim.now;
    try {
      yield* cpu.wait();
      r.terminalWaitS = sim.now - t0;
      const t1 = sim.now;
      if (work.terminalFlops > 0) yield* metered('compute', function* () {
        yield ctx.node(terminal).cpu.computeOnAllCores(work.terminalFlops, `${s.id}/terminal`).done;
      });
      r.terminalComputeS = sim.now - t1;
    } finally {
      device.compute.release(cpu);
    }
    if (work.edgeFlops > 0 || work.uplinkBits > 0) {
      const server = s.serverFor(terminal);
      if (server === null) throw new WorkFailure(`no inference server reachable from '${terminal}'`);
      r.server = server;
      // Up: the activation to the server, one request at a time on the terminal's radio.
      const t2 = sim.now;
      const radio = device.radio.request();
      try {
        yield* radio.wait();
        yield* metered('tx', () => send(terminal, server, work.uplinkBits, `${s.id}/activation`));
      } finally {
        device.radio.release(radio);
      }
      r.uplinkS = sim.now - t2;
      // The server's part.
      const served = (yield s.queues.get(server)!.submit({ label: `${s.id}@${server}`, flops: work.edgeFlops, priority: s.priority, owner: terminal, share: s.share })) as { waitS: number; computeS: number; batchSize: number };
      Object.assign(r, { queueS: served.waitS, edgeComputeS: served.computeS, batchSize: served.batchSize });
      // Down: the result.
      const t3 = sim.now;
      yield* metered('rx', () => send(server, terminal, work.resultBits, `${s.id}/result`));
      r.downlinkS = sim.now - t3;
    }
    Object.assign(r, { outcome: 'done', latencyS: sim.now - r.arrivalS, correct: work.correct });
  } catch (err) {
    // A failed server process wraps its cause; anything but lost work or the end of the run is a bug.
    const cause = err instanceof ProcessError ? err.cause : err;
    if (cause instanceof Interrupt) r.outcome = 'unfinished';
    else if (!(cause instanceof WorkFailure)) throw err;
    r.reason = cause.message;
  }
  s.inFlight.delete(r);
  r.endS = sim.now;
  r.missed = s.deadlineS !== null && (r.latencyS === null || r.latencyS > s.deadlineS);
  sim.trace.emit('inference.request', r);
}

/**
 * Records the requests still in flight when the run ends (the horizon) as `unfinished`: a request
 * missed its deadline only if the deadline had passed.
 * @param sim - the simulator, at the end of the run
 * @param inFlight - their records
 */
export function endInFlight(sim: { now: number; trace: { emit(name: 'inference.request', r: RequestRecord): void } }, inFlight: Set<RequestRecord>): void {
  for (const r of [...inFlight].sort((a, b) => a.arrivalS - b.arrivalS || (a.id < b.id ? -1 : 1))) {
    Object.assign(r, { outcome: 'unfinished', reason: 'the run ended first', endS: sim.now, missed: r.deadlineS !== null && sim.now - r.arrivalS > r.deadlineS });
    sim.trace.emit('inference.request', r);
  }
  inFlight.clear();
}
