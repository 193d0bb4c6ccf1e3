/**
 * Finding the line of a scenario field in the scenario file's source text, so that a validation
 * message can say `scenarios/x.ts:14: nodes[2].cpuFlopsPerS: …`. Scenario files are programs (a
 * field may come out of a loop), so this is best effort: a line is named only when the text shows
 * it unambiguously.
 * @module
 */

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function linesMatching(lines: readonly string[], re: RegExp, from = 0, to = lines.length): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) if (re.test(lines[i]!)) out.push(i);
  return out;
}

/**
 * The 1-based line where the field at `path` is written, or undefined when it cannot be told.
 *
 * The field's key must appear as `key:`; when the path goes through an array element with a
 * string `id` written literally once in the file, the first `key:` after that id is taken;
 * otherwise the key must appear exactly once.
 * @param text - the scenario file's source
 * @param raw - the scenario object (to read element ids along the path)
 * @param path - the field's path, e.g. `['nodes', 2, 'cpuFlopsPerS']`
 */
export function lineOfField(text: string, raw: unknown, path: readonly (string | number)[]): number | undefined {
  const lines = text.split(/\r?\n/);
  const key = [...path].reverse().find((k): k is string => typeof k === 'string');
  if (key === undefined) return undefined;
  // The deepest element on the path that has a literal string id.
  let anchorId: string | undefined;
  let node: unknown = raw;
  for (const k of path) {
    if (node === null || typeof node !== 'object') break;
    node = (node as Record<string | number, unknown>)[k];
    const id = node !== null && typeof node === 'object' ? (node as { id?: unknown }).id : undefined;
    if (typeof id === 'string') anchorId = id;
  }
  const keyRe = new RegExp(`(^|[\\s{,])['"]?${escapeRegExp(key)}['"]?\\s*:`);
  if (anchorId !== undefined) {
    const idRe = new RegExp(`['"\`]${escapeRegExp(anchorId)}['"\`]`);
    const anchors = linesMatching(lines, idRe);
    if (anchors.length === 1) {
      const a = anchors[0]!;
      // The element's own `id:` line, when that is the field in question (or an unknown key).
      if (key === 'id' || path[path.length - 1] === undefined) return a + 1;
      const after = linesMatching(lines, keyRe, a, Math.min(lines.length, a + 40));
      if (after.length > 0) return after[0]! + 1;
      if (typeof path[path.length - 1] === 'number') return a + 1;
    }
  }
  const all = linesMatching(lines, keyRe);
  return all.length === 1 ? all[0]! + 1 : undefined;
}
