/**
 * What a training protocol is: a registry entry carrying its zod schema (the `training.protocol`
 * object of a scenario), its defaults, and `start`, which runs it as processes on the timeline
 * through a {@link TrainingContext}. The scenario schema, `edgesim list`, validation messages and
 * the report's resolved configuration all follow from the entries.
 * @module
 */
import { z } from 'zod';
import type { SimEvent } from '../../engine/events.js';
import type { TrainingContext } from '../context.js';
import type { FederatedTask } from '../task.js';

/** A protocol's parameters as a scenario gives them: `name` and the protocol's own fields. */
export interface ProtocolSpec {
  /** the protocol's registry name */
  name: string;
  /** its parameters */
  [field: string]: unknown;
}

/**
 * The training section's budget, from which a protocol's defaults may follow: `rounds` sync rounds
 * of `selected` clients each (the selected fraction of the clients, all of them under `all`), each
 * training `epochs` local epochs.
 */
export interface TrainingBudget {
  /** rounds */
  rounds: number;
  /** clients */
  clients: number;
  /** clients per round */
  selected: number;
  /** local epochs per round (`training.local.epochs` with its default) */
  epochs: number;
}

/** A running protocol. */
export interface ProtocolRun {
  /** the global weights now */
  weights(): Float32Array;
  /** triggered when training ends (its main process returns): the transfers still in flight are then abandoned */
  ended: SimEvent<unknown>;
}

/**
 * A protocol's registry entry.
 * @typeParam R - its parameters with defaults filled in
 */
export interface ProtocolEntry<R extends Pick<ProtocolSpec, 'name'> = ProtocolSpec> {
  /** the schema of its `training.protocol` object (a strict object with `name` as a literal) */
  readonly schema: z.ZodType;
  /** its fixed defaults (what `resolve` fills in; defaults that follow from the training budget are documented on the parameters) */
  readonly defaults: Readonly<Partial<Omit<R, 'name'>>>;
  /**
   * Its parameters with defaults filled in.
   * @param spec - the validated `training.protocol` object
   * @param budget - what the rest of the training section asks for (defaults may follow from it)
   */
  resolve(spec: ProtocolSpec, budget: TrainingBudget): R;
  /**
   * Starts the protocol's processes at the current time.
   * @param ctx - the world as training sees it
   * @param task - the federated task (its `config.protocol` is this protocol's resolved parameters)
   */
  start(ctx: TrainingContext, task: FederatedTask): ProtocolRun;
}

/**
 * The schema of a protocol's whole-number count of at least one (`tau2`, `serverSteps`, …), its
 * messages naming the unit.
 * @param what - the unit, plural (`edge rounds`)
 * @param max - the largest accepted; default none
 */
export function positiveInt(what: string, max = Infinity): z.ZodNumber {
  const n = z.number().int({ message: `expected a whole number of ${what}` }).positive({ message: `expected at least one ${what.replace(/s$/, '')}` });
  return max === Infinity ? n : n.max(max);
}
