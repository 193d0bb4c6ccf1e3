/**
 * Running sweep cells: in this thread (one worker) or in a pool of worker threads, each running
 * one cell at a time. Results are keyed by cell index, so the order they finish in does not matter.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { runCell, type CellJob, type CellOutcome } from './cell.js';
import type { WorkerReply, WorkerRequest, WorkerStarted } from './worker.js';

/** One cell to run, with its index in the sweep. */
export interface IndexedJob {
  /** the cell's index */
  index: number;
  /** what to run */
  job: CellJob;
}

/** Called as each cell ends. */
export type CellListener = (index: number, outcome: CellOutcome) => void;

/** Options of {@link runCells}. */
export interface RunCellsOptions {
  /** wall-clock limit of one cell in seconds; a cell past it is stopped and fails. Cells then always run in worker threads */
  cellTimeoutS?: number;
  /** run in worker threads even with one worker (a crash or a kill of the cell then spares the caller) */
  inThread?: boolean;
}

/**
 * The error message of a cell stopped by the time limit.
 * @param limitS - the limit in seconds
 */
export function cellTimeoutMessage(limitS: number): string {
  return `exceeded the cell time limit of ${limitS} s`;
}

/**
 * The bootstrap of a worker: registers tsx (the sources are TypeScript) and imports the worker
 * module, so workers run whether or not the main thread was started with `--import tsx`.
 */
function bootstrap(): string {
  const api = import.meta.resolve('tsx/esm/api');
  const target = new URL('./worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); })`;
}

/**
 * Runs cells, `workers` at a time: with one and no time limit, in this thread, one after the other;
 * else in worker threads. A worker that dies records an error for its cell and is replaced; so
 * does one whose cell runs past `options.cellTimeoutS` (it is terminated).
 * @param jobs - the cells to run
 * @param workers - how many at a time (at least 1)
 * @param onDone - called as each cell ends
 * @param options - the cell time limit
 */
export async function runCells(jobs: readonly IndexedJob[], workers: number, onDone: CellListener, options: RunCellsOptions = {}): Promise<void> {
  const limitS = options.cellTimeoutS;
  if (limitS === undefined && options.inThread !== true && (workers <= 1 || jobs.length <= 1)) {
    for (const j of jobs) onDone(j.index, await runCell(j.job));
    return;
  }
  if (jobs.length === 0) return;
  const code = bootstrap();
  let next = 0;
  await new Promise<void>((resolveAll) => {
    let running = 0;
    const start = (): void => {
      if (next >= jobs.length) {
        if (running === 0) resolveAll();
        return;
      }
      const w = new Worker(code, { eval: true, stdout: false, stderr: false });
      running++;
      let current: IndexedJob | undefined;
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      let timedOut = false;
      const feed = (): void => {
        clearTimeout(timer);
        current = jobs[next++];
        if (current === undefined) {
          settled = true;
          void w.terminate();
          running--;
          if (running === 0) resolveAll();
          return;
        }
        w.postMessage({ index: current.index, job: current.job } satisfies WorkerRequest);
      };
      w.on('message', (r: WorkerReply | WorkerStarted) => {
        if (timedOut) return; // too late: the exit handler records the time limit
        if ('started' in r) {
          // The thread is up and the cell begins: the time limit counts from here.
          if (limitS !== undefined) {
            timer = setTimeout(() => {
              timedOut = true;
              void w.terminate();
            }, limitS * 1000);
          }
          return;
        }
        onDone(r.index, r.error === null ? { metrics: r.metrics!, error: null } : { metrics: null, error: r.error });
        feed();
      });
      const died = (message: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        running--;
        if (current !== undefined) onDone(current.index, { metrics: null, error: timedOut ? cellTimeoutMessage(limitS!) : `the worker thread died: ${message}` });
        start();
        if (running === 0 && next >= jobs.length) resolveAll();
      };
      w.on('error', (err) => died(err.message));
      w.on('exit', (code) => died(`exit code ${code}`));
      feed();
    };
    for (let i = 0; i < Math.min(workers, jobs.length); i++) start();
  });
}
