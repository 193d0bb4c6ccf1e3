import test from 'ava';
import fc from 'fast-check';
import { IndexedHeap, type HeapEntry } from '../../src/util/indexedHeap.js';

// A transmission's completion heap is cleared and refilled at every full plan (issue 15): a
// cleared heap must forget its entries and order new ones as a fresh heap would.

interface E extends HeapEntry {
  key: number;
  id: number;
}

const less = (a: E, b: E): boolean => a.key < b.key || (a.key === b.key && a.id < b.id);

function drain(h: IndexedHeap<E>): number[] {
  const out: number[] = [];
  for (let e = h.top(); e !== undefined; e = h.top()) {
    h.remove(e);
    out.push(e.id);
  }
  return out;
}

test('property: cleared and refilled, the heap gives its entries in sorted order; cleared entries are out of it', (t) => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 40 }), (first, second) => {
      const h = new IndexedHeap<E>(less);
      const a = first.map((key, id) => ({ key, id, heapAt: -1 }));
      for (const e of a) h.push(e);
      h.clear();
      if (h.size !== 0 || a.some((e) => e.heapAt !== -1)) return false;
      const b = second.map((key, id) => ({ key, id, heapAt: -1 }));
      for (const e of b) h.push(e);
      // A cleared entry pushed again is an entry like any other.
      if (a.length > 0) {
        h.push(a[0]!);
        b.push(a[0]!);
      }
      const expected = [...b].sort((x, y) => x.key - y.key || x.id - y.id).map((e) => e.id);
      return JSON.stringify(drain(h)) === JSON.stringify(expected);
    }),
  );
  t.pass();
});
