import test from 'ava';
import { RadioChannel, type ChannelEnd } from '../../src/radio/channel.js';
import { radioEnvironment, nodeRadio, SHADOWING_3GPP } from '../../src/radio/environment.js';
import { RandomStream } from '../../src/engine/random.js';
import { ConstantVelocityMobility, StaticMobility } from '../../src/mobility/simple.js';
import { umiLosProbability, umiLosLossDb, umiNlosLossDb } from '../../src/radio/pathLoss.js';
import { Shadowing } from '../../src/radio/shadowing.js';
import { JakesFading } from '../../src/radio/fading.js';
import { SPEED_OF_LIGHT_MPS } from '../../src/radio/units.js';

// A channel given a source of streams draws its three numbers (LOS, fading key, shadowing key, in
// that order) from `radio/<a>|<b>` at its first evaluation, not at construction: a channel never
// evaluated costs no stream. The values are the stream's documented draws, whenever they are made.

const FC = 3.5e9;
const env = radioEnvironment({ carrierHz: FC, pathLoss: { model: '3gpp-umi', los: 'auto' }, fading: { model: 'rayleigh' } });
const edge: ChannelEnd = { id: 'e', mobility: new StaticMobility({ x: 0, y: 0, z: 10 }), radio: nodeRadio('edge') };
const walker = (): ChannelEnd => ({ id: 't', mobility: new ConstantVelocityMobility({ x: 60, y: 0, z: 1.5 }, { x: 1.5, y: 0, z: 0 }), radio: nodeRadio('terminal') });
const seedOf = (name: string): string => `3/0/${name}`; // seed 3: a LOS draw of 0.265, so the walk starts in LOS and leaves it

test('a channel given a stream source asks for radio/<a>|<b> once, at its first evaluation', (t) => {
  const asked: string[] = [];
  const source = (name: string): RandomStream => (asked.push(name), new RandomStream(name, seedOf(name)));
  const channel = new RadioChannel(env, edge, walker(), source);
  t.deepEqual(asked, [], 'nothing drawn at construction');
  t.is(channel.timeInvariant, false);
  t.deepEqual(asked, [], 'nor for a question that needs no draw');
  channel.meanRxPowerDbm(edge, 0);
  channel.fadingGainAt(1);
  channel.shadowingDbAt(2);
  t.deepEqual(asked, ['radio/e|t']);
});

test('its LOS, path loss, shadowing and fading are those of the stream’s three draws (the UMi model by hand)', (t) => {
  const name = 'radio/e|t';
  const draws = new RandomStream(name, seedOf(name));
  const losDraw = draws.random();
  const fadingKey = draws.integer(0, 2 ** 32 - 1);
  const shadowKey = draws.integer(0, 2 ** 32 - 1);
  const { los: losSh, nlos: nlosSh } = SHADOWING_3GPP['3gpp-umi'];
  const shadowLos = new Shadowing(shadowKey, losSh.sigmaDb, losSh.decorrelationM!);
  const shadowNlos = new Shadowing(shadowKey ^ 0x5bd1e995, nlosSh.sigmaDb, nlosSh.decorrelationM!);
  const fading = new JakesFading(fadingKey, 0, SPEED_OF_LIGHT_MPS / FC);
  const lazy = new RadioChannel(env, edge, walker(), (n) => new RandomStream(n, seedOf(n)));
  const eager = new RadioChannel(env, edge, walker(), new RandomStream(name, seedOf(name)));
  let sawLos = false;
  let sawNlos = false;
  for (const tS of [0, 3, 10, 40, 90, 200]) {
    const x = 60 + 1.5 * tS;
    const d3 = Math.hypot(x, 8.5);
    const g = { distance2dM: x, distance3dM: d3, hBsM: 10, hUtM: 1.5 };
    const los = losDraw < umiLosProbability(x);
    if (los) sawLos = true;
    else sawNlos = true;
    const travelledM = 1.5 * tS;
    const pathLossDb = los ? umiLosLossDb(g, FC) : umiNlosLossDb(g, FC);
    const shadowDb = (los ? shadowLos : shadowNlos).lossDbAt(travelledM);
    const expectedDbm = edge.radio.txPowerDbm + edge.radio.antennaGainDbi + 0 - pathLossDb - shadowDb;
    for (const c of [lazy, eager]) {
      t.is(c.losAt(tS), los, `LOS at ${tS} s`);
      t.true(Math.abs(c.meanRxPowerDbm(edge, tS) - expectedDbm) < 1e-9, `${c.meanRxPowerDbm(edge, tS)} vs ${expectedDbm} dBm at ${tS} s`);
      t.is(c.shadowingDbAt(tS), shadowDb);
      t.is(c.fadingGainAt(tS), fading.powerGainAt(0, travelledM));
    }
  }
  t.true(sawLos && sawNlos, 'the walk crosses from LOS to NLOS');
});

test('two channels drawing in either order get the same values (each from its own stream)', (t) => {
  const source = (n: string): RandomStream => new RandomStream(n, seedOf(n));
  const other: ChannelEnd = { id: 'u', mobility: new StaticMobility({ x: 0, y: 150, z: 1.5 }), radio: nodeRadio('terminal') };
  const first = [new RadioChannel(env, edge, walker(), source), new RadioChannel(env, edge, other, source)];
  const second = [new RadioChannel(env, edge, walker(), source), new RadioChannel(env, edge, other, source)];
  const a = [first[0]!.meanRxPowerDbm(edge, 5), first[1]!.meanRxPowerDbm(edge, 5)];
  const b = [second[1]!.meanRxPowerDbm(edge, 5), second[0]!.meanRxPowerDbm(edge, 5)].reverse();
  t.deepEqual(a, b);
});
