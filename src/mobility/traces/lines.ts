/**
 * Streaming a text file line by line, synchronously and in 1 MiB chunks, so a trace of any size is
 * read without holding it whole; plus the strict number parsing and located errors every trace
 * reader shares.
 * @module
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { isAscii } from 'node:buffer';
import { InputError } from '../../engine/errors.js';

const CHUNK_BYTES = 1 << 20;

/**
 * The longest line a trace may hold, in characters (1 MiB): far beyond any real trace line (an
 * ns-2 command is under 100 characters; a BonnMotion line of 10 000 samples about 300 KB), and
 * short enough that a binary or runaway file is reported instead of exhausting memory.
 */
export const MAX_LINE_CHARS = 1 << 20;

/**
 * Refuses what is not a regular file (a folder, a FIFO, a device, a socket), naming the file.
 * @param file - the path, for the message
 * @param st - its stat
 * @throws InputError
 */
export function requireRegularFile(file: string, st: Stats): void {
  if (st.isFile()) return;
  const what = st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a FIFO' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : 'not a regular file';
  throw new InputError(`is ${what}; expected a trace file (a regular file)`, { file });
}

/**
 * Calls `onLine` for every line of `file` (without its `\n` or `\r\n`), with its 1-based number.
 * @param file - path of the file
 * @param onLine - the callback; return `false` to stop early
 * @returns the number of lines read
 * @throws InputError when the file cannot be opened, is not a regular file, or holds a line longer
 *   than `MAX_LINE_CHARS` (1 MiB)
 */
export function forEachLine(file: string, onLine: (line: string, lineNo: number) => boolean | void): number {
  return forEachLineSpan(file, (text, start, end, lineNo) => onLine(text.slice(start, end), lineNo));
}

/**
 * Like {@link forEachLine}, but hands over each line as a span of a larger string
 * (`text.slice(start, end)`), so a parser that reads in place makes no string per line. A UTF-8
 * byte order mark at the start is skipped.
 * @param file - path of the file
 * @param onLine - the callback; return `false` to stop early
 * @returns the number of lines read
 * @throws InputError when the file cannot be opened, is not a regular file, or holds a line longer
 *   than `MAX_LINE_CHARS` (1 MiB)
 */
export function forEachLineSpan(file: string, onLine: (text: string, start: number, end: number, lineNo: number) => boolean | void): number {
  let fd: number;
  try {
    // Non-blocking, so opening a FIFO returns at once (and is then refused) instead of hanging.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`cannot open: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (err as Error).message}`, { file });
  }
  try {
    requireRegularFile(file, fstatSync(fd));
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  const tooLong = (): InputError => new InputError(`line longer than ${MAX_LINE_CHARS} characters (is this a text trace?)`, { file, line: lineNo + 1 });
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  const decoder = new StringDecoder('utf8');
  let ascii = true; // while every chunk so far was ASCII, decode by the faster one-byte path
  let carry = '';
  let lineNo = 0;
  let bom = true; // the first decoded character is yet to be seen
  const emit = (text: string, start: number, nl: number): boolean | void => {
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    return onLine(text, start, end, ++lineNo);
  };
  try {
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, CHUNK_BYTES, null);
      } catch (err) {
        throw new InputError(`cannot read: ${(err as Error).message}`, { file, line: lineNo + 1 });
      }
      if (n === 0) {
        const rest = carry + (ascii ? '' : decoder.end());
        if (rest.length > 0) emit(rest, 0, rest.length);
        return lineNo;
      }
      const chunk = buf.subarray(0, n);
      if (ascii && !isAscii(chunk)) ascii = false;
      let text = ascii ? chunk.toString('latin1') : decoder.write(chunk);
      if (bom && text.length > 0) {
        bom = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      // The line begun in the previous chunk: joined on its own, so the chunk is never copied.
      let start = 0;
      const first = text.indexOf('\n');
      if (first < 0) {
        if (carry.length + text.length > MAX_LINE_CHARS) throw tooLong();
        carry += text;
        continue;
      }
      if (carry.length + first > MAX_LINE_CHARS) throw tooLong();
      if (carry.length > 0) {
        const joined = carry + text.slice(0, first);
        carry = '';
        if (emit(joined, 0, joined.length) === false) return lineNo;
      } else if (emit(text, 0, first) === false) return lineNo;
      start = first + 1;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) break;
        if (nl - start > MAX_LINE_CHARS) throw tooLong();
        if (emit(text, start, nl) === false) return lineNo;
        start = nl + 1;
      }
      if (text.length - start > MAX_LINE_CHARS) throw tooLong();
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
