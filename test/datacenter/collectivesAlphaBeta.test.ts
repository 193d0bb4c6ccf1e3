/**
 * The α–β(–γ) closed forms of each collective on the contention-free double (comm-double.ts):
 * every ordered pair has its own link of rate R and delay d, messages go whole, so one message of
 * b bytes takes exactly d + 8b/R and messages on different pairs never interact (α = d, β = 8/R
 * per byte). Sizes are chosen so every duration is a whole number of ns (the engine's clock): the
 * assertions are exact. The star-fabric values of design §5.3 (incast at a PS port, pipeline fill
 * with segments) need the real fabric and are not checked here.
 */
import test from 'ava';
import { Simulator } from '../../src/engine/simulator.js';
import type { RegistrySpec } from '../../src/datacenter/types.js';
import { createCollective, resolveCollective } from '../../src/datacenter/collectives/index.js';
import { doubleComm } from './comm-double.js';

const R = 8e9; // bit/s: one byte per ns
const D = 1e-6; // s
const VALUES = 2520; // divisible by 1..9 (lcm), so chunks are equal for every p used
const N = 4 * VALUES; // bytes per rank
const ns = (s: number): number => Math.round(s * 1e9);
/** one message of b bytes on the double */
const msg = (b: number): number => D + (8 * b) / R;

function endOf(spec: RegistrySpec, p: number, racks: number[][] = [Array.from({ length: p }, (_, r) => r)], reduceSPerValue = 0): number {
  const sim = new Simulator();
  const { comm } = doubleComm(sim, { rateBps: R, delayS: D, reduceSPerValue });
  const nodes = Array.from({ length: p }, (_, r) => `s${r}`);
  const inst = createCollective(comm, resolveCollective(spec), { nodes, racks }, VALUES, 'ar');
  const procs = nodes.map((_, r) => sim.process(inst.join(r, { values: VALUES, bytesPerValue: 4, data: null })));
  sim.run();
  if (!procs.every((pr) => pr.ok)) throw new Error('a rank failed');
  return sim.now;
}

test('ring: T = 2(p−1)(d + (n/p)·8/R), p = 2..9', (t) => {
  // Step k of either phase: every rank sends one chunk of n/p bytes to r+1 on its own idle link
  // and receives the symmetric one from r−1, both posted at the same instant (lockstep by
  // induction from t = 0), so each step lasts d + (n/p)·8/R; there are (p−1) RS + (p−1) AG steps.
  for (let p = 2; p <= 9; p++) t.is(ns(endOf({ name: 'ring' }, p)), ns(2 * (p - 1) * msg(N / p)), `p=${p}`);
  t.is(endOf({ name: 'ring' }, 1), 0);
});

test('halving-doubling (p a power of two): T = 2·lg p·d + 2(p−1)/p·n·8/R', (t) => {
  // RS step i (distance 2^i) exchanges n/2^(i+1) bytes between partners on their own links:
  // d + n/2^(i+1)·8/R. Σ over i < lg p: lg p·d + (1 − 1/p)·n·8/R. AG repeats the sizes in reverse.
  for (const p of [2, 4, 8]) {
    const lg = Math.log2(p);
    t.is(ns(endOf({ name: 'halving-doubling' }, p)), ns(2 * lg * D + (2 * (p - 1) / p) * N * 8 / R), `p=${p}`);
  }
});

test('halving-doubling with the fold, p = 3: fold + 1 halving + 1 doubling + unfold', (t) => {
  // p = 3: pof2 = 2, rem = 1. Rank 0 sends its n bytes to rank 1 (d + n·8/R); ranks 1 and 2 (new
  // ranks 0, 1) halve and double on n/2 (2 steps of d + (n/2)·8/R, rank 2 waits for rank 1, which
  // finished the fold); rank 1 returns n bytes to rank 0 (d + n·8/R).
  t.is(ns(endOf({ name: 'halving-doubling' }, 3)), ns(2 * msg(N) + 2 * msg(N / 2)));
});

test('tree (p a power of two): T = 2·lg p·(d + n·8/R); p = 5 hand-derived', (t) => {
  // Binomial reduce: rank 0 receives from 1, 2, 4, … in turn; rank 2^j's subtree finishes its own
  // reduce after j messages, so the one from 2^j arrives at (j+1)·T1, T1 = d + n·8/R: lg p·T1.
  // Broadcast: the farthest rank (p−1) is lg p sends away, each starting when the previous arrived.
  for (const p of [2, 4, 8]) t.is(ns(endOf({ name: 'tree' }, p)), ns(2 * Math.log2(p) * msg(N)), `p=${p}`);
  // p = 5: rank 4 has no child, its vector waits in rank 0's mailbox from T1, so the reduce ends at
  // 2·T1 (after ranks 1 and 2); the broadcast 0→4, 0→2, 0→1 (2→3 from 2·T1) ends at 3·T1: 5·T1,
  // less than the 2⌈lg p⌉·T1 = 6·T1 bound.
  t.is(ns(endOf({ name: 'tree' }, 5)), ns(5 * msg(N)));
});

test('parameter server on the double (no shared ports, so no incast): dedicated 2(d + n·8/R), sharded 2(d + (n/p)·8/R)', (t) => {
  // Dedicated 'ps': every worker pushes its n bytes on its own link to ps (all arrive at T1), ps
  // sums (γ = 0) and sends n bytes back on p separate links: 2·T1. Sharded: each worker posts p−1
  // pushes of n/p on p−1 different links, all at once: d + (n/p)·8/R; the pulls likewise.
  for (const p of [2, 5, 8]) {
    t.is(ns(endOf({ name: 'parameter-server', servers: ['ps'] }, p)), ns(2 * msg(N)), `dedicated p=${p}`);
    t.is(ns(endOf({ name: 'parameter-server', servers: 'sharded' }, p)), ns(2 * msg(N / p)), `sharded p=${p}`);
  }
});

test('hierarchical rs-ar-ag: T = 2(g−1)(d + n/g·8/R) + 2(r−1)(d + n/(g·r)·8/R) with an inter ring', (t) => {
  // Intra ring RS on g ranks (chunks n/g), inter ring among r same-index ranks on n/g (chunks
  // n/(g·r)), intra ring AG: every phase in lockstep on idle private links.
  for (const [g, r] of [[2, 2], [3, 2], [2, 4], [4, 2], [3, 3]] as const) {
    const racks = Array.from({ length: r }, (_, j) => Array.from({ length: g }, (_, i) => j * g + i));
    const expect = 2 * (g - 1) * msg(N / g) + 2 * (r - 1) * msg(N / g / r);
    t.is(ns(endOf({ name: 'hierarchical' }, g * r, racks)), ns(expect), `g=${g} r=${r}`);
  }
});

test('hierarchical leader: T = 2·lg g·(d + n·8/R) + 2(r−1)(d + (n/r)·8/R) with an inter ring', (t) => {
  // Binomial reduce in the rack to its first server (lg g messages of n bytes on the critical
  // path), ring among the r leaders on n, binomial broadcast (lg g messages).
  for (const [g, r] of [[2, 2], [4, 2], [2, 3]] as const) {
    const racks = Array.from({ length: r }, (_, j) => Array.from({ length: g }, (_, i) => j * g + i));
    const expect = 2 * Math.log2(g) * msg(N) + 2 * (r - 1) * msg(N / r);
    t.is(ns(endOf({ name: 'hierarchical', variant: 'leader' }, g * r, racks)), ns(expect), `g=${g} r=${r}`);
  }
});

test('γ: ring and halving-doubling add exactly (p−1)/p·n·γ, tree lg p·n·γ, one PS p·n·γ, sharded (p−1)/p·n·γ', (t) => {
  // γv = 2 ns per value (γ = 0.5 ns per byte). Ring: each RS step's reduction of n/(4p) values
  // delays the next send (critical path), the AG reduces nothing: + (p−1)·(n/4p)·γv. Tree: rank 0
  // reduces after each of its lg p receives, and each subtree root's reduce precedes its send.
  // Halving-doubling: step i reduces n/2^(i+1) bytes = n/2^(i+3) values.
  const gv = 2e-9;
  for (const p of [2, 4, 8]) {
    const all = [Array.from({ length: p }, (_, r) => r)];
    t.is(ns(endOf({ name: 'ring' }, p, all, gv) - endOf({ name: 'ring' }, p)), ns((p - 1) * (VALUES / p) * gv), `ring p=${p}`);
    t.is(ns(endOf({ name: 'tree' }, p, all, gv) - endOf({ name: 'tree' }, p)), ns(Math.log2(p) * VALUES * gv), `tree p=${p}`);
    t.is(ns(endOf({ name: 'halving-doubling' }, p, all, gv) - endOf({ name: 'halving-doubling' }, p)), ns(((p - 1) / p) * VALUES * gv), `hd p=${p}`);
    // One dedicated server sums the p pushes one after another on its CPU (all arrived at T1):
    // + p·n·γ. Sharded: every server sums p−1 pushes of n/p: + (p−1)/p·n·γ.
    const ps = { name: 'parameter-server', servers: ['ps'] };
    t.is(ns(endOf(ps, p, all, gv) - endOf(ps, p)), ns(p * VALUES * gv), `ps p=${p}`);
    const sh = { name: 'parameter-server', servers: 'sharded' };
    t.is(ns(endOf(sh, p, all, gv) - endOf(sh, p)), ns((p - 1) * (VALUES / p) * gv), `sharded p=${p}`);
  }
});
