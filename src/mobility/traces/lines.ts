/**
 * Streaming a text file line by line, synchronously and in 1 MiB chunks, so a trace of any size is
 * read without holding it whole; plus the strict number parsing and located errors every trace
 * reader shares.
 * @module
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { isAscii } from 'node:buffer';
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
  return forEachLineSpan(file, (text, start, end, lineNo) => onLine(text.slice(start, end), lineNo));
}

/**
 * Like {@link forEachLine}, but hands over each line as a span of a larger string
 * (`text.slice(start, end)`), so a parser that reads in place makes no string per line.
 * @param file - path of the file
 * @param onLine - the callback; return `false` to stop early
 * @returns the number of lines read
 * @throws InputError when the file cannot be opened
 */
export function forEachLineSpan(file: string, onLine: (text: string, start: number, end: number, lineNo: number) => boolean | void): number {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw new InputError(`cannot open: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, { file });
  }
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  const decoder = new StringDecoder('utf8');
  let ascii = true; // while every chunk so far was ASCII, decode by the faster one-byte path
  let carry = '';
  let lineNo = 0;
  const emit = (text: string, start: number, nl: number): boolean | void => {
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    return onLine(text, start, end, ++lineNo);
  };
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK_BYTES, null);
      if (n === 0) {
        const rest = carry + (ascii ? '' : decoder.end());
        if (rest.length > 0) emit(rest, 0, rest.length);
        return lineNo;
      }
      const chunk = buf.subarray(0, n);
      if (ascii && !isAscii(chunk)) ascii = false;
      const text = ascii ? chunk.toString('latin1') : decoder.write(chunk);
      // The line begun in the previous chunk: joined on its own, so the chunk is never copied.
      let start = 0;
      const first = text.indexOf('\n');
      if (first < 0) {
        carry += text;
        continue;
      }
      if (carry.length > 0) {
        const joined = carry + text.slice(0, first);
        carry = '';
        if (emit(joined, 0, joined.length) === false) return lineNo;
      } else if (emit(text, 0, first) === false) return lineNo;
      start = first + 1;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) break;
        if (emit(text, start, nl) === false) return lineNo;
        start = nl + 1;
      }
      carry = text.slice(start);
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

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Exact powers of ten up to 1e22 (the largest exactly representable). */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * Parses a finite decimal number strictly (no hex, no `Infinity`, no `1e999`, no white space, no
 * empty string). `Number()` converts; the checks reject the forms it accepts that a trace must not
 * hold: surrounding white space, `0x`/`0o`/`0b` prefixes, and '' (which it reads as 0).
 * @returns the number, or NaN when `token` is not one
 */
export function parseDecimal(token: string): number {
  return parseDecimalRange(token, 0, token.length);
}

/**
 * {@link parseDecimal} on `text.slice(start, end)`, without making the slice in the common case:
 * a plain decimal of at most 15 significant digits and 22 decimals is an integer m < 2^53 over an
 * exact power of ten, and one IEEE division rounds it correctly (Clinger's fast path), so the
 * result is exactly `Number(slice)`. Anything else (exponents, long mantissas) goes through
 * `Number()` on the slice.
 * @returns the number, or NaN when the range holds no decimal number
 */
export function parseDecimalRange(text: string, start: number, end: number): number {
  let i = start;
  let neg = false;
  const c0 = text.charCodeAt(i);
  if (c0 === 45) {
    neg = true;
    i++;
  } else if (c0 === 43) i++;
  let m = 0;
  let sig = 0;
  let frac = 0;
  let dot = false;
  let digits = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (m !== 0) sig++;
      if (dot) frac++;
    } else if (c === 46 && !dot) dot = true;
    else break;
  }
  if (i === end && digits > 0 && sig <= 15 && frac <= 22) {
    const v = m / POW10[frac]!;
    return neg ? -v : v;
  }
  return slowDecimal(end - start === text.length ? text : text.slice(start, end));
}

function slowDecimal(token: string): number {
  const v = Number(token);
  if (v - v !== 0) return Number.NaN; // NaN and ±Infinity
  const first = token.charCodeAt(0);
  const last = token.charCodeAt(token.length - 1);
  if (!(isDigit(first) || first === 45 || first === 43 || first === 46)) return Number.NaN; // also ''
  if (!(isDigit(last) || last === 46)) return Number.NaN;
  if (first === 48 && token.length > 2) {
    const c1 = token.charCodeAt(1) | 32;
    if (c1 === 120 || c1 === 111 || c1 === 98) return Number.NaN; // 0x…, 0o…, 0b…
  }
  return v;
}

/** Splits on runs of spaces and tabs, dropping empty tokens. */
export function tokens(line: string): string[] {
  const out = line.trim().split(/[ \t]+/);
  return out.length === 1 && out[0] === '' ? [] : out;
}
