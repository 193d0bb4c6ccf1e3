/**
 * Errors raised by the engine.
 * @module
 */

/** An error that stops a simulation run; the message names the simulated time. */
export class SimulationError extends Error {
  /**
   * @param message - what went wrong
   * @param timeS - simulated time in seconds at which it happened
   * @param cause - the underlying error, if any
   */
  constructor(
    message: string,
    readonly timeS: number,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'SimulationError';
  }
}

/** An uncaught error inside a process: names the process and the simulated time. */
export class ProcessError extends SimulationError {
  /**
   * @param processName - the failing process's name
   * @param timeS - simulated time in seconds
   * @param cause - what the generator threw
   */
  constructor(
    readonly processName: string,
    timeS: number,
    cause: unknown,
  ) {
    super(`process "${processName}" failed at t=${timeS} s: ${describe(cause)}`, timeS, cause);
    this.name = 'ProcessError';
  }
}

/**
 * Thrown inside a process's generator by `process.interrupt(cause)`; the generator may catch it
 * (a device dies mid-upload) and go on.
 */
export class Interrupt extends Error {
  /** @param cause - why the process was interrupted (any value the interrupter passes) */
  constructor(override readonly cause?: unknown) {
    super(`interrupted${cause === undefined ? '' : `: ${describe(cause)}`}`);
    this.name = 'Interrupt';
  }
}

/**
 * A one-line description of any thrown value.
 * @param err - the thrown value
 */
export function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err) ?? String(err);
  } catch {
    return String(err);
  }
}

/** Where in an input a problem is: a file, optionally a line, optionally a field path. */
export interface InputLocation {
  /** the file (as the user named it) */
  file?: string;
  /** 1-based line number, when known */
  line?: number;
  /** the field, e.g. `nodes[2].cpuFlopsPerS` or `--set seed=x` */
  field?: string;
}

/**
 * Bad input (a missing file, an invalid scenario, a malformed trace line, a bad flag): the CLI
 * prints the message and exits with code 2. The message starts with `file:line: field:` where known.
 */
export class InputError extends Error {
  /**
   * @param problem - what is wrong and what was expected
   * @param where - file, line and field
   */
  constructor(
    readonly problem: string,
    readonly where: InputLocation = {},
  ) {
    super(formatLocated(problem, where));
    this.name = 'InputError';
  }
}

/**
 * Formats `file:line: field: problem`, leaving out the parts not known.
 * @param problem - the message
 * @param where - its location
 */
export function formatLocated(problem: string, where: InputLocation): string {
  let prefix = '';
  if (where.file !== undefined) prefix += where.line !== undefined ? `${where.file}:${where.line}: ` : `${where.file}: `;
  if (where.field !== undefined) prefix += `${where.field}: `;
  return prefix + problem;
}

/**
 * Work that could not be done: a transfer that failed or was interrupted, a computation lost when
 * its node failed. The workload marks the task failed and goes on.
 */
export class WorkFailure extends Error {
  /** @param message - what was lost and why */
  constructor(message: string) {
    super(message);
    this.name = 'WorkFailure';
  }
}
