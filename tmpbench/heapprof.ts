// Sampling heap profile of simulate() over one scale case, all allocations (collected by minor/major GC included).
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { scenario } from '/work/hQ6/bench/scale.ts';
import { validateScenario } from '/work/hQ6/src/scenario/validate.js';
import { simulate } from '/work/hQ6/src/report/simulate.js';
const [kind, n, rounds, out] = process.argv.slice(2);
const s = validateScenario(scenario(kind as never, Number(n), Number(rounds), undefined));
const session = new Session(); session.connect();
const post = (m: string, p?: object) => new Promise<any>((res, rej) => session.post(m, p ?? {}, (e, r) => (e ? rej(e) : res(r))));
await post('HeapProfiler.enable');
await post('HeapProfiler.startSampling', { samplingInterval: 32768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
const { report } = simulate(s);
const { profile } = await post('HeapProfiler.stopSampling');
writeFileSync(out, JSON.stringify(profile));
// aggregate self size by function+url:line
const agg = new Map<string, number>(); let total = 0;
const walk = (node: any, stack: string[]) => {
  const cf = node.callFrame; const name = `${cf.functionName || '(anon)'} ${cf.url.replace(/.*\/src\//, '')}:${cf.lineNumber + 1}`;
  const self = node.selfSize; total += self;
  if (self > 0) agg.set(name, (agg.get(name) ?? 0) + self);
  for (const c of node.children) walk(c, [...stack, name]);
};
walk(profile.head, []);
console.log(JSON.stringify({ events: report.events.processed, totalMB: +(total / 1e6).toFixed(1), perEventB: Math.round(total / report.events.processed) }));
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 45)) console.log((v / 1e6).toFixed(2).padStart(8), 'MB', k);
