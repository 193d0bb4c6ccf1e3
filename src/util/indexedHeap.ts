/**
 * A binary min-heap of objects that know their own place in it (`heapAt`), so an entry can be
 * removed or moved in O(log n) without a search: the one mechanism behind the radio's completion
 * queues (a broadcast's receptions, a time-shared medium's users).
 * @module
 */

/** What the heap needs of an entry. */
export interface HeapEntry {
  /** its index in the heap, -1 when not in it (the heap keeps it up to date) */
  heapAt: number;
}

/**
 * A min-heap ordered by a strict `less`.
 * @typeParam E - the entry type
 */
export class IndexedHeap<E extends HeapEntry> {
  private readonly items: E[] = [];

  /** @param less - whether `a` comes strictly before `b` (a total order: ties broken inside it) */
  constructor(private readonly less: (a: E, b: E) => boolean) {}

  /** Entries in the heap. */
  get size(): number {
    return this.items.length;
  }

  /** The first entry, undefined when empty. */
  top(): E | undefined {
    return this.items[0];
  }

  /**
   * Adds an entry that is not in the heap.
   * @param e - the entry (its key already set)
   */
  push(e: E): void {
    e.heapAt = this.items.length;
    this.items.push(e);
    this.up(e.heapAt);
  }

  /**
   * Removes an entry if it is in the heap.
   * @param e - the entry
   */
  remove(e: E): void {
    const at = e.heapAt;
    if (at < 0) return;
    e.heapAt = -1;
    const items = this.items;
    const last = items.pop()!;
    if (last === e) return;
    items[at] = last;
    last.heapAt = at;
    this.up(at);
    this.down(last.heapAt);
  }

  /** Empties the heap. */
  clear(): void {
    const items = this.items;
    for (const e of items) e.heapAt = -1;
    // Popped, not `length = 0`: that frees the backing store, and the next push allocates a new one
    // (a transmission's plans clear and refill their heap at each full plan).
    while (items.length > 0) items.pop();
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
