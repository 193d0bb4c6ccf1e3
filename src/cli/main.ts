/**
 * The `edgesim` command line: `run`, `calibrate`, `sweep`, `worker`, `compare`, `list`, `--help`, `--version`. Exit codes: 0 success, 1
 * simulation error, 2 bad input (missing file, invalid scenario, bad flag).
 * @module
 */
import { optimizeDeployScenario, renderDeployOptimization } from './optimizeDeploy.js';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { InputError, SimulationError } from '../engine/errors.js';
import { edgesimVersion } from '../report/simulate.js';
import { DEFAULT_FORMATS, reportFormats } from '../report/formats.js';
import { runCommand, type RunCommandOptions } from './run.js';
import { renderList } from './list.js';
import { addTraceCommands } from './trace.js';
import { addSweepCommand } from './sweep.js';
import { addWorkerCommand } from './worker.js';
import { addCompareCommand } from './compare.js';
import { addCalibrateCommand } from './calibrate.js';
import { optimizeOtaScenario, renderOtaOptimization, type OptimizeOtaOptions } from './optimize.js';

/** Exit code: success. */
export const EXIT_OK = 0;
/** Exit code: the simulation failed. */
export const EXIT_SIMULATION_ERROR = 1;
/** Exit code: bad input (file, scenario, flag). */
export const EXIT_BAD_INPUT = 2;

function parseInteger(value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError('expected an integer.');
  return Number(value);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function buildProgram(): Command {
  const program = new Command('edgesim')
    .description('Discrete-event simulation of deep-model training and deployment across IoT and mobile edge networks.')
    .version(edgesimVersion(), '-V, --version')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');
  program
    .command('run')
    .description('simulate a scenario file and write its report')
    .argument('<scenario>', 'scenario file (.ts or .js) whose default export is a scenario')
    .option('--seed <n>', 'root seed of every random stream (overrides the scenario)', parseInteger)
    .option('--out <dir>', 'output folder (default: out/<scenario name>)')
    .option('--format <list>', `report formats, comma-separated (${reportFormats.names().join(', ')})`, DEFAULT_FORMATS.join(','))
    .option('--set <path=value>', 'override a scalar of the scenario, e.g. --set nodes.t0.cpuFlopsPerS=2e9 (repeatable)', collect, [])
    .option('--events', 'also write every trace event to events.jsonl')
    .option('--backend <name>', 'TF.js backend for training: auto, tensorflow, wasm, cpu', 'auto')
    .addOption(new Option('--quiet', 'print nothing on success (errors still go to stderr)'))
    .action(async (file: string, opts: RunCommandOptions) => {
      await runCommand(file, opts);
    });
  program
    .command('list')
    .description('list what the registries hold: node kinds, task types, report formats')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      process.stdout.write(renderList(opts.json === true));
    });
  program
    .command('optimize')
    .description('optimize a scenario: `optimize ota <scenario>` prints the learning rate and power schedule minimising the over-the-air convergence bound; `optimize deploy <scenario>` prints the eq. 5 inference deployment plan (split and edge share per terminal)')
    .argument('<what>', 'what to optimize: ota, deploy')
    .argument('<scenario>', 'scenario file: for ota, a training protocol ota (FedSGD of softmax regression, every client each round); for deploy, an inference section')
    .option('--seed <n>', 'root seed of every random stream (overrides the scenario)', parseInteger)
    .option('--set <path=value>', 'override a scalar of the scenario (repeatable)', collect, [])
    .option('--backend <name>', 'TF.js backend: auto, tensorflow, wasm, cpu', 'auto')
    .option('--json', 'print JSON: the problem, the optimized plan and the baselines')
    .action(async (what: string, file: string, opts: OptimizeOtaOptions) => {
      if (what === 'deploy') {
        const d = await optimizeDeployScenario(file, opts);
        process.stdout.write(opts.json === true ? `${JSON.stringify(d, (_k, v: unknown) => (v === Infinity ? 'Infinity' : v), 2)}\n` : renderDeployOptimization(d));
        return;
      }
      if (what !== 'ota') throw new InputError(`unknown optimization '${what}'; known: ota, deploy`, { field: 'optimize' });
      const o = await optimizeOtaScenario(file, opts);
      process.stdout.write(opts.json === true ? `${JSON.stringify(o, null, 2)}\n` : renderOtaOptimization(o));
    });
  addSweepCommand(program);
  addWorkerCommand(program);
  addCompareCommand(program);
  addCalibrateCommand(program, parseInteger, collect);
  addTraceCommands(program);
  return program;
}

/**
 * Runs the command line.
 * @param argv - `process.argv` (node, script, arguments…)
 * @returns the exit code
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  const override = (c: Command): void => {
    c.exitOverride();
    c.commands.forEach(override);
  };
  override(program);
  try {
    await program.parseAsync([...argv]);
    return EXIT_OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has already printed its message (or the help / version).
      return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? EXIT_OK : EXIT_BAD_INPUT;
    }
    if (err instanceof InputError) {
      process.stderr.write(`edgesim: error: ${err.message}\n`);
      return EXIT_BAD_INPUT;
    }
    if (err instanceof SimulationError) {
      process.stderr.write(`edgesim: simulation failed: ${err.message}\n`);
      return EXIT_SIMULATION_ERROR;
    }
    const e = err as Error;
    process.stderr.write(`edgesim: internal error: ${e?.stack ?? String(err)}\n`);
    return EXIT_SIMULATION_ERROR;
  }
}
