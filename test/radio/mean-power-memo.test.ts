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
