/**
 * One translation from the schema library's issues (zod) to the project's wording: "expected X,
 * got Y", naming limits as numbers a reader knows (`1e11`, `2^53 − 1`) and never the library's
 * phrases ("Invalid input", "Too big", "discriminator", "expected int"). It is passed to every
 * parse as its error map, so every field, including those of registry entries (mobility models),
 * gets the same wording; a message a schema gives itself is kept.
 * @module
 */
import type { z } from 'zod';

type RawIssue = z.core.$ZodRawIssue;

/**
 * A number as a limit or a found value is shown: plainly when short, else in exponent form
 * (`1e9`, `9.0e6`), with `2^53 − 1` for the largest safe integer.
 * @param n - the number
 */
export function formatNumber(n: number): string {
  if (n === Number.MAX_SAFE_INTEGER) return '2^53 − 1';
  const plain = String(n);
  if (!Number.isFinite(n) || n === 0) return plain;
  for (let digits = 1; digits <= 3; digits++) {
    const e = n.toExponential(digits - 1);
    if (Number(e) === n) return shorter(e.replace('e+', 'e'), plain);
  }
  return Number.isInteger(n) || Math.abs(n) < 1e6 ? plain : n.toExponential(1).replace('e+', 'e');
}

function shorter(a: string, b: string): string {
  return a.length < b.length ? a : b;
}

/**
 * A found value as a message shows it: `'text'`, `5`, `1e9`, `null`, `an array of 3`, `object`.
 * @param value - the value found in the scenario
 */
export function shown(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean' || value === null) return String(value);
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

const NOUNS: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  bigint: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  tuple: 'a list',
  null: 'null',
  undefined: 'nothing',
};

function noun(expected: string, input: unknown): string {
  // The number schema refuses Infinity and NaN as "not a number"; say what is wanted instead.
  if (expected === 'number' && typeof input === 'number') return 'a finite number';
  return NOUNS[expected] ?? `a value of type ${expected}`;
}

function literal(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : String(v);
}

function sizeNoun(origin: string, n: number): string {
  const unit = origin === 'string' ? 'character' : 'element';
  return `${formatNumber(n)} ${unit}${n === 1 ? '' : 's'}`;
}

function bound(iss: { code: 'too_big' | 'too_small'; origin: string; inclusive?: boolean; exact?: boolean }, limit: number | bigint, input: unknown): string {
  const n = Number(limit);
  if (iss.origin === 'number' || iss.origin === 'int' || iss.origin === 'bigint') {
    const what = iss.origin === 'number' ? 'a number' : 'an integer';
    const op = iss.code === 'too_big' ? (iss.inclusive ? '≤' : '<') : iss.inclusive ? '≥' : '>';
    return `expected ${what} ${op} ${formatNumber(n)}, got ${shown(input)}`;
  }
  if (iss.origin === 'string' && iss.code === 'too_small' && n === 1) return `expected a non-empty string, got ${shown(input)}`;
  const size = iss.exact ? 'exactly' : iss.code === 'too_big' ? 'at most' : 'at least';
  return `expected ${size} ${sizeNoun(iss.origin, n)}, got ${shown(input)}`;
}

/**
 * The project's message for a schema issue (the error map given to every parse).
 * @param iss - the raw issue, with its input
 * @returns the message, always including what was expected and what was found
 */
export function schemaMessage(iss: RawIssue): string {
  const input = iss.input;
  switch (iss.code) {
    case 'invalid_type':
      return input === undefined ? `missing; expected ${noun(iss.expected, input)}` : `expected ${noun(iss.expected, input)}, got ${shown(input)}`;
    case 'too_big':
      return bound(iss, iss.maximum, input);
    case 'too_small':
      return bound(iss, iss.minimum, input);
    case 'invalid_value':
      return iss.values.length === 1 ? `expected ${literal(iss.values[0])}, got ${shown(input)}` : `expected one of ${iss.values.map(literal).join(', ')}, got ${shown(input)}`;
    case 'invalid_union': {
      if (iss.discriminator !== undefined && Array.isArray(iss.options)) {
        const value = input !== null && typeof input === 'object' ? (input as Record<string, unknown>)[iss.discriminator] : undefined;
        const known = (iss.options as unknown[]).map(String).join(', ');
        return value === undefined ? `missing ${iss.discriminator}; known: ${known}` : `unknown ${iss.discriminator} ${shown(value)}; known: ${known}`;
      }
      const expected = iss.errors.flatMap((branch) => branch.filter((b) => b.path.length === 0).map((b) => /^(?:missing; )?expected (.*?)(?:, got .*)?$/.exec(b.message)?.[1] ?? []));
      return expected.length > 0 ? `expected ${[...new Set(expected)].join(' or ')}, got ${shown(input)}` : `no accepted form matches, got ${shown(input)}`;
    }
    case 'not_multiple_of':
      return `expected a multiple of ${formatNumber(Number(iss.divisor))}, got ${shown(input)}`;
    case 'invalid_format':
      return iss.format === 'regex' && iss.pattern !== undefined ? `expected text matching ${iss.pattern}, got ${shown(input)}` : `expected a ${iss.format}, got ${shown(input)}`;
    case 'unrecognized_keys':
      return `unknown field${iss.keys.length > 1 ? 's' : ''} ${iss.keys.map((k) => `'${k}'`).join(', ')}`;
    case 'invalid_key':
    case 'invalid_element':
      return `a key or element of this ${iss.origin} is not accepted, got ${shown(input)}`;
    default:
      return `not accepted, got ${shown(input)}`;
  }
}

/** Parse options: report inputs (for "got …") and word issues with {@link schemaMessage}. */
export const PARSE_PARAMS = { reportInput: true, error: schemaMessage } as const;
