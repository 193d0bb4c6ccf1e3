import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSumoFcd } from '../../src/mobility/traces/sumoFcd.js';
import { readDelimited } from '../../src/mobility/traces/delimited.js';
import { traceInfo } from '../../src/mobility/traces/info.js';
import { InputError } from '../../src/engine/errors.js';
import { fixture } from './helpers.js';

// Issue 9: SUMO's own speeds, the declared time span, truncated files. Expected values are hand
// computations from the fixtures' numbers.

// A car at 9 m/s whose lane change at a junction moves it 8.5 m sideways in the first second:
// by positions that segment is hypot(9, 8.5) = 12.379… m/s; the file says 9.00. Empty timesteps
// follow the last sample (3 s and 10 s).
const FCD = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<fcd-export>',
  '    <timestep time="0.00">',
  '        <vehicle id="car" x="0.00" y="0.00" angle="90.00" speed="9.00" lane="a_0"/>',
  '    </timestep>',
  '    <timestep time="1.00">',
  '        <vehicle id="car" x="9.00" y="8.50" angle="90.00" speed="9.00" lane="b_1"/>',
  '    </timestep>',
  '    <timestep time="2.00">',
  '        <vehicle id="car" x="17.00" y="8.50" angle="90.00" speed="8.00" lane="b_1"/>',
  '    </timestep>',
  '    <timestep time="3.00"/>',
  '    <timestep time="10.00"/>',
  '</fcd-export>',
  '',
].join('\n');

// The same as xml2csv.py writes it.
const CSV = [
  'timestep_time;vehicle_angle;vehicle_id;vehicle_lane;vehicle_speed;vehicle_x;vehicle_y',
  '0.00;90.00;car;a_0;9.00;0.00;0.00',
  '1.00;90.00;car;b_1;9.00;9.00;8.50',
  '2.00;90.00;car;b_1;8.00;17.00;8.50',
  '3.00;;;;;;',
  '10.00;;;;;;',
  '',
].join('\n');

test('trace info reports the speeds the file gives (SUMO speed, xml2csv vehicle_speed), not position differences', (t) => {
  // Given values 9, 9, 8: min 8, mean 26/3, max 9.
  const want = { min: 8, mean: 26 / 3, max: 9 };
  for (const data of [readSumoFcd(fixture('junction.xml', FCD)), readDelimited(fixture('junction.csv', CSV), 'sumo-csv')]) {
    const info = traceInfo(data);
    t.is(info.speedSource, 'file', data.format);
    t.is(info.speedMps.min, want.min, data.format);
    t.true(Math.abs(info.speedMps.mean - want.mean) < 1e-12, data.format);
    t.is(info.speedMps.max, want.max, data.format);
  }
});

test('without speed values, trace info falls back to position differences', (t) => {
  // Segments: hypot(9, 8.5) m in 1 s, then 8 m in 1 s: max 12.379…, min 8, mean (hypot(9, 8.5) + 8) / 2.
  const info = traceInfo(readSumoFcd(fixture('nospeed.xml', FCD.replace(/ speed="[^"]*"/g, ''))));
  t.is(info.speedSource, 'positions');
  t.true(Math.abs(info.speedMps.max - Math.hypot(9, 8.5)) < 1e-12);
  t.is(info.speedMps.min, 8);
  t.true(Math.abs(info.speedMps.mean - (Math.hypot(9, 8.5) + 8) / 2) < 1e-12);
  // Only some samples with a speed: the file's values would describe a part of the trace only.
  const partial = traceInfo(readSumoFcd(fixture('partial.xml', FCD.replace(' speed="8.00"', ''))));
  t.is(partial.speedSource, 'positions');
});

test('a speed value that is not a number, or faster than light, is an InputError naming the line', (t) => {
  const bad = fixture('badspeed.xml', FCD.replace('speed="8.00"', 'speed="fast"'));
  t.throws(() => readSumoFcd(bad), { instanceOf: InputError, message: new RegExp(`^${bad}:10: unparseable number 'fast' for speed`) });
  const light = fixture('light.csv', CSV.replace(';8.00;', ';3e9;'));
  t.throws(() => readDelimited(light, 'sumo-csv'), { instanceOf: InputError, message: new RegExp(`^${light}:4: speed 3000000000 m/s is faster than light`) });
});

test('the time span runs to the last timestep, empty ones included (SUMO FCD and xml2csv)', (t) => {
  // The car's last sample is at 2 s; the file's last timestep is at 10 s.
  t.deepEqual(traceInfo(readSumoFcd(fixture('span.xml', FCD))).timeSpanS, [0, 10]);
  t.deepEqual(traceInfo(readDelimited(fixture('span.csv', CSV), 'sumo-csv')).timeSpanS, [0, 10]);
  // Leading empty timesteps count too: the file starts at its first timestep.
  const late = FCD.replace('<timestep time="0.00">', '<timestep time="-5.00"/>\n    <timestep time="0.00">');
  t.deepEqual(traceInfo(readSumoFcd(fixture('late.xml', late))).timeSpanS, [-5, 10]);
  // The car is still present only from its first to its last sample.
  const car = readSumoFcd(fixture('present.xml', FCD)).nodes.get('car')!;
  t.true(car.presentAt(2));
  t.false(car.presentAt(2.5));
});

test('an FCD file cut between elements (no </fcd-export>) is an InputError naming the file and its last line', (t) => {
  // Cut after the </timestep> of 2 s: 11 lines, the last being that </timestep>.
  const cut = FCD.split('\n').slice(0, 11).join('\n') + '\n';
  const file = fixture('cut.xml', cut);
  t.throws(() => readSumoFcd(file), { instanceOf: InputError, message: `${file}:11: file ends at line 11 without </fcd-export>: the file looks truncated (cut while SUMO was writing it, or while copying?)` });
  // A truncated copy of the example trace, cut after its 200th line (a line boundary between elements).
  const example = readFileSync(join(import.meta.dirname, '../../traces/highway-fcd.xml'), 'utf8');
  const copy = fixture('highway-cut.xml', example.split('\n').slice(0, 200).join('\n') + '\n');
  t.throws(() => readSumoFcd(copy), { instanceOf: InputError, message: new RegExp(`^${copy}:200: file ends at line 200 without </fcd-export>`) });
  // Something after the closing tag (two files joined) is refused too.
  const joined = fixture('joined.xml', FCD + '<timestep time="11.00"/>\n');
  t.throws(() => readSumoFcd(joined), { instanceOf: InputError, message: new RegExp(`^${joined}:15: an element after </fcd-export>`) });
  // The empty root written as one tag is closed.
  t.throws(() => readSumoFcd(fixture('empty.xml', '<fcd-export/>\n')), { instanceOf: InputError, message: /no node in the trace/ });
});
