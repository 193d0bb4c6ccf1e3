/**
 * A processor's cores: the engine's {@link FifoServer}, whose `submit(job, serviceS, parts)` splits
 * a job into parts of equal service time, one per core, the parts that start together ending in one
 * engine event. This module was a second FIFO queue beside it; it now only keeps the name
 * (src/node/cpu.ts imports `Cores` from here: import `FifoServer` from src/engine/fifo.ts instead).
 * @module
 */
export {
  /**
   * Multi-core first-come-first-served service of jobs split into equal parts: the engine's FifoServer.
   * @internal
   */
  FifoServer as Cores,
} from '../engine/fifo.js';
