/**
 * The progress bar on stderr (only when stderr is a terminal and not `--quiet`).
 * @module
 */
import cliProgress from 'cli-progress';
import type { SimulationProgress } from '../report/simulate.js';

/** A progress display: update it with simulation progress, stop it at the end. */
export interface ProgressDisplay {
  /** shows the latest progress */
  update(p: SimulationProgress): void;
  /** removes the display */
  stop(): void;
}

/**
 * A progress bar on stderr when it is a TTY, else a display that shows nothing.
 * @param enabled - false for `--quiet`
 */
export function createProgress(enabled: boolean): ProgressDisplay {
  if (!enabled || !process.stderr.isTTY) return { update() {}, stop() {} };
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(p) {
      if (bar === undefined) {
        const format = p.horizonS === null ? 'simulating | t = {simS} s | {events} events' : 'simulating [{bar}] {percentage}% | t = {simS} s | {events} events';
        bar = new cliProgress.SingleBar({ stream: process.stderr, format, clearOnComplete: true, hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(p.horizonS ?? 1, 0, { simS: '0', events: 0 });
      }
      bar.update(p.horizonS === null ? 0 : Math.min(p.simS, p.horizonS), { simS: p.simS.toPrecision(6), events: p.events });
    },
    stop() {
      bar?.stop();
    },
  };
}
