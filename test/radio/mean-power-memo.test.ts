import test from 'ava';
import { RadioChannel, type ChannelEnd } from '../../src/radio/channel.js';
import { radioEnvironment, nodeRadio } from '../../src/radio/environment.js';
import { RandomStream } from '../../src/engine/random.js';
import { ConstantVelocityMobility, StaticMobility } from '../../src/mobility/simple.js';
import { friisLossDb } from '../../src/radio/pathLoss.js';
import type { Vec3 } from '../../src/mobility/vec.js';

// A channel asked for its mean received power again at one instant (interference, association and
// rate evaluations all ask) evaluates its geometry once per instant and transmitting end, and
// returns the same value: Friis over the distance at that instant.

const FC = 3.5e9;

test('the mean received power is evaluated once per instant and transmitting end, and is Friis at that instant', (t) => {
  let positions = 0;
  const walk = new ConstantVelocityMobility({ x: 100, y: 0, z: 10 }, { x: 2, y: 0, z: 0 });
  const counted = {
    name: 'constant-velocity',
    positionAt: (tS: number): Vec3 => (positions++, walk.positionAt(tS)),
    velocityAt: (): Vec3 => walk.velocityAt(),
    pathLengthM: (a: number, b: number): number => walk.pathLengthM(a, b),
    presentS: (a: number, b: number): number => walk.presentS(a, b),
  } as unknown as ConstantVelocityMobility;
  const terminal: ChannelEnd = { id: 't', mobility: counted, radio: nodeRadio('terminal') };
  const edge: ChannelEnd = { id: 'e', mobility: new StaticMobility({ x: 0, y: 0, z: 10 }), radio: nodeRadio('edge') };
  const env = radioEnvironment({ carrierHz: FC, pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'none' } });
  const channel = new RadioChannel(env, terminal, edge, new RandomStream('radio/e|t', '1/0/radio/e|t'));
  const gains = terminal.radio.antennaGainDbi + edge.radio.antennaGainDbi;
  const friisW = (tx: ChannelEnd, tS: number): number => 10 ** ((tx.radio.txPowerDbm + gains - friisLossDb(100 + 2 * tS, FC) - 30) / 10);
  for (const tS of [0, 0.5, 3]) {
    for (const tx of [terminal, edge]) {
      const before = positions;
      const first = channel.meanRxPowerW(tx, tS);
      const again = [channel.meanRxPowerW(tx, tS), channel.meanRxPowerW(tx, tS)];
      t.is(positions - before, 1, `one geometry at ${tS} s from ${tx.id}`);
      t.deepEqual(again, [first, first]);
      t.true(Math.abs(first / friisW(tx, tS) - 1) < 1e-12, `${first} vs ${friisW(tx, tS)}`);
      t.true(Math.abs(channel.meanRxPowerDbm(tx, tS) - (10 * Math.log10(first) + 30)) < 1e-9); // the dBm value of the same evaluation
      t.is(positions - before, 1);
    }
  }
});

// Both ends static: the geometry, the LOS draw and the shadowing at 0 m travelled are the same at
// every instant, so the mean received power is evaluated once per transmitting end for the
// channel's life (interference asked it again at every instant a transfer started or ended).
test('between two static ends the mean received power is evaluated once per end, whatever the instant, and is Friis minus the one shadowing draw', (t) => {
  let positions = 0;
  const at = (p: Vec3) => {
    const still = new StaticMobility(p);
    return {
      name: 'static',
      positionAt: (): Vec3 => (positions++, still.positionAt()),
      velocityAt: (): Vec3 => still.velocityAt(),
      pathLengthM: (): number => 0,
      presentS: (a: number, b: number): number => still.presentS(a, b),
      presentAt: (): boolean => true,
    } as unknown as StaticMobility;
  };
  const terminal: ChannelEnd = { id: 't', mobility: at({ x: 120, y: 50, z: 10 }), radio: nodeRadio('terminal') };
  const edge: ChannelEnd = { id: 'e', mobility: at({ x: 0, y: 0, z: 10 }), radio: nodeRadio('edge') };
  const radio = { carrierHz: FC, pathLoss: { model: 'free-space' as const }, shadowing: { sigmaDb: 6, decorrelationM: 20 }, fading: { model: 'none' as const } };
  const make = (): RadioChannel => new RadioChannel(radioEnvironment(radio), terminal, edge, new RandomStream('radio/e|t', '1/0/radio/e|t'));
  const channel = make();
  const gains = terminal.radio.antennaGainDbi + edge.radio.antennaGainDbi;
  const d = Math.hypot(120, 50); // 130 m
  for (const tS of [0, 0.25, 3, 40]) {
    for (const tx of [terminal, edge]) {
      // Friis at 130 m minus the link's shadowing, which a fresh channel on the same stream reads at this instant alone.
      const shadowingDb = make().shadowingDbAt(tS);
      const expectDbm = tx.radio.txPowerDbm + gains - friisLossDb(d, FC) - shadowingDb;
      t.true(Math.abs(channel.meanRxPowerDbm(tx, tS) - expectDbm) < 1e-9, `${tx.id} at ${tS} s`);
      t.true(Math.abs(channel.meanRxPowerW(tx, tS) / 10 ** ((expectDbm - 30) / 10) - 1) < 1e-12);
    }
  }
  // Log-normal shadowing needs no geometry (no LOS): every position asked was the channel under
  // test's, two a geometry, one geometry per end over 4 instants × 2 ends × 2 asks.
  t.is(positions, 2 * 2);
  t.not(make().shadowingDbAt(0), 0, 'a real shadowing draw, not zero');
});
