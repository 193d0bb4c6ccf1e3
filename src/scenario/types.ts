/**
 * The shape of a scenario file's default export. Radio, mobility and training sections join these
 * in later versions; the fixed-rate links and task workload here are the foundation's timeline.
 * @module
 */
import type { InferenceSpec } from '../inference/spec.js';
import type { DatacenterSpec, ResolvedDatacenter } from '../datacenter/spec.js';
import type { NodeKind } from '../node/kinds.js';
import type { MobilitySpec } from '../mobility/specs.js';
import type { NodeRadioSpec, RadioEnvironment, RadioSpec } from '../radio/environment.js';
import type { CpuParams } from '../node/cpu.js';
import type { PowerSpec } from '../node/profiles.js';
import type { FailureSpec, OffInterval } from '../node/failures.js';
import type { TrainingSpec } from '../training/spec.js';

/** A 3-D position in metres: `[x, y, z]`. */
export type Vec3M = [number, number, number];

/** A node's CPU as a scenario writes it. */
export interface CpuSpec {
  /** clock frequency (Hz) */
  freqHz: number;
  /** cores; default 1 */
  cores?: number;
  /** FLOPs per cycle per core; default 1 */
  flopsPerCycle?: number;
  /** κ (J/(cycle·Hz²)); default 1e-28 */
  kappa?: number;
}

/**
 * An accelerator (GPU/NPU) as a scenario writes it: its FLOP/s and its board power or energy per
 * FLOP (one of the two). Compute on it costs power × busy time; it is one device (a task uses all of it).
 */
export interface AcceleratorSpec {
  /** peak rate of the device (FLOP/s), e.g. 19.5e12 for an A100 in FP32 */
  flopsPerS: number;
  /** board power while computing (W), e.g. 400 for an A100; not with `energyPerFlopJ` */
  boardPowerW?: number;
  /** energy per FLOP (J), e.g. 2.05e-11 for an A100; not with `boardPowerW` */
  energyPerFlopJ?: number;
  /** clock (Hz), the ceiling of a task's DVFS `freqHz`; default 1.41e9 (A100 boost clock) */
  clockHz?: number;
}

/** A node of the network. */
export interface NodeSpec {
  /** unique id, referenced by links and tasks */
  id: string;
  /** role: `terminal`, `edge` or `server` (see `edgesim list`) */
  kind: NodeKind;
  /**
   * position in metres; default `[0, 0, 0]`. The start of `constant-velocity`, the place of
   * `static`; not allowed with the other mobility models (they say where the node is).
   */
  positionM?: Vec3M;
  /**
   * processing rate in FLOP/s (> 0), all cores together: shorthand, below 1e12, for a CPU of
   * ceil(rate / 16e9) cores of 8 FLOPs a cycle at ≤ 2 GHz (12.5–50 pJ/FLOP), and from 1e12 on for an
   * accelerator at 20.5 pJ/FLOP (A100 class); see docs/models.md. Give `cpu`, `accelerator` (or a
   * `profile`) to say more.
   */
  cpuFlopsPerS?: number;
  /** the CPU: cores, clock, FLOPs per cycle, κ (FLOP/s = cores·freqHz·flopsPerCycle) */
  cpu?: CpuSpec;
  /** an accelerator (GPU/NPU) that does the node's compute instead of a CPU; not with `cpu` or `cpuFlopsPerS` */
  accelerator?: AcceleratorSpec;
  /** a device profile (`edgesim list`): CPU, radio, power and battery presets, overridden by the fields given */
  profile?: string;
  /** idle and receive power; defaults by kind or profile */
  power?: PowerSpec;
  /** battery capacity (J); default none (mains), or the profile's */
  batteryJ?: number;
  /** memory (bytes): bounds the training data a `memory` partition gives it; default by kind or profile */
  memoryBytes?: number;
  /** exponential failures: mean time between failures and to repair (s); default none */
  failures?: FailureSpec;
  /** how the node moves; default `{ model: 'static' }` (see `edgesim list`) */
  mobility?: MobilitySpec;
  /** its radio (transmit power, antenna gain, noise figure); defaults by kind */
  radio?: NodeRadioSpec;
}

/**
 * Every node of a trace as a scenario node (see `nodesFromTrace`): node ids are `idPrefix` + the
 * trace's ids, in the trace's order.
 */
export interface TraceNodesSpec {
  /** trace path, relative to the scenario file's folder (or absolute) */
  fromTrace: string;
  /** trace format; default detected */
  format?: string;
  /** BonnMotion only: 2 or 3 dimensions */
  dims?: 2 | 3;
  /** role of every node */
  kind: NodeKind;
  /** CPU rate of every node (FLOP/s); or give a `profile` */
  cpuFlopsPerS?: number;
  /** device profile of every node */
  profile?: string;
  /** prefix of the scenario ids; default '' */
  idPrefix?: string;
  /** only these trace ids (in this order); default all */
  ids?: string[];
}

/**
 * A link between two nodes; `duplex` (the default) declares both directions, each with its own
 * queue. Wired: a fixed `rateBps` and `delayS`. Wireless (`wireless: true`): the rate emerges from
 * the channel (see `radio`), shared with the other transfers on the medium.
 */
export interface LinkSpec {
  /** id; default `${from}->${to}` (and `${to}->${from}` for the reverse direction) */
  id?: string;
  /** one end (a node id) */
  from: string;
  /** the other end (a node id) */
  to: string;
  /** wired: rate in bits/s (> 0); not with `wireless` */
  rateBps?: number;
  /** wired: propagation delay in seconds (≥ 0); default 0 */
  delayS?: number;
  /** whether the link also carries `to` → `from`; default true */
  duplex?: boolean;
  /** a wireless link over the scenario's radio environment; default false */
  wireless?: boolean;
}

/** A node of a validated scenario: hardware resolved from its fields, profile and kind. */
export interface ScenarioNode {
  /** unique id */
  id: string;
  /** role */
  kind: NodeKind;
  /** position at t = 0 for static and constant-velocity nodes (m) */
  positionM: Vec3M;
  /** total processor rate, cores·freqHz·flopsPerCycle (FLOP/s) */
  cpuFlopsPerS: number;
  /** how it moves */
  mobility: MobilitySpec;
  /** its radio */
  radio: Required<NodeRadioSpec>;
  /** its processor: a CPU, or an accelerator when `energyPerFlopJ` is set */
  cpu: CpuParams;
  /** idle and receive power (W) */
  power: Required<PowerSpec>;
  /** battery capacity (J), or null for mains power */
  batteryJ: number | null;
  /** memory (bytes) */
  memoryBytes: number;
  /** the device profile it started from, or null */
  profile: string | null;
  /** exponential failures, or null */
  failures: FailureSpec | null;
}

/** A wired link direction of a validated scenario. */
export interface ScenarioWiredLink {
  /** link id */
  id: string;
  /** sender */
  from: string;
  /** receiver */
  to: string;
  /** discriminator */
  wireless: false;
  /** rate (bit/s) */
  rateBps: number;
  /** propagation delay (s) */
  delayS: number;
}

/** A wireless link direction of a validated scenario. */
export interface ScenarioWirelessLink {
  /** link id */
  id: string;
  /** sender */
  from: string;
  /** receiver */
  to: string;
  /** discriminator */
  wireless: true;
  /** none: the rate emerges from the channel */
  rateBps: null;
  /** none: light-speed delay from the distance */
  delayS: null;
}

/** A link direction of a validated scenario. */
export type ScenarioLink = ScenarioWiredLink | ScenarioWirelessLink;

/** A compute task of a validated scenario. */
export type ScenarioComputeTask = Required<Omit<ComputeTaskSpec, 'freqHz' | 'threads'>> & Pick<ComputeTaskSpec, 'freqHz' | 'threads'>;

/** A send task of a validated scenario. */
export type ScenarioSendTask = Required<SendTaskSpec>;

/** A broadcast task of a validated scenario. */
export type ScenarioBroadcastTask = Required<BroadcastTaskSpec>;

/** Fields every task has. */
export interface TaskBase {
  /** unique id */
  id: string;
  /** ids of tasks that must end well before this one is ready (if one fails, this one fails); default none */
  after?: string[];
  /** ids of tasks that must have ended, well or not (aggregate what arrived); default none */
  afterSettled?: string[];
  /** earliest time (s) the task may be ready, e.g. when a vehicle enters; default 0 */
  notBeforeS?: number;
}

/** Compute `flops` FLOPs on `node`'s CPU (queued FIFO behind earlier work). */
export interface ComputeTaskSpec extends TaskBase {
  /** discriminator */
  type: 'compute';
  /** node id */
  node: string;
  /** work in FLOPs (≥ 0) */
  flops: number;
  /** DVFS: clock frequency for this task (Hz), at most the node's; default the node's */
  freqHz?: number;
  /** cores the task is split over (more than the node has run as many as it has); default 1 */
  threads?: number;
}

/** Send `bits` bits from `from` to `to` over the link between them (queued FIFO at the sender). */
export interface SendTaskSpec extends TaskBase {
  /** discriminator */
  type: 'send';
  /** sending node id, or `'@serving'`: the receiving terminal's serving edge center when the task is ready (needs `radio.association`) */
  from: string;
  /** receiving node id, or `'@serving'`: the sending terminal's serving edge center when the task is ready */
  to: string;
  /** message size in bits (≥ 0) */
  bits: number;
}

/**
 * Broadcast `bits` bits from `from` to every node in `to` in one transmission over their wireless
 * links (the sender's downlink medium); each receiver decodes at its own rate.
 */
export interface BroadcastTaskSpec extends TaskBase {
  /** discriminator */
  type: 'broadcast';
  /** sending node id (an edge center) */
  from: string;
  /** receiving node ids, each with a wireless link from `from` */
  to: string[];
  /** message size in bits (≥ 0) */
  bits: number;
}

/** A unit of work in the scenario's workload. */
export type TaskSpec = ComputeTaskSpec | SendTaskSpec | BroadcastTaskSpec;

/** A scenario as written in a scenario file. */
export interface ScenarioSpec {
  /** short name; names the default output folder `out/<name>` (letters, digits, `-`, `_`, `.`) */
  name: string;
  /** one paragraph: what the experiment shows */
  description?: string;
  /** root seed of every random stream; default 1 */
  seed?: number;
  /** stop the simulation at this time in seconds; default none (run until no event is left) */
  horizonS?: number;
  /**
   * events that may run at one instant before the run is declared stuck (a livelock) and stops
   * with an error naming who schedules them; default 1 000 000 (raise it for populations that do
   * more than that at one instant)
   */
  maxEventsPerInstant?: number;
  /** the nodes (entries with `fromTrace` expand to one node per trace node) */
  nodes: (NodeSpec | TraceNodesSpec)[];
  /** links between nodes; default none */
  links?: LinkSpec[];
  /** the radio environment of wireless links; defaults when absent (see `RadioSpec`) */
  radio?: RadioSpec;
  /** availability trace: a CSV `node,offS,onS` of off intervals, relative to the scenario file */
  availability?: string;
  /** federated training on the timeline (see `TrainingSpec`); default none */
  training?: TrainingSpec;
  /** inference serving on the timeline: a split model, edge servers, requests (see `InferenceSpec`); default none */
  inference?: InferenceSpec;
  /** data centers: a topology of servers and switches, jobs trained in parallel on it (see `DatacenterSpec`); default none */
  datacenters?: DatacenterSpec[];
  /** the workload; default none */
  tasks?: TaskSpec[];
  /** what the report records; default everything */
  report?: ReportSpec;
}

/** What the report records (`report` in a scenario). */
export interface ReportSpec {
  /**
   * Per-event row lists to leave out of the report (not recorded at all, so they cost no memory):
   * `transfers` and optional result sections such as `computations`, `downtimes`, `updates`,
   * `requests`. For populations whose millions of rows would not fit in one report.json; every
   * total, per-node and per-round figure is still there. Default: none left out.
   */
  omit?: string[];
}

/** A validated scenario: defaults filled in, links expanded to one entry per direction. */
export interface Scenario {
  /** see {@link ScenarioSpec.name} */
  name: string;
  /** see {@link ScenarioSpec.description} */
  description: string;
  /** see {@link ScenarioSpec.seed} */
  seed: number;
  /** see {@link ScenarioSpec.horizonS}; null when unbounded */
  horizonS: number | null;
  /** see {@link ScenarioSpec.maxEventsPerInstant} */
  maxEventsPerInstant: number;
  /** nodes with positions, mobility and radios filled in; trace paths absolute */
  nodes: ScenarioNode[];
  /** one entry per direction */
  links: ScenarioLink[];
  /** the radio environment with its defaults */
  radio: RadioEnvironment;
  /** off intervals from the availability trace */
  availability: OffInterval[];
  /** the training section, or null */
  training: TrainingSpec | null;
  /** the inference section (request-time trace paths absolute), or null */
  inference: InferenceSpec | null;
  /** the data centers, defaults filled in (their nodes and links are in `nodes` and `links`); absent when none (so reports without one are unchanged) */
  datacenters?: ResolvedDatacenter[];
  /** tasks with `after`, `afterSettled` and `notBeforeS` filled in (`freqHz` stays optional) */
  tasks: (ScenarioComputeTask | ScenarioSendTask | ScenarioBroadcastTask)[];
  /** see {@link ScenarioSpec.report}; absent when the scenario has none */
  report?: ReportSpec;
}
