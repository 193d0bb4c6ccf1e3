/**
 * Mobility in a scenario: the spec of each model (types and run-time schema) and the registry
 * that builds a {@link MobilityModel} from a spec. `edgesim list` prints the registry.
 * @module
 */
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { Registry } from '../engine/registry.js';
import type { RandomStreams } from '../engine/random.js';
import type { MobilityModel } from './model.js';
import { ConstantVelocityMobility, StaticMobility } from './simple.js';
import { SampledTrajectory } from './trajectory.js';
import { randomWaypoint } from './randomWaypoint.js';
import { gaussMarkov } from './gaussMarkov.js';
import { ArrivalProcess, highwayVehicle, type LaneSpec } from './highway.js';
import { loadTrace } from './traces/formats.js';
import { resolveTracePath } from './traces/paths.js';
import { fromTuple, type Vec3, type Vec3Tuple } from './vec.js';


/** `static`: stays at the node's `positionM`. */
export interface StaticSpec {
  /** discriminator */
  model: 'static';
}
/** `constant-velocity`: from the node's `positionM` at t = 0, at a fixed velocity. */
export interface ConstantVelocitySpec {
  /** discriminator */
  model: 'constant-velocity';
  /** velocity [vx, vy, vz] in m/s */
  velocityMps: Vec3Tuple;
}
/** A timed position. */
export interface Waypoint {
  /** time (s) */
  tS: number;
  /** position (m) */
  positionM: Vec3Tuple;
}
/** `waypoints`: linear interpolation between timed positions; holds the first before and the last after. */
export interface WaypointsSpec {
  /** discriminator */
  model: 'waypoints';
  /** at least one waypoint, times non-decreasing */
  waypoints: Waypoint[];
}
/** The horizontal area of a random model. */
export interface BoundsSpec {
  /** [min, max] of x (m) */
  xM: [number, number];
  /** [min, max] of y (m) */
  yM: [number, number];
}
/** `random-waypoint` (ns-3 semantics). */
export interface RandomWaypointSpec {
  /** discriminator */
  model: 'random-waypoint';
  /** area of the waypoints */
  boundsM: BoundsSpec;
  /** [min, max] speed (m/s), min > 0; default [0.3, 0.7] (ns-3) */
  speedMps?: [number, number];
  /** [min, max] pause (s); default [2, 2] (ns-3) */
  pauseS?: [number, number];
  /** start position; default drawn uniformly in the area */
  startM?: Vec3Tuple;
}
/** `gauss-markov` (ns-3 semantics, reflecting at the bounds). */
export interface GaussMarkovSpec {
  /** discriminator */
  model: 'gauss-markov';
  /** the area */
  boundsM: BoundsSpec;
  /** memory α in [0, 1]; default 0.85 */
  alpha?: number;
  /** mean speed (m/s) */
  meanSpeedMps: number;
  /** mean direction (rad, 0 = +x); default drawn from U[0, 2π) */
  meanDirectionRad?: number;
  /** speed noise σ (m/s); default 1 */
  speedSdMps?: number;
  /** direction noise σ (rad); default 0.5 */
  directionSdRad?: number;
  /** update interval (s); default 1 */
  stepS?: number;
  /** start position; default drawn uniformly in the area */
  startM?: Vec3Tuple;
}
/** `highway`: vehicle number `vehicle` of a road whose vehicles enter as a Poisson process. */
export interface HighwaySpec {
  /** discriminator */
  model: 'highway';
  /** road name: vehicles naming the same road share its arrivals (give them the same road fields) */
  road: string;
  /** length (m) */
  lengthM: number;
  /** lanes along x */
  lanes: LaneSpec[];
  /** vehicles per second entering, all lanes together */
  arrivalRatePerS: number;
  /** this vehicle's index among the road's arrivals (0 = first) */
  vehicle: number;
  /** antenna height (m); default 1.5 */
  zM?: number;
}
/** Replay node `id` (or the `index`-th node) of a trace file. */
export interface TraceMobilitySpec {
  /** trace path, relative to the scenario file's folder (or absolute) */
  trace: string;
  /** the node's id in the trace */
  id?: string;
  /** or its position among the trace's nodes in order of first appearance (0-based) */
  index?: number;
  /** trace format; default detected (see `edgesim list`) */
  format?: string;
  /** BonnMotion only: 2 or 3 dimensions */
  dims?: 2 | 3;
}
/** How a node moves. */
export type MobilitySpec = StaticSpec | ConstantVelocitySpec | WaypointsSpec | RandomWaypointSpec | GaussMarkovSpec | HighwaySpec | TraceMobilitySpec;

/** What a model factory gets besides its spec. */
export interface MobilityContext {
  /** the node's id (names its stream `mobility/<id>`) */
  nodeId: string;
  /** the node's `positionM` */
  positionM: Vec3;
  /** the run's random streams */
  rng: RandomStreams;
  /** objects shared by the nodes of one world (a road's arrival process) */
  shared: Map<string, unknown>;
  /** folder that relative trace paths are resolved against */
  baseDir: string;
}

/** A registered mobility model: its spec schema and factory. */
export interface MobilityModelEntry {
  /** the spec's schema */
  schema: z.ZodType;
  /** builds the model */
  create(spec: never, ctx: MobilityContext): MobilityModel;
}

const finite = z.number().refine(Number.isFinite, { message: 'expected a finite number' });
const positive = finite.refine((v) => v > 0, { message: 'expected a number > 0' });
const nonNegative = finite.refine((v) => v >= 0, { message: 'expected a number ≥ 0' });
const tuple3 = z.tuple([finite, finite, finite]);
const range = (inner: z.ZodType<number>) =>
  z.tuple([inner, inner]).refine(([a, b]) => a <= b, { message: 'expected [min, max] with min ≤ max' });
const bounds = z.strictObject({ xM: range(finite), yM: range(finite) });
const stream = (ctx: MobilityContext) => ctx.rng.stream(`mobility/${ctx.nodeId}`);

/** The registry of mobility models. */
export const mobilityModels = new Registry<MobilityModelEntry>('mobility model')
  .register('static', 'stays at positionM', {
    schema: z.strictObject({ model: z.literal('static') }),
    create: (_s: StaticSpec, ctx) => new StaticMobility(ctx.positionM),
  })
  .register('constant-velocity', 'from positionM at t = 0, at velocityMps', {
    schema: z.strictObject({ model: z.literal('constant-velocity'), velocityMps: tuple3 }),
    create: (s: ConstantVelocitySpec, ctx) => new ConstantVelocityMobility(ctx.positionM, fromTuple(s.velocityMps)),
  })
  .register('waypoints', 'linear between timed waypoints, holding the first and the last', {
    schema: z.strictObject({
      model: z.literal('waypoints'),
      waypoints: z
        .array(z.strictObject({ tS: nonNegative, positionM: tuple3 }))
        .min(1, { message: 'expected at least one waypoint' })
        .refine((w) => w.every((p, i) => i === 0 || p.tS >= w[i - 1]!.tS), { message: 'waypoint times must not decrease' }),
    }),
    create: (s: WaypointsSpec) => {
      const t = new SampledTrajectory('waypoints', 'always');
      for (const w of s.waypoints) t.add(w.tS, ...w.positionM);
      return t;
    },
  })
  .register('random-waypoint', 'random waypoint in boundsM (ns-3: speed U[0.3, 0.7] m/s, pause 2 s)', {
    schema: z.strictObject({ model: z.literal('random-waypoint'), boundsM: bounds, speedMps: range(positive).optional(), pauseS: range(nonNegative).optional(), startM: tuple3.optional() }),
    create: (s: RandomWaypointSpec, ctx) =>
      randomWaypoint({ boundsM: s.boundsM, speedMps: s.speedMps ?? [0.3, 0.7], pauseS: s.pauseS ?? [2, 2], startM: s.startM && fromTuple(s.startM) }, stream(ctx)),
  })
  .register('gauss-markov', 'Gauss–Markov speed and direction, reflecting at boundsM', {
    schema: z.strictObject({
      model: z.literal('gauss-markov'),
      boundsM: bounds,
      alpha: finite.refine((a) => a >= 0 && a <= 1, { message: 'expected α in [0, 1]' }).optional(),
      meanSpeedMps: nonNegative,
      meanDirectionRad: finite.optional(),
      speedSdMps: nonNegative.optional(),
      directionSdRad: nonNegative.optional(),
      stepS: positive.optional(),
      startM: tuple3.optional(),
    }),
    create: (s: GaussMarkovSpec, ctx) => {
      const rng = stream(ctx);
      const meanDirectionRad = s.meanDirectionRad ?? rng.uniform(0, 2 * Math.PI);
      return gaussMarkov(
        { boundsM: s.boundsM, alpha: s.alpha ?? 0.85, meanSpeedMps: s.meanSpeedMps, meanDirectionRad, speedSdMps: s.speedSdMps ?? 1, directionSdRad: s.directionSdRad ?? 0.5, stepS: s.stepS ?? 1, startM: s.startM && fromTuple(s.startM) },
        rng,
      );
    },
  })
  .register('highway', 'vehicle k of a road with Poisson arrivals, driving its lane to the end', {
    schema: z.strictObject({
      model: z.literal('highway'),
      road: z.string().min(1),
      lengthM: positive,
      lanes: z.array(z.strictObject({ yM: finite, direction: z.union([z.literal(1), z.literal(-1)]), speedMps: positive })).min(1, { message: 'expected at least one lane' }),
      arrivalRatePerS: positive,
      vehicle: z.number().int().nonnegative(),
      zM: finite.optional(),
    }),
    create: (s: HighwaySpec, ctx) => {
      const key = `highway/${s.road}`;
      let arrivals = ctx.shared.get(key) as ArrivalProcess | undefined;
      if (arrivals === undefined) ctx.shared.set(key, (arrivals = new ArrivalProcess({ ...s }, ctx.rng.stream(`mobility/highway/${s.road}`))));
      return highwayVehicle(s, arrivals, s.vehicle);
    },
  });

/** Schema of a trace reference. */
export const traceMobilitySchema = z
  .strictObject({
    trace: z.string().min(1),
    id: z.string().min(1).optional(),
    index: z.number().int().nonnegative().optional(),
    format: z.string().optional(),
    dims: z.union([z.literal(2), z.literal(3)]).optional(),
  })
  .refine((s) => (s.id === undefined) !== (s.index === undefined), { message: 'give exactly one of id and index' });

/**
 * Whether a spec replays a trace.
 * @param spec - a mobility spec
 */
export function isTraceSpec(spec: MobilitySpec): spec is TraceMobilitySpec {
  return (spec as TraceMobilitySpec).trace !== undefined;
}

export { resolveTracePath }; // the one rule for trace paths: ./traces/paths.ts

/**
 * Builds a node's mobility model.
 * @param spec - the node's mobility (default static)
 * @param ctx - node, streams, shared objects, base folder
 * @throws InputError for a trace that cannot be read or lacks the node
 */
export function createMobility(spec: MobilitySpec | undefined, ctx: MobilityContext): MobilityModel {
  if (spec === undefined) return new StaticMobility(ctx.positionM);
  if (isTraceSpec(spec)) {
    const trace = loadTrace(resolveTracePath(spec.trace, ctx.baseDir), spec.format, { dims: spec.dims });
    const id = spec.id ?? [...trace.nodes.keys()][spec.index!];
    const traj = id === undefined ? undefined : trace.nodes.get(id);
    if (traj === undefined) throw new Error(`node ${spec.id ?? `#${spec.index}`} is not in ${spec.trace}`);
    return traj;
  }
  return mobilityModels.get(spec.model).create(spec as never, ctx);
}

/** The folder of a scenario file (where relative trace paths start), or the working folder. */
export function baseDirOf(file: string | undefined): string {
  return file === undefined ? process.cwd() : dirname(resolve(file));
}
