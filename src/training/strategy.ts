/**
 * Training strategies, Flower style: `configureRound` picks the round's clients and says what they
 * compute; `aggregate` turns the updates that arrived — and the failures, which are explicit — into
 * the next global model. The sync protocol (`protocols/sync.ts`) moves models and updates on the timeline.
 * @module
 */
import { Registry } from '../engine/registry.js';
import type { RandomStream } from '../engine/random.js';
import { fedAvgStep, fedAvgFromSum } from './rules/fedavg.js';
import { fedSgdStep, fedSgdFromSum } from './rules/fedsgd.js';
import { WeightedSum } from '../learning/aggregate.js';
import type { SelectionSpec } from './spec.js';

/** What a strategy reads of the training section (raw or resolved). */
export interface StrategySettings {
  /** client selection; default all */
  selection?: SelectionSpec;
  /** FedSGD's server learning rate; default 0.1 */
  serverLearningRate?: number | null;
}
import { TRAINING_DEFAULTS } from './defaults.js';

import type { ClientWork } from './client.js';

export type { ClientWork } from './client.js';

/** A round's plan. */
export interface RoundPlan {
  /** the clients taking part */
  clients: string[];
  /** how many updates the round needs: the round closes once this many have arrived (fewer than `clients` under over-selection) */
  target: number;
  /** `train`: local epochs, the update is the weight change; `gradient`: one full-batch gradient */
  work: ClientWork;
}

/** An update that arrived. */
export interface ClientUpdate {
  /** client id */
  client: string;
  /** the decoded update (weight change or gradient) */
  update: Float32Array;
  /** its weight (local examples) */
  samples: number;
}

/** A selected client whose update did not arrive. */
export interface ClientFailure {
  /** client id */
  client: string;
  /** why (a failed transfer or node, the deadline) */
  reason: string;
}

/**
 * A round's aggregation as the updates arrive: `add` folds each update in when it arrives, `finish`
 * gives the next global model. A streaming aggregator (FedAvg, FedSGD) keeps a running sum and no
 * update, so a round costs O(parameters) memory at the server whatever the number of clients; one
 * that needs every update at once (a median, a trimmed mean, Krum) buffers them
 * ({@link bufferingAggregator}) and costs O(clients × parameters).
 */
export interface RoundAggregator {
  /** updates added so far */
  readonly count: number;
  /**
   * Folds in an update that arrived. A streaming aggregator reads `update.update` now and keeps no
   * reference to it.
   */
  add(update: ClientUpdate): void;
  /**
   * The next global model from what was added (the global model as it was when nothing was).
   * @param failures - the selected clients whose update did not arrive
   */
  finish(failures: readonly ClientFailure[]): Float32Array;
}

/**
 * A round aggregator that keeps every update and calls `strategy.aggregate` on them at the end, in
 * the order they were added: for rules that need all updates at once. Its memory is O(clients ×
 * parameters).
 * @param strategy - the strategy whose `aggregate` runs at the end
 * @param round - round number
 * @param global - the global weights the round started from
 */
export function bufferingAggregator(strategy: Pick<Strategy, 'aggregate'>, round: number, global: Float32Array): RoundAggregator {
  const updates: ClientUpdate[] = [];
  return {
    get count() {
      return updates.length;
    },
    add: (u) => void updates.push(u),
    finish: (failures) => (updates.length === 0 ? global : strategy.aggregate(round, global, updates, failures)),
  };
}

/** A round aggregator over a running {@link WeightedSum} of the updates weighted by their samples, stepped by `step` at the end. */
function streamingAggregator(global: Float32Array, step: (global: Float32Array, sum: WeightedSum) => Float32Array): RoundAggregator {
  const sum = new WeightedSum(global.length);
  return {
    get count() {
      return sum.count;
    },
    add: (u) => sum.add(u.update, u.samples),
    finish: () => step(global, sum),
  };
}

/** A training strategy. */
export interface Strategy {
  /** registry name */
  readonly name: string;
  /**
   * Picks the round's clients and what they compute.
   * @param round - round number from 0
   * @param clients - every client
   * @param rank - the clients ordered best channel first (for channel-aware selection)
   * @param rng - the selection stream
   */
  configureRound(round: number, clients: readonly string[], rank: () => string[], rng: RandomStream): RoundPlan;
  /**
   * The next global model from the arrived updates (the failures are listed for strategies that use them).
   * @param round - round number
   * @param global - the current global weights
   * @param updates - the updates that arrived
   * @param failures - the selected clients whose update did not
   */
  aggregate(round: number, global: Float32Array, updates: readonly ClientUpdate[], failures: readonly ClientFailure[]): Float32Array;
  /**
   * A round's aggregation fed update by update as they arrive; its `finish` gives what `aggregate`
   * gives on the same updates (up to the double-precision rounding of the order they came in).
   * @param round - round number
   * @param global - the current global weights
   */
  begin(round: number, global: Float32Array): RoundAggregator;
}

/**
 * The selected clients and the round's target: K = the selected fraction of the clients (all of
 * them under `all`), and ⌈K × overSelection⌉ of them selected (at most all), as FedScale does.
 */
function selectClients(spec: StrategySettings, clients: readonly string[], rank: () => string[], rng: RandomStream, overSelection: number, scratch: string[]): { clients: string[]; target: number } {
  const sel = spec.selection ?? { policy: 'all' };
  if (sel.policy === 'all') return { clients: [...clients], target: clients.length };
  const k = Math.max(1, Math.round((sel.fraction ?? TRAINING_DEFAULTS.selectionFraction) * clients.length));
  const n = Math.min(clients.length, Math.ceil(k * overSelection - 1e-9));
  return { clients: sel.policy === 'random' ? rng.shuffle(copyInto(scratch, clients)).slice(0, n) : rank().slice(0, n), target: k };
}

/**
 * `clients` copied into `scratch` (reused from round to round: a population's list is shuffled
 * whole every round to draw a few, and a new copy of 10⁵ ids each time is a large object) and returned.
 */
function copyInto(scratch: string[], clients: readonly string[]): string[] {
  const m = clients.length;
  if (scratch.length > m) scratch.length = m;
  for (let i = 0; i < m; i++) {
    if (i < scratch.length) scratch[i] = clients[i]!;
    else scratch.push(clients[i]!);
  }
  return scratch;
}

/** The selection every strategy here shares; subclasses say what clients compute and how to aggregate. */
abstract class SelectingStrategy implements Strategy {
  abstract readonly name: string;
  /** what the selected clients compute */
  protected abstract readonly work: ClientWork;
  /**
   * @param spec - the training section (selection and the strategy's parameters)
   * @param overSelection - clients selected per client needed (≥ 1; 1.3 in FedScale); default 1
   */
  constructor(
    protected readonly spec: StrategySettings,
    protected readonly overSelection = 1,
  ) {}
  /** the order random selection shuffles, kept between rounds */
  private readonly shuffled: string[] = [];
  /** {@inheritDoc Strategy.configureRound} */
  configureRound(_round: number, clients: readonly string[], rank: () => string[], rng: RandomStream): RoundPlan {
    return { ...selectClients(this.spec, clients, rank, rng, this.overSelection, this.shuffled), work: this.work };
  }
  abstract aggregate(round: number, global: Float32Array, updates: readonly ClientUpdate[], failures: readonly ClientFailure[]): Float32Array;
  /** {@inheritDoc Strategy.begin} (here: buffering; streaming rules override) */
  begin(round: number, global: Float32Array): RoundAggregator {
    return bufferingAggregator(this, round, global);
  }
}

/** FedAvg (McMahan et al. 2017): local epochs, the global model moves by the sample-weighted mean of the weight changes. */
export class FedAvg extends SelectingStrategy {
  /** registry name */
  readonly name = 'fedavg';
  /** clients train local epochs */
  protected readonly work = 'train' as const;
  /** {@inheritDoc Strategy.aggregate} */
  aggregate(_round: number, global: Float32Array, updates: readonly ClientUpdate[], _failures: readonly ClientFailure[] = []): Float32Array {
    return fedAvgStep(global, updates);
  }
  /** A running sum of the updates: O(parameters) memory, whatever the clients. */
  override begin(_round: number, global: Float32Array): RoundAggregator {
    return streamingAggregator(global, fedAvgFromSum);
  }
}

/** FedSGD (the seed's eqs. 1–2): each client's full-batch gradient, averaged by samples; w ← w − η·ḡ. */
export class FedSgd extends SelectingStrategy {
  /** registry name */
  readonly name = 'fedsgd';
  /** clients compute one full-batch gradient */
  protected readonly work = 'gradient' as const;
  /** {@inheritDoc Strategy.aggregate} */
  aggregate(_round: number, global: Float32Array, updates: readonly ClientUpdate[], _failures: readonly ClientFailure[] = []): Float32Array {
    return fedSgdStep(global, updates, this.spec.serverLearningRate ?? TRAINING_DEFAULTS.serverLearningRate);
  }
  /** A running sum of the updates: O(parameters) memory, whatever the clients. */
  override begin(_round: number, global: Float32Array): RoundAggregator {
    const eta = this.spec.serverLearningRate ?? TRAINING_DEFAULTS.serverLearningRate;
    return streamingAggregator(global, (g, sum) => fedSgdFromSum(g, sum, eta));
  }
}

/** The registry of strategies. */
export const strategies = new Registry<(spec: StrategySettings, overSelection?: number) => Strategy>('training strategy')
  .register('fedavg', 'local epochs, sample-weighted averaging of the weight changes (McMahan et al. 2017)', (s, o) => new FedAvg(s, o))
  .register('fedsgd', 'one full-batch gradient per client, averaged; the server steps', (s, o) => new FedSgd(s, o));
