/**
 * Sweeps across machines: the cells of a sweep as BullMQ jobs on Redis (queue {@link QUEUE_NAME}),
 * run by `edgesim worker` processes anywhere (see `queueWorker.ts`) and collected here. A job's id
 * is the cell's key, so enqueueing a cell twice is one job, and its result (the job's return value,
 * a {@link CellOutcome}) is shared by every sweep that waits for it. See docs/sweep.md.
 * @module
 */
import { Queue, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { InputError } from '../engine/errors.js';
import type { CellJob, CellOutcome } from './cell.js';
import type { CellListener } from './pool.js';

/** The BullMQ queue every sweep and worker uses. */
export const QUEUE_NAME = 'edgesim-sweep';

/** How long finished jobs stay on Redis (seconds): a sweep collects them long before. */
const KEEP_S = 7 * 24 * 3600;

/** Where Redis is, parsed from `redis://[user:password@]HOST:PORT[/db]`. */
export interface RedisTarget {
  /** the URL as given */
  url: string;
  /** host name or address */
  host: string;
  /** TCP port */
  port: number;
  /** database number */
  db: number;
  /** user name, if any */
  username?: string;
  /** password, if any */
  password?: string;
}

/** A cell job's data on the queue. */
export interface QueueJobData {
  /** what to run; `file` is resolved in the worker's working directory */
  cell: CellJob;
  /** SHA-256 of the scenario file the sweep read: a worker whose copy differs fails the cell */
  sha256: string;
  /** wall-clock limit of the cell in seconds, or null */
  cellTimeoutS: number | null;
  /** the cell's combination label, for the worker's log */
  label: string;
}

/** One cell to run on the queue. */
export interface QueuedCell {
  /** its index in the sweep */
  index: number;
  /** its key (the job id is `cell-<key>`) */
  key: string;
  /** its combination's label */
  label: string;
  /** what to run */
  job: CellJob;
}

/** Options of {@link runCellsOnQueue}. */
export interface QueueRunOptions {
  /** `redis://HOST:PORT` */
  url: string;
  /** SHA-256 of the scenario file */
  sha256: string;
  /** wall-clock limit of one cell in seconds */
  cellTimeoutS?: number;
  /** progress lines (waiting for workers) */
  log: (line: string) => void;
  /** how often to look at the jobs, in ms (default 500) */
  pollMs?: number;
  /** how long without progress and without workers before saying so again, in ms (default 10 000) */
  idleNoticeMs?: number;
}

/**
 * Parses a `--queue` URL.
 * @param url - `redis://[user:password@]HOST:PORT[/db]`
 * @throws InputError when it is not such a URL
 */
export function parseQueueUrl(url: string): RedisTarget {
  const bad = (why: string): InputError => new InputError(`expected redis://HOST:PORT (optionally redis://user:password@HOST:PORT/db), got '${url}': ${why}`, { field: '--queue' });
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw bad('not a URL');
  }
  if (u.protocol !== 'redis:') throw bad(`the scheme is '${u.protocol.replace(/:$/, '')}', not redis`);
  if (u.hostname === '') throw bad('no host');
  const port = u.port === '' ? 6379 : Number(u.port);
  const path = u.pathname.replace(/^\//, '');
  if (!/^\d*$/.test(path)) throw bad(`the database '${path}' is not a number`);
  if (u.search !== '' || u.hash !== '') throw bad('a query or fragment is not expected');
  const target: RedisTarget = { url, host: u.hostname.replace(/^\[|\]$/g, ''), port, db: path === '' ? 0 : Number(path) };
  if (u.username !== '') target.username = decodeURIComponent(u.username);
  if (u.password !== '') target.password = decodeURIComponent(u.password);
  return target;
}

/**
 * The ioredis options BullMQ connects with: a 5 s connect timeout, and no per-command retry limit
 * (BullMQ's workers need that; a lost connection is re-made).
 * @param target - where Redis is
 */
export function redisConnection(target: RedisTarget): ConnectionOptions {
  return { host: target.host, port: target.port, db: target.db, username: target.username, password: target.password, connectTimeout: 5000, maxRetriesPerRequest: null };
}

/**
 * Checks that Redis answers, once, with a 5 s limit: an unreachable server is a clear error, not a hang.
 * @param target - where Redis is
 * @throws InputError naming the URL and the cause
 */
export async function checkRedis(target: RedisTarget): Promise<void> {
  const client = new Redis({ host: target.host, port: target.port, db: target.db, username: target.username, password: target.password, lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  let last = '';
  client.on('error', (err: Error) => (last = err.message));
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    const why = (err as Error).message || last;
    throw new InputError(`cannot reach Redis at ${target.url}: ${why}`, { field: '--queue' });
  } finally {
    client.disconnect();
  }
}

/**
 * The job id of a cell.
 * @param key - the cell's key
 */
export function queueJobId(key: string): string {
  return `cell-${key}`;
}

/** A finished job's outcome as the sweep records it. */
function outcomeOf(returnvalue: unknown): CellOutcome {
  const r = returnvalue as Partial<CellOutcome> | null | undefined;
  if (r !== null && r !== undefined && r.error === null && r.metrics !== null && typeof r.metrics === 'object') return { metrics: r.metrics, error: null };
  if (r !== null && r !== undefined && typeof r.error === 'string') return { metrics: null, error: r.error };
  return { metrics: null, error: 'the worker returned no result' };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs cells on the queue at `options.url` and waits for them: each cell becomes a job (id
 * `cell-<key>`) unless one is queued or running already; a finished job that succeeded is taken
 * as it is, one that failed is replaced by a new one (failures are tried again, as locally).
 * Prints a line every `idleNoticeMs` while no worker is connected and nothing finishes.
 * @param cells - the cells to run
 * @param options - the queue and the scenario's hash
 * @param onDone - called once for each cell as it ends (a failed job: its reason as the error)
 * @throws InputError when Redis cannot be reached
 */
export async function runCellsOnQueue(cells: readonly QueuedCell[], options: QueueRunOptions, onDone: CellListener): Promise<void> {
  if (cells.length === 0) return;
  const target = parseQueueUrl(options.url);
  await checkRedis(target);
  const queue = new Queue<QueueJobData, CellOutcome>(QUEUE_NAME, { connection: redisConnection(target) });
  let queueError = '';
  queue.on('error', (err: Error) => (queueError = err.message));
  const pending = new Map<string, QueuedCell>();
  const enqueue = async (c: QueuedCell): Promise<void> => {
    const data: QueueJobData = { cell: c.job, sha256: options.sha256, cellTimeoutS: options.cellTimeoutS ?? null, label: c.label };
    await queue.add('cell', data, { jobId: queueJobId(c.key), attempts: 1, removeOnComplete: { age: KEEP_S }, removeOnFail: { age: KEEP_S } });
  };
  try {
    for (const c of cells) {
      const id = queueJobId(c.key);
      const existing = await queue.getJob(id);
      if (existing !== undefined) {
        const state = await existing.getState();
        if (state === 'completed' && outcomeOf(existing.returnvalue).error === null) {
          onDone(c.index, outcomeOf(existing.returnvalue));
          continue;
        }
        if (state === 'completed' || state === 'failed') await existing.remove();
        else {
          pending.set(id, c); // queued or running for another sweep: wait for it
          continue;
        }
      }
      await enqueue(c);
      pending.set(id, c);
    }
    const pollMs = options.pollMs ?? 500;
    const idleMs = options.idleNoticeMs ?? 10_000;
    let lastNews = performance.now();
    let lastNotice = -Infinity;
    while (pending.size > 0) {
      await sleep(pollMs);
      const ids = [...pending.keys()];
      const states = await Promise.all(ids.map((id) => queue.getJobState(id)));
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k]!;
        const c = pending.get(id)!;
        const state = states[k]!;
        if (state === 'completed' || state === 'failed') {
          const job = await queue.getJob(id);
          if (job === undefined) continue; // gone meanwhile: seen as unknown next time
          pending.delete(id);
          lastNews = performance.now();
          onDone(c.index, state === 'completed' ? outcomeOf(job.returnvalue) : { metrics: null, error: `the job failed: ${job.failedReason}` });
        } else if (state === 'unknown') {
          await enqueue(c); // removed from Redis by someone else: queue it again
        }
      }
      const now = performance.now();
      if (pending.size > 0 && now - lastNews >= idleMs && now - lastNotice >= idleMs) {
        const workers = await queue.getWorkersCount().catch(() => -1);
        if (workers <= 0) {
          lastNotice = now;
          options.log(`  waiting for workers on ${options.url}: ${pending.size} cells queued, ${workers === 0 ? 'no worker connected' : 'no cell finished lately'}; start one with: edgesim worker --queue ${options.url}${queueError === '' ? '' : ` (last Redis error: ${queueError})`}`);
        }
      }
    }
  } finally {
    await queue.close();
  }
}
