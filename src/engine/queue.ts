/**
 * The pending-event set: a 4-ary min-heap over typed arrays, ordered by (time ns, order key).
 *
 * The order key packs an event's priority and insertion sequence into one double so that ties in
 * time are broken by priority, then FIFO. The heap moves only two numbers per entry in typed
 * arrays (time, slot index); an item, its state and its order key stay put in slot tables, so
 * sifting touches no object pointers. What is read when an event is reached — its item and its
 * state (4 × generation + 2 × daemon + cancelled, a small integer) — sits side by side in one JS
 * array (16 bytes a slot), so reaching the first event touches one cold cache line besides the
 * heap, not two (as with separate tables for items and numbers); the order key, read only on a tie
 * in time, has its own `Float64Array` (written when an event is queued, never read on the way to
 * the first event). A JS array stores a small integer without a heap number; a state from 2^30 on
 * (a slot reused more than 2^28 times) still works, computed in doubles. See `docs/performance.md`
 * for why this replaced a comparator heap over objects.
 * @module
 */

/** Smallest allowed event priority (lower fires first at equal time). */
export const MIN_PRIORITY = -256;
/** Largest allowed event priority. */
export const MAX_PRIORITY = 255;
// The sift-down reads the next first item's slot early (see siftDown) in a queue of this many
// items or more: at 1e5 items (≈ 4 MB of heap and slot tables, mostly in the caches) the read cost
// more than it saved (docs/performance.md, fourth engine pass); at 1e6 it gains.
const EARLY_READ_MIN_SIZE = 1 << 18;
// ... at the level this many levels above the last one (the levels whose reads miss the cache).
const EARLY_READ_LEVELS = 2;

/**
 * The first index of the level `EARLY_READ_LEVELS` (2) above the last level of a 4-ary heap of
 * `n` items (level k starts at index (4^k − 1) / 3). @internal
 */
export function earlyReadFrom(n: number): number {
  if (n >= 2 ** 30) return n; // (never in practice) no early read
  const last = (31 - Math.clz32(3 * n - 2)) >> 1; // level of index n − 1
  const level = last - EARLY_READ_LEVELS;
  return level > 0 ? ((1 << (2 * level)) - 1) / 3 : 0;
}
const SEQ_SPAN = 2 ** 44; // insertion sequences per priority level (≈ 1.8e13 events)
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
  // Per slot s: data[2s] = item (undefined when free), data[2s + 1] = state = 4 × generation +
  // 2 × daemon + cancelled; orders[s] = order key.
  private readonly data: unknown[] = [];
  private slotCount = 0;
  private orders: Float64Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private n = 0;
  // Counts reads of the early read in siftDown that found no state (never happens); the read must
  // have a use, or the compiler drops it.
  private strayReads = 0;

  /** @param initialCapacity - slots allocated up front (grows by doubling); default 1024 */
  constructor(initialCapacity = 1024) {
    const cap = Math.max(4, initialCapacity | 0);
    this.times = new Float64Array(cap);
    this.slots = new Int32Array(cap);
    this.freeSlots = new Int32Array(cap);
    this.orders = new Float64Array(cap);
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
    return this.n > 0 ? (this.data[2 * this.slots[0]!] as T | undefined) : undefined;
  }

  /** The item in `slot` (undefined when the slot is free). */
  itemAt(slot: number): T | undefined {
    return slot < this.slotCount ? (this.data[2 * slot] as T | undefined) : undefined;
  }

  /** Replaces the item in a queued `slot` (its time and order stay). */
  setItem(slot: number, item: T): void {
    this.data[2 * slot] = item;
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
    return generationOf(this.data[2 * slot + 1] as number);
  }

  /** Whether the item in `slot` was queued as a daemon (see {@link push}). */
  isDaemon(slot: number): boolean {
    return ((this.data[2 * slot + 1] as number) & 2) !== 0;
  }

  /**
   * Marks the item in `slot` cancelled, if `gen` is still its generation (lazy: it stays queued
   * and is skipped when reached). O(1), idempotent.
   * @returns whether the item was still queued and not yet cancelled
   */
  cancel(slot: number, gen: number): boolean {
    if (slot >= this.slotCount) return false;
    const state = this.data[2 * slot + 1] as number;
    if (generationOf(state) !== gen || (state & 1) === 1) return false;
    this.data[2 * slot + 1] = state + 1;
    return true;
  }

  /** The state of `slot`: 4 × generation + 2 × daemon + cancelled (one read for all three). @internal */
  stateOf(slot: number): number {
    return this.data[2 * slot + 1] as number;
  }

  /** Marks the queued, not cancelled item in `slot` as cancelled (`state` = {@link stateOf}). @internal */
  setCancelled(slot: number, state: number): void {
    this.data[2 * slot + 1] = state + 1;
  }

  /** Whether the item in `slot` was cancelled. */
  isCancelled(slot: number): boolean {
    return ((this.data[2 * slot + 1] as number) & 1) === 1;
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
    if (last > 0) this.siftDown(0, this.times[last]!, this.slots[last]!);
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
    const b = 2 * slot;
    d[b] = item;
    d[b + 1] = nextGeneration(d[b + 1] as number) + (daemon ? 2 : 0);
    this.orders[slot] = order;
    this.siftDown(0, timeNs, slot);
    return slot;
  }

  private store(item: T, order: number, daemon: boolean): number {
    const d = this.data;
    if (this.freeCount > 0) {
      const slot = this.freeSlots[--this.freeCount]!;
      const b = 2 * slot;
      d[b] = item;
      if (daemon) d[b + 1] = (d[b + 1] as number) + 2; // released slots have the bit clear
      this.orders[slot] = order;
      return slot;
    }
    const slot = this.slotCount++;
    d.push(item, daemon ? 2 : 0);
    if (slot >= this.orders.length) {
      const orders = new Float64Array(2 * this.orders.length);
      orders.set(this.orders);
      this.orders = orders;
    }
    this.orders[slot] = order;
    return slot;
  }

  private release(slot: number): T | undefined {
    const d = this.data;
    const b = 2 * slot;
    const item = d[b] as T | undefined;
    d[b] = undefined;
    d[b + 1] = nextGeneration(d[b + 1] as number); // bits clear
    this.freeSlots[this.freeCount++] = slot;
    return item;
  }

  /** Whether the order key of slot `a` is below that of slot `b`. */
  private orderBelow(a: number, b: number): boolean {
    return this.orders[a]! < this.orders[b]!;
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

  /** Sifts `(t, slot)` down from position `i`. */
  private siftDown(i: number, t: number, slot: number): void {
    const n = this.n;
    if (n >= EARLY_READ_MIN_SIZE && i === 0) {
      this.siftDownReadingNext(t, slot, earlyReadFrom(n));
      return;
    }
    const times = this.times;
    const slots = this.slots;
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
      times[i] = mt;
      slots[i] = slots[m]!;
      i = m;
    }
    times[i] = t;
    slots[i] = slot;
  }

  /**
   * {@link siftDown} from the root in a large queue. The first level decides the next first item
   * (its slot: `next`); that slot's state and item (and the item's header) are read early, when
   * the sift reaches the levels whose reads miss the cache (child index ≥ `deep`, see
   * {@link earlyReadFrom}). The simulator reads both first thing when it processes the next event,
   * and there the miss would stall alone, with nothing to overlap, while here it overlaps with the
   * sift's own misses. Nothing is decided by the read.
   */
  private siftDownReadingNext(t: number, slot: number, deep: number): void {
    // The choice of the first child is written out as in siftDown, not shared: a shared method
    // measured ≈ 10 % slower at 10⁶ pending (bench/ab-engine.ts, alternated runs).
    const times = this.times;
    const slots = this.slots;
    const n = this.n;
    let i = 0;
    let next = -1;
    for (;;) {
      const c = 4 * i + 1;
      if (c >= n) break;
      if (c >= deep && next >= 0) {
        // Never true (a queued slot holds a number and a function or an object): the reads are
        // what matters. Both are read, as the 16 bytes of a slot straddle two cache lines for one
        // slot in four; `typeof` reads the item's own header as well (an event or a process, read
        // next when it is processed; a callback is usually hot anyway).
        const d = this.data;
        if (d[2 * next + 1] === undefined || typeof d[2 * next] === 'symbol') this.strayReads++;
        next = -1;
      }
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
      if (i === 0) next = ms;
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
