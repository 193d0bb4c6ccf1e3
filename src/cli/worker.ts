/**
 * `edgesim worker --queue redis://HOST:PORT [--concurrency N]`: runs the cells of sweeps started
 * with `edgesim sweep --queue` on any machine (see docs/sweep.md, "Across machines").
 * @module
 */
import { Command, InvalidArgumentError } from 'commander';
import { startQueueWorker } from '../sweep/queueWorker.js';
import { QUEUE_NAME } from '../sweep/queue.js';

/** Options of `edgesim worker` as commander parses them. */
export interface WorkerCommandOptions {
  /** `redis://HOST:PORT` */
  queue: string;
  /** cells run at once */
  concurrency?: number;
}

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError('expected a positive integer.');
  return Number(value);
}

/**
 * Runs `edgesim worker` until SIGINT or SIGTERM: the first lets the running cells finish, a
 * second stops at once (their jobs go back to the queue after the lock's time).
 * @param options - the queue and the concurrency
 * @throws InputError for a bad URL or an unreachable Redis (exit code 2)
 */
export async function workerCommand(options: WorkerCommandOptions): Promise<void> {
  const log = (line: string): void => void process.stderr.write(`edgesim worker: ${line}\n`);
  const concurrency = options.concurrency ?? 1;
  const handle = await startQueueWorker({ url: options.queue, concurrency, log });
  log(`waiting for cells on ${options.queue} (queue ${QUEUE_NAME}, ${concurrency} at a time); Ctrl-C to stop`);
  await new Promise<void>((done) => {
    let signals = 0;
    const stop = (signal: string): void => {
      signals++;
      if (signals === 1) {
        log(`${signal}: closing${handle.running() > 0 ? ` after the ${handle.running()} running cell(s); ${signal} again to stop now` : ''}`);
        void handle.close().then(done);
      } else {
        log(`${signal}: stopping now; the running cells go back to the queue`);
        void handle.close(true).finally(() => process.exit(130));
      }
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
  log('closed');
}

/**
 * Adds `worker` to the program.
 * @param program - the `edgesim` command
 */
export function addWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run the cells of sweeps started with `edgesim sweep --queue` (BullMQ on Redis); start it, on each machine, in the same checkout folder as the sweep')
    .requiredOption('--queue <url>', 'Redis holding the queue: redis://HOST:PORT (or redis://user:password@HOST:PORT/db)')
    .option('--concurrency <n>', 'cells run at once, each in a worker thread (default 1)', positiveInteger)
    .action(async (opts: WorkerCommandOptions) => {
      await workerCommand(opts);
    });
}
