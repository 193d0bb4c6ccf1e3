/**
 * The TF.js backend, chosen at run time: `tensorflow` when `@tensorflow/tfjs-node` (an optional
 * dependency; its install downloads a native library and often fails) loads, else `wasm`, else
 * `cpu`; `--backend` forces one. The run reports which ran. Where the wasm backend lacks a kernel a
 * model needs to train (e.g. `Conv2DBackpropFilter`), that model runs on `cpu`, said once.
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { InputError } from '../engine/errors.js';
import { dirname, join } from 'node:path';

/** A backend name. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** What was selected, and why. */
export interface BackendChoice {
  /** the backend in use */
  name: BackendName;
  /** what was asked for */
  requested: BackendName | 'auto';
  /** what did not load, and fallbacks taken */
  notes: string[];
}

let current: BackendChoice | undefined;

async function quietly<T>(f: () => Promise<T>): Promise<T> {
  // Backend initialisation (the wasm loader) may print to the console directly; models never print.
  const log = console.log;
  const warn = console.warn;
  console.log = () => {};
  console.warn = () => {};
  try {
    return await f();
  } finally {
    console.log = log;
    console.warn = warn;
  }
}

async function tryTensorflow(notes: string[]): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-node' as string);
    return (await tf.setBackend('tensorflow')) === true;
  } catch (err) {
    notes.push(`tensorflow: @tensorflow/tfjs-node did not load (${(err as Error).message.split('\n')[0]})`);
    return false;
  }
}

async function tryWasm(notes: string[]): Promise<boolean> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    wasm.setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
    return await quietly(() => tf.setBackend('wasm'));
  } catch (err) {
    notes.push(`wasm: ${(err as Error).message.split('\n')[0]}`);
    return false;
  }
}

/**
 * Selects the backend (once per process; later calls return the first choice unless another is
 * forced).
 * @param requested - `auto` (default) or a backend to force
 * @throws Error when a forced backend cannot start
 */
export async function selectBackend(requested: BackendName | 'auto' = 'auto'): Promise<BackendChoice> {
  if (current !== undefined && (requested === 'auto' || requested === current.name)) return current;
  // TF.js's own switch for its console output: in production mode tfjs-core's log.warn/log.log
  // print nothing, among them the cpu backend's "Hi, looks like you are running TensorFlow.js in
  // Node.js…" banner, printed at its first tensor (during training, long after selection).
  tf.enableProdMode();
  const notes: string[] = [];
  const order: BackendName[] = requested === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [requested];
  for (const name of order) {
    const ok = name === 'tensorflow' ? await tryTensorflow(notes) : name === 'wasm' ? await tryWasm(notes) : await quietly(() => tf.setBackend('cpu'));
    if (ok) {
      await quietly(() => tf.ready());
      current = { name, requested, notes };
      return current;
    }
  }
  throw new Error(`backend ${requested} could not start: ${notes.join('; ')}`);
}

/** The backend selected so far, if any. */
export function currentBackend(): BackendChoice | undefined {
  return current;
}

/**
 * The backend a model trains on: a model that trains convolutions cannot on wasm (no
 * `Conv2DBackpropFilter` kernel), so with wasm selected it switches the run to cpu and says so in
 * the choice's notes (and returns the message for the caller to print).
 * @param def - whether the model trains convolutions
 * @returns a message when it fell back, else undefined
 */
export async function backendForModel(def: { name: string; convolutional: boolean }): Promise<string | undefined> {
  if (!def.convolutional || tf.getBackend() !== 'wasm') return undefined;
  const notes = current?.notes ?? [];
  await quietly(() => tf.setBackend('cpu'));
  const message = `model '${def.name}' trains on cpu: the wasm backend lacks Conv2DBackpropFilter`;
  current = { name: 'cpu', requested: current?.requested ?? 'auto', notes: [...notes, message] };
  return message;
}

/**
 * Runs `f` on the cpu backend when the current one is wasm and the model needs kernels wasm lacks
 * (convolution gradients), then switches back.
 * @param needsConvGradients - whether the model trains convolutions
 * @param f - the work
 */
export async function withTrainingBackend<T>(needsConvGradients: boolean, f: () => T | Promise<T>): Promise<T> {
  if (!needsConvGradients || tf.getBackend() !== 'wasm') return f();
  await quietly(() => tf.setBackend('cpu'));
  try {
    return await f();
  } finally {
    await tf.setBackend('wasm');
  }
}

/** What `--backend` accepts: a backend's name, or `auto`. */
export const BACKEND_OPTIONS: readonly string[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

/**
 * Checks a `--backend` value.
 * @param name - the option's value (default `auto`)
 * @returns it, typed
 * @throws InputError naming `--backend` when it is not one of {@link BACKEND_OPTIONS}
 */
export function backendOption(name: string | undefined): BackendName | 'auto' {
  const b = name ?? 'auto';
  if (!BACKEND_OPTIONS.includes(b)) throw new InputError(`expected auto, tensorflow, wasm or cpu, got '${b}'`, { field: '--backend' });
  return b as BackendName | 'auto';
}

/**
 * Selects the backend a `--backend` value asks for; a backend that cannot load is bad input.
 * @param name - the option's value (default `auto`)
 * @throws InputError naming `--backend`
 */
export async function selectBackendOption(name: string | undefined): Promise<BackendChoice> {
  const b = backendOption(name);
  try {
    return await selectBackend(b);
  } catch (err) {
    throw new InputError((err as Error).message, { field: '--backend' });
  }
}
