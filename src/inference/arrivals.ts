/**
 * When a terminal's inference requests arrive: a registry of arrival processes, each entry with
 * its zod schema, defaults and factory (`edgesim list` shows them). `poisson` draws exponential
 * gaps from the terminal's named stream; `periodic` is a fixed period with an optional offset;
 * `trace` replays request times read from a CSV (`tS` per row, or `terminal,tS` for several
 * terminals in one file). Every process may stop after `count` requests or at `untilS`.
 * @module
 */
import { z } from 'zod';
import { Registry } from '../engine/registry.js';
import type { RandomStream } from '../engine/random.js';
import { InputError } from '../engine/errors.js';
import { forEachLine, lineError, parseDecimal } from '../mobility/traces/lines.js';

/** The arrival times of one terminal's requests, in order. */
export interface ArrivalSource {
  /** The next request's arrival time (s), or null when there are no more. */
  next(): number | null;
}

/** What an arrival process is built from besides its parameters. */
export interface ArrivalContext {
  /** the terminal */
  terminal: string;
  /** its stream (`inference/arrivals/<terminal>`) */
  rng: RandomStream;
  /** resolves a path relative to the scenario file */
  resolvePath(path: string): string;
}

/** A registered arrival process. */
export interface ArrivalEntry {
  /** one line for `edgesim list` */
  description: string;
  /** its fields (without `name`, `count`, `untilS`, common to all) */
  schema: z.ZodRawShape;
  /** builds a terminal's arrival times from the validated parameters */
  create(params: Record<string, unknown>, ctx: ArrivalContext): ArrivalSource;
}

/** Fields every arrival process takes. */
export interface ArrivalLimits {
  /** stop after this many requests; default none */
  count?: number;
  /** no request after this time (s); default none (the horizon ends the run) */
  untilS?: number;
}

const positive = (what: string) => z.number().positive({ message: `expected ${what} > 0` }).finite();

const poisson: ArrivalEntry = {
  description: 'Poisson arrivals: exponential gaps of mean 1/ratePerS from the terminal’s stream, from startS (default 0)',
  schema: { ratePerS: positive('a rate (requests/s)'), startS: z.number().min(0).finite().optional() },
  create: (p, ctx) => {
    const rate = p['ratePerS'] as number;
    let t = (p['startS'] as number | undefined) ?? 0;
    return { next: () => (t += ctx.rng.exponential(rate)) };
  },
};

const periodic: ArrivalEntry = {
  description: 'one request every periodS, the first at offsetS (default 0)',
  schema: { periodS: positive('a period (s)'), offsetS: z.number().min(0).finite().optional() },
  create: (p) => {
    const period = p['periodS'] as number;
    const offset = (p['offsetS'] as number | undefined) ?? 0;
    let k = 0;
    // k·period, not a running sum: no drift after many periods.
    return { next: () => offset + period * k++ };
  },
};

const trace: ArrivalEntry = {
  description: 'request times replayed from a CSV: a header `tS` (one terminal) or `terminal,tS` (rows of this terminal), times non-decreasing',
  schema: { file: z.string().min(1, { message: 'expected a CSV file path' }) },
  create: (p, ctx) => {
    const times = readRequestTimes(ctx.resolvePath(p['file'] as string), ctx.terminal);
    let i = 0;
    return { next: () => (i < times.length ? times[i++]! : null) };
  },
};

/** The arrival processes (`inference.workload[].arrivals.name`). */
export const arrivalProcesses = new Registry<ArrivalEntry>('arrival process')
  .register('poisson', poisson.description, poisson)
  .register('periodic', periodic.description, periodic)
  .register('trace', trace.description, trace);

/** The schema of an arrival spec: one of the registered processes, with `count` and `untilS`. */
export const arrivalSpecSchema = z.discriminatedUnion(
  'name',
  arrivalProcesses.list().map((e) =>
    z.strictObject({
      name: z.literal(e.name),
      ...e.value.schema,
      count: z.number().int({ message: 'expected a whole number of requests' }).positive({ message: 'expected at least one request' }).optional(),
      untilS: z.number().min(0).finite().optional(),
    }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
);

/** An arrival spec: the process's name, its parameters and the common limits. */
export interface ArrivalSpec extends ArrivalLimits {
  /** the arrival process (`poisson`, `periodic`, `trace`) */
  name: string;
  /** its parameters */
  [parameter: string]: unknown;
}

/**
 * A terminal's arrival times as a spec describes them, cut by `count` and `untilS`.
 * @param spec - the validated spec
 * @param ctx - the terminal, its stream, and path resolution
 * @throws InputError for a trace file that cannot be read
 */
export function arrivalSource(spec: ArrivalSpec, ctx: ArrivalContext): ArrivalSource {
  const inner = arrivalProcesses.get(spec.name).create(spec, ctx);
  let issued = 0;
  return {
    next: () => {
      if (spec.count !== undefined && issued >= spec.count) return null;
      const t = inner.next();
      if (t === null || (spec.untilS !== undefined && t > spec.untilS)) return null;
      issued++;
      return t;
    },
  };
}

/**
 * Reads request times from a CSV: header `tS` (every row is the terminal's) or `terminal,tS`
 * (the rows naming `terminal`); `#` comments and blank lines skipped; times finite, ≥ 0 and
 * non-decreasing per terminal.
 * @param file - the CSV file
 * @param terminal - whose times to keep
 * @throws InputError naming the line of a malformed row
 */
export function readRequestTimes(file: string, terminal: string): number[] {
  const out: number[] = [];
  let columns: 1 | 2 | 0 = 0;
  let last = -Infinity;
  forEachLine(file, (line, lineNo) => {
    const l = line.trim();
    if (l === '' || l.startsWith('#')) return;
    const cells = l.split(',').map((c) => c.trim());
    if (columns === 0) {
      if (cells.join(',') === 'tS') columns = 1;
      else if (cells.join(',') === 'terminal,tS') columns = 2;
      else throw lineError(file, lineNo, line, 'expected the header tS or terminal,tS');
      return;
    }
    if (cells.length !== columns) throw lineError(file, lineNo, line, `expected ${columns === 1 ? 'tS' : 'terminal,tS'}`);
    if (columns === 2 && cells[0] !== terminal) return;
    const t = parseDecimal(cells[columns - 1]!);
    if (!(t >= 0) || !Number.isFinite(t)) throw lineError(file, lineNo, line, `expected a time ≥ 0 s, got '${cells[columns - 1]}'`);
    if (t < last) throw lineError(file, lineNo, line, `times must not decrease: ${t} s after ${last} s`);
    last = t;
    out.push(t);
  });
  if (columns === 0) throw new InputError('empty request-time trace: expected the header tS or terminal,tS', { file });
  return out;
}
