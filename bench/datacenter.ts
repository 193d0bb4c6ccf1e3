/**
 * Data-center benchmark: the CNN data-parallel (timing mode: sizes and FLOPs, no values) on a
 * k-ary fat-tree of k³/4 servers (k = 4, 6, 8: 16, 54, 128 servers), 16 KiB segments, the global
 * batch 16 per server, one job per collective (ring, halving-doubling, hierarchical rs-ar-ag,
 * sharded parameter server), 3 steps each. The simulator's cost is its events: 5 per segment per
 * hop plus a few per message, so it follows what each algorithm sends — per server, link bits are
 * about constant in p (a ring moves ≈ 2n bytes per server), but the ring and the all-to-all
 * parameter server send O(p) messages per server (O(p²) in all), halving-doubling O(lg p).
 * One JSON line per (k, collective):
 *   {"k":…,"servers":…,"collective":…,"events":…,"eventsPerServerStep":…,"linkMbitPerServerStep":…,
 *    "wallS":…,"eventsPerS":…,"meanStepS":…,"peakRssMB":…}
 *
 * Usage: npm run bench:datacenter [-- --k 4,6,8] [--collectives ring,hierarchical]
 */
import { validateScenario } from '../src/scenario/validate.js';
import { simulate } from '../src/report/simulate.js';
import type { ScenarioSpec } from '../src/scenario/types.js';
import type { DatacenterSpec, DcJobSpec } from '../src/datacenter/spec.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const KS = arg('k', '4,6,8').split(',').map(Number);
const COLLECTIVES: Record<string, Record<string, unknown>> = {
  ring: { name: 'ring' },
  'halving-doubling': { name: 'halving-doubling' },
  hierarchical: { name: 'hierarchical', variant: 'rs-ar-ag', inter: 'ring', racks: 'topology' },
  'parameter-server': { name: 'parameter-server', servers: 'sharded' },
};
const NAMES = arg('collectives', Object.keys(COLLECTIVES).join(',')).split(',');
const STEPS = 3;

function scenario(k: number, collective: string): ScenarioSpec {
  const servers = (k * k * k) / 4;
  const job: DcJobSpec = { name: 'dp', kind: 'data-parallel', model: 'cnn', mode: 'timing', steps: STEPS, batch: 16 * servers, collective: { ...COLLECTIVES[collective]!, name: String(COLLECTIVES[collective]!.name) }, fusion: { bucketBytes: 2 ** 20 } };
  const dc: DatacenterSpec = {
    id: 'dc',
    topology: { name: 'fat-tree', k, hostRateBps: 25e9, servers: [{ cpuFlopsPerS: 1e13, memoryBytes: 1e9 }] },
    segmentBytes: 16_384,
    jobs: [job],
  };
  return { name: `dc-bench-k${k}-${collective}`, seed: 1, nodes: [{ id: 'gw', kind: 'server', cpuFlopsPerS: 1e9 }], report: { omit: ['transfers'] }, datacenters: [dc] };
}

for (const k of KS)
  for (const collective of NAMES) {
    const servers = (k * k * k) / 4;
    const spec = scenario(k, collective);
    const t0 = performance.now();
    const { report } = simulate(validateScenario(spec));
    const wallS = (performance.now() - t0) / 1000;
    const events = report.events.processed;
    const job = report.dcJobs![0]!;
    const linkBits = report.dcLinks!.reduce((a, l) => a + l.bits, 0);
    console.log(
      JSON.stringify({
        k,
        servers,
        collective,
        events,
        eventsPerServerStep: Math.round(events / servers / STEPS),
        linkMbitPerServerStep: Number((linkBits / 1e6 / servers / STEPS).toFixed(1)),
        wallS: Number(wallS.toFixed(3)),
        eventsPerS: Math.round(events / wallS),
        meanStepS: job.meanStepS,
        peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      }),
    );
  }
