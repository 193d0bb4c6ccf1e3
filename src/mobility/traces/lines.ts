/**
 * Streaming a text file line by line, synchronously and in 1 MiB chunks, so a trace of any size is
 * read without holding it whole; plus the strict number parsing and located errors every trace
 * reader shares.
 * @module
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { InputError } from '../../engine/errors.js';

const CHUNK_BYTES = 1 << 20;

/**
 * Calls `onLine` for every line of `file` (without its `\n` or `\r\n`), with its 1-based number.
 * @param file - path of the file
 * @param onLine - the callback; return `false` to stop early
 * @returns the number of lines read
 * @throws InputError when the file cannot be opened
 */
export function forEachLine(file: string, onLine: (line: string, lineNo: number) => boolean | void): number {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw new InputError(`cannot open: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, { file });
  }
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let lineNo = 0;
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK_BYTES, null);
      const text = n > 0 ? carry + decoder.write(buf.subarray(0, n)) : carry + decoder.end();
      let start = 0;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) break;
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        if (onLine(text.slice(start, end), ++lineNo) === false) return lineNo;
        start = nl + 1;
      }
      carry = text.slice(start);
      if (n === 0) {
        if (carry.length > 0) {
          const end = carry.charCodeAt(carry.length - 1) === 13 ? carry.length - 1 : carry.length;
          onLine(carry.slice(0, end), ++lineNo);
        }
        return lineNo;
      }
    }
  } finally {
    closeSync(fd);
  }
}

const MAX_QUOTE = 120;

/**
 * A bad-input error naming the file and line and quoting the line.
 * @param file - the trace file
 * @param lineNo - 1-based line number
 * @param line - the line's text
 * @param problem - what is wrong
 */
export function lineError(file: string, lineNo: number, line: string, problem: string): InputError {
  const quoted = line.length > MAX_QUOTE ? `${line.slice(0, MAX_QUOTE)}…` : line;
  return new InputError(`${problem}: ${JSON.stringify(quoted)}`, { file, line: lineNo });
}

const NUMBER_RE = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * Parses a finite decimal number strictly (no hex, no `Infinity`, no `1e999`, no empty string).
 * @returns the number, or NaN when `token` is not one
 */
export function parseDecimal(token: string): number {
  if (!NUMBER_RE.test(token)) return Number.NaN;
  const v = Number(token);
  return Number.isFinite(v) ? v : Number.NaN;
}

/** Splits on runs of spaces and tabs, dropping empty tokens. */
export function tokens(line: string): string[] {
  const out = line.trim().split(/[ \t]+/);
  return out.length === 1 && out[0] === '' ? [] : out;
}
