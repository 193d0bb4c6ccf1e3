/**
 * The server mix every generated topology shares: `[{ count?, profile?, cpuFlopsPerS?,
 * memoryBytes?, accelerator? }]`, assigned to server slots in order. One group without `count`
 * fills all the slots; otherwise the counts must sum to the slot count.
 * @module
 */
import { z } from 'zod';
import { InputError } from '../../engine/errors.js';
import type { DcAcceleratorDecl, DcNodeDecl } from '../types.js';

/** One group of identical servers. */
export interface ServerGroup {
  /** servers in the group (omitted: all the slots; only when it is the only group) */
  count?: number;
  /** device profile name */
  profile?: string;
  /** shorthand processor speed (FLOP/s) */
  cpuFlopsPerS?: number;
  /** memory (bytes) */
  memoryBytes?: number;
  /** an accelerator instead of the CPU */
  accelerator?: DcAcceleratorDecl;
}

const positive = z.number().positive().finite();

/** Schema of a topology's `servers` parameter. */
export const serverMixSchema: z.ZodType<ServerGroup[]> = z
  .array(
    z.strictObject({
      count: z.number().int().positive().optional(),
      profile: z.string().optional(),
      cpuFlopsPerS: positive.optional(),
      memoryBytes: z.number().min(0).finite().optional(),
      accelerator: z.strictObject({ flopsPerS: positive, boardPowerW: positive.optional(), energyPerFlopJ: positive.optional() }).optional(),
    }),
  )
  .min(1, { message: 'expected at least one server group' });

/** The default server mix: one group of `edge-server` profiles filling every slot. */
export const DEFAULT_SERVER_MIX: readonly ServerGroup[] = [{ profile: 'edge-server' }];

/**
 * Declares `ids.length` servers from a mix, in slot order.
 * @param mix - the groups
 * @param ids - the server ids, in slot order
 * @throws InputError when the counts do not sum to the slot count, or a group without `count` is not alone
 */
export function assignServers(mix: readonly ServerGroup[], ids: readonly string[]): DcNodeDecl[] {
  const open = mix.filter((g) => g.count === undefined).length;
  if (open > 0 && mix.length > 1) throw new InputError(`a server group without 'count' must be the only one (got ${mix.length} groups)`, { field: 'servers' });
  const total = open > 0 ? ids.length : mix.reduce((s, g) => s + g.count!, 0);
  if (total !== ids.length) throw new InputError(`server counts sum to ${total} but the topology has ${ids.length} server slots`, { field: 'servers' });
  const out: DcNodeDecl[] = [];
  for (const g of mix) {
    const n = g.count ?? ids.length;
    for (let i = 0; i < n; i++) {
      const d: DcNodeDecl = { id: ids[out.length]!, kind: 'server' };
      if (g.profile !== undefined) d.profile = g.profile;
      if (g.cpuFlopsPerS !== undefined) d.cpuFlopsPerS = g.cpuFlopsPerS;
      if (g.memoryBytes !== undefined) d.memoryBytes = g.memoryBytes;
      if (g.accelerator !== undefined) d.accelerator = { ...g.accelerator };
      out.push(d);
    }
  }
  return out;
}

/**
 * A switch declaration.
 * @param id - its id
 */
export function switchDecl(id: string): DcNodeDecl {
  return { id, kind: 'switch', cpuFlopsPerS: 1e9 };
}
