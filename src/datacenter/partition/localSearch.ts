/**
 * Local search over pipeline placements (cuts × ordered servers) for the `optimized` placement when
 * the space is too large to enumerate: steepest descent on the predicted step time (estimate.ts)
 * over four moves — swap the servers of two stages, move one cut anywhere between its neighbours,
 * both at once for adjacent stages (swap their servers and move the cut between them), replace a
 * stage's server by an unused one — and, at a local minimum of those, every cut vector for the
 * current servers (when there are at most 1000) — from several starts; memory-infeasible neighbours are
 * skipped. Deterministic for a given stream.
 * @module
 */
import type { RandomStream } from '../../engine/random.js';
import { binomial, cutSets } from './candidates.js';
import type { PipelineCostModel } from './estimate.js';
import { randomCuts, randomServers } from './random.js';

/** A pipeline candidate: cut vector and server indices, with its predicted step. */
export interface PipelineCandidate {
  /** S + 1 layer boundaries */
  cuts: number[];
  /** server index of each stage */
  servers: number[];
  /** predicted step (s) */
  stepS: number;
}

/** An improvement smaller than this (relative) does not count: descent stops, ties keep the incumbent. */
const MIN_GAIN = 1e-12;

/** Most cut vectors the re-cut move tries (all of them, for the current servers, at a local minimum). */
const RECUT_LIMIT = 1000;

/** Draws tried per random start before giving up on it. */
const START_DRAWS = 64;

/**
 * Steepest descent from one candidate to a local minimum.
 * @param model - the problem's cost tables
 * @param start - a feasible candidate (copied)
 */
export function descend(model: PipelineCostModel, start: PipelineCandidate): PipelineCandidate {
  const n = model.problem.servers.length;
  const S = model.stages;
  let cur: PipelineCandidate = { cuts: [...start.cuts], servers: [...start.servers], stepS: start.stepS };
  const allCuts = binomial(model.layers - 1, S - 1) <= RECUT_LIMIT ? [...cutSets(model.layers, S)] : null;
  for (;;) {
    const cuts = [...cur.cuts];
    const servers = [...cur.servers];
    let next: PipelineCandidate | null = null;
    let bestS = cur.stepS * (1 - MIN_GAIN);
    const consider = (): void => {
      if (!model.fits(cuts, servers)) return;
      const v = model.stepS(cuts, servers);
      if (v < bestS) {
        bestS = v;
        next = { cuts: [...cuts], servers: [...servers], stepS: v };
      }
    };
    for (let i = 0; i < S; i++) {
      for (let j = i + 1; j < S; j++) {
        [servers[i], servers[j]] = [servers[j]!, servers[i]!];
        consider();
        [servers[i], servers[j]] = [servers[j]!, servers[i]!];
      }
    }
    for (let k = 1; k < S; k++) {
      const was = cuts[k]!;
      for (let c = cuts[k - 1]! + 1; c < cuts[k + 1]!; c++) {
        if (c === was) continue;
        cuts[k] = c;
        consider();
      }
      cuts[k] = was;
    }
    for (let k = 1; k < S; k++) {
      // swap the servers of stages k − 1 and k and move the cut between them
      const was = cuts[k]!;
      [servers[k - 1], servers[k]] = [servers[k]!, servers[k - 1]!];
      for (let c = cuts[k - 1]! + 1; c < cuts[k + 1]!; c++) {
        if (c === was) continue;
        cuts[k] = c;
        consider();
      }
      [servers[k - 1], servers[k]] = [servers[k]!, servers[k - 1]!];
      cuts[k] = was;
    }
    const used = new Uint8Array(n);
    for (const s of servers) used[s] = 1;
    for (let s = 0; s < S; s++) {
      const was = servers[s]!;
      for (let u = 0; u < n; u++) {
        if (used[u]) continue;
        servers[s] = u;
        consider();
      }
      servers[s] = was;
    }
    if (next === null && allCuts !== null) {
      // no single move helps: try every cut vector for the current servers
      for (const c of allCuts) {
        cuts.splice(0, S + 1, ...c);
        consider();
      }
    }
    if (next === null) return cur;
    cur = next;
  }
}

/**
 * A feasible random candidate (random cuts, random ordered servers), or null after
 * 64 draws that do not fit.
 */
export function randomStart(model: PipelineCostModel, rng: RandomStream): PipelineCandidate | null {
  for (let d = 0; d < START_DRAWS; d++) {
    const cuts = randomCuts(model.layers, model.stages, rng);
    const servers = randomServers(model.problem.servers.length, model.stages, rng);
    if (model.fits(cuts, servers)) return { cuts, servers, stepS: model.stepS(cuts, servers) };
  }
  return null;
}

/**
 * The best local minimum from `starts` (given feasible candidates) and `restarts` random starts.
 * @returns the best candidate, or null when no start is feasible
 */
export function localSearch(model: PipelineCostModel, starts: readonly PipelineCandidate[], restarts: number, rng: RandomStream): PipelineCandidate | null {
  let best: PipelineCandidate | null = null;
  const all = [...starts];
  for (let r = 0; r < restarts; r++) {
    const s = randomStart(model, rng);
    if (s) all.push(s);
  }
  for (const s of all) {
    const local = descend(model, s);
    if (best === null || local.stepS < best.stepS) best = local;
  }
  return best;
}
