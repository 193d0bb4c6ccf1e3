/**
 * Building the simulated world of a validated scenario: nodes, links, and the workload's tasks as
 * processes on the timeline.
 * @module
 */
import type { Simulator } from '../engine/simulator.js';
import type { Process } from '../engine/process.js';
import { SimNode } from '../node/node.js';
import { FixedRateLink } from '../net/link.js';
import { Medium } from '../net/medium.js';
import type { Link } from '../net/transfer.js';
import { RadioChannel, type ChannelEnd } from '../radio/channel.js';
import { Association } from '../radio/association.js';
import { startFailureProcess, applyAvailability, applyPresence } from '../node/failures.js';
import { SampledTrajectory } from '../mobility/trajectory.js';
import { noisePowerDbm } from '../radio/budget.js';
import type * as tf from '@tensorflow/tfjs';
import { startTraining, trainingModel, type TrainingRun } from '../training/start.js';
import { trainingContext } from './trainingContext.js';
import { inferenceContext } from './inferenceContext.js';
import { deployInference, type DeployedInference } from '../inference/deploy.js';
import { datacenterFabric, startDatacenter, traceSink, type StartedDatacenter } from '../datacenter/start.js';
import { datacenterTiers } from './datacenterTier.js';
import { datacenterContext } from './datacenterContext.js';
import type { Topology } from '../net/routes.js';
import { currentBackend } from '../learning/backend.js';
import { models, type ModelDef } from '../learning/models.js';
import { WirelessLink as WirelessLinkClass, type LinkEnergy } from '../net/wireless.js';
import type { EnergyMeter } from '../node/energy.js';
import { RandomStream } from '../engine/random.js';
import type { Scenario } from './types.js';
import { startTasks } from './workload.js';
import { createMobility } from '../mobility/specs.js';
import { fromTuple } from '../mobility/vec.js';
import { getOrInsert, pushTo } from '../util/maps.js';
import { Transmitter } from '../net/transmitter.js';
import { InterferenceField } from '../net/interference.js';
import { cellBand, DEFAULT_RESOURCE_BLOCK_HZ } from '../radio/environment.js';
import { dbmToW } from '../radio/units.js';
import { transmitChainW } from '../radio/power.js';

/**
 * A wireless link's energy accounts (a class, not a closure per link: a population has 6 links a
 * terminal). Its ends' meters, whether an end failed and the receive power are read from the ends
 * when asked: three references a link (a receive power stored as a field would be a boxed double
 * of its own).
 */
class WirelessLinkEnergy implements LinkEnergy {
  constructor(
    private readonly from: SimNode,
    private readonly to: SimNode,
    private readonly toPower: { readonly rxW: number },
  ) {}
  get tx(): EnergyMeter {
    return this.from.energy;
  }
  get rx(): EnergyMeter {
    return this.to.energy;
  }
  get rxPowerW(): number {
    return this.toPower.rxW;
  }
  failed(): string | undefined {
    return this.from.failed ?? this.to.failed;
  }
}

/** A stream seeded as `sim.rng.stream(name)` would be, not kept by the simulator's registry (for draws made once). */
function transientStream(sim: Simulator, name: string): RandomStream {
  return new RandomStream(name, `${sim.rng.seed}/${sim.rng.run}/${name}`);
}

/** Training in a world: its run and the TF.js model to dispose at the end. */
export interface WorldTraining {
  /** the training run */
  run: TrainingRun;
  /** the TF.js model it trains; null in timing-only mode */
  model: tf.LayersModel | null;
}

/** The simulated world of one run. */
export interface World {
  /** the simulator */
  sim: Simulator;
  /** the scenario it was built from */
  scenario: Scenario;
  /** nodes by id, in scenario order */
  nodes: Map<string, SimNode>;
  /** links, one per direction, in scenario order */
  links: Link[];
  /** links by `${from}->${to}` of their ends */
  linksByEnds: Map<string, Link>;
  /** radio channels by node pair (`a|b`, ids sorted) */
  channels: Map<string, RadioChannel>;
  /** shared media by `<node>/uplink` and `<node>/downlink` */
  media: Map<string, Medium>;
  /** terminals' serving edge centers, when the radio environment associates */
  association: Association | null;
  /** a node's downlink medium (created on first use) */
  downlink(node: string): Medium;
  /** the links as a topology: routes, serving edge centers, downlink media */
  topology: Topology;
  /** federated training, when the scenario has a training section */
  training: WorldTraining | null;
  /** inference serving, when the scenario has an inference section */
  inference: DeployedInference | null;
  /** the task processes by task id (each completes when its task ends) */
  tasks: Map<string, Process<boolean>>;
  /** the data centers running their jobs, in scenario order */
  datacenters: StartedDatacenter[];
}

/**
 * Refuses to train `def` without a TF.js backend, or a convolutional model on wasm (no
 * Conv2DBackpropFilter): `edgesim run` selects one with `backendForModel`.
 * @throws Error naming what to call
 */
function requireBackendFor(def: ModelDef): void {
  if (currentBackend() === undefined) throw new Error(`the scenario trains model '${def.name}': select a TF.js backend first (selectBackend())`);
  if (def.convolutional && currentBackend()!.name === 'wasm') {
    throw new Error(`model '${def.name}' cannot train on the wasm backend (no Conv2DBackpropFilter): call backendForModel() after selectBackend(), as edgesim run does`);
  }
}

/**
 * Builds nodes and links and starts the workload's task processes at time 0.
 * @param sim - a fresh simulator
 * @param scenario - a validated scenario
 */
export function buildWorld(sim: Simulator, scenario: Scenario): World {
  const nodes = new Map<string, SimNode>();
  const shared = new Map<string, unknown>();
  for (const n of scenario.nodes) {
    const mobility = createMobility(n.mobility, { nodeId: n.id, positionM: fromTuple(n.positionM), rng: sim.rng, shared, baseDir: process.cwd() });
    nodes.set(n.id, new SimNode(sim, { id: n.id, kind: n.kind, cpu: n.cpu, mobility, idleW: n.power.idleW, batteryJ: n.batteryJ }));
  }
  const env = scenario.radio;
  const ends = new Map<string, ChannelEnd>(scenario.nodes.map((n) => [n.id, { id: n.id, mobility: nodes.get(n.id)!.mobility, radio: n.radio }]));
  const channels = new Map<string, RadioChannel>();
  const warn = (message: string): void => sim.trace.emit('warning', { message });
  const media = new Map<string, Medium>();
  const channelStream = (name: string): RandomStream => transientStream(sim, name); // one for every channel
  const channel = (a: string, b: string): RadioChannel => {
    const x = a < b ? a : b;
    const y = a < b ? b : a;
    const key = `${x}|${y}`;
    const made = channels.get(key);
    if (made !== undefined) return made;
    // The channel draws its three numbers from `radio/<x>|<y>` at its first evaluation and never
    // again (most terminal–edge pairs of a population are never evaluated): a transient stream with
    // the same seed as `sim.rng.stream(...)` gives the same draws without keeping 4·10⁵ generators
    // alive for a run (nothing else asks for `radio/<a>|<b>`).
    const fresh = new RadioChannel(env, ends.get(x)!, ends.get(y)!, channelStream, warn);
    channels.set(key, fresh);
    return fresh;
  };
  // Each edge center is a cell; under frequency reuse K, cell i uses band i mod K in each
  // direction, and co-channel cells interfere (src/net/interference.ts).
  const field = new InterferenceField(sim, channel, env.bandwidthHz, env.stepS, env.interferenceRangeM);
  const cells = new Map(scenario.nodes.filter((n) => n.kind === 'edge').map((n, i) => [n.id, i]));
  // By node id per direction (a lookup per link builds no key string); `media` keyed `<node>/<direction>` as made.
  const byDirection = { uplink: new Map<string, Medium>(), downlink: new Map<string, Medium>() };
  const medium = (node: string, direction: 'uplink' | 'downlink'): Medium => {
    const made = byDirection[direction].get(node);
    if (made !== undefined) return made;
    const key = `${node}/${direction}`;
    return getOrInsert(media, key, () => {
      const cell = cells.get(node);
      const spectrum = cell === undefined ? undefined : { field, band: `${direction}/${cellBand(cell, env.frequencyReuse)}` };
      const m = new Medium(key, env.access, env.bandwidthHz, env.dedicatedBandwidthHz, spectrum, env.resourceBlockHz ?? DEFAULT_RESOURCE_BLOCK_HZ);
      if (cell !== undefined) field.place(m, ends.get(node)!);
      byDirection[direction].set(node, m);
      return m;
    });
  };
  // A transfer shares the medium of the infrastructure end: the receiver's uplink when it is an
  // edge center or server, else the sender's downlink; between two terminals, the receiver's.
  const mediumFor = (from: string, to: string): Medium =>
    nodes.get(to)!.kind !== 'terminal' || nodes.get(from)!.kind === 'terminal' ? medium(to, 'uplink') : medium(from, 'downlink');
  const specs = new Map(scenario.nodes.map((n) => [n.id, n]));
  // One transmitter per sending node: its power is split across its concurrent transmissions.
  const transmitters = new Map<string, Transmitter>();
  const transmitter = (id: string): Transmitter =>
    transmitters.get(id) ??
    getOrInsert(transmitters, id, () => {
      const radio = ends.get(id)!.radio;
      const powerW = dbmToW(radio.txPowerDbm);
      // While on air it radiates its whole power (split across its transmissions): the chain draws P/η + circuit.
      return new Transmitter(sim, id, powerW, transmitChainW(radio, powerW), nodes.get(id)!.energy);
    });
  // A node's failure interrupts its links (a wired link's sender, a wireless link's either end), in
  // scenario order: one listener per node, over its list of links (registered once the lists are
  // complete, each list copied to its exact length: grown by pushes it would keep room for 17).
  const failing = new Map<SimNode, (FixedRateLink | WirelessLinkClass)[]>();
  const interruptedBy = (node: SimNode, link: FixedRateLink | WirelessLinkClass): void => pushTo(failing, node, link);
  let previousFrom = '';
  let previousTo = '';
  let previousChannel: RadioChannel | null = null;
  const links: Link[] = scenario.links.map((l) => {
    if (!l.wireless) {
      const wired = new FixedRateLink(sim, l, () => nodes.get(l.to)!.failed);
      interruptedBy(nodes.get(l.from)!, wired);
      return wired;
    }
    const a = nodes.get(l.from)!;
    const b = nodes.get(l.to)!;
    const energy = new WirelessLinkEnergy(a, b, specs.get(l.to)!.power);
    // A duplex link's two directions come one after the other and share a channel: no key to build for the second.
    const ch = previousChannel !== null && previousFrom === l.to && previousTo === l.from ? previousChannel : channel(l.from, l.to);
    previousFrom = l.from;
    previousTo = l.to;
    previousChannel = ch;
    const link = new WirelessLinkClass(sim, l.id, ends.get(l.from)!, ends.get(l.to)!, ch, mediumFor(l.from, l.to), transmitter(l.from), env, energy);
    interruptedBy(a, link);
    interruptedBy(b, link);
    return link;
  });
  for (const [node, list] of failing) {
    const mine = list.slice();
    node.whenFailed((reason) => {
      for (const x of mine) x.interruptAll(`node '${node.id}' failed (${reason})`);
    });
  }
  failing.clear();
  // A link's id is usually `${from}->${to}` already: that string is the key then (no second copy).
  const linksByEnds = new Map<string, Link>();
  for (const l of links) {
    const key = `${l.from}->${l.to}`;
    linksByEnds.set(l.id === key ? l.id : key, l);
  }
  let association: Association | null = null;
  if (env.association !== null) {
    // Each terminal's wireless links to edge centers, grouped in one pass over the links.
    const toEdges = new Map<string, { end: ChannelEnd; channel: RadioChannel }[]>();
    for (const l of links) {
      if (l instanceof WirelessLinkClass && nodes.get(l.to)!.kind === 'edge') pushTo(toEdges, l.from, { end: ends.get(l.to)!, channel: l.channel });
    }
    const candidates = scenario.nodes
      .filter((n) => n.kind === 'terminal')
      .map((n) => ({ terminal: ends.get(n.id)!, edges: toEdges.get(n.id) ?? [] }));
    association = new Association(
      sim,
      candidates,
      env.association,
      (terminal, from) => {
        for (const key of [`${terminal}->${from}`, `${from}->${terminal}`]) {
          const l = linksByEnds.get(key);
          if (l instanceof WirelessLinkClass) l.interruptAll(`handover of '${terminal}' from '${from}'`);
        }
      },
      env.coverage === null
        ? undefined
        : {
            ...env.coverage,
            noiseDbm: (terminal) => noisePowerDbm(env.bandwidthHz, ends.get(terminal)!.radio.noiseFigureDb),
            lost: (terminal) => nodes.get(terminal)!.fail('out of coverage'),
            regained: (terminal) => nodes.get(terminal)!.repair('out of coverage'),
          },
      (edge) => nodes.get(edge)!.failed === undefined,
    );
    // A failed (or absent) edge center serves nobody: its terminals re-attach at once; back, it serves again.
    for (const n of scenario.nodes) {
      if (n.kind !== 'edge') continue;
      const node = nodes.get(n.id)!;
      node.whenFailed(() => association!.edgeChanged(n.id));
      node.whenRepaired(() => association!.edgeChanged(n.id));
    }
  }
  const downlink = (node: string): Medium => medium(node, 'downlink');
  const topology: Topology = { links, linksByEnds, downlink, servingEdge: (node) => association?.servingEdge(node) };
  const world: World = { sim, scenario, nodes, links, linksByEnds, channels, media, association, downlink, topology, training: null, inference: null, tasks: new Map(), datacenters: [] };
  const offByNode = new Map<string, Scenario['availability']>();
  for (const iv of scenario.availability) pushTo(offByNode, iv.node, iv);
  for (const n of scenario.nodes) {
    const node = nodes.get(n.id)!;
    if (n.failures !== null) startFailureProcess(sim, node, n.failures, sim.rng.stream(`failures/${n.id}`));
    const off = offByNode.get(n.id);
    if (off !== undefined) applyAvailability(sim, node, off);
    // A node of a trace exists only within its presence window (a vehicle on the road).
    if (node.mobility instanceof SampledTrajectory && node.mobility.presence === 'window') applyPresence(sim, node, ...node.mobility.presenceWindowS);
  }
  association?.start();
  startTasks(world);
  const dcs = scenario.datacenters ?? [];
  const fabrics = dcs.map((dc) => datacenterFabric(datacenterContext(world), dc));
  const tiers = datacenterTiers(world, dcs, fabrics);
  if (scenario.training !== null && scenario.training.mode === 'timing') {
    // Timing only: no TF.js backend, model or data (see src/training/timing/task.ts).
    world.training = { run: startTraining(trainingContext(world, tiers), scenario.training, scenario.nodes, null, trainingModel(scenario.training)), model: null };
  } else if (scenario.training !== null) {
    const def = trainingModel(scenario.training);
    requireBackendFor(def);
    const model = def.build();
    world.training = { run: startTraining(trainingContext(world, tiers), scenario.training, scenario.nodes, model, def), model };
  }
  if (scenario.inference !== null) world.inference = deployInference(inferenceContext(world), scenario.inference, scenario.seed, scenario.nodes);
  for (const dc of dcs) for (const job of dc.jobs) if (job.mode === 'real') requireBackendFor(models.get(job.model)());
  if (dcs.length > 0) world.datacenters = dcs.map((dc, i) => startDatacenter(datacenterContext(world), dc, fabrics[i]!, sim.rng, traceSink(sim.trace)));
  return world;
}
