/**
 * Mobility benchmark: parse a generated 1e6-line ns-2 trace and a 1e6-row CSV trace, and query
 * positionAt on 1000 replayed nodes. Each parse runs in a child process of its own so its peak RSS
 * is its own. Prints one JSON line per case:
 *   {"name":"ns2"|"csv","lines":…,"samples":…,"linesPerS":…,"peakRssMB":…,"baselineRssMB":…,
 *    "bytesPerSample":… (peak RSS growth / samples), "retainedBytesPerSample":… (live heap after GC / samples)}
 *   {"name":"positionAt","nodes":1000,"queries":…,"queriesPerS":…}
 *
 * Usage: npm run bench:mobility [-- --lines N]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readNs2 } from '../src/mobility/traces/ns2.js';
import { readDelimited } from '../src/mobility/traces/delimited.js';
import type { TraceData } from '../src/mobility/traces/traceData.js';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const NODES = 1000;

const gc = (globalThis as { gc?: () => void }).gc;

function parseCase(kind: string, file: string): void {
  gc?.();
  const baseline = process.memoryUsage().rss;
  const baselineHeap = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const t0 = performance.now();
  const data: TraceData = kind === 'ns2' ? readNs2(file) : readDelimited(file, 'csv');
  const wallS = (performance.now() - t0) / 1000;
  let samples = 0;
  for (const t of data.nodes.values()) samples += t.size;
  const peak = process.resourceUsage().maxRSS * 1024;
  gc?.();
  const retained = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - baselineHeap;
  console.log(
    JSON.stringify({
      name: kind,
      lines: data.lines,
      samples,
      linesPerS: Math.round(data.lines / wallS),
      peakRssMB: Math.round(peak / 2 ** 20),
      baselineRssMB: Math.round(baseline / 2 ** 20),
      bytesPerSample: Math.round((peak - baseline) / samples),
      retainedBytesPerSample: Math.round(retained / samples),
    }),
  );
}

function generate(dir: string, lines: number): { ns2: string; csv: string } {
  const perNode = Math.floor(lines / NODES);
  const ns2 = join(dir, 'big.ns2');
  const csv = join(dir, 'big.csv');
  const fn = openSync(ns2, 'w');
  const fc = openSync(csv, 'w');
  writeSync(fc, 't,id,x,y\n');
  let x = 12345;
  const rand = (): number => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648) * 1000;
  for (let k = 0; k < perNode; k++) {
    const bn: string[] = [];
    const bc: string[] = [];
    for (let n = 0; n < NODES; n++) {
      const t = (k * 10).toFixed(1);
      const a = rand().toFixed(3);
      const b = rand().toFixed(3);
      if (k === 0) bn.push(`$node_(${n}) set X_ ${a}`);
      else bn.push(`$ns_ at ${t} "$node_(${n}) setdest ${a} ${b} ${(5 + (n % 20)).toFixed(1)}"`);
      bc.push(`${t},n${n},${a},${b}`);
    }
    writeSync(fn, `${bn.join('\n')}\n`);
    writeSync(fc, `${bc.join('\n')}\n`);
  }
  closeSync(fn);
  closeSync(fc);
  return { ns2, csv };
}

function positionAtCase(csv: string): void {
  const data = readDelimited(csv, 'csv');
  const trajs = [...data.nodes.values()];
  const span = trajs[0]!.lastTimeS;
  let sink = 0;
  const query = (queries: number): void => {
    // Every node at a sequence of times, as a simulator asks during a run (time moves forward).
    const steps = queries / trajs.length;
    for (let s = 0; s < steps; s++) {
      const t = (span * s) / steps;
      for (let i = 0; i < trajs.length; i++) sink += trajs[i]!.positionAt(t).x;
    }
  };
  query(1e6); // warm-up
  const queries = 1e7;
  const t0 = performance.now();
  query(queries);
  const wallS = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ name: 'positionAt', nodes: trajs.length, queries, queriesPerS: Math.round(queries / wallS), checksum: Math.round(sink) % 1000 }));
}

const kase = arg('--case');
if (kase === 'ns2' || kase === 'csv') parseCase(kase, arg('--file')!);
else if (kase === 'positionAt') positionAtCase(arg('--file')!);
else {
  const dir = mkdtempSync(join(tmpdir(), 'edgesim-bench-'));
  try {
    const { ns2, csv } = generate(dir, Number(arg('--lines') ?? 1e6));
    const self = fileURLToPath(import.meta.url);
    for (const [c, f] of [['ns2', ns2], ['csv', csv], ['positionAt', csv]] as const) {
      process.stdout.write(execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--case', c, '--file', f], { encoding: 'utf8' }));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
