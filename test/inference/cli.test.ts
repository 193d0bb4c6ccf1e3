/** `edgesim optimize deploy` and `edgesim run` of the inference scenarios, through the CLI. */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { edgesim, tmp } from '../cli/helpers.js';

test('`optimize deploy` prints the eq. 5 plan of deploy-optimize.ts: feasible, every sensor planned, shares within the server', async (t) => {
  const r = await edgesim('optimize', 'deploy', 'scenarios/deploy-optimize.ts', '--backend', 'cpu', '--json');
  t.is(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout) as { plan: { feasible: boolean; terminals: { id: string; split: number; share: number; prediction: { latencyS: number } }[]; edgeShares: { share: number }[] }; problem: { terminals: { maxLatencyS: number }[] } };
  t.true(o.plan.feasible);
  t.is(o.plan.terminals.length, 12);
  t.true(o.plan.edgeShares.every((e) => e.share <= 1 + 1e-12));
  // The budget is the workload's 20 ms deadline, and every predicted latency is within it.
  t.true(o.problem.terminals.every((x) => x.maxLatencyS === 0.02));
  t.true(o.plan.terminals.every((x) => x.prediction.latencyS <= 0.02));
  const text = await edgesim('optimize', 'deploy', 'scenarios/deploy-optimize.ts', '--backend', 'cpu');
  t.regex(text.stdout, /^Deployment plan \(lagrangian\): feasible/);
  t.regex(text.stdout, /\| terminal \| server \| split \| share \| latency \(ms\) \|/);
});

test('`run` of split-inference.ts writes requests.csv and the inference summary; an unknown optimization names the known ones', async (t) => {
  const out = join(tmp(), 'si');
  const r = await edgesim('run', 'scenarios/split-inference.ts', '--set', 'horizonS=2', '--backend', 'cpu', '--format', 'json,md,csv', '--quiet', '--out', out);
  t.is(r.code, 0, r.stderr);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  t.is(report.inference.model, '2nn');
  t.is(report.inference.plan.terminals.length, 20);
  const csv = readFileSync(join(out, 'requests.csv'), 'utf8').trim().split('\n');
  t.is(csv.length - 1, report.requests.length);
  t.true(csv[0]!.startsWith('id,terminal,server,split,variant,sample,arrivalS'));
  t.regex(readFileSync(join(out, 'report.md'), 'utf8'), /## Inference requests[\s\S]*Deployment planned by the eq\. 5 optimizer/);
  const bad = await edgesim('optimize', 'nope', 'scenarios/split-inference.ts');
  t.is(bad.code, 2);
  t.regex(bad.stderr, /unknown optimization 'nope'; known: ota, deploy/);
});
