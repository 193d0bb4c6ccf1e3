/**
 * The typed trace bus. Models never print: they emit typed events here, and recorders in
 * `src/report/` subscribe. With no subscriber for a name, `emit` returns after one property read;
 * hot paths guard payload construction with {@link TraceBus.wants}.
 *
 * Layers add their events to {@link TraceEventMap} by declaration merging:
 * ```ts
 * declare module '../engine/trace.js' {
 *   interface TraceEventMap { 'compute.start': ComputeStart }
 * }
 * ```
 * @module
 */

/**
 * Event name → payload type. The engine's own `warning` here; each layer merges its own entries (see the module doc).
 */
export interface TraceEventMap {
  /** something the run should not be trusted on without a look: a model used outside its validity range, work that can never end, … */
  warning: WarningTrace;
}

/** Payload of `warning`. */
export interface WarningTrace {
  /** the warning */
  message: string;
}

/** A trace event name. */
export type TraceName = keyof TraceEventMap & string;

/** A listener for one event name: receives the payload and the simulated time in seconds. */
export type TraceListener<K extends TraceName> = (payload: TraceEventMap[K], tS: number) => void;

/** A listener for every event: receives the name, the payload and the simulated time in seconds. */
export type AnyTraceListener = (name: TraceName, payload: unknown, tS: number) => void;

/** The trace bus of one simulator. */
export class TraceBus {
  private readonly byName: Record<string, ((payload: unknown, tS: number) => void)[] | undefined> =
    Object.create(null);
  private readonly any: AnyTraceListener[] = [];

  /** @param clockS - returns the current simulated time in seconds */
  constructor(private readonly clockS: () => number) {}

  /**
   * Subscribes to one event name.
   * @returns a function that unsubscribes
   */
  on<K extends TraceName>(name: K, listener: TraceListener<K>): () => void {
    const list = (this.byName[name] ??= []);
    const fn = listener as (payload: unknown, tS: number) => void;
    list.push(fn);
    return () => {
      const i = list.indexOf(fn);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) delete this.byName[name];
    };
  }

  /**
   * Subscribes to every event.
   * @returns a function that unsubscribes
   */
  onAny(listener: AnyTraceListener): () => void {
    this.any.push(listener);
    return () => {
      const i = this.any.indexOf(listener);
      if (i >= 0) this.any.splice(i, 1);
    };
  }

  /** Whether anyone listens to `name` (guard costly payloads with it). */
  wants(name: TraceName): boolean {
    return this.any.length > 0 || this.byName[name] !== undefined;
  }

  /**
   * Emits an event at the current simulated time.
   * @param name - the event name
   * @param payload - its payload (listeners must not keep a reference they then mutate)
   */
  emit<K extends TraceName>(name: K, payload: TraceEventMap[K]): void {
    const list = this.byName[name];
    if (list === undefined && this.any.length === 0) return;
    const tS = this.clockS();
    if (list !== undefined) for (const fn of list) fn(payload, tS);
    for (const fn of this.any) fn(name, payload, tS);
  }
}
