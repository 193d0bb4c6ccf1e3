import test from 'ava';
import { Simulator } from '../../src/engine/simulator.js';
import { RandomStream } from '../../src/engine/random.js';
import { radioEnvironment, nodeRadio } from '../../src/radio/environment.js';
import { RadioChannel, type ChannelEnd } from '../../src/radio/channel.js';
import { Medium } from '../../src/net/medium.js';
import { WirelessLink } from '../../src/net/wireless.js';
import { Transmitter, type TransmitterUser } from '../../src/net/transmitter.js';
import { StaticMobility } from '../../src/mobility/simple.js';

// A link's in-flight set and a transmitter's maps are made at their first use (most links and
// terminals of a population never carry a transfer); before it, they behave as empty ones.

const env = radioEnvironment({ pathLoss: { model: 'free-space' }, shadowing: false, fading: { model: 'none' } });
const edge: ChannelEnd = { id: 'e', mobility: new StaticMobility({ x: 0, y: 0, z: 10 }), radio: nodeRadio('edge') };
const terminal: ChannelEnd = { id: 't', mobility: new StaticMobility({ x: 100, y: 0, z: 1.5 }), radio: nodeRadio('terminal') };

function link(sim: Simulator): WirelessLink {
  const channel = new RadioChannel(env, edge, terminal, (n) => new RandomStream(n, `1/0/${n}`));
  const medium = new Medium('e/uplink', env.access, env.bandwidthHz, env.dedicatedBandwidthHz);
  return new WirelessLink(sim, 't->e', terminal, edge, channel, medium, new Transmitter(sim, 't', 0.2, 1), env);
}

test('interrupting a link that never carried anything does nothing; a tracked item is interrupted, an untracked one not', (t) => {
  const l = link(new Simulator({ seed: 1 }));
  t.notThrows(() => l.interruptAll('handover'));
  const got: string[] = [];
  const untrackA = l.track({ interrupt: (r) => got.push(`a: ${r}`) });
  l.track({ interrupt: (r) => got.push(`b: ${r}`) });
  l.track({ interrupt: (r) => got.push(`c: ${r}`) });
  untrackA();
  l.interruptAll('failure');
  t.deepEqual(got, ['b: failure', 'c: failure']);
});

test('a transmitter never on the air: no users, and taking a user off is a no-op; on the air its power splits by bandwidth', (t) => {
  const sim = new Simulator({ seed: 1 });
  const tx = new Transmitter(sim, 't', 0.2, 1);
  const changed: string[] = [];
  const user = (name: string): TransmitterUser => ({ powerShareChanged: () => changed.push(name) });
  const [u1, u2] = [user('u1'), user('u2')];
  t.is(tx.onAir, 0);
  tx.use(u1, 0);
  t.is(tx.onAir, 0);
  t.is(tx.shareFor(u1), 0);
  tx.use(u1, 1e6);
  t.is(tx.shareFor(u1), 1);
  tx.use(u2, 3e6); // u1 planned with all the power: it is told, once the instant settles
  t.is(tx.onAir, 2);
  t.is(tx.shareFor(u2), 0.75);
  sim.run();
  t.deepEqual(changed, ['u1']);
  t.is(tx.shareFor(u1), 0.25);
  tx.use(u1, 0);
  tx.use(u2, 0);
  t.is(tx.onAir, 0);
});
