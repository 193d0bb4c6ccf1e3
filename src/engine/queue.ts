/**
 * The pending-event set: a 4-ary min-heap over typed arrays, ordered by (time ns, order key).
 *
 * The order key packs an event's priority and insertion sequence into one double so that ties in
 * time are broken by priority, then FIFO. The heap moves only numbers in typed arrays (time, order
 * key, slot index); items stay put in a slot table, so sifting touches no object pointers. See
 * `docs/performance.md` for why this replaced a comparator heap over objects.
 * @module
 */

/** Smallest allowed event priority (lower fires first at equal time). */
export const MIN_PRIORITY = -256;
/** Largest allowed event priority. */
export const MAX_PRIORITY = 255;
const SEQ_SPAN = 2 ** 44; // insertion sequences per priority level (≈ 1.8e13 events)

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
  private orders: Float64Array;
  private slots: Int32Array;
  private readonly items: (T | undefined)[] = [];
  private freeSlots: Int32Array;
  private gens: Float64Array;
  private cancelled: Uint8Array;
  private freeCount = 0;
  private n = 0;

  /** @param initialCapacity - slots allocated up front (grows by doubling); default 1024 */
  constructor(initialCapacity = 1024) {
    const cap = Math.max(4, initialCapacity | 0);
    this.times = new Float64Array(cap);
    this.orders = new Float64Array(cap);
    this.slots = new Int32Array(cap);
    this.freeSlots = new Int32Array(cap);
    this.gens = new Float64Array(cap);
    this.cancelled = new Uint8Array(cap);
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
    return this.n > 0 ? this.items[this.slots[0]!] : undefined;
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
    return this.gens[slot]!;
  }

  /**
   * Marks the item in `slot` cancelled, if `gen` is still its generation (lazy: it stays queued
   * and is skipped when reached). O(1), idempotent.
   * @returns whether the item was still queued
   */
  cancel(slot: number, gen: number): boolean {
    if (slot >= this.items.length || this.gens[slot] !== gen) return false;
    this.cancelled[slot] = 1;
    return true;
  }

  /** Whether the item in `slot` was cancelled. */
  isCancelled(slot: number): boolean {
    return this.cancelled[slot] === 1;
  }

  /**
   * Inserts an item.
   * @param timeNs - the item's time in ns
   * @param order - its order key (see {@link orderKey})
   * @param item - the item
   * @returns its slot
   */
  push(timeNs: number, order: number, item: T): number {
    if (this.n === this.times.length) this.grow();
    const slot = this.store(item);
    this.siftUp(this.n++, timeNs, order, slot);
    return slot;
  }

  /** Removes and returns the first item, or `undefined` when empty. */
  pop(): T | undefined {
    if (this.n === 0) return undefined;
    const top = this.release(this.slots[0]!);
    const last = --this.n;
    if (last > 0) this.siftDown(0, this.times[last]!, this.orders[last]!, this.slots[last]!);
    return top;
  }

  /**
   * Removes the first item and inserts another in one sift (cheaper than pop + push).
   * @param timeNs - the new item's time in ns
   * @param order - its order key
   * @param item - the new item
   * @returns the new item's slot
   */
  replaceTop(timeNs: number, order: number, item: T): number {
    if (this.n === 0) return this.push(timeNs, order, item);
    this.release(this.slots[0]!);
    const slot = this.store(item);
    this.siftDown(0, timeNs, order, slot);
    return slot;
  }

  private store(item: T): number {
    const slot = this.freeCount > 0 ? this.freeSlots[--this.freeCount]! : this.items.length;
    this.items[slot] = item;
    return slot;
  }

  private release(slot: number): T | undefined {
    const item = this.items[slot];
    this.items[slot] = undefined;
    this.gens[slot]!++;
    this.cancelled[slot] = 0;
    this.freeSlots[this.freeCount++] = slot;
    return item;
  }

  private siftUp(i: number, t: number, o: number, slot: number): void {
    const times = this.times;
    const orders = this.orders;
    const slots = this.slots;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = times[p]!;
      if (pt < t || (pt === t && orders[p]! < o)) break;
      times[i] = pt;
      orders[i] = orders[p]!;
      slots[i] = slots[p]!;
      i = p;
    }
    times[i] = t;
    orders[i] = o;
    slots[i] = slot;
  }

  private siftDown(i: number, t: number, o: number, slot: number): void {
    const times = this.times;
    const orders = this.orders;
    const slots = this.slots;
    const n = this.n;
    for (;;) {
      const c = 4 * i + 1;
      if (c >= n) break;
      let m = c;
      let mt = times[c]!;
      let mo = orders[c]!;
      const end = c + 4 < n ? c + 4 : n;
      for (let j = c + 1; j < end; j++) {
        const jt = times[j]!;
        if (jt < mt || (jt === mt && orders[j]! < mo)) {
          m = j;
          mt = jt;
          mo = orders[j]!;
        }
      }
      if (t < mt || (t === mt && o < mo)) break;
      times[i] = mt;
      orders[i] = mo;
      slots[i] = slots[m]!;
      i = m;
    }
    times[i] = t;
    orders[i] = o;
    slots[i] = slot;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const times = new Float64Array(cap);
    times.set(this.times);
    const orders = new Float64Array(cap);
    orders.set(this.orders);
    const slots = new Int32Array(cap);
    slots.set(this.slots);
    const free = new Int32Array(cap);
    free.set(this.freeSlots);
    const gens = new Float64Array(cap);
    gens.set(this.gens);
    const cancelled = new Uint8Array(cap);
    cancelled.set(this.cancelled);
    this.gens = gens;
    this.cancelled = cancelled;
    this.times = times;
    this.orders = orders;
    this.slots = slots;
    this.freeSlots = free;
  }
}
