/**
 * The account of one client's attempt at a unit of work (a round, an asynchronous update): what it
 * spent, so that an attempt that is lost (a dropout) reports the work and energy it wasted.
 * @module
 */
import type { TrainingContext } from './context.js';

/** What a lost attempt wasted. */
export interface Waste {
  /** FLOPs of the local computation it completed before it was lost (0 when lost before or during it) */
  flopsDone: number;
  /** the client's compute, transmit and receive energy from the attempt's start to its loss (J); idle power not counted */
  activeEnergyJ: number;
}

/** One client's attempt, from its start. */
export class ClientAttempt {
  /** FLOPs of local computation completed so far (the protocol adds them) */
  flopsDone = 0;
  private readonly activeJ0: number;

  /**
   * @param ctx - the world
   * @param client - the client
   */
  constructor(
    private readonly ctx: TrainingContext,
    readonly client: string,
  ) {
    this.activeJ0 = activeEnergyJ(ctx, client);
  }

  /** What the attempt has spent so far. */
  waste(): Waste {
    return { flopsDone: this.flopsDone, activeEnergyJ: this.activeEnergyJ() };
  }

  /** {@link Waste.activeEnergyJ} so far, without making the {@link Waste} (written into a record's fields). */
  activeEnergyJ(): number {
    return activeEnergyJ(this.ctx, this.client) - this.activeJ0;
  }
}

function activeEnergyJ(ctx: TrainingContext, client: string): number {
  return ctx.node(client).energy.activeJ();
}
