/**
 * The worker thread of a sweep: runs the cells the main thread sends, one at a time, and posts
 * each outcome back (see {@link runCellsInWorkers}).
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { runCell, type CellJob } from './cell.js';

/** A cell sent to a worker. */
export interface WorkerRequest {
  /** the cell's index in the sweep */
  index: number;
  /** what to run */
  job: CellJob;
}

/** A worker's note that a cell has started (the thread is up; a time limit counts from here). */
export interface WorkerStarted {
  /** the cell's index in the sweep */
  index: number;
  /** always true */
  started: true;
}

/** A worker's answer. */
export interface WorkerReply {
  /** the cell's index in the sweep */
  index: number;
  /** its metrics, or null when it failed */
  metrics: Record<string, number | null> | null;
  /** the error message, or null */
  error: string | null;
}

const port = parentPort;
if (port !== null) {
  port.on('message', (req: WorkerRequest) => {
    port.postMessage({ index: req.index, started: true } satisfies WorkerStarted);
    void runCell(req.job).then((o) => port.postMessage({ index: req.index, metrics: o.metrics, error: o.error } satisfies WorkerReply));
  });
}
