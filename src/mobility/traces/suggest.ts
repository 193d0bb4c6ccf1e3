/**
 * Suggesting the node ids nearest to one a trace lacks (`trace sample --node 0` when the ids are
 * `veh0…`): by edit distance, ties broken by the longer shared prefix or suffix, then trace order.
 * @module
 */

/**
 * Levenshtein distance between `a` and `b` (insertions, deletions, substitutions each cost 1).
 * @param a - a string
 * @param b - another string
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      cur[j] = Math.min(sub, prev[j]! + 1, cur[j - 1]! + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

function sharedEnds(a: string, b: string): number {
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length && s < b.length && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  return Math.max(p, s);
}

/**
 * The ids nearest to `wanted`, nearest first (case is ignored in the distance).
 * @param wanted - the id asked for
 * @param ids - the ids there are
 * @param count - how many to return; default 3
 */
export function nearestIds(wanted: string, ids: Iterable<string>, count = 3): string[] {
  const w = wanted.toLowerCase();
  const scored: [string, number, number, number][] = [];
  let k = 0;
  for (const id of ids) scored.push([id, editDistance(w, id.toLowerCase()), sharedEnds(w, id.toLowerCase()), k++]);
  scored.sort((a, b) => a[1] - b[1] || b[2] - a[2] || a[3] - b[3]);
  return scored.slice(0, count).map((s) => s[0]);
}
