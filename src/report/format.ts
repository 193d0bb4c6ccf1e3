/**
 * Number and table formatting shared by the text writers (deterministic: no locale).
 * @module
 */

/**
 * A number with at most `digits` significant digits, no exponent for ordinary magnitudes, trailing
 * zeros trimmed; `—` for null.
 * @param x - the number
 * @param digits - significant digits; default 6
 */
export function formatNumber(x: number | null | undefined, digits = 6): string {
  if (x === null || x === undefined) return '—';
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e15) {
    const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
    const s = x.toFixed(Math.min(decimals, 20));
    return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
  }
  return x.toPrecision(digits).replace(/\.?0+e/, 'e');
}

/**
 * A percentage with one decimal, `—` for null.
 * @param fraction - a ratio (0.5 → "50.0%")
 */
export function formatPercent(fraction: number | null): string {
  return fraction === null ? '—' : `${(fraction * 100).toFixed(1)}%`;
}

/**
 * A Markdown table.
 * @param header - column titles
 * @param rows - cells (already formatted)
 * @param align - per column `l` or `r`; default left
 */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('l' | 'r')[]): string {
  const esc = (c: string): string => c.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const sep = header.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  return [header, sep, ...rows].map((r) => `| ${r.map(esc).join(' | ')} |`).join('\n') + '\n';
}

/**
 * CSV text (RFC 4180: fields with a comma, quote or newline are quoted; `\n` line ends).
 * @param header - column names
 * @param rows - values; null and undefined become empty fields
 */
export function csvTable(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const field = (v: string | number | null | undefined): string => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\n') + '\n';
}
