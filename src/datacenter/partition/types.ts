/**
 * Types of model partitioning: the pieces a placement puts on servers, the problem a placement
 * solves, and the `placements` registry's entry shape.
 * @module
 */
import type { z } from 'zod';
import { InputError } from '../../engine/errors.js';
import type { RandomStream } from '../../engine/random.js';
import type { ModelDef } from '../../learning/models.js';
import type { ServerInfo } from '../job.js';
import type { NamedParams, RegistrySpec } from '../types.js';

/** One piece of a partitioned model on one server. */
export interface Piece {
  /** stage (pipeline) or slice (tensor) index */
  index: number;
  /** the server holding it */
  node: string;
  /** profile layers [first, end) (a tensor slice: every layer) */
  layers: [first: number, end: number];
  /** tensor slice share f_i of each parametered layer; 1 for a pipeline stage */
  share: number;
}

/** A placement of a model's pieces. */
export interface Placement {
  /** pieces in stage (slice) order */
  pieces: Piece[];
  /** the predictor's step time (s), uncontended */
  predictedStepS: number;
  /** memory each used server needs (bytes) */
  memoryBytes: Map<string, number>;
}

/** What a placement solves. */
export interface PlacementProblem {
  /** the model */
  def: ModelDef;
  /** pipeline stages or tensor slices */
  kind: 'pipeline' | 'tensor';
  /** stages (pipeline) or group width (tensor) */
  pieces: number;
  /** candidate servers in rank order */
  servers: readonly ServerInfo[];
  /** global batch per step */
  batch: number;
  /** micro-batches per step (1 for tensor) */
  microbatches: number;
  /** pipeline schedule */
  schedule: 'gpipe' | '1f1b';
  /** bytes per activation value on the wire */
  activationBytesPerValue: number;
  /** optimizer values per parameter */
  optimizerStateFactor: number;
  /** uncontended seconds for `bytes` from one server to another over the route (§α–β) */
  transferS(from: string, to: string, bytes: number): number;
  /**
   * Seconds the busiest link of the route from one server to another is occupied by `bytes` (n/B_min):
   * what each further micro-batch of a pipeline adds at that boundary; default `transferS` (one hop)
   */
  occupancyS?(from: string, to: string, bytes: number): number;
  /** uncontended seconds of a ring all-gather of `bytes` in total over `nodes` */
  allGatherS(nodes: readonly string[], bytes: number): number;
}

/** No placement fits: names the node (or null when no single node is to blame). */
export class PlacementError extends InputError {
  /**
   * @param node - the server a piece does not fit, or null
   * @param message - what does not fit where
   */
  constructor(
    readonly node: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'PlacementError';
  }
}

/**
 * An entry of the `placements` registry.
 * @typeParam P - its resolved parameters
 */
export interface PlacementEntry<P extends NamedParams = NamedParams> {
  /** zod schema of the spec (strict, `name` a literal) */
  readonly schema: z.ZodType;
  /** defaults of the optional parameters */
  readonly defaults: Readonly<Partial<Omit<P, 'name'>>>;
  /** fills in the defaults of a schema-valid spec */
  resolve(spec: RegistrySpec): P;
  /**
   * Places the pieces.
   * @throws PlacementError when nothing fits
   */
  place(problem: PlacementProblem, params: P, rng: RandomStream): Placement;
}
