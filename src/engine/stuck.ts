/**
 * Diagnosing a stuck run: once more events than allowed have run at one instant, the simulator
 * records who schedules each new event (the running process and the stack), and reports the most
 * frequent when it stops the run.
 * @module
 */

/** Events recorded after the per-instant limit before a stuck run is reported. */
export const STUCK_SAMPLE = 2000;

/** Where the events of a stuck instant come from: scheduling sites (stack frames) and processes. */
export class StuckDiagnosis {
  private readonly sites = new Map<number, string>();
  private readonly counts = new Map<string, number>();
  private seen = 0;

  /** Records who scheduled the event queued in `slot`: the running process, if any, and the stack. */
  scheduledAt(slot: number, processName: string | undefined): void {
    const site = schedulingSite(new Error().stack ?? '');
    this.sites.set(slot, processName === undefined ? `a callback scheduled from ${site}` : `process "${processName}" (scheduled from ${site})`);
  }

  /**
   * Counts one processed event.
   * @returns how many were counted
   */
  processed(slot: number): number {
    const key = this.sites.get(slot) ?? 'an event scheduled before the diagnosis began';
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    return ++this.seen;
  }

  /** The most frequent key with its share. */
  mostFrequent(): string {
    let best = '';
    let n = 0;
    for (const [k, c] of this.counts) if (c > n) [best, n] = [k, c];
    return `${best} — ${n} of the last ${this.seen} events`;
  }
}

/** The first stack frames outside the engine, as `function (file.ts:line)`: who scheduled the event. */
export function schedulingSite(stack: string): string {
  const frames = stack
    .split('\n')
    .slice(1)
    .map((l) => l.trim().replace(/^at /, ''))
    .filter((l) => !/[\\/]engine[\\/](simulator|events|process)\.[tj]s/.test(l) && !l.startsWith('new Promise'));
  // File names without folders, so a report that quotes a site reads the same on every machine.
  return (
    frames
      .slice(0, 3)
      .map((l) => l.replace(/\(?(?:file:\/\/)?[^\s()]*[\\/]([^\\/\s()]+?):(\d+):\d+\)?$/, '($1:$2)'))
      .join(' ← ') || 'an unknown site'
  );
}
