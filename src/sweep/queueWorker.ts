/**
 * `edgesim worker`: takes sweep cells from the BullMQ queue on Redis (see `queue.ts`) and runs
 * each in a worker thread of its own, `concurrency` at a time, returning the outcome as the job's
 * result. The cell's thread keeps the event loop free, so the job's lock is renewed while it runs;
 * a worker that is killed stops renewing it and, after the lock's time, another worker's stalled-job
 * check puts the job back in the queue.
 * @module
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import { contentHash } from './grid.js';
import { runCells } from './pool.js';
import type { CellOutcome } from './cell.js';
import { checkRedis, parseQueueUrl, QUEUE_NAME, redisConnection, type QueueJobData } from './queue.js';

/** Options of {@link startQueueWorker}. */
export interface QueueWorkerOptions {
  /** `redis://HOST:PORT` */
  url: string;
  /** cells run at once (default 1) */
  concurrency?: number;
  /** a job's lock in ms: a job of a worker silent that long is taken back (default 10 000) */
  lockDurationMs?: number;
  /** how often to look for such jobs, in ms (default 5 000) */
  stalledIntervalMs?: number;
  /** what it runs, line by line */
  log?: (line: string) => void;
}

/** A running queue worker. */
export interface QueueWorkerHandle {
  /**
   * Stops taking cells; resolves when the running cells are done (or at once with `force`, leaving
   * them to be taken back by another worker after the lock's time).
   * @param force - do not wait for the running cells
   */
  close(force?: boolean): Promise<void>;
  /** how many cells are running */
  running(): number;
}

/**
 * Runs one job: checks the scenario file against the sweep's hash, then runs the cell in a worker
 * thread with the job's time limit.
 */
async function processJob(job: Job<QueueJobData, CellOutcome>, log: (line: string) => void): Promise<CellOutcome> {
  const { cell, sha256, cellTimeoutS, label } = job.data;
  let mine: string;
  try {
    mine = contentHash(readFileSync(cell.file));
  } catch (err) {
    throw new Error(`cannot read the scenario file ${cell.file} on ${hostname()} (working directory ${process.cwd()}): ${(err as Error).message}; every machine needs the same checkout, and the worker must start in the folder the sweep was started in`);
  }
  if (mine !== sha256) {
    throw new Error(`the scenario file ${cell.file} on ${hostname()} differs from the sweep's (sha256 ${mine.slice(0, 12)}… here, ${sha256.slice(0, 12)}… there); every machine needs the same checkout`);
  }
  log(`started ${job.id}: ${cell.file}, ${label}, seed ${cell.seed}`);
  const t0 = performance.now();
  let outcome: CellOutcome = { metrics: null, error: 'the cell did not run' };
  await runCells([{ index: 0, job: cell }], 1, (_i, o) => (outcome = o), { inThread: true, ...(cellTimeoutS === null ? {} : { cellTimeoutS }) });
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  log(outcome.error === null ? `done ${job.id} in ${s} s` : `failed ${job.id} after ${s} s: ${outcome.error}`);
  return outcome;
}

/**
 * Connects to Redis and starts taking cells.
 * @param options - the queue, the concurrency, the lock timing
 * @throws InputError for a bad URL or an unreachable Redis
 */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorkerHandle> {
  const target = parseQueueUrl(options.url);
  await checkRedis(target);
  const log = options.log ?? ((): void => undefined);
  let active = 0;
  const worker = new Worker<QueueJobData, CellOutcome>(
    QUEUE_NAME,
    async (job) => {
      active++;
      try {
        return await processJob(job, log);
      } finally {
        active--;
      }
    },
    {
      connection: redisConnection(target),
      concurrency: options.concurrency ?? 1,
      lockDuration: options.lockDurationMs ?? 10_000,
      stalledInterval: options.stalledIntervalMs ?? 5_000,
      maxStalledCount: 2,
    },
  );
  let lastError = '';
  worker.on('error', (err: Error) => {
    if (err.message !== lastError) log(`Redis error: ${err.message}`);
    lastError = err.message;
  });
  worker.on('failed', (job, err) => log(`failed ${job?.id ?? 'a job'}: ${err.message}`));
  await worker.waitUntilReady();
  return { close: (force = false) => worker.close(force), running: () => active };
}
