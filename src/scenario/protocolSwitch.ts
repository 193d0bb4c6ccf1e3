/**
 * Switching a scenario's training protocol from the command line: `--set training.protocol.name=X`
 * keeps the protocol object's other fields, but a field of the protocol it replaces (FedBuff's
 * `bufferSize`, over-the-air's `power`) is unknown to X and would be refused. The switch leaves out
 * exactly those fields and says so, so that one `--set` compares protocols on the same scenario.
 * @module
 */
import type { z } from 'zod';
import { protocols } from '../training/protocols/index.js';
import type { AppliedOverride } from './overrides.js';

/**
 * Leaves out the fields the newly named protocol does not have, in place.
 * @param scenario - the overridden copy of the scenario (from `applyOverrides`)
 * @param applied - the applied overrides
 * @returns one note per switch that left fields out
 */
export function switchProtocolFields(scenario: unknown, applied: readonly AppliedOverride[]): string[] {
  const notes: string[] = [];
  const switched = applied.some((a) => a.path.length === 3 && a.path[0] === 'training' && a.path[1] === 'protocol' && a.path[2] === 'name');
  if (!switched) return notes;
  const protocol = (scenario as { training?: { protocol?: Record<string, unknown> } }).training?.protocol;
  const name = protocol?.['name'];
  if (protocol === undefined || typeof name !== 'string' || !protocols.has(name)) return notes; // validation names the problem
  const known = new Set(Object.keys((protocols.get(name).schema as z.ZodObject).shape));
  // A field --set explicitly for the new protocol stays (and is validated as usual).
  const setHere = new Set(applied.filter((a) => a.path.length >= 3 && a.path[0] === 'training' && a.path[1] === 'protocol').map((a) => String(a.path[2])));
  const dropped = Object.keys(protocol).filter((k) => !known.has(k) && !setHere.has(k));
  for (const k of dropped) delete protocol[k];
  if (dropped.length > 0) notes.push(`--set training.protocol.name=${name}: left out ${dropped.join(', ')} (${dropped.length === 1 ? 'not a field' : 'not fields'} of protocol '${name}')`);
  return notes;
}
