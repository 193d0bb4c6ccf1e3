/** A transfer of `bits` joining a shared medium at `atS`. */
export interface Send {
  /** when it joins (s) */
  atS: number;
  /** its size (bits) */
  bits: number;
}

/**
 * Brute-force fluid reference for a medium shared equally: from one arrival or departure to the
 * next, every transfer present progresses at `rateWith(k)` with k transfers present.
 * @param sends - the transfers
 * @param rateWith - each transfer's rate (b/s) with k on the medium
 * @param doneFraction - a transfer counts as through when at most this fraction of its bits is left (float residue)
 * @returns each transfer's finish time (s)
 */
export function fluidFinishTimes(sends: readonly Send[], rateWith: (k: number) => number, doneFraction: number): number[] {
  const left = sends.map((s) => s.bits);
  const done = sends.map(() => Number.NaN);
  let now = 0;
  for (;;) {
    const present = sends.map((_, i) => i).filter((i) => sends[i]!.atS <= now && Number.isNaN(done[i]!));
    const future = sends.filter((s, i) => s.atS > now && Number.isNaN(done[i]!)).map((s) => s.atS);
    if (present.length === 0 && future.length === 0) return done;
    const rate = present.length > 0 ? rateWith(present.length) : 0;
    const nextDeparture = present.length > 0 ? now + Math.min(...present.map((i) => left[i]!)) / rate : Infinity;
    const next = Math.min(nextDeparture, ...future);
    for (const i of present) {
      left[i] = left[i]! - rate * (next - now);
      if (next === nextDeparture && left[i]! <= doneFraction * sends[i]!.bits) done[i] = next;
    }
    now = next;
  }
}
