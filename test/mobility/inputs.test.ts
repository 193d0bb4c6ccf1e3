import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { traceFormats, loadTrace, detectTraceFormat } from '../../src/mobility/traces/formats.js';
import { forEachLine, MAX_LINE_CHARS } from '../../src/mobility/traces/lines.js';
import { traceInfo } from '../../src/mobility/traces/info.js';
import { InputError } from '../../src/engine/errors.js';
import { fixture } from './helpers.js';

// Inputs that are not trace text, or text with absurd values: every one is an InputError naming
// the file (and the line where there is one), never another error, a hang or an Infinity.

const FORMATS = traceFormats.names();
const readAs = (format: string, file: string) => () => traceFormats.get(format).read(file, {});

test('a folder is refused up front, by loadTrace and by every reader', (t) => {
  const dir = dirname(fixture('x.csv', 't,id,x,y\n'));
  t.throws(() => loadTrace(dir), { instanceOf: InputError, message: `${dir}: is a folder; expected a trace file (a regular file)` });
  for (const f of FORMATS) t.throws(readAs(f, dir), { instanceOf: InputError, message: new RegExp(`^${dir}: .*folder`) }, f);
});

test('a FIFO is refused without waiting for a writer', (t) => {
  t.timeout(20_000);
  const fifo = join(dirname(fixture('x.csv', '')), 'pipe.csv');
  execFileSync('mkfifo', [fifo]);
  t.throws(() => loadTrace(fifo), { instanceOf: InputError, message: `${fifo}: is a FIFO; expected a trace file (a regular file)` });
  t.throws(() => detectTraceFormat(fifo), { instanceOf: InputError, message: /is a FIFO/ });
  for (const f of FORMATS) t.throws(readAs(f, fifo), { instanceOf: InputError, message: /is a FIFO/ }, f);
});

test('a device such as /dev/zero is refused', (t) => {
  t.throws(() => loadTrace('/dev/zero'), { instanceOf: InputError, message: '/dev/zero: is a device; expected a trace file (a regular file)' });
  for (const f of FORMATS) t.throws(readAs(f, '/dev/zero'), { instanceOf: InputError, message: /^\/dev\/zero: is a device/ }, f);
});

test('a BonnMotion .params that is a folder is an InputError naming it', (t) => {
  const file = fixture('m.movements', '0 1 2 5 3 4\n');
  mkdirSync(file.replace(/\.movements$/, '.params'));
  t.throws(readAs('bonnmotion', file), { instanceOf: InputError, message: /m\.params: is a folder/ });
});

test(`a line longer than ${MAX_LINE_CHARS} characters is an error naming file and line; one of exactly that length is read`, (t) => {
  const ok = fixture('ok.txt', `first\n${'x'.repeat(MAX_LINE_CHARS)}\nlast`);
  const lengths: number[] = [];
  forEachLine(ok, (l) => void lengths.push(l.length));
  t.deepEqual(lengths, [5, MAX_LINE_CHARS, 4]);
  const long = fixture('long.csv', `t,id,x,y\n${'1'.repeat(MAX_LINE_CHARS + 1)}\n0,a,1,2\n`);
  t.throws(() => forEachLine(long, () => undefined), { instanceOf: InputError, message: `${long}:2: line longer than ${MAX_LINE_CHARS} characters (is this a text trace?)` });
  // A binary file of NUL bytes without a newline (what /dev/zero would give), in every reader.
  const zeros = fixture('zeros.bin', Buffer.alloc(3 * MAX_LINE_CHARS));
  for (const f of FORMATS) t.throws(readAs(f, zeros), { instanceOf: InputError, message: /:1: line longer than/ }, f);
  // A SUMO tag that never closes, spread over many short lines.
  const tag = fixture('tag.xml', `<fcd-export>\n<timestep time="0">\n<vehicle id="a"\n${'x="1"\n'.repeat(MAX_LINE_CHARS / 4)}`);
  t.throws(readAs('sumo-fcd', tag), { instanceOf: InputError, message: /tag\.xml:3: a tag longer than/ });
});

const empty: Record<string, string> = {
  ns2: '',
  'sumo-fcd': '<fcd-export>\n<timestep time="0"/>\n</fcd-export>\n',
  'sumo-csv': 'timestep_time;vehicle_id;vehicle_x;vehicle_y\n0;;;\n',
  bonnmotion: '',
  one: '0 10 0 100 0 100\n',
  csv: 't,id,x,y\n',
};

test('a trace with no node is an error naming the file, in every format', (t) => {
  for (const [format, content] of Object.entries(empty)) {
    const file = fixture(`empty.${format}`, content);
    t.throws(readAs(format, file), { instanceOf: InputError, message: new RegExp(`^${file}: no node in the trace`) }, format);
  }
  const godOnly = fixture('god.ns2', '$god_ set-dist 0 1 2\n# a comment\n');
  t.throws(() => loadTrace(godOnly), { instanceOf: InputError, message: /god\.ns2: no node in the trace \(read as ns2, 2 lines\)/ });
});

const huge: Record<string, [string, number]> = {
  ns2: ['$node_(0) set X_ 1e308\n', 1],
  'sumo-fcd': ['<fcd-export>\n<timestep time="0">\n<vehicle id="a" x="1e308" y="0"/>\n</timestep>\n</fcd-export>\n', 3],
  'sumo-csv': ['timestep_time;vehicle_id;vehicle_x;vehicle_y\n0;v;0;1e308\n', 2],
  bonnmotion: ['0 0 0 5 1e308 0\n', 1],
  one: ['0 1 0 1 0 1\n0 a 0 0\n1 a -1e308 0\n', 3],
  csv: ['t,id,x,y,z\n0,a,0,0,1e308\n', 2],
};

test('a coordinate beyond 1e9 m is an error naming file and line, in every format', (t) => {
  for (const [format, [content, line]] of Object.entries(huge)) {
    const file = fixture(`huge.${format}`, content);
    t.throws(readAs(format, file), { instanceOf: InputError, message: new RegExp(`^${file}:${line}: [xyzXYZ]_? = -?1e\\+308 m is out of range`) }, format);
  }
  // 1e9 m itself is accepted.
  t.is(traceInfo(loadTrace(fixture('edge.csv', 't,id,x,y\n0,a,1e9,-1e9\n'))).boundsM[0][0], 1e9);
});

test('times beyond 1e12 s, speeds faster than light, and jumps faster than light are errors naming the line', (t) => {
  const cases: [string, string, RegExp][] = [
    ['late.csv', 't,id,x,y\n0,a,0,0\n1e13,a,0,0\n', /:3: time 10000000000000 s is out of range/],
    ['late.ns2', '$ns_ at 2e12 "$node_(0) setdest 1 2 3"\n', /:1: time 2000000000000 s is out of range/],
    ['fast.ns2', '$node_(0) set X_ 0\n$ns_ at 1 "$node_(0) setdest 10 0 3e8"\n', /:2: speed 300000000 m\/s is faster than light/],
    // 1e9 m in 1 ms: 1e12 m/s
    ['jump.csv', 't,id,x,y\n0,a,0,0\n0.001,a,1e9,0\n', /:3: speed 1000000000000 m\/s is faster than light .*node 'a' since its sample at 0 s/],
  ];
  for (const [name, content, message] of cases) t.throws(() => loadTrace(fixture(name, content)), { instanceOf: InputError, message }, name);
  // A jump in no time (two samples at one time) is allowed, as ns-2 `set X_` makes them.
  t.is(loadTrace(fixture('jump.csv', 't,id,x,y\n0,a,0,0\n0,a,1e9,0\n')).nodes.get('a')!.size, 2);
});

test('an ns-2 move too slow to arrive before 1e12 s gets as far as it can: trace info stays finite', (t) => {
  // 1 km at 1e-300 m/s would arrive at 1e303 s.
  const data = loadTrace(fixture('slow.ns2', '$ns_ at 0 "$node_(0) setdest 1000 0 1e-300"\n'));
  const info = traceInfo(data);
  t.deepEqual(info.timeSpanS, [0, 1e12]);
  t.true(Number.isFinite(info.speedMps.mean));
  // 1e12 s at 1e-300 m/s: 1e-288 m along x.
  const x = data.nodes.get('0')!.positionAt(1e12).x;
  t.true(Math.abs(x - 1e-288) < 1e-300, String(x));
});

test('a UTF-8 byte order mark at the start is skipped, in every text format', (t) => {
  const BOM = '\uFEFF';
  const cases: [string, string][] = [
    ['bom.csv', 't,id,x,y\n0,a,1,2\n'],
    ['bom.ns2', '$node_(0) set X_ 1\n$node_(0) set Y_ 2\n'],
    ['bom.movements', '0 1 2\n'],
    ['bom.one', '0 1 0 1 0 1\n0 a 1 2\n'],
    ['bom.xml', '<fcd-export><timestep time="0"><vehicle id="a" x="1" y="2"/></timestep></fcd-export>\n'],
    ['bom-sumo.txt', 'timestep_time;vehicle_id;vehicle_x;vehicle_y\n0;a;1;2\n'],
    ['bom-csv.txt', 't,id,x,y\n0,a,1,2\n'], // detected from the content, which starts with the BOM
  ];
  for (const [name, content] of cases) {
    const data = loadTrace(fixture(name, BOM + content));
    const [first] = data.nodes.values();
    t.deepEqual(first!.positionAt(0), { x: 1, y: 2, z: 0 }, name);
  }
  t.is(detectTraceFormat(fixture('d.txt', `${BOM}t,id,x,y\n0,a,1,2\n`)), 'csv');
  // Only at the start: a BOM inside the file is content.
  const inner = fixture('inner.csv', `t,id,x,y\n${BOM}0,a,1,2\n`);
  t.throws(() => loadTrace(inner), { instanceOf: InputError, message: /:2: unparseable number/ });
});

test('a file that cannot be read (no permission) is an InputError', (t) => {
  if (process.getuid?.() === 0) {
    t.pass('root reads everything');
    return;
  }
  const file = fixture('locked.csv', 't,id,x,y\n0,a,1,2\n');
  execFileSync('chmod', ['000', file]);
  t.throws(() => loadTrace(file), { instanceOf: InputError, message: /locked\.csv: cannot open/ });
  execFileSync('chmod', ['644', file]);
});
