import test from 'ava';
import { dirname, join } from 'node:path';
import { existsSync, writeFileSync } from 'node:fs';
import { loadTrace } from '../../src/mobility/traces/formats.js';
import { convertTrace } from '../../src/mobility/traces/convert.js';
import { InputError } from '../../src/engine/errors.js';
import { fixture } from './helpers.js';

// Issue 9: SUMO → each writable format → our readers keeps ids and presence windows. Expected
// ids and windows are read off the fixture by hand.

const FCD = [
  '<fcd-export>',
  '  <timestep time="0.00">',
  '    <vehicle id="bus 7" x="0.00" y="0.00" speed="5.00"/>',
  '  </timestep>',
  '  <timestep time="1.00">',
  '    <vehicle id="bus 7" x="5.00" y="0.00" speed="5.00"/>',
  '    <vehicle id="flow0.0" x="100.00" y="4.00" speed="10.00"/>',
  '  </timestep>',
  '  <timestep time="2.00">',
  '    <vehicle id="bus 7" x="10.00" y="0.00" speed="5.00"/>',
  '    <vehicle id="flow0.0" x="90.00" y="4.00" speed="10.00"/>',
  '    <vehicle id="truck_12" x="50.00" y="8.00" speed="0.00"/>',
  '  </timestep>',
  '  <timestep time="3.00">',
  '    <vehicle id="flow0.0" x="80.00" y="4.00" speed="10.00"/>',
  '    <vehicle id="truck_12" x="52.00" y="8.00" speed="2.00"/>',
  '  </timestep>',
  '  <timestep time="4.00">',
  '    <vehicle id="truck_12" x="54.00" y="8.00" speed="2.00"/>',
  '  </timestep>',
  '  <timestep time="5.00"/>',
  '</fcd-export>',
  '',
].join('\n');

// By hand: ids in order of first appearance, each present from its first to its last sample.
const IDS = ['bus 7', 'flow0.0', 'truck_12'];
const WINDOWS: Record<string, [number, number]> = { 'bus 7': [0, 2], 'flow0.0': [1, 3], truck_12: [2, 4] };
const POSITIONS: Record<string, [number, number, number][]> = {
  'bus 7': [[0, 0, 0], [1, 5, 0], [1.5, 7.5, 0], [2, 10, 0]],
  'flow0.0': [[1, 100, 4], [2.5, 85, 4], [3, 80, 4]],
  truck_12: [[2, 50, 8], [3.5, 53, 8], [4, 54, 8]],
};
const EXT: Record<string, string> = { csv: '.csv', ns2: '.ns2', bonnmotion: '.movements', one: '.one' };

for (const to of ['csv', 'ns2', 'bonnmotion', 'one']) {
  test(`SUMO → ${to} → back keeps the ids and the presence windows`, (t) => {
    const input = fixture('in.xml', FCD);
    const out = join(dirname(input), `out${EXT[to]}`);
    const { files, notes } = convertTrace(loadTrace(input), to, out, {});
    for (const f of files) writeFileSync(f.path, f.content);
    const names = files.map((f) => f.path.slice(dirname(input).length + 1));
    // csv says "absent" itself; ns2, bonnmotion and one get a presence sidecar; bonnmotion, without
    // comments, its id mapping in a sidecar too.
    const want = { csv: ['out.csv'], ns2: ['out.ns2', 'out.ns2.presence.csv'], one: ['out.one', 'out.one.presence.csv'], bonnmotion: ['out.movements', 'out.movements.ids.csv', 'out.movements.presence.csv'] }[to]!;
    t.deepEqual(names, want);
    t.is(notes.length, to === 'csv' ? 0 : 2, notes.join('\n'));
    const back = loadTrace(out, to);
    t.deepEqual([...back.nodes.keys()], IDS);
    for (const id of IDS) {
      const traj = back.nodes.get(id)!;
      const [from, until] = WINDOWS[id]!;
      t.false(traj.presentAt(from - 0.01), `${id} before its window`);
      t.true(traj.presentAt(from), `${id} at its start`);
      t.true(traj.presentAt(until), `${id} at its end`);
      t.false(traj.presentAt(until + 0.01), `${id} after its window`);
      t.is(traj.presentS(0, 5), until - from);
      for (const [time, x, y] of POSITIONS[id]!) {
        const p = traj.positionAt(time);
        t.true(Math.hypot(p.x - x, p.y - y) < 1e-6, `${id} at ${time}: ${JSON.stringify(p)}`);
      }
    }
  });
}

test('the id mapping: in the ns-2 and ONE # header, in a BonnMotion sidecar; without it, indices', (t) => {
  const input = fixture('in.xml', FCD);
  const dir = dirname(input);
  const ns2 = convertTrace(loadTrace(input), 'ns2', join(dir, 'o.ns2'), {}).files[0]!.content;
  t.true(ns2.startsWith('# edgesim ids: node index = original id\n# node 0 = bus 7\n# node 1 = flow0.0\n# node 2 = truck_12\n'));
  const one = convertTrace(loadTrace(input), 'one', join(dir, 'o.one'), {}).files[0]!.content;
  t.true(one.startsWith('0 4 0 100 0 8\n# edgesim ids: node index = original id\n# node 0 = bus 7\n'), one);
  t.regex(one, /\n1 1 100 4\n/); // flow0.0 is node 1 at t = 1 s
  const bm = convertTrace(loadTrace(input), 'bonnmotion', join(dir, 'o.movements'), {});
  t.is(bm.files[1]!.content, 'index,id\n0,bus 7\n1,flow0.0\n2,truck_12\n');
  t.is(bm.files[2]!.content, 'id,fromS,toS\nbus 7,0,2\nflow0.0,1,3\ntruck_12,2,4\n');
  // The BonnMotion file alone (no sidecars): line indices, present all the time.
  const alone = fixture('alone.movements', bm.files[0]!.content);
  const plain = loadTrace(alone);
  t.deepEqual([...plain.nodes.keys()], ['0', '1', '2']);
  t.true(plain.nodes.get('1')!.presentAt(0));
});

test('a sidecar that does not match its trace is an InputError naming the sidecar and line', (t) => {
  const file = fixture('x.movements', '0 0 0 1 1 1\n0 5 5\n');
  writeFileSync(`${file}.ids.csv`, 'index,id\n0,a\n1,a\n');
  t.throws(() => loadTrace(file), { instanceOf: InputError, message: new RegExp(`^${file}\\.ids\\.csv:3: id 'a' is listed twice`) });
  writeFileSync(`${file}.ids.csv`, 'index,id\n0,a\n');
  t.throws(() => loadTrace(file), { instanceOf: InputError, message: /node 1 has no entry in the id mapping/ });
  writeFileSync(`${file}.ids.csv`, 'index,id\n0,a\n1,b\n');
  writeFileSync(`${file}.presence.csv`, 'id,fromS,toS\nc,0,1\n');
  t.throws(() => loadTrace(file), { instanceOf: InputError, message: new RegExp(`^${file}\\.presence\\.csv:2: node 'c' is not in`) });
  writeFileSync(`${file}.presence.csv`, 'id,fromS,toS\nb,2,1\n');
  t.throws(() => loadTrace(file), { instanceOf: InputError, message: /expected two numbers fromS ≤ toS, got '2', '1'/ });
  writeFileSync(`${file}.presence.csv`, 'id,fromS,toS\n"b",0.5,1\n');
  const data = loadTrace(file);
  t.false(data.nodes.get('b')!.presentAt(0.4));
  t.true(data.nodes.get('b')!.presentAt(0.5));
  t.true(data.nodes.get('a')!.presentAt(100)); // not listed: present all the time
  t.false(existsSync(`${file}.ns2`));
});
