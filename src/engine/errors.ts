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
