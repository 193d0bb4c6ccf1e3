/**
 * Highway: vehicles replayed from a SUMO FCD trace offload perception results to a roadside edge
 * center as they enter the road.
 *
 * `traces/highway-fcd.xml` holds 60 s of a 1 km, six-lane road (SUMO's FCD layout, made by
 * `scripts/make-traces.ts`). Each vehicle is a node that exists only while it is on the road; when
 * it enters, it runs a perception network (2 GFLOP) on its vehicle unit and uploads a 4 Mbit
 * result to the roadside unit, which fuses it (50 GFLOP) and forwards a summary to the cloud. The
 * report gives each vehicle's path (distance, time on the road) next to the timeline. Wireless
 * links whose rate follows the vehicle's distance replace the fixed links in a later version.
 *
 * Run it: `npx edgesim run scenarios/highway.ts`
 */
import { fileURLToPath } from 'node:url';
import { defineScenario, loadTrace, type LinkSpec, type NodeSpec, type TaskSpec } from 'edgesim';

const TRACE = '../traces/highway-fcd.xml'; // relative to this file, as trace paths in a scenario are
const trace = loadTrace(fileURLToPath(new URL(TRACE, import.meta.url)));

const nodes: NodeSpec[] = [
  { id: 'rsu', kind: 'edge', positionM: [500, 50, 10], accelerator: { flopsPerS: 8.1e12, boardPowerW: 70 } }, // T4 roadside server: 8.1 TFLOP/s FP32 at 70 W
  { id: 'cloud', kind: 'server', positionM: [500, -5000, 0], cpuFlopsPerS: 19.5e12 },
];
const links: LinkSpec[] = [{ from: 'rsu', to: 'cloud', rateBps: 1e9, delayS: 0.01 }];
const tasks: TaskSpec[] = [];

for (const [id, path] of trace.nodes) {
  nodes.push({ id, kind: 'terminal', cpuFlopsPerS: 25e9, mobility: { trace: TRACE, id } });
  links.push({ from: id, to: 'rsu', rateBps: 20e6, delayS: 0.001 });
  const enter = path.firstTimeS;
  tasks.push({ id: `${id}/perceive`, type: 'compute', node: id, flops: 2e9, notBeforeS: enter });
  tasks.push({ id: `${id}/upload`, type: 'send', from: id, to: 'rsu', bits: 4e6, after: [`${id}/perceive`] });
  tasks.push({ id: `${id}/fuse`, type: 'compute', node: 'rsu', flops: 50e9, after: [`${id}/upload`] });
  tasks.push({ id: `${id}/summary`, type: 'send', from: 'rsu', to: 'cloud', bits: 1e5, after: [`${id}/fuse`] });
}

export default defineScenario({
  name: 'highway',
  description: 'Vehicles replayed from a SUMO FCD trace (1 km, six lanes, 60 s) offload perception results to a roadside edge center as they enter the road.',
  seed: 1,
  horizonS: 60, // the length of the trace
  nodes,
  links,
  tasks,
});
