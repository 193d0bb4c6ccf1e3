/**
 * The alarm clock of the radio's transmissions: each transmission has at most one instant at
 * which it must next be woken (its step's end or a completion), and every transmission due at the
 * same nanosecond shares one engine event.
 *
 * It is the engine's {@link AlarmClock} (one per simulator, `radio steps`) with a sleeper's
 * interface: an OFDMA re-split gives every user of the medium a new share, and each replans; a
 * replan moves its alarm and costs no engine event (cancelling and rescheduling one for each made
 * a join or a leave quadratic in the concurrent users, issue 15). Wake-ups due at one instant run
 * in the order of their latest (re)planning, a replan that stays put moving to the back, as a
 * rescheduled event would.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import { AlarmClock, type Alarm } from '../engine/alarmClock.js';

/** Something the clock wakes at an instant. */
export interface Sleeper {
  /** called at the instant it was due */
  wake(): void;
  /**
   * The clock's record of its wake-up, made by the clock on its first one and reused for every
   * later one (no allocation per replan). An implementing class declares it, initialised to
   * `undefined`, so that its objects keep one shape.
   */
  stepAlarm?: StepAlarm | undefined;
}

/** A sleeper's wake-up on the clock: an {@link Alarm} that wakes it. */
export class StepAlarm implements Alarm {
  /** {@inheritDoc Alarm.atNs} */
  atNs = Infinity;
  /** {@inheritDoc Alarm.seq} */
  seq = 0;
  /** {@inheritDoc HeapEntry.heapAt} */
  heapAt = -1;

  /** @param who - whom it wakes */
  constructor(readonly who: Sleeper) {}

  /** {@inheritDoc Alarm.ring} */
  ring(): void {
    this.who.wake();
  }
}

/**
 * One per simulator: the pending wake-ups of its transmissions (at most one per sleeper) on the
 * simulator's `radio steps` {@link AlarmClock}.
 */
export class StepClock {
  /** @param alarms - the alarm clock it sets */
  private constructor(private readonly alarms: AlarmClock) {}

  private static readonly clocks = new WeakMap<Simulator, StepClock>();

  /** The clock of `sim` (made on first use). */
  static of(sim: Simulator): StepClock {
    let c = StepClock.clocks.get(sim);
    if (c === undefined) StepClock.clocks.set(sim, (c = new StepClock(AlarmClock.of(sim, 'radio steps'))));
    return c;
  }

  /** Wake-ups pending (one at most per sleeper). */
  get pending(): number {
    return this.alarms.pending;
  }

  /**
   * Moves the wake-up of `who` from `fromNs` to `toNs` (Infinity: none, before or after). Planned
   * again for the same instant, it goes behind the others due then, as a rescheduled event would.
   * @param who - the sleeper
   * @param fromNs - the instant it was due (ns), Infinity if none
   * @param toNs - the instant it is due now (ns, an integer ≥ now), Infinity if none
   */
  move(who: Sleeper, fromNs: number, toNs: number): void {
    if (fromNs === Infinity && toNs === Infinity) return; // none due, none to be (a user taking turns on a static link)
    let a = who.stepAlarm;
    if (a === undefined) {
      if (!Number.isFinite(toNs)) return;
      a = who.stepAlarm = new StepAlarm(who);
    }
    if (Number.isFinite(toNs)) this.alarms.set(a, toNs);
    else this.alarms.clear(a);
  }
}
