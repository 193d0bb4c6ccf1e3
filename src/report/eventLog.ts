/**
 * The JSONL event log (`--events`): one line per trace event, `{"tS":…,"event":…,…payload}`,
 * written through a buffer straight to a file descriptor so that long runs do not hold the log in
 * memory.
 * @module
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { TraceBus } from '../engine/trace.js';

const FLUSH_CHARS = 1 << 20;

/** Writes every trace event of a bus to a JSONL file. */
export class EventLogWriter {
  private readonly fd: number;
  private chunks: string[] = [];
  private chars = 0;
  private lines = 0;
  private readonly unsubscribe: () => void;

  /**
   * Opens (truncates) `path` and subscribes to `bus`.
   * @param bus - the trace bus
   * @param path - the file to write
   */
  constructor(bus: TraceBus, path: string) {
    this.fd = openSync(path, 'w');
    this.unsubscribe = bus.onAny((name, payload, tS) => {
      const line = `${JSON.stringify({ tS, event: name, ...(payload as object) })}\n`;
      this.chunks.push(line);
      this.chars += line.length;
      this.lines++;
      if (this.chars >= FLUSH_CHARS) this.flush();
    });
  }

  /** Lines written so far. */
  get count(): number {
    return this.lines;
  }

  private flush(): void {
    if (this.chunks.length === 0) return;
    writeSync(this.fd, this.chunks.join(''));
    this.chunks = [];
    this.chars = 0;
  }

  /** Flushes, unsubscribes and closes the file. */
  close(): void {
    this.unsubscribe();
    this.flush();
    closeSync(this.fd);
  }
}
