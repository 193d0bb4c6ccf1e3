/**
 * The input of the eq. 5 deployment optimizer (issue 13): model variants with their per-split
 * profiles, terminals, edge servers, objective weights and the candidate edge shares, and the plan
 * it returns. Formulas and sources: docs/inference-optimizer.md.
 * @module
 */

/** The work and traffic of one split point k of one model variant. */
export interface SplitProfile {
  /** FLOPs per request on the terminal (layers 1..k) */
  terminalFlops: number;
  /** FLOPs per request on the edge (layers k+1..n); 0 at k = n */
  edgeFlops: number;
  /** bits uploaded per request: the raw input at k = 0, layer k's activation for 0 < k < n; ignored at k = n (nothing is sent) */
  activationBits: number;
  /** bits of the result returned per request (ignored at k = n: the result is already on the terminal) */
  resultBits: number;
}

/** One model variant: the model pruned at rate c, with its measured accuracy and its split points. */
export interface ModelVariant {
  /** the pruning rate c ∈ [0, 1) (0: the full model) */
  pruningRate: number;
  /** the variant's measured accuracy ∈ [0, 1] */
  accuracy: number;
  /** `splits[k]` for k = 0..n: k = 0 runs everything on the edge, k = n everything on the terminal */
  splits: SplitProfile[];
}

/** One terminal l that sends inference requests to its edge server. */
export interface DeploymentTerminal {
  /** the terminal's id */
  id: string;
  /** the id of its edge server */
  edge: string;
  /** φ_l: its weight in the objective (≥ 0) */
  weight: number;
  /** λ_l: its request rate (requests/s, Poisson arrivals) */
  requestRatePerS: number;
  /** the terminal's compute speed (FLOP/s) */
  flopsPerS: number;
  /** the terminal's compute energy (J per FLOP) */
  energyPerFlopJ: number;
  /** the terminal's draw while transmitting (radiated + circuit, W) */
  txPowerW: number;
  /** the terminal's draw while receiving (W) */
  rxPowerW: number;
  /** the expected uplink rate to its edge (bit/s) */
  uplinkRateBps: number;
  /** the expected downlink rate from its edge (bit/s) */
  downlinkRateBps: number;
  /** γ_E,l: the energy budget per request (J); Infinity for none */
  maxEnergyJ: number;
  /** γ_th,l: the latency bound per request (s); Infinity for none */
  maxLatencyS: number;
  /** B_l: the largest share of its edge's compute it may get (∈ [0, 1]) */
  maxShare: number;
  /** a_min,l: the least accuracy it accepts (default 0: none) */
  minAccuracy?: number;
}

/** One edge server. */
export interface DeploymentEdge {
  /** the edge's id */
  id: string;
  /** its compute speed (FLOP/s), shared among its terminals in fractions b_l with Σ b_l ≤ 1 */
  flopsPerS: number;
  /** fixed time of each computation (framework, kernel launches) (s), whatever the share; default 0 */
  overheadS?: number;
}

/** The weights α1..α3 of the objective Σ_l φ_l·(α1·e_l + α2·latency_l + α3·b_l). */
export interface ObjectiveWeights {
  /** α1, per joule of terminal energy per request */
  energyPerJ: number;
  /** α2, per second of latency per request */
  latencyPerS: number;
  /** α3, per unit of edge share */
  sharePerUnit: number;
}

/** One instance of the deployment problem (eq. 5 of issue 13). */
export interface DeploymentProblem {
  /** the model variants (pruning rates) every terminal may run; all with the same number of split points */
  variants: ModelVariant[];
  /** the terminals */
  terminals: DeploymentTerminal[];
  /** the edge servers */
  edges: DeploymentEdge[];
  /** α1..α3 */
  weights: ObjectiveWeights;
  /** the candidate edge shares b ∈ (0, 1] (a share of 0 is used only with k = n) */
  shares: number[];
}

/** One terminal's decision: split point, variant and edge share. */
export interface DeploymentChoice {
  /** the split point k ∈ 0..n */
  split: number;
  /** the index of the model variant in `problem.variants` */
  variant: number;
  /** b: the fraction of its edge's compute (0 only when split = n) */
  share: number;
}

/** The names of the per-terminal constraints and of the coupled per-edge one. */
export type DeploymentConstraint = 'energy' | 'latency' | 'stability' | 'share' | 'accuracy' | 'edge-capacity';

/** The predicted performance of one terminal's choice. */
export interface DeploymentPrediction {
  /** terminal compute time terminalFlops/flopsPerS (s) */
  terminalComputeS: number;
  /** uplink time activationBits/uplinkRateBps (s; 0 at k = n) */
  uplinkS: number;
  /** edge service time s = overheadS + edgeFlops/(b·edgeFlopsPerS) (s) */
  edgeServiceS: number;
  /** M/D/1 mean wait W = ρ·s/(2(1 − ρ)) at the edge share (s; Infinity when ρ ≥ 1) */
  edgeWaitS: number;
  /** downlink time resultBits/downlinkRateBps (s; 0 at k = n) */
  downlinkS: number;
  /** end-to-end latency per request, the sum of the five terms (s) */
  latencyS: number;
  /** terminal energy per request: compute + tx·uplink + rx·downlink (J) */
  energyJ: number;
  /** ρ = λ·s, the utilisation of the edge share */
  utilisation: number;
  /** the variant's accuracy */
  accuracy: number;
  /** φ·(α1·e + α2·latency + α3·b) */
  objective: number;
  /** the per-terminal constraints this choice violates (empty: feasible on its own) */
  violated: DeploymentConstraint[];
}

/** One terminal's part of a plan. */
export interface TerminalPlan extends DeploymentChoice {
  /** the terminal's id */
  id: string;
  /** the terminal's edge */
  edge: string;
  /** the prediction of the choice */
  prediction: DeploymentPrediction;
  /**
   * The constraints that bind: those that alone exclude an option with a smaller objective term
   * (`edge-capacity`: a per-terminal-feasible cheaper option exists, kept out by the edge's Σb ≤ 1).
   */
  binding: DeploymentConstraint[];
}

/** Why a terminal (or its edge) has no feasible option. */
export interface TerminalInfeasibility {
  /** the terminal's id */
  id: string;
  /** the constraints that no option meets even on its own */
  unmet: DeploymentConstraint[];
  /** a sentence: what is asked and the best any option achieves */
  reason: string;
}

/** The share of one edge's compute a plan hands out. */
export interface EdgeShare {
  /** the edge's id */
  edge: string;
  /** Σ b of its terminals (≤ 1 in a feasible plan) */
  share: number;
}

/** A solver's answer. */
export interface DeploymentPlan {
  /** the solver's name */
  solver: string;
  /** whether every constraint holds */
  feasible: boolean;
  /** Σ of the terminals' objective terms (Infinity when infeasible) */
  objective: number;
  /** per terminal, in input order (empty when infeasible) */
  terminals: TerminalPlan[];
  /** per terminal or edge that makes the problem infeasible */
  infeasible: TerminalInfeasibility[];
  /** Σ b per edge, in the order of `problem.edges` */
  edgeShares: EdgeShare[];
}
