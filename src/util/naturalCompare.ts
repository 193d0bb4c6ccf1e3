/**
 * Natural order of identifiers, as people number nodes (`t2` before `t10`).
 * @module
 */

/**
 * Natural order of ids: digit runs compare as numbers (`t2` before `t10`), the rest as text.
 * @param a - an id
 * @param b - another id
 */
export function naturalCompare(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const nx = /^\d/.test(x) && /^\d/.test(y) ? Number(x) - Number(y) : 0;
    if (nx !== 0) return nx;
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}
