/**
 * The pending-event set: a 4-ary min-heap over typed arrays, ordered by (time ns, order key).
 *
 * The order key packs an event's priority and insertion sequence into one double so that ties in
 * time are broken by priority, then FIFO. The heap moves only two numbers per entry in typed
 * arrays (time, slot index); everything else about an event stays put in its slot's record, so
 * sifting touches no object pointers. A record is four elements of one JS array (32 bytes, one
 * aligned half line): the item, its state (4 × generation + 2 × daemon + cancelled), its order key
 * less that of priority 0 (the insertion sequence itself, a small integer, for the default
 * priority) and a scratch element. When the sift-down from the root has chosen the next first
 * event (at its first level), it stores into that event's scratch element: a store that misses the
 * cache does not hold up the instructions after it, as a load would, so the record's line is
 * fetched while the sift goes on, and the simulator's reads of the item and state when it reaches
 * the event then hit the cache (at 10⁶ pending they were one cache miss per event, waited for
 * alone). A JS array stores a small integer without a heap number; a state from 2^30 on (a slot
 * reused more than 2^28 times) still works, computed in doubles, and an order key beyond the small
 * integers (another priority, or more than 2^31 events) is kept as a heap number. See
 * `docs/performance.md` for why this replaced a comparator heap over objects, and for what was
 * measured.
 * @module
 */

/** Smallest allowed event priority (lower fires first at equal time). */
export const MIN_PRIORITY = -256;
/** Largest allowed event priority. */
export const MAX_PRIORITY = 255;
const SEQ_SPAN = 2 ** 44; // insertion sequences per priority level (≈ 1.8e13 events)
// orderKey(0, 0), subtracted from the order keys kept in slot records: the key of an event of
// priority 0 is then its insertion sequence, a small integer (no heap number).
const ORDER_BIAS = -MIN_PRIORITY * SEQ_SPAN;
// A slot's record in the data array: item, state, order key − ORDER_BIAS, scratch, from
// 4 × slot + 1 on. The array starts with one unused element: the elements of a large JS array
// start 8 bytes past a 32-byte boundary (V8's large-object pages, Node 20 on x64, checked with
// %DebugPrint), so the records lie on 32-byte boundaries and never straddle a cache line.
const ITEM = 1;
const STATE = 2;
const ORDER = 3;
const SCRATCH = 4;
// Below this a slot's state is a small integer, worked on with integer operations (a JS array
// stores it without a heap number); above, the same values are computed in doubles.
const SMALL_STATE = 2 ** 30;
/** The generation in a slot state (4 × generation + 2 × daemon + cancelled). @internal */
export const generationOf = (state: number): number => (state < SMALL_STATE ? state >> 2 : Math.floor(state / 4));
/** The state of the next generation, bits clear. @internal */
export const nextGeneration = (state: number): number => (state < SMALL_STATE ? (state | 3) + 1 : 4 * Math.floor(state / 4) + 4);

/**
 * Packs a priority and an insertion sequence into one order key, exact in a double.
 * @param priority - integer in [{@link MIN_PRIORITY}, {@link MAX_PRIORITY}]; lower fires first
 * @param seq - insertion sequence number, 0 ≤ seq < 2^44
 * @returns the order key
 * @throws RangeError when the priority is not an integer in range
 */
export function orderKey(priority: number, seq: number): number {
  if (!Number.isInteger(priority) || priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
    throw new RangeError(`event priority must be an integer in [${MIN_PRIORITY}, ${MAX_PRIORITY}], got ${priority}`);
  }
  return (priority - MIN_PRIORITY) * SEQ_SPAN + seq;
}

/**
 * A min-heap of items keyed by (time ns, order key), 4-ary, on typed arrays.
 * @typeParam T - the item type
 */
export class EventQueue<T> {
  private times: Float64Array;
  private slots: Int32Array;
  // Slot s's record: data[4s + ITEM] = item (undefined when free), data[4s + STATE] = state =
  // 4 × generation + 2 × daemon + cancelled, data[4s + ORDER] = order key − ORDER_BIAS,
  // data[4s + SCRATCH] = 0, stored into to fetch the line early (see siftDown).
  private readonly data: unknown[] = [null];
  private slotCount = 0;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private n = 0;

  /** @param initialCapacity - slots allocated up front (grows by doubling); default 1024 */
  constructor(initialCapacity = 1024) {
    const cap = Math.max(4, initialCapacity | 0);
    this.times = new Float64Array(cap);
    this.slots = new Int32Array(cap);
    this.freeSlots = new Int32Array(cap);
  }

  /** Number of items in the queue. */
  get size(): number {
    return this.n;
  }

  /** Time (ns) of the first item, or `Infinity` when empty. */
  peekTimeNs(): number {
    return this.n > 0 ? this.times[0]! : Infinity;
  }

  /** The first item without removing it, or `undefined` when empty. */
  peek(): T | undefined {
    return this.n > 0 ? (this.data[4 * this.slots[0]! + ITEM] as T | undefined) : undefined;
  }

  /** The item in `slot` (undefined when the slot is free). */
  itemAt(slot: number): T | undefined {
    return slot < this.slotCount ? (this.data[4 * slot + ITEM] as T | undefined) : undefined;
  }

  /** Replaces the item in a queued `slot` (its time and order stay). */
  setItem(slot: number, item: T): void {
    this.data[4 * slot + ITEM] = item;
  }

  /** Slot of the first item (meaningful only when not empty). */
  peekSlot(): number {
    return this.slots[0]!;
  }

  /**
   * The generation of a slot: it changes each time the slot's item leaves the queue, so a
   * (slot, generation) pair names one queued item for as long as it is queued.
   */
  generation(slot: number): number {
    return generationOf(this.data[4 * slot + STATE] as number);
  }

  /** Whether the item in `slot` was queued as a daemon (see {@link push}). */
  isDaemon(slot: number): boolean {
    return ((this.data[4 * slot + STATE] as number) & 2) !== 0;
  }

  /**
   * Marks the item in `slot` cancelled, if `gen` is still its generation (lazy: it stays queued
   * and is skipped when reached). O(1), idempotent.
   * @returns whether the item was still queued and not yet cancelled
   */
  cancel(slot: number, gen: number): boolean {
    if (slot >= this.slotCount) return false;
    const state = this.data[4 * slot + STATE] as number;
    if (generationOf(state) !== gen || (state & 1) === 1) return false;
    this.data[4 * slot + STATE] = state + 1;
    return true;
  }

  /** The state of `slot`: 4 × generation + 2 × daemon + cancelled (one read for all three). @internal */
  stateOf(slot: number): number {
    return this.data[4 * slot + STATE] as number;
  }

  /** Marks the queued, not cancelled item in `slot` as cancelled (`state` = {@link stateOf}). @internal */
  setCancelled(slot: number, state: number): void {
    this.data[4 * slot + STATE] = state + 1;
  }

  /** Whether the item in `slot` was cancelled. */
  isCancelled(slot: number): boolean {
    return ((this.data[4 * slot + STATE] as number) & 1) === 1;
  }

  /**
   * Inserts an item.
   * @param timeNs - the item's time in ns
   * @param order - its order key (see {@link orderKey})
   * @param item - the item
   * @param daemon - a flag kept with the item (see {@link isDaemon}); default false
   * @returns its slot
   */
  push(timeNs: number, order: number, item: T, daemon = false): number {
    if (this.n === this.times.length) this.grow();
    const slot = this.store(item, order, daemon);
    this.siftUp(this.n++, timeNs, slot);
    return slot;
  }

  /** Removes and returns the first item, or `undefined` when empty. */
  pop(): T | undefined {
    if (this.n === 0) return undefined;
    const top = this.release(this.slots[0]!);
    const last = --this.n;
    if (last > 0) this.siftDown(this.times[last]!, this.slots[last]!);
    return top;
  }

  /**
   * Removes the first item and inserts another in one sift (cheaper than pop + push).
   * @param timeNs - the new item's time in ns
   * @param order - its order key
   * @param item - the new item
   * @param daemon - a flag kept with the item (see {@link isDaemon}); default false
   * @returns the new item's slot
   */
  replaceTop(timeNs: number, order: number, item: T, daemon = false): number {
    if (this.n === 0) return this.push(timeNs, order, item, daemon);
    // The new item takes the first item's slot (what releasing it and storing anew would do):
    // next generation, bits clear but the daemon bit.
    const slot = this.slots[0]!;
    const d = this.data;
    const b = 4 * slot;
    d[b + ITEM] = item;
    d[b + STATE] = nextGeneration(d[b + STATE] as number) + (daemon ? 2 : 0);
    d[b + ORDER] = order - ORDER_BIAS;
    this.siftDown(timeNs, slot);
    return slot;
  }

  private store(item: T, order: number, daemon: boolean): number {
    const d = this.data;
    if (this.freeCount > 0) {
      const slot = this.freeSlots[--this.freeCount]!;
      const b = 4 * slot;
      d[b + ITEM] = item;
      if (daemon) d[b + STATE] = (d[b + STATE] as number) + 2; // released slots have the bit clear
      d[b + ORDER] = order - ORDER_BIAS;
      return slot;
    }
    const slot = this.slotCount++;
    d.push(item, daemon ? 2 : 0, order - ORDER_BIAS, 0); // at 4 × slot + ITEM …
    return slot;
  }

  private release(slot: number): T | undefined {
    const d = this.data;
    const b = 4 * slot;
    const item = d[b + ITEM] as T | undefined;
    d[b + ITEM] = undefined;
    d[b + STATE] = nextGeneration(d[b + STATE] as number); // bits clear
    this.freeSlots[this.freeCount++] = slot;
    return item;
  }

  /** Whether the order key of slot `a` is below that of slot `b`. */
  private orderBelow(a: number, b: number): boolean {
    return (this.data[4 * a + ORDER] as number) < (this.data[4 * b + ORDER] as number);
  }

  private siftUp(i: number, t: number, slot: number): void {
    const times = this.times;
    const slots = this.slots;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = times[p]!;
      if (pt < t || (pt === t && this.orderBelow(slots[p]!, slot))) break;
      times[i] = pt;
      slots[i] = slots[p]!;
      i = p;
    }
    times[i] = t;
    slots[i] = slot;
  }

  /**
   * Sifts `(t, slot)` down from the root. At the first level, once the next first item is known
   * (the least child, when `(t, slot)` does not stay at the root), a store into that item's record
   * fetches its line while the sift goes on: the simulator reads the item and its state next.
   */
  private siftDown(t: number, slot: number): void {
    const times = this.times;
    const slots = this.slots;
    const n = this.n;
    let i = 0;
    for (;;) {
      const c = 4 * i + 1;
      if (c >= n) break;
      let m = c;
      let mt = times[c]!;
      const end = c + 4 < n ? c + 4 : n;
      for (let j = c + 1; j < end; j++) {
        const jt = times[j]!;
        if (jt < mt || (jt === mt && this.orderBelow(slots[j]!, slots[m]!))) {
          m = j;
          mt = jt;
        }
      }
      if (t < mt || (t === mt && this.orderBelow(slot, slots[m]!))) break;
      const ms = slots[m]!;
      if (i === 0) this.data[4 * ms + SCRATCH] = 0;
      times[i] = mt;
      slots[i] = ms;
      i = m;
    }
    times[i] = t;
    slots[i] = slot;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const times = new Float64Array(cap);
    times.set(this.times);
    const slots = new Int32Array(cap);
    slots.set(this.slots);
    const free = new Int32Array(cap);
    free.set(this.freeSlots);
    this.times = times;
    this.slots = slots;
    this.freeSlots = free;
  }
}
