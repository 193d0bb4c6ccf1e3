/**
 * Slots shared by processes (SimPy's `Resource`, `PriorityResource` and `PreemptiveResource`,
 * read from `simpy/resources/resource.py` and `base.py`; our own code): a process requests a slot,
 * waits until it is granted, uses it and releases it. Requests are events granted at the current
 * instant, in priority order (lower first), ties first come first served. Time-weighted usage
 * statistics are kept in O(1) per change.
 * @module
 */
import type { Simulator } from './simulator.js';
import { SimEvent } from './events.js';
import type { Process, ProcessGenerator } from './process.js';

/** Options of {@link Resource.request}. */
export interface ResourceRequestOptions {
  /**
   * The process that will use the slot: a {@link PreemptiveResource} interrupts it when the slot
   * is preempted. (SimPy takes the active process; our engine does not expose it as an object.)
   */
  owner?: Process<any>;
}

/** Options of {@link PriorityResource.request}. */
export interface PriorityRequestOptions extends ResourceRequestOptions {
  /** A finite number; lower is served first; default 0. */
  priority?: number;
}

/** Options of {@link PreemptiveResource.request}. */
export interface PreemptiveRequestOptions extends PriorityRequestOptions {
  /** Whether the request may preempt a user of strictly worse priority; default true (as SimPy). */
  preempt?: boolean;
}

/**
 * Where a request is: `waiting` in the queue, `granted` (a user), `released` after use,
 * `withdrawn` (cancelled or released before it was granted: it never triggers), `preempted`.
 */
export type RequestStatus = 'waiting' | 'granted' | 'released' | 'withdrawn' | 'preempted';

/**
 * The cause of the {@link Interrupt} a preempted owner receives (SimPy's
 * `Preempted(by, usage_since, resource)`), also kept on the preempted request.
 */
export class Preempted {
  /**
   * @param by - the owner of the preempting request (undefined when it gave none)
   * @param byRequest - the preempting request
   * @param usageSinceS - when the preempted request was granted, in s
   * @param atS - when it was preempted, in s
   * @param resource - the resource
   */
  constructor(
    readonly by: Process<any> | undefined,
    readonly byRequest: ResourceRequest,
    readonly usageSinceS: number,
    readonly atS: number,
    readonly resource: Resource,
  ) {}

  /** A short form for messages (the `Interrupt`'s message is built from it). */
  toJSON(): Record<string, string | number | undefined> {
    return { preemptedBy: this.by?.name, atS: this.atS, usageSinceS: this.usageSinceS };
  }
}

/** A request for a slot: succeeds (with no value) when the slot is granted. */
export class ResourceRequest extends SimEvent<void> {
  /** When the request was made, in s. */
  readonly timeS: number;
  /** When the slot was granted, in s; NaN before. */
  usageSinceS = NaN;
  /** Set when the request was preempted. */
  preemptedBy: Preempted | undefined = undefined;
  /** Current status. @internal */
  statusNow: RequestStatus = 'waiting';

  /**
   * @param resource - the resource
   * @param priority - lower is served first
   * @param preempt - may preempt a worse user
   * @param owner - the process to interrupt on preemption
   * @param seq - request number, for FIFO ties
   * @internal
   */
  constructor(
    readonly resource: Resource,
    readonly priority: number,
    readonly preempt: boolean,
    readonly owner: Process<any> | undefined,
    readonly seq: number,
  ) {
    super(resource.sim);
    this.timeS = resource.sim.now;
  }

  /** Where the request is (see {@link RequestStatus}). */
  get status(): RequestStatus { return this.statusNow; }

  /**
   * Declares that nobody will use this request's slot: a waiting request is withdrawn (it never
   * triggers), a granted one is released (its slot goes to the next). The same as
   * `resource.release(this)`; call it after an interrupt or a lost `anyOf` race.
   * @returns true when withdrawn or released; false when already released, withdrawn or preempted
   */
  cancel(): boolean { return this.resource.release(this); }

  /**
   * For `yield*` in a process: waits until granted and returns the request; if the process is
   * interrupted first (the `Interrupt` is rethrown), the request is withdrawn.
   */
  *wait(): ProcessGenerator<ResourceRequest> {
    try {
      yield this;
    } catch (err) {
      this.cancel(); // interrupted while waiting (a request never fails)
      throw err;
    }
    return this;
  }

  /**
   * For `yield*` in a process (SimPy's `with res.request() as req`): waits for the slot, runs
   * `body` and releases the slot however `body` ends (a preempted body gets the `Interrupt`).
   * @param body - what to do while holding the slot
   */
  *use<R>(body: (req: ResourceRequest) => ProcessGenerator<R>): ProcessGenerator<R> {
    yield* this.wait();
    try {
      return yield* body(this);
    } finally {
      this.cancel();
    }
  }
}

/**
 * Usage statistics of a {@link Resource} since its creation or its last {@link Resource.resetStats}.
 * Means over an empty window (T = 0), and `meanWaitS` with no grant, are NaN.
 */
export interface ResourceStats {
  /** start of the observation window, s */
  sinceS: number;
  /** length of the window T, s */
  elapsedS: number;
  /** ∫ users dt over the window, slot·s */
  busyTimeS: number;
  /** ∫ queue length dt over the window, request·s */
  queueTimeS: number;
  /** time-weighted mean number of users, ∫count dt / T */
  meanUsers: number;
  /** time-weighted utilisation ∫count dt / (capacity · T), in [0, 1] */
  utilisation: number;
  /** time-weighted mean queue length ∫queue dt / T */
  meanQueueLength: number;
  /** slots granted in the window */
  grants: number;
  /** mean wait (grant time − request time) of the requests granted in the window, s */
  meanWaitS: number;
  /** users released in the window */
  releases: number;
  /** users preempted in the window */
  preemptions: number;
  /** waiting requests withdrawn in the window */
  withdrawals: number;
}

/**
 * A resource with `capacity` identical slots, granted first come first served (SimPy's
 * `Resource`). {@link PriorityResource} orders the queue by priority; {@link PreemptiveResource}
 * also lets a request take a slot from a worse user.
 */
export class Resource {
  /** Number of slots. */
  readonly capacity: number;
  private readonly userList: ResourceRequest[] = [];
  private readonly waiting: ResourceRequest[] = []; // service order: (priority, seq) ascending
  private seq = 0;
  private lastS: number;
  private sinceS: number;
  private usersArea = 0;
  private queueArea = 0;
  private counts = { grants: 0, releases: 0, preemptions: 0, withdrawals: 0, waitS: 0 };

  /**
   * @param sim - the simulator
   * @param capacity - number of slots, a positive integer; default 1
   * @throws RangeError when the capacity is not a positive integer
   */
  constructor(readonly sim: Simulator, capacity = 1) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.lastS = this.sinceS = sim.now;
  }

  /** Number of users (granted, not yet released). */
  get count(): number { return this.userList.length; }
  /** The users, in grant order (a live read-only view). */
  get users(): readonly ResourceRequest[] { return this.userList; }
  /** The waiting requests, in the order they will be served (a live read-only view). */
  get queue(): readonly ResourceRequest[] { return this.waiting; }

  /**
   * Asks for a slot: the returned request succeeds now if a slot is free and nobody waits, else
   * when one is released for it.
   * @param options - the owner process
   */
  request(options: ResourceRequestOptions = {}): ResourceRequest {
    return this.enqueue(0, false, options.owner);
  }

  /**
   * Gives back the slot of `req` (SimPy's `release`), which goes to the first waiting request; a
   * request still waiting is withdrawn instead. Unlike SimPy this returns no event: it is done now.
   * @param req - a request of this resource
   * @returns true when released or withdrawn; false when already released, withdrawn or preempted
   * @throws Error when `req` belongs to another resource
   */
  release(req: ResourceRequest): boolean {
    if (req.resource !== this) throw new Error('release: the request belongs to another resource');
    if (req.statusNow === 'waiting') {
      this.account();
      this.waiting.splice(this.waiting.indexOf(req), 1);
      req.statusNow = 'withdrawn';
      this.counts.withdrawals++;
      this.settle(); // the head may have changed: it may preempt
      return true;
    }
    if (req.statusNow !== 'granted') return false;
    this.account();
    this.userList.splice(this.userList.indexOf(req), 1);
    req.statusNow = 'released';
    this.counts.releases++;
    this.settle();
    return true;
  }

  /**
   * Usage statistics over the window since creation or the last {@link resetStats} (the time
   * integrals run up to now).
   */
  stats(): ResourceStats {
    this.account();
    const c = this.counts;
    const elapsedS = this.sim.now - this.sinceS;
    return {
      sinceS: this.sinceS,
      elapsedS,
      busyTimeS: this.usersArea,
      queueTimeS: this.queueArea,
      meanUsers: this.usersArea / elapsedS,
      utilisation: this.usersArea / (this.capacity * elapsedS),
      meanQueueLength: this.queueArea / elapsedS,
      grants: c.grants,
      meanWaitS: c.waitS / c.grants,
      releases: c.releases,
      preemptions: c.preemptions,
      withdrawals: c.withdrawals,
    };
  }

  /** Starts a new statistics window now (e.g. after a warm-up). */
  resetStats(): void {
    this.account();
    this.usersArea = this.queueArea = 0;
    this.sinceS = this.sim.now;
    this.counts = { grants: 0, releases: 0, preemptions: 0, withdrawals: 0, waitS: 0 };
  }

  /**
   * Creates a request, queues it in priority order (after those of equal priority) and serves
   * the queue.
   * @param priority - lower first
   * @param preempt - may preempt
   * @param owner - interrupted on preemption
   */
  protected enqueue(priority: number, preempt: boolean, owner: Process<any> | undefined): ResourceRequest {
    if (!Number.isFinite(priority)) throw new RangeError(`priority must be a finite number, got ${priority}`);
    this.account();
    const req = new ResourceRequest(this, priority, preempt, owner, this.seq++);
    let i = this.waiting.length;
    while (i > 0 && this.waiting[i - 1]!.priority > priority) i--;
    this.waiting.splice(i, 0, req);
    this.settle();
    return req;
  }

  /**
   * Grants the head of the queue while a slot is free; when none is, a head that may preempt
   * takes the slot of the worst user (greatest priority, latest request) if its own priority is
   * strictly better. Only the head may preempt, so no request overtakes a better waiting one
   * (SimPy does the same: "preempt requests are not allowed to cheat").
   */
  private settle(): void {
    while (this.waiting.length > 0) {
      const head = this.waiting[0]!;
      if (this.userList.length >= this.capacity) {
        if (!head.preempt) return;
        let w = 0;
        for (let i = 1; i < this.userList.length; i++) {
          const u = this.userList[i]!, worst = this.userList[w]!;
          if (u.priority > worst.priority || (u.priority === worst.priority && u.seq > worst.seq)) w = i;
        }
        const victim = this.userList[w]!;
        if (!(head.priority < victim.priority)) return;
        this.userList.splice(w, 1);
        victim.statusNow = 'preempted';
        victim.preemptedBy = new Preempted(head.owner, head, victim.usageSinceS, this.sim.now, this);
        this.counts.preemptions++;
        if (victim.owner?.isAlive) victim.owner.interrupt(victim.preemptedBy);
      }
      this.waiting.shift();
      this.userList.push(head);
      head.statusNow = 'granted';
      head.usageSinceS = this.sim.now;
      this.counts.grants++;
      this.counts.waitS += head.usageSinceS - head.timeS;
      head.succeed();
    }
  }

  /** Adds the time since the last change to the integrals; call before any change. */
  private account(): void {
    const now = this.sim.now;
    const dt = now - this.lastS;
    if (dt <= 0) return;
    this.usersArea += this.userList.length * dt;
    this.queueArea += this.waiting.length * dt;
    this.lastS = now;
  }
}

/**
 * A {@link Resource} whose queue is ordered by request priority (lower first), ties first come
 * first served (SimPy's `PriorityResource`). Users are never preempted.
 */
export class PriorityResource extends Resource {
  /**
   * Asks for a slot with a priority (see {@link Resource.request}).
   * @param options - priority and owner
   */
  override request(options: PriorityRequestOptions = {}): ResourceRequest {
    return this.enqueue(options.priority ?? 0, false, options.owner);
  }
}

/**
 * A {@link PriorityResource} whose requests (with `preempt`, the default) take the slot of the
 * worst user when none is free and their priority is strictly better (SimPy's
 * `PreemptiveResource`): that user leaves the users (its request's status becomes `preempted`)
 * and its owner process gets an `Interrupt` whose cause is a {@link Preempted}.
 */
export class PreemptiveResource extends PriorityResource {
  /**
   * Asks for a slot with a priority, preempting by default (see {@link Resource.request}).
   * @param options - priority, preempt and owner
   */
  override request(options: PreemptiveRequestOptions = {}): ResourceRequest {
    return this.enqueue(options.priority ?? 0, options.preempt ?? true, options.owner);
  }
}
