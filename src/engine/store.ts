/**
 * A buffer of items with an optional capacity (SimPy's `Store` and `FilterStore`, read from
 * `simpy/resources/store.py` and `base.py`): `put` waits for room, `get` waits for an item,
 * optionally one a filter accepts. Requests are events served at the current instant.
 * @module
 */
import type { Simulator } from './simulator.js';
import { SimEvent } from './events.js';
import type { ProcessGenerator } from './process.js';

/** Options of the {@link Store} constructor. */
export interface StoreOptions {
  /** Most items the store holds; a positive integer or Infinity (the default). */
  capacityItems?: number;
}

/** A function choosing which items a {@link StoreGet} accepts. Must not throw, must not touch the store. */
export type ItemFilter<T> = (item: T) => boolean;

/** An item waiting for room: `seq` is its arrival number; `put` is null for an item given back. */
type Entry<T> = { item: T; seq: number; put: StorePut<T> | null };

/**
 * A put request: succeeds when its item is in the store.
 * @typeParam T - the item type
 */
export class StorePut<T> extends SimEvent<void> {
  /** @param item - the item offered @internal */
  constructor(private readonly store: Store<T>, readonly item: T) { super(store.sim); }

  /**
   * Withdraws the put if it is still waiting for room: its item never enters the store and the
   * event never triggers.
   * @returns true when withdrawn; false when the item is already in the store (or already withdrawn)
   */
  cancel(): boolean { return this.store.cancelPut(this); }
}

/**
 * A get request: succeeds with the item it took.
 * @typeParam T - the item type
 */
export class StoreGet<T> extends SimEvent<T> {
  /** Arrival number of the item taken, -1 before; -2 once given back. @internal */
  takenSeq = -1;

  /** @param filter - the items accepted; undefined: any @internal */
  constructor(private readonly store: Store<T>, readonly filter: ItemFilter<T> | undefined) { super(store.sim); }

  /**
   * Declares that nobody will use this request's item. A waiting get is withdrawn (it never
   * triggers); a get that already took an item gives it back to the store at its place in arrival
   * order (or, when the store has filled meanwhile, ahead of the waiting puts) and the event's value
   * must then be ignored. Call it only for a get whose value you have not used.
   * @returns true when withdrawn or given back; false when already cancelled
   */
  cancel(): boolean { return this.store.cancelGet(this); }
}

/**
 * Items in arrival order (FIFO) with an optional capacity; waiting puts are admitted in FIFO order;
 * waiting gets are served in FIFO order, each taking the oldest item its filter accepts, and a get
 * whose filter accepts nothing does not hold up later gets (SimPy's `FilterStore`).
 * @typeParam T - the item type
 */
export class Store<T> {
  /** Most items the store holds. */
  readonly capacityItems: number;
  private readonly held: T[] = [];
  private readonly heldSeq: number[] = []; // arrival numbers of `held`, ascending
  private readonly puts: Entry<T>[] = [];
  private readonly gets: StoreGet<T>[] = [];
  private seq = 0;

  /**
   * @param sim - the simulator
   * @param options - capacity
   * @throws RangeError when the capacity is not a positive integer or Infinity
   */
  constructor(readonly sim: Simulator, options: StoreOptions = {}) {
    const cap = options.capacityItems ?? Infinity;
    if (!(cap === Infinity || (Number.isInteger(cap) && cap >= 1))) throw new RangeError(`capacityItems must be a positive integer or Infinity, got ${cap}`);
    this.capacityItems = cap;
  }

  /** The items held, oldest first (a live read-only view). */
  get items(): readonly T[] { return this.held; }
  /** Number of items held. */
  get size(): number { return this.held.length; }
  /** Puts waiting for room (an item given back by a cancelled get counts as one). */
  get putsWaiting(): number { return this.puts.length; }
  /** Gets waiting for an item. */
  get getsWaiting(): number { return this.gets.length; }

  /**
   * Offers `item`: the returned event succeeds now if there is room (and no put waits before it),
   * else when room is made.
   * @param item - the item
   */
  put(item: T): StorePut<T> {
    const ev = new StorePut(this, item);
    this.puts.push({ item, seq: this.seq++, put: ev });
    this.settle();
    return ev;
  }

  /**
   * Asks for the oldest item `filter` accepts (any item without a filter): the returned event
   * succeeds with it now if there is one, else when one arrives and no earlier waiting get takes it.
   * @param filter - which items are acceptable
   */
  get(filter?: ItemFilter<T>): StoreGet<T> {
    const ev = new StoreGet(this, filter);
    this.gets.push(ev);
    this.settle();
    return ev;
  }

  /**
   * For `yield*` in a process: gets an item and, if the process is interrupted before receiving
   * it (the `Interrupt` is rethrown), cancels the get so that it takes nothing.
   * @param filter - which items are acceptable
   */
  *take(filter?: ItemFilter<T>): ProcessGenerator<T> {
    const req = this.get(filter);
    try {
      return (yield req) as T;
    } catch (err) {
      req.cancel(); // interrupted while waiting (a get never fails): take nothing
      throw err;
    }
  }

  /**
   * For `yield*` in a process: puts `item` and, if the process is interrupted before the put
   * succeeded, withdraws it when it is still waiting (an item already stored stays).
   * @param item - the item
   */
  *give(item: T): ProcessGenerator<void> {
    const req = this.put(item);
    try {
      yield req;
    } catch (err) {
      req.cancel(); // interrupted while waiting (a put never fails)
      throw err;
    }
  }

  /** @internal */
  cancelPut(ev: StorePut<T>): boolean {
    const i = this.puts.findIndex((e) => e.put === ev);
    if (i >= 0) this.puts.splice(i, 1);
    return i >= 0;
  }

  /** @internal */
  cancelGet(ev: StoreGet<T>): boolean {
    const i = this.gets.indexOf(ev);
    if (i >= 0) return this.gets.splice(i, 1).length === 1; // still waiting: withdrawn
    if (ev.takenSeq < 0) return false; // withdrawn before, or its item already given back
    const entry: Entry<T> = { item: ev.value, seq: ev.takenSeq, put: null };
    ev.takenSeq = -2;
    if (this.held.length < this.capacityItems) this.insert(entry);
    else this.puts.unshift(entry);
    this.settle();
    return true;
  }

  /** Admits waiting puts while there is room, serves waiting gets; repeats while a get is served. */
  private settle(): void {
    for (;;) {
      while (this.puts.length > 0 && this.held.length < this.capacityItems) {
        const e = this.puts.shift()!;
        this.insert(e);
        e.put?.succeed();
      }
      let served = false;
      for (let g = 0; g < this.gets.length && this.held.length > 0; ) {
        const req = this.gets[g]!;
        const i = req.filter === undefined ? 0 : this.held.findIndex(req.filter);
        if (i < 0) { g++; continue; } // accepts nothing held: later gets may still be served
        const item = this.held.splice(i, 1)[0]!;
        req.takenSeq = this.heldSeq.splice(i, 1)[0]!;
        this.gets.splice(g, 1);
        req.succeed(item);
        served = true;
      }
      if (!served || this.puts.length === 0) return;
    }
  }

  /** Inserts an entry at its place in arrival order (at the end, unless it is a given-back item). */
  private insert(e: Entry<T>): void {
    let i = this.held.length;
    while (i > 0 && this.heldSeq[i - 1]! > e.seq) i--;
    this.held.splice(i, 0, e.item);
    this.heldSeq.splice(i, 0, e.seq);
  }
}
