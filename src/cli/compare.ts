/**
 * `edgesim compare <dir> <dir> …`: the headline metrics of runs (folders with report.json) and
 * sweeps (folders with sweep.json) side by side, as Markdown or JSON on stdout.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../engine/errors.js';
import { REPORT_SCHEMA, type Report } from '../report/report.js';
import { compare, compareMarkdown, type CompareSource, type Comparison } from '../sweep/compare.js';
import { compareHtml } from '../sweep/html.js';
import { SWEEP_SCHEMA, type SweepResult } from '../sweep/summary.js';

const nullableNumber = z.number().nullable();
const statsShape = z.object({ n: z.number(), mean: nullableNumber, std: nullableNumber, ci95: nullableNumber, ciLow: nullableNumber, ciHigh: nullableNumber });
// The parts of report.json and sweep.json that compare reads; the rest passes through.
const reportShape = z.looseObject({ schema: z.literal(REPORT_SCHEMA), scenario: z.looseObject({ name: z.string() }), seed: z.number(), simulatedEndS: z.number(), rounds: z.array(z.looseObject({})) });
const sweepShape = z.looseObject({
  schema: z.literal(SWEEP_SCHEMA),
  scenario: z.looseObject({ file: z.string() }),
  combinations: z.array(z.looseObject({ label: z.string(), cells: z.number(), failed: z.number(), stats: z.record(z.string(), statsShape) })),
  metrics: z.array(z.looseObject({ name: z.string(), description: z.string() })),
});

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError(`cannot read it as JSON: ${(err as Error).message}`, { file: path });
  }
}

/**
 * Reads a folder to compare: its sweep.json if it has one, else its report.json.
 * @param folder - the folder
 * @throws InputError when it has neither, or the file is unreadable or not a valid edgesim output
 */
export function readCompareSource(folder: string): CompareSource {
  const sweepPath = join(folder, 'sweep.json');
  const reportPath = join(folder, 'report.json');
  const isSweep = existsSync(sweepPath);
  if (!isSweep && !existsSync(reportPath)) throw new InputError('not a run or sweep folder: it holds neither report.json (edgesim run) nor sweep.json (edgesim sweep)', { file: folder });
  const path = isSweep ? sweepPath : reportPath;
  const parsed = (isSweep ? sweepShape : reportShape).safeParse(readJson(path));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`not a valid ${isSweep ? 'sweep.json' : 'report.json'}: ${issue.message}`, { file: path, field: issue.path.join('.') || '(root)' });
  }
  return isSweep ? { kind: 'sweep', folder, sweep: parsed.data as unknown as SweepResult } : { kind: 'run', folder, report: parsed.data as unknown as Report };
}

/**
 * The comparison of folders.
 * @param folders - run or sweep folders
 * @throws InputError for a folder that is neither
 */
export function compareFolders(folders: readonly string[]): Comparison {
  return compare(folders.map(readCompareSource));
}

/** Options of `edgesim compare`. */
export interface CompareCommandOptions {
  /** `md` (default), `json` or `html` */
  format: string;
  /** the same as `--format json` */
  json?: boolean;
}

/** The formats `edgesim compare --format` prints. */
export const COMPARE_FORMATS: readonly string[] = ['md', 'json', 'html'];

/**
 * The text `edgesim compare` prints.
 * @param folders - run or sweep folders
 * @param opts - the command's options
 * @throws InputError for a folder that is neither, or an unknown format
 */
export async function compareCommand(folders: readonly string[], opts: CompareCommandOptions): Promise<string> {
  const format = opts.json === true ? 'json' : opts.format;
  if (!COMPARE_FORMATS.includes(format)) throw new InputError(`unknown format '${format}'; known: ${COMPARE_FORMATS.join(', ')}`, { field: '--format' });
  const sources = folders.map(readCompareSource);
  const c = compare(sources);
  if (format === 'json') return `${JSON.stringify(c, null, 2)}\n`;
  return format === 'html' ? compareHtml(sources, c) : compareMarkdown(c);
}

/**
 * Adds `compare` to the program.
 * @param program - the `edgesim` command
 */
export function addCompareCommand(program: Command): void {
  program
    .command('compare')
    .description('the headline metrics of runs (folders with report.json) and sweeps (folders with sweep.json) side by side, as Markdown, JSON, or a self-contained HTML page with the runs\' curves overlaid')
    .argument('<dirs...>', 'output folders of edgesim run or edgesim sweep')
    .option('--format <name>', 'md (tables), json, or html (tables and plots: accuracy and loss against time, round durations, latency CDFs, sweep metrics with 95% CIs); redirect it to a file', 'md')
    .option('--json', 'print JSON (the same as --format json)')
    .action(async (dirs: string[], opts: CompareCommandOptions) => {
      process.stdout.write(await compareCommand(dirs, opts));
    });
}
