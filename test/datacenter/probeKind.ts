/**
 * A data-center job kind for tests ('probe'): each step, the job's first server computes `flops`
 * FLOPs, then sends `bytes` to its second server over the fabric. Its check rejects servers
 * offering less than `needBytes`, naming the node (`describeEnv`: one message describing the check env instead); `failAtStep` throws a WorkFailure as a lost message would. Registered by {@link registerProbeKind} (each
 * ava test file runs in its own process: workerThreads is false).
 */
import { z } from 'zod';
import { dcJobKinds } from '../../src/datacenter/jobKinds.js';
import type { DcJobKindEntry, DcNodeRecord, DcStepRecord, JobOutcome } from '../../src/datacenter/job.js';
import { WorkFailure } from '../../src/engine/errors.js';
import type { ResolvedDcJobBase } from '../../src/datacenter/spec.js';

export interface ProbeJob extends ResolvedDcJobBase {
  kind: 'probe';
  flops: number;
  bytes: number;
  needBytes: number;
  failAtStep: number | null;
  describeEnv: boolean;
}

export const probeEntry: DcJobKindEntry<any> = {
  shape: { kind: z.literal('probe'), flops: z.number().min(0), bytes: z.number().min(0), needBytes: z.number().min(0).optional(), failAtStep: z.number().int().min(0).optional(), describeEnv: z.boolean().optional() },
  resolve: (spec, base) => ({ ...base, kind: 'probe', flops: spec['flops'] as number, bytes: spec['bytes'] as number, needBytes: (spec['needBytes'] as number | undefined) ?? 0, failAtStep: (spec['failAtStep'] as number | undefined) ?? null, describeEnv: (spec['describeEnv'] as boolean | undefined) ?? false }),
  check: (job: ProbeJob, env) =>
    job.describeEnv
      ? [`bytes: transferS ${env.transferS(job.servers[0]!, job.servers[1]!, job.bytes)}; trainExamples ${env.trainExamples}; flopsPerS ${env.servers.map((s) => s.flopsPerS).join(' ')}; memoryBytes ${env.servers.map((s) => s.memoryBytes).join(' ')}; seed ${env.seed}`]
      : env.servers.filter((s) => s.memoryBytes < job.needBytes).map((s) => `servers: a probe of '${job.model}' needs ${job.needBytes} bytes but '${s.id}' offers ${s.memoryBytes} bytes`),
  scheme: () => 'probe',
  *run(env, job: ProbeJob, onStep): Generator<any, JobOutcome, any> {
    const [a, b] = job.servers as [string, string];
    const sim = env.ctx.sim;
    const steps: DcStepRecord[] = [];
    let computeS = 0;
    const t0 = sim.now;
    for (let k = 0; k < job.steps; k++) {
      const startS = sim.now;
      if (k === job.failAtStep) throw new WorkFailure(`probe '${job.name}' failed at step ${k}`);
      yield env.ctx.node(a).cpu.computeOnAllCores(job.flops, `${job.name}/compute`).done;
      const c = sim.now - startS;
      computeS += c;
      yield env.fabric.send(a, b, job.bytes, `${job.name}/send`);
      const r: DcStepRecord = { dc: env.dc, job: job.name, step: k, startS, endS: sim.now, stepS: sim.now - startS, computeMaxS: c, computeMinS: 0, commExposedS: sim.now - startS - c, bubbleMeanS: null, idleMeanS: 0, loss: null, accuracy: null };
      steps.push(r);
      onStep(r);
    }
    const durationS = sim.now - t0;
    const nodes: DcNodeRecord[] = job.servers.map((id, i) => ({ dc: env.dc, job: job.name, node: id, role: i === 0 ? 'sender' : 'receiver', samples: 0, memoryUsedBytes: job.needBytes, memoryBytes: env.ctx.memoryBytes(id) * job.memoryFraction, computeBusyS: i === 0 ? computeS : 0, idleS: i === 0 ? durationS - computeS : durationS }));
    return { steps, nodes, predictedStepS: null, finalAccuracy: null, outcome: 'done' };
  },
};

/** Registers 'probe' once. */
export function registerProbeKind(): void {
  if (!dcJobKinds.has('probe')) dcJobKinds.register('probe', 'test kind: compute then send', probeEntry);
}
