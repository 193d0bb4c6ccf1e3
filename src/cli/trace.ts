/**
 * `edgesim trace info|sample|convert`: inspect, sample and convert mobility traces with the same
 * readers and interpolation the simulator uses.
 * @module
 */
import { lstatSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../engine/errors.js';
import { loadTrace, traceFormats, type TraceReadOptions } from '../mobility/traces/formats.js';
import { sampleTrace, traceInfo } from '../mobility/traces/info.js';
import { nearestIds } from '../mobility/traces/suggest.js';
import type { TraceData } from '../mobility/traces/traceData.js';
import { writeNewFileAtomic } from '../report/output.js';
import { convertTrace } from '../mobility/traces/convert.js';
import { idsSidecarPath, presenceSidecarPath } from '../mobility/traces/sidecars.js';
import { formatNumber as num } from '../report/format.js';

/** How many node ids `trace info` prints (`--json` lists them all). */
const IDS_SHOWN = 10;

interface ReadFlags {
  format?: string;
  dims?: string;
}

function readOptions(flags: ReadFlags): TraceReadOptions {
  if (flags.dims === undefined) return {};
  if (flags.dims !== '2' && flags.dims !== '3') throw new InputError(`expected 2 or 3, got '${flags.dims}'`, { field: '--dims' });
  return { dims: Number(flags.dims) as 2 | 3 };
}

function seconds(value: string | undefined, flag: string, positive = false): number | undefined {
  if (value === undefined) return undefined;
  const v = Number(value);
  if (value.trim() === '' || !Number.isFinite(v) || (positive ? v <= 0 : v < 0)) throw new InputError(`expected a number ${positive ? '> 0' : '≥ 0'} of seconds, got '${value}'`, { field: flag });
  return v;
}

/**
 * The ids line of `trace info`: the first {@link IDS_SHOWN}, then how many more.
 * @param ids - the node ids
 */
export function formatIds(ids: readonly string[]): string {
  if (ids.length <= IDS_SHOWN) return ids.join(', ');
  return `${ids.slice(0, IDS_SHOWN).join(', ')} … and ${ids.length - IDS_SHOWN} more (--json lists all)`;
}

function checkNodes(data: TraceData, wanted: readonly string[], file: string): void {
  for (const id of wanted) {
    if (data.nodes.has(id)) continue;
    const near = nearestIds(id, data.nodes.keys());
    throw new InputError(`node '${id}' is not in the trace; nearest ids: ${near.join(', ')} (all ${data.nodes.size}: edgesim trace info ${file} --json)`, { file, field: '--node' });
  }
}

/** Whether two paths name the same file (through links); false when either does not exist. */
function sameFile(a: string, b: string): boolean {
  try {
    if (realpathSync(a) === realpathSync(b)) return true;
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/** Whether anything (a file, a link, even a dangling one) is at `path`. */
function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes the converted files, each atomically and never over an existing file or the input (or its
 * sidecars): all are checked before any is written, and those written are removed if a later one
 * fails, so a conversion leaves all its files or none.
 */
function writeConversion(input: string, files: readonly { path: string; content: string }[]): void {
  const inputs = [input, idsSidecarPath(input), presenceSidecarPath(input)];
  for (const f of files) {
    if (inputs.some((i) => sameFile(i, f.path))) throw new InputError(`the output${f.path === files[0]!.path ? '' : "'s sidecar"} is the input trace${f.path === files[0]!.path ? '' : ' or one of its sidecars'}; choose another output path`, { file: f.path });
    if (exists(f.path)) throw new InputError('already exists; edgesim does not replace files: choose another output path, or remove it yourself if it may go', { file: f.path });
  }
  const written: string[] = [];
  try {
    for (const f of files) {
      writeNewFileAtomic(f.path, f.content);
      written.push(f.path);
    }
  } catch (err) {
    for (const path of written) unlinkSync(path);
    throw err;
  }
}

/**
 * Adds the `trace` command and its subcommands to the program.
 * @param program - the `edgesim` program
 */
export function addTraceCommands(program: Command): void {
  const trace = program.command('trace').description('inspect, sample and convert mobility traces');
  const formats = traceFormats.names().join(', ');
  trace
    .command('info')
    .description('format, nodes, time span, bounding box, speeds, samples')
    .argument('<file>', 'trace file')
    .option('--format <name>', `trace format (default: detected; ${formats})`)
    .option('--dims <n>', 'BonnMotion: 2 or 3 dimensions')
    .option('--json', 'print JSON')
    .action((file: string, flags: ReadFlags & { json?: boolean }) => {
      const info = traceInfo(loadTrace(file, flags.format, readOptions(flags)));
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
        return;
      }
      const [lo, hi] = info.boundsM;
      process.stdout.write(
        [
          `file:      ${file}`,
          `format:    ${info.format}`,
          `nodes:     ${info.nodes}`,
          `ids:       ${formatIds(info.ids)}`,
          `samples:   ${info.samples} (${info.lines} lines)`,
          `time:      ${num(info.timeSpanS[0])} … ${num(info.timeSpanS[1])} s`,
          `bounds:    x ${num(lo[0])} … ${num(hi[0])} m, y ${num(lo[1])} … ${num(hi[1])} m, z ${num(lo[2])} … ${num(hi[2])} m`,
          `speed:     min ${num(info.speedMps.min)}, mean ${num(info.speedMps.mean)}, max ${num(info.speedMps.max)} m/s (${info.speedSource === 'file' ? "the file's speed values" : 'from position differences'})`,
          '',
        ].join('\n'),
      );
    });
  trace
    .command('sample')
    .description('positions at every step as CSV (t,id,x,y,z) on stdout, for present nodes')
    .argument('<file>', 'trace file')
    .requiredOption('--step <s>', 'step in seconds')
    .option('--from <s>', 'first time (default: first sample)')
    .option('--to <s>', 'last time (default: last sample)')
    .option('--node <id>', 'only this node (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--format <name>', `trace format (default: detected; ${formats})`)
    .option('--dims <n>', 'BonnMotion: 2 or 3 dimensions')
    .action((file: string, flags: ReadFlags & { step: string; from?: string; to?: string; node: string[] }) => {
      const data = loadTrace(file, flags.format, readOptions(flags));
      checkNodes(data, flags.node, file);
      const opts = { stepS: seconds(flags.step, '--step', true)!, fromS: seconds(flags.from, '--from'), toS: seconds(flags.to, '--to'), nodes: flags.node.length > 0 ? flags.node : undefined };
      sampleTrace(data, opts, (chunk) => process.stdout.write(chunk));
    });
  const writable = traceFormats.list().filter((f) => f.value.write !== undefined).map((f) => f.name);
  trace
    .command('convert')
    .description('convert a trace to another format (written atomically; an existing file is never replaced); ns2, bonnmotion and one get their id mapping and presence windows in the header or sidecars <out>.ids.csv, <out>.presence.csv')
    .argument('<in>', 'trace file to read')
    .argument('<out>', 'file to write')
    .requiredOption('--to <format>', `output format: ${writable.join(', ')}`)
    .option('--format <name>', `input format (default: detected; ${formats})`)
    .option('--dims <n>', 'BonnMotion: 2 or 3 dimensions (input and output)')
    .action((input: string, output: string, flags: ReadFlags & { to: string }) => {
      if (!writable.includes(flags.to)) throw new InputError(`cannot write '${flags.to}'; writable formats: ${writable.join(', ')}`, { field: '--to' });
      if (sameFile(input, output)) throw new InputError('the output is the input trace; choose another output path', { file: output });
      const options = readOptions(flags);
      const data = loadTrace(input, flags.format, options);
      const { files, notes } = convertTrace(data, flags.to, output, options);
      writeConversion(input, files);
      for (const note of notes) process.stderr.write(`edgesim: note: ${note}\n`);
    });
}
