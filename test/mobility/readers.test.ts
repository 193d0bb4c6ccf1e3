import test from 'ava';
import { writeFileSync } from 'node:fs';
import { readNs2 } from '../../src/mobility/traces/ns2.js';
import { readSumoFcd } from '../../src/mobility/traces/sumoFcd.js';
import { readDelimited } from '../../src/mobility/traces/delimited.js';
import { readBonnMotion } from '../../src/mobility/traces/bonnmotion.js';
import { readOne } from '../../src/mobility/traces/one.js';
import { detectTraceFormat, loadTrace } from '../../src/mobility/traces/formats.js';
import { InputError } from '../../src/engine/errors.js';
import { fixture, near } from './helpers.js';

// Positions below are computed by hand from each format's semantics.

test('ns-2: setdest arriving early then waiting, a setdest before arrival, initial positions after the moves, $god_ lines', (t) => {
  const file = fixture(
    'moves.ns2',
    [
      '# made by hand',
      '$node_(0) set Z_ 1.5',
      '$ns_ at 0.0 "$node_(0) setdest 100.0 0.0 10.0"', // (0,0) → (100,0) at 10 m/s: arrives at 10 s, waits
      '$ns_ at 20.0 "$node_(0) setdest 100.0 100.0 5.0"', // from (100,0) at 20 s, 5 m/s north: would arrive at 40 s
      '$ns_ at 30.0 "$node_(0) setdest 0.0 50.0 10.0";', // at 30 s it is at (100,50): turn west at 10 m/s, arrives at 40 s
      '$node_(0) set X_ 0.0',
      '$node_(0) set Y_ 0.0',
      '$node_(1) set X_ 10',
      '$node_(1) set Y_ 20',
      '$ns_ at 5 "$node_(1) set X_ 30"', // a jump at 5 s
      '$god_ set-dist 0 1 16777215',
      '$ns_ at 0.000000 "$god_ set-dist 0 1 1"',
      '',
    ].join('\n'),
  );
  const trace = readNs2(file);
  t.deepEqual([...trace.nodes.keys()], ['0', '1']);
  const n0 = trace.nodes.get('0')!;
  const expect: [number, [number, number, number]][] = [
    [0, [0, 0, 1.5]],
    [5, [50, 0, 1.5]],
    [10, [100, 0, 1.5]],
    [15, [100, 0, 1.5]],
    [25, [100, 25, 1.5]],
    [30, [100, 50, 1.5]],
    [35, [50, 50, 1.5]],
    [45, [0, 50, 1.5]],
  ];
  for (const [time, pos] of expect) t.true(near(n0.positionAt(time), pos), `t=${time}: ${JSON.stringify(n0.positionAt(time))}`);
  t.true(n0.presentAt(1e6));
  const n1 = trace.nodes.get('1')!;
  t.true(near(n1.positionAt(4.9), [10, 20, 0]));
  t.true(near(n1.positionAt(5), [30, 20, 0]));
});

const errorCases: [string, string, RegExp][] = [
  ['unparseable number', '$node_(0) set X_ 0\n$ns_ at 1.0 "$node_(0) setdest 1.0 abc 2"\n', /:2: unparseable number 'abc' for y: "\$ns_ at 1\.0/],
  ['unknown command', '$node_(0) set X_ 0\n\n$node_(0) fly 1\n', /:3: unknown command/],
  ['unknown command inside at', '$ns_ at 1 "$node_(0) teleport 1 2"\n', /:1: unknown command inside \$ns_ at/],
  ['negative speed', '$ns_ at 1 "$node_(0) setdest 1 2 -3"\n', /:1: negative speed -3/],
  ['time backwards', '$ns_ at 10 "$node_(0) setdest 1 2 3"\n$ns_ at 5 "$node_(0) setdest 1 2 3"\n', /:2: time of node '0' goes backwards \(5 s after 10 s\)/],
];
for (const [what, content, message] of errorCases) {
  test(`ns-2 error names the file and line: ${what}`, (t) => {
    const file = fixture('bad.ns2', content);
    const err = t.throws(() => readNs2(file), { instanceOf: InputError });
    t.true(err!.message.startsWith(file), err!.message);
    t.regex(err!.message, message);
  });
}

const SUMO_XML = `<?xml version="1.0" encoding="UTF-8"?>

<!-- generated on 2026-01-01 by Eclipse SUMO sumo Version v1_23_1
<configuration>
    <fcd-output value="fcd.xml"/>
</configuration>
-->

<fcd-export xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://sumo.dlr.de/xsd/fcd_file.xsd">
    <timestep time="0.00">
        <vehicle id="a" x="0.00" y="0.00" angle="90.00" type="DEFAULT_VEHTYPE" speed="10.00" pos="5.10" lane="E0_0" slope="0.00"/>
    </timestep>
    <timestep time="1.00">
        <vehicle id="a" x="10.00" y="0.00" angle="90.00" type="DEFAULT_VEHTYPE" speed="10.00" pos="15.10" lane="E0_0" slope="0.00"/>
        <vehicle id="late" x="500.00" y="4.00" z="2.00" angle="270.00" type="DEFAULT_VEHTYPE" speed="20.00" pos="0.00" lane="-E0_0" slope="0.00"/>
        <person id="p0" x="3.00" y="3.00" angle="0.00" speed="1.00" pos="1.00" edge="E0" slope="0.00"/>
    </timestep>
    <timestep time="2.00"/>
    <timestep time="3.00">
        <vehicle id="late"
                 x="440.00" y="4.00" z="2.00" angle="270.00" speed="20.00" pos="60.00" lane="-E0_0" slope="0.00"/>
    </timestep>
</fcd-export>
`;

test('SUMO FCD: a vehicle entering late and leaving early, an empty timestep, a person, a tag over two lines', (t) => {
  const trace = readSumoFcd(fixture('fcd.xml', SUMO_XML));
  t.deepEqual([...trace.nodes.keys()], ['a', 'late', 'p0']);
  const a = trace.nodes.get('a')!;
  t.true(a.presentAt(0.5));
  t.true(near(a.positionAt(0.5), [5, 0, 0]));
  t.false(a.presentAt(1.5)); // left after its last sample at 1 s: never extrapolated
  const late = trace.nodes.get('late')!;
  t.false(late.presentAt(0.5)); // not yet in the network
  t.true(late.presentAt(2)); // across the empty timestep, still between its samples
  t.true(near(late.positionAt(2), [470, 4, 2]));
  t.true(near(trace.nodes.get('p0')!.positionAt(1), [3, 3, 0]));
});

test('SUMO FCD errors: a vehicle without x/y, a number that is not one, no fcd-export', (t) => {
  const noXY = SUMO_XML.replace('x="10.00" y="0.00" ', '');
  t.throws(() => readSumoFcd(fixture('fcd.xml', noXY)), { instanceOf: InputError, message: /:14: <vehicle> without x and y/ });
  const bad = SUMO_XML.replace('x="10.00"', 'x="ten"');
  t.throws(() => readSumoFcd(fixture('fcd.xml', bad)), { instanceOf: InputError, message: /:14: unparseable number 'ten' for x/ });
  t.throws(() => readSumoFcd(fixture('x.xml', '<root/>\n')), { instanceOf: InputError, message: /no <fcd-export>/ });
});

test('SUMO xml2csv CSV: columns by name, rows with only a time', (t) => {
  const file = fixture(
    'fcd.csv',
    [
      'timestep_time;vehicle_angle;vehicle_id;vehicle_lane;vehicle_pos;vehicle_slope;vehicle_speed;vehicle_type;vehicle_x;vehicle_y',
      '0.00;;;;;;;;;',
      '1.00;90.00;v0;E0_0;5.10;0.00;10.00;DEFAULT_VEHTYPE;0.00;7.00',
      '2.00;;;;;;;;;',
      '3.00;90.00;v0;E0_0;25.10;0.00;10.00;DEFAULT_VEHTYPE;20.00;7.00',
    ].join('\n'),
  );
  t.is(detectTraceFormat(file), 'sumo-csv');
  const v0 = readDelimited(file, 'sumo-csv').nodes.get('v0')!;
  t.false(v0.presentAt(0.5));
  t.true(near(v0.positionAt(2.5), [15, 7, 0]));
  t.false(v0.presentAt(3.5));
});

test('BonnMotion: a repeated position is a pause; 3-D from the .params file', (t) => {
  const file = fixture('walk.movements', '0 0 0 10 100 0 20 100 0 30 100 50\n0.0 5.0 5.0 100 5 5\n');
  const tr = readBonnMotion(file);
  const n0 = tr.nodes.get('0')!;
  t.true(near(n0.positionAt(5), [50, 0, 0]));
  t.true(near(n0.positionAt(15), [100, 0, 0])); // paused 10 … 20 s
  t.true(near(n0.positionAt(25), [100, 25, 0]));
  t.true(near(tr.nodes.get('1')!.positionAt(50), [5, 5, 0]));
  const file3 = fixture('fly.movements', '0 0 0 0 10 0 0 100\n');
  writeFileSync(file3.replace('.movements', '.params'), 'model=RandomWaypoint3D\nx=100\ny=100\nz=100\n');
  t.true(near(readBonnMotion(file3).nodes.get('0')!.positionAt(5), [0, 0, 50]));
  t.throws(() => readBonnMotion(fixture('b.movements', '0 0 0 10 5\n')), { instanceOf: InputError, message: /:1: expected groups of 3 numbers/ });
  t.throws(() => readBonnMotion(fixture('b.movements', '0 0 0\n10 0 0 5 1 1\n')), { instanceOf: InputError, message: /:2: time of node '1' goes backwards/ });
});

test('ONE external movement: header, then time id x y', (t) => {
  const file = fixture('m.one', '# ONE\n0 20 0 100 0 100\n0 n1 0 0\n0 n2 50 50\n10 n1 100 0\n10 n2 50 50\n20 n1 100 100\n');
  t.is(detectTraceFormat(file), 'one');
  const tr = readOne(file);
  t.true(near(tr.nodes.get('n1')!.positionAt(15), [100, 50, 0]));
  t.true(near(tr.nodes.get('n2')!.positionAt(15), [50, 50, 0]));
  t.throws(() => readOne(fixture('m.one', '0 1 2\n')), { instanceOf: InputError, message: /:1: expected the header/ });
  t.throws(() => readOne(fixture('m.one', '0 20 0 1 0 1\n5 a 0 0\n4 b 0 0\n')), { instanceOf: InputError, message: /:3: time goes backwards/ });
});

test('CSV t,id,x,y[,z]: columns by header name; absent outside its samples', (t) => {
  const file = fixture('t.csv', 'id,t,x,y\nu,0,0,0\nu,10,10,0\nw,5,1,1\n');
  t.is(detectTraceFormat(file), 'csv');
  const tr = readDelimited(file, 'csv');
  t.true(near(tr.nodes.get('u')!.positionAt(5), [5, 0, 0]));
  t.false(tr.nodes.get('w')!.presentAt(4));
  t.throws(() => readDelimited(fixture('t.csv', 'a,b\n1,2\n'), 'csv'), { instanceOf: InputError, message: /:1: expected a header/ });
  t.throws(() => readDelimited(fixture('t.csv', 't,id,x,y\n0,a,1\n'), 'csv'), { instanceOf: InputError, message: /:2: expected 4 fields, got 3/ });
});

test('format detection and overriding it; a missing file', (t) => {
  t.is(detectTraceFormat(fixture('x.txt', '$node_(0) set X_ 1\n')), 'ns2');
  t.is(detectTraceFormat(fixture('x.txt', '<?xml version="1.0"?>\n<fcd-export>\n')), 'sumo-fcd');
  t.is(detectTraceFormat(fixture('x.txt', '0 0 0 10 5 5\n')), 'bonnmotion');
  const f = fixture('x.movements', '0 0 0 10 5 5\n');
  t.is(loadTrace(f).format, 'bonnmotion');
  t.throws(() => loadTrace(f, 'ns2'), { instanceOf: InputError, message: /:1: unknown command/ });
  t.throws(() => loadTrace('/nonexistent/x.ns2'), { instanceOf: InputError, message: /trace file not found/ });
  t.throws(() => loadTrace(f, 'gpx'), { instanceOf: InputError, message: /unknown trace format 'gpx'/ });
});
