/**
 * The receptions of one transmission ordered by when they complete: a binary min-heap keyed by each
 * reception's planned completion (integer ns on a medium of its own, or the shared clock's virtual
 * seconds when taking turns), ties in the order of the receivers. A broadcast to K receivers whose
 * rates did not change since its last plan finds the receptions due at an instant in O(log K) each,
 * rather than scanning all K at each of their K ends.
 * @module
 */
import { IndexedHeap } from '../util/indexedHeap.js';

/** What the heap needs of a reception. */
export interface HeapedReception {
  /** its planned completion: the heap's key */
  dueKey: number;
  /** its place among its transmission's receivers (the tie-break) */
  readonly index: number;
  /** its place in the heap, -1 when not in it (see {@link IndexedHeap}) */
  heapAt: number;
}

/** Earlier completion first, ties by receiver (one function for every heap: none allocated per transmission). */
function earlier(a: HeapedReception, b: HeapedReception): boolean {
  return a.dueKey < b.dueKey || (a.dueKey === b.dueKey && a.index < b.index);
}

/** A min-heap of receptions by planned completion. */
export class ReceptionHeap<R extends HeapedReception> {
  private readonly heap = new IndexedHeap<R>(earlier);

  /** Receptions in the heap. */
  get size(): number {
    return this.heap.size;
  }

  /** The earliest planned completion, Infinity when empty. */
  topKey(): number {
    return this.heap.top()?.dueKey ?? Infinity;
  }

  /** Empties the heap. */
  clear(): void {
    this.heap.clear();
  }

  /**
   * Adds `r` at key `dueKey` (or moves it there if it is in the heap already).
   * @param r - the reception
   * @param dueKey - its planned completion
   */
  set(r: R, dueKey: number): void {
    this.heap.remove(r);
    r.dueKey = dueKey;
    this.heap.push(r);
  }

  /**
   * Removes `r` if it is in the heap.
   * @param r - the reception
   */
  remove(r: R): void {
    this.heap.remove(r);
  }

  /**
   * Takes out every reception planned to complete at or before `limitKey`, in the order of the
   * receivers.
   * @param limitKey - the latest key taken
   * @param into - the array to fill (emptied first); default a new one
   */
  popDue(limitKey: number, into: R[] = []): R[] {
    const due = into;
    while (due.length > 0) due.pop();
    for (let r = this.heap.top(); r !== undefined && r.dueKey <= limitKey; r = this.heap.top()) {
      this.heap.remove(r);
      due.push(r);
    }
    if (due.length > 1) due.sort(byIndex);
    return due;
  }
}

/** In the order of the receivers. */
function byIndex(a: HeapedReception, b: HeapedReception): number {
  return a.index - b.index;
}
