/**
 * The receptions of one transmission ordered by when they complete: a binary min-heap keyed by each
 * reception's planned completion (integer ns on a medium of its own, or the shared clock's virtual
 * seconds when taking turns), ties in the order of the receivers. A broadcast to K receivers whose
 * rates did not change since its last plan finds the receptions due at an instant in O(log K) each,
 * rather than scanning all K at each of their K ends.
 * @module
 */

/** What the heap needs of a reception. */
export interface HeapedReception {
  /** its planned completion: the heap's key */
  dueKey: number;
  /** its place among its transmission's receivers (the tie-break) */
  readonly index: number;
  /** its place in the heap, -1 when not in it */
  heapAt: number;
}

/** A min-heap of receptions by planned completion. */
export class ReceptionHeap<R extends HeapedReception> {
  private readonly items: R[] = [];

  /** Receptions in the heap. */
  get size(): number {
    return this.items.length;
  }

  /** The earliest planned completion, Infinity when empty. */
  topKey(): number {
    return this.items.length === 0 ? Infinity : this.items[0]!.dueKey;
  }

  /** Empties the heap. */
  clear(): void {
    for (const r of this.items) r.heapAt = -1;
    this.items.length = 0;
  }

  /**
   * Adds `r` at key `dueKey` (or moves it there if it is in the heap already).
   * @param r - the reception
   * @param dueKey - its planned completion
   */
  set(r: R, dueKey: number): void {
    if (r.heapAt >= 0) this.remove(r);
    r.dueKey = dueKey;
    r.heapAt = this.items.length;
    this.items.push(r);
    this.up(r.heapAt);
  }

  /**
   * Removes `r` if it is in the heap.
   * @param r - the reception
   */
  remove(r: R): void {
    const at = r.heapAt;
    if (at < 0) return;
    r.heapAt = -1;
    const items = this.items;
    const last = items.pop()!;
    if (last === r) return;
    items[at] = last;
    last.heapAt = at;
    this.up(at);
    this.down(last.heapAt);
  }

  /**
   * Takes out every reception planned to complete at or before `limitKey`, in the order of the
   * receivers.
   * @param limitKey - the latest key taken
   */
  popDue(limitKey: number): R[] {
    const due: R[] = [];
    while (this.items.length > 0 && this.items[0]!.dueKey <= limitKey) {
      const r = this.items[0]!;
      this.remove(r);
      due.push(r);
    }
    if (due.length > 1) due.sort((a, b) => a.index - b.index);
    return due;
  }

  private less(a: R, b: R): boolean {
    return a.dueKey < b.dueKey || (a.dueKey === b.dueKey && a.index < b.index);
  }

  private up(i: number): void {
    const items = this.items;
    const e = items[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(e, items[p]!)) break;
      items[i] = items[p]!;
      items[i]!.heapAt = i;
      i = p;
    }
    items[i] = e;
    e.heapAt = i;
  }

  private down(i: number): void {
    const items = this.items;
    const n = items.length;
    const e = items[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.less(items[c + 1]!, items[c]!)) c++;
      if (!this.less(items[c]!, e)) break;
      items[i] = items[c]!;
      items[i]!.heapAt = i;
      i = c;
    }
    items[i] = e;
    e.heapAt = i;
  }
}
