/**
 * The `random` placement (the seed's scheme): pipeline — uniformly random cut points (a random
 * (S − 1)-subset of the L − 1 layer boundaries) and a random ordered choice of S distinct servers;
 * tensor — a random group of w servers (in rank order) with equal slices. A draw that does not fit
 * is redrawn up to `retries` times, then throws a {@link PlacementError} naming the piece and node.
 * @module
 */
import { z } from 'zod';
import type { RandomStream } from '../../engine/random.js';
import { withDefaults } from '../registrySpec.js';
import type { RegistrySpec } from '../types.js';
import { finish, firstMisfit, misfitMessage, pipelinePieces, requireSizes, tensorPieces } from './candidates.js';
import { PlacementError, type Piece, type Placement, type PlacementEntry, type PlacementProblem } from './types.js';

/** Resolved parameters of `random`. */
export interface RandomPlacementParams {
  /** 'random' */
  name: 'random';
  /** redraws after a draw that does not fit (default 0) */
  retries: number;
}

/** Defaults of `random`. */
export const RANDOM_PLACEMENT_DEFAULTS: Readonly<Omit<RandomPlacementParams, 'name'>> = { retries: 0 };

/** A random cut vector [0, …, L] of L layers into S non-empty stages. */
export function randomCuts(layers: number, stages: number, rng: RandomStream): number[] {
  const boundaries = Array.from({ length: layers - 1 }, (_, i) => i + 1);
  const inner = rng.shuffle(boundaries).slice(0, stages - 1).sort((a, b) => a - b);
  return [0, ...inner, layers];
}

/** A random ordered choice of k distinct indices of n. */
export function randomServers(n: number, k: number, rng: RandomStream): number[] {
  return rng.shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, k);
}

/** One random draw of the problem's pieces. */
export function drawRandom(problem: PlacementProblem, rng: RandomStream): Piece[] {
  const n = problem.servers.length;
  const k = problem.pieces;
  if (problem.kind === 'tensor') {
    const group = randomServers(n, k, rng).sort((a, b) => a - b);
    return tensorPieces(problem, group.map((i) => problem.servers[i]!.id), new Array<number>(k).fill(1 / k));
  }
  const cuts = randomCuts(problem.def.layers.length, k, rng);
  return pipelinePieces(cuts, randomServers(n, k, rng).map((i) => problem.servers[i]!.id));
}

/**
 * A random placement.
 * @throws PlacementError naming the piece and node when the last draw does not fit
 */
export function placeRandom(problem: PlacementProblem, params: RandomPlacementParams, rng: RandomStream): Placement {
  requireSizes(problem, 'random');
  for (let attempt = 0; ; attempt++) {
    const pieces = drawRandom(problem, rng);
    const misfit = firstMisfit(problem, pieces);
    if (!misfit) return finish(problem, pieces);
    if (attempt >= params.retries) {
      const tail = params.retries > 0 ? ` (after ${params.retries} redraws)` : '';
      throw new PlacementError(misfit.piece.node, misfitMessage(problem, 'random', misfit) + tail);
    }
  }
}

const schema = z.strictObject({ name: z.literal('random'), retries: z.number().int().min(0).optional() });

/** The `random` entry of the placements registry. */
export const randomPlacement: PlacementEntry<RandomPlacementParams> = {
  schema,
  defaults: RANDOM_PLACEMENT_DEFAULTS,
  resolve: (spec: RegistrySpec) => withDefaults<RandomPlacementParams>(RANDOM_PLACEMENT_DEFAULTS, schema.parse(spec)),
  place: placeRandom,
};
