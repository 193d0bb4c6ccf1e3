/**
 * The idle clients of the asynchronous loop, in the order they became idle, with which of them are
 * up: the k-th idle client that is up, their count, adding at the end and removing anywhere, each
 * in O(log n) (a Fenwick tree of 0/1 over slots in idle order). The loop's selection — the first
 * ready client, or the k-th for a seeded draw among them — is then the one the list scan gave,
 * without scanning: `idle.filter(up)[k]` is {@link IdleClients.readyAt}(k).
 *
 * Slots are handed out in order and never reused; when they run out the live ones are packed
 * into a fresh tree of twice their number (amortized O(1) a push).
 * @module
 */

/** Idle clients in idle order, each up or down, with order-statistics over those up. */
export class IdleClients {
  /** Fenwick tree (1-based) of each slot's 1 (idle and up) or 0 */
  private tree: Int32Array;
  /** the client in each slot, or undefined once it left */
  private slots: (string | undefined)[];
  /** whether each slot's client counts as up */
  private upAt: Uint8Array;
  /** slots handed out so far */
  private used = 0;
  /** each idle client's slots, ascending (a client listed twice among the clients is idle twice) */
  private readonly slotsOf = new Map<string, number[]>();
  /** idle clients that are up */
  private upCount = 0;

  /**
   * @param initial - the idle clients in order
   * @param isUp - whether a client is up now (read when it joins)
   */
  constructor(
    initial: readonly string[],
    private readonly isUp: (client: string) => boolean,
  ) {
    this.tree = new Int32Array(0);
    this.slots = [];
    this.upAt = new Uint8Array(0);
    this.rebuild(initial);
  }

  /** Idle clients that are up. */
  get readyCount(): number {
    return this.upCount;
  }

  /** Whether `client` is idle. */
  has(client: string): boolean {
    return this.slotsOf.has(client);
  }

  /**
   * The `k`-th (0-based) idle client that is up, in idle order.
   * @param k - 0 ≤ k < {@link readyCount}
   */
  readyAt(k: number): string {
    if (!(k >= 0 && k < this.upCount)) throw new RangeError(`no ready client ${k} of ${this.upCount}`);
    // Descend the tree: the smallest slot whose prefix count exceeds k.
    const n = this.tree.length - 1;
    let pos = 0;
    let rest = k;
    for (let step = highestPowerOf2(n); step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= n && this.tree[next]! <= rest) {
        pos = next;
        rest -= this.tree[next]!;
      }
    }
    return this.slots[pos]!; // pos is the 0-based slot (1-based pos + 1)
  }

  /** Adds `client` at the end of the idle order (up or down as {@link isUp} says now). */
  push(client: string): void {
    if (this.used === this.slots.length) this.rebuild(this.live(), 1);
    const slot = this.used++;
    this.place(client, slot);
    if (this.isUp(client)) this.mark(slot, 1);
  }

  /** Removes an idle client (its earliest place in idle order, as a list's `indexOf` finds it). */
  remove(client: string): void {
    const own = this.slotsOf.get(client);
    if (own === undefined) throw new Error(`client '${client}' is not idle`);
    const slot = own.shift()!;
    if (own.length === 0) this.slotsOf.delete(client);
    if (this.upAt[slot] === 1) this.mark(slot, 0);
    this.slots[slot] = undefined;
  }

  /**
   * Records that a client went down or came back (no-op when it is not idle or unchanged).
   * @param client - the client
   * @param up - whether it is up now
   */
  setUp(client: string, up: boolean): void {
    for (const slot of this.slotsOf.get(client) ?? []) if ((this.upAt[slot] === 1) !== up) this.mark(slot, up ? 1 : 0);
  }

  private place(client: string, slot: number): void {
    this.slots[slot] = client;
    const own = this.slotsOf.get(client);
    if (own === undefined) this.slotsOf.set(client, [slot]);
    else own.push(slot);
  }

  /** The idle clients in order. */
  private live(): string[] {
    const out: string[] = [];
    for (let s = 0; s < this.used; s++) if (this.slots[s] !== undefined) out.push(this.slots[s]!);
    return out;
  }

  /** Packs `clients` into fresh slots, with room for `extra` more and as many again. */
  private rebuild(clients: readonly string[], extra = 0): void {
    const capacity = Math.max(16, 2 * (clients.length + extra));
    this.tree = new Int32Array(capacity + 1);
    this.slots = new Array<string | undefined>(capacity).fill(undefined);
    this.upAt = new Uint8Array(capacity);
    this.slotsOf.clear();
    this.upCount = 0;
    clients.forEach((c, s) => {
      this.place(c, s);
      if (this.isUp(c)) {
        this.upAt[s] = 1;
        this.tree[s + 1] = 1;
        this.upCount++;
      }
    });
    this.used = clients.length;
    // Linear-time Fenwick build: each node adds itself to its parent.
    for (let i = 1; i <= capacity; i++) {
      const parent = i + (i & -i);
      if (parent <= capacity) this.tree[parent]! += this.tree[i]!;
    }
  }

  private mark(slot: number, value: 0 | 1): void {
    const delta = value - this.upAt[slot]!;
    this.upAt[slot] = value;
    this.upCount += delta;
    for (let i = slot + 1; i < this.tree.length; i += i & -i) this.tree[i]! += delta;
  }
}

function highestPowerOf2(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return n >= 1 ? p : 0;
}
