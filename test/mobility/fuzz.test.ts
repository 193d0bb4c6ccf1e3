import test from 'ava';
import fc from 'fast-check';
import { loadTrace, traceFormats } from '../../src/mobility/traces/formats.js';
import { traceInfo } from '../../src/mobility/traces/info.js';
import { InputError } from '../../src/engine/errors.js';
import { fixture } from './helpers.js';

// Every reader, fed random and mutated input, either parses it or throws our InputError (with
// file and line), never anything else, and never hangs (each case is small; ava times out).

const seeds: Record<string, string> = {
  ns2: '$node_(0) set X_ 1.0\n$node_(0) set Y_ 2.0\n$ns_ at 1.0 "$node_(0) setdest 10.0 20.0 5.0"\n$ns_ at 3.0 "$node_(1) set X_ 4"\n$god_ set-dist 0 1 2\n',
  'sumo-fcd': '<fcd-export>\n<timestep time="0.00">\n<vehicle id="a" x="1.00" y="2.00" speed="1"/>\n</timestep>\n<timestep time="1.00"/>\n</fcd-export>\n',
  'sumo-csv': 'timestep_time;vehicle_id;vehicle_x;vehicle_y\n0.00;;;\n1.00;v;1.0;2.0\n2.00;v;3.0;4.0\n',
  bonnmotion: '0 0 0 10 5 5 20 5 5\n0 1 1 4 2 2\n',
  one: '0 10 0 100 0 100\n0 a 1 1\n5 a 2 2\n10 b 3 3\n',
  csv: 't,id,x,y,z\n0,a,1,1,0\n1,a,2,2,0\n0.5,b,3,3,1\n',
};

const mutate = (text: string, edits: { at: number; kind: number; ch: string }[]): string => {
  let s = text;
  for (const e of edits) {
    const i = e.at % (s.length + 1);
    if (e.kind === 0) s = s.slice(0, i) + e.ch + s.slice(i); // insert
    else if (e.kind === 1) s = s.slice(0, i) + s.slice(i + 1); // delete
    else if (e.kind === 2) s = s.slice(0, i) + e.ch + s.slice(i + 1); // replace
    else s = s.slice(0, i) + s.slice(i, i + 12) + s.slice(i); // duplicate a run
  }
  return s;
};

const interesting = fc.constantFrom(' ', '\n', '"', '<', '>', '/', '-', '.', 'e', '9', '0', ';', ',', '$', '(', ')', 'x', '\t', '#', '=', '\r', 'é');
const edit = fc.record({ at: fc.nat(), kind: fc.integer({ min: 0, max: 3 }), ch: interesting });

function readsCleanly(format: string, content: string): void {
  const file = fixture(`fuzz.${format}`, content);
  try {
    traceFormats.get(format).read(file, {});
  } catch (err) {
    if (!(err instanceof InputError)) throw new Error(`${format} threw ${(err as Error)?.constructor?.name}: ${(err as Error)?.message}\n--- input ---\n${content}`);
    if (!err.message.startsWith(file)) throw new Error(`${format}: the error does not name the file: ${err.message}`);
  }
}

for (const format of Object.keys(seeds)) {
  test(`${format} reader: mutated and random input parses or fails cleanly`, (t) => {
    fc.assert(fc.property(fc.array(edit, { maxLength: 12 }), (edits) => readsCleanly(format, mutate(seeds[format]!, edits))), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => readsCleanly(format, s)), { numRuns: 100 });
    t.pass();
  });
}

// Any finite numbers in the number fields: the trace reads with a finite summary (no Infinity or
// NaN mean speed) or is an InputError naming the file.
const withNumbers: Record<string, (v: string[]) => string> = {
  ns2: (v) => `$node_(0) set X_ ${v[0]}\n$node_(0) set Y_ ${v[1]}\n$ns_ at ${v[2]} "$node_(0) setdest ${v[3]} ${v[4]} ${v[5]}"\n$ns_ at ${v[6]} "$node_(1) set X_ ${v[7]}"\n`,
  'sumo-fcd': (v) => `<fcd-export>\n<timestep time="${v[0]}">\n<vehicle id="a" x="${v[1]}" y="${v[2]}" z="${v[3]}"/>\n</timestep>\n<timestep time="${v[4]}">\n<vehicle id="a" x="${v[5]}" y="${v[6]}"/>\n</timestep>\n</fcd-export>\n`,
  'sumo-csv': (v) => `timestep_time;vehicle_id;vehicle_x;vehicle_y\n${v[0]};v;${v[1]};${v[2]}\n${v[3]};v;${v[4]};${v[5]}\n`,
  bonnmotion: (v) => `${v[0]} ${v[1]} ${v[2]} ${v[3]} ${v[4]} ${v[5]}\n`,
  one: (v) => `0 1 0 1 0 1\n${v[0]} a ${v[1]} ${v[2]}\n${v[3]} a ${v[4]} ${v[5]}\n`,
  csv: (v) => `t,id,x,y,z\n${v[0]},a,${v[1]},${v[2]},${v[3]}\n${v[4]},a,${v[5]},${v[6]},${v[7]}\n`,
};
const number = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ min: -1e4, max: 1e4, noNaN: true }), fc.integer({ min: 0, max: 100 }), fc.constantFrom(1e9, -1e9, 1e12, 1e-300, 5e-324, 3e8, 299792458, 0));

for (const format of Object.keys(withNumbers)) {
  test(`${format} reader: any finite numbers give a finite summary or an InputError`, (t) => {
    fc.assert(
      fc.property(fc.array(number, { minLength: 8, maxLength: 8 }), (v) => {
        const file = fixture(`num.${format}`, withNumbers[format]!(v.map(String)));
        let data;
        try {
          data = traceFormats.get(format).read(file, {});
        } catch (err) {
          if (!(err instanceof InputError) || !err.message.startsWith(file)) throw err;
          return;
        }
        const info = traceInfo(data);
        const all = [...info.timeSpanS, ...info.boundsM.flat(), info.speedMps.min, info.speedMps.mean, info.speedMps.max];
        if (!all.every(Number.isFinite)) throw new Error(`${format}: a non-finite summary ${JSON.stringify(info)} from ${v.join(' ')}`);
      }),
      { numRuns: 300 },
    );
    t.pass();
  });
}

test('random bytes (NULs, a BOM, invalid UTF-8), read with format detection, parse or fail cleanly', (t) => {
  const bytes = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b));
  const withBom = bytes.map((b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]));
  fc.assert(
    fc.property(fc.oneof(bytes, withBom), fc.constantFrom('x.ns2', 'x.xml', 'x.movements', 'x.one', 'x.csv', 'x.txt'), (content, name) => {
      const file = fixture(name, content);
      try {
        loadTrace(file);
      } catch (err) {
        if (!(err instanceof InputError) || !err.message.startsWith(file)) throw new Error(`${name} threw ${(err as Error)?.constructor?.name}: ${(err as Error)?.message}`);
      }
    }),
    { numRuns: 400 },
  );
  t.pass();
});

test('numbers that overflow to infinity are unparseable, in every reader', (t) => {
  const overflow: Record<string, string> = {
    ns2: '$ns_ at 1e999 "$node_(0) setdest 1 2 3"\n',
    'sumo-fcd': '<fcd-export><timestep time="0"><vehicle id="a" x="1e999" y="0"/></timestep></fcd-export>\n',
    'sumo-csv': 'timestep_time;vehicle_id;vehicle_x;vehicle_y\n0;v;1e999;0\n',
    bonnmotion: '0 1e999 0\n',
    one: '0 1 0 1 0 1\n0 a 1e999 0\n',
    csv: 't,id,x,y\n0,a,1e999,0\n',
  };
  for (const [format, content] of Object.entries(overflow)) {
    const file = fixture(`inf.${format}`, content);
    t.throws(() => traceFormats.get(format).read(file, {}), { instanceOf: InputError, message: /unparseable number '1e999'/ }, format);
  }
});

test('parseDecimal accepts decimal numbers and nothing else', async (t) => {
  const { parseDecimal } = await import('../../src/mobility/traces/lines.js');
  for (const [s, v] of [['0', 0], ['-1.5', -1.5], ['+2', 2], ['.5', 0.5], ['5.', 5], ['1e3', 1000], ['1.5E-3', 0.0015], ['-0', -0], ['007', 7]] as const) t.is(parseDecimal(s), v, s);
  for (const s of ['', ' 1', '1 ', '0x10', '0b1', '0o7', 'Infinity', '-Infinity', 'NaN', '1e999', '1e', 'e1', '--1', '1_0', '١', '1,5', '\t2']) t.true(Number.isNaN(parseDecimal(s)), JSON.stringify(s));
});

test('the fast decimal path gives exactly Number() on every plain decimal', async (t) => {
  const { parseDecimal } = await import('../../src/mobility/traces/lines.js');
  fc.assert(
    fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 20 }), (x, digits) => {
      for (const s of [String(x), x.toFixed(digits), Math.abs(x) < 1e21 ? x.toFixed(Math.min(digits, 8)) : String(x)]) {
        const want = Number(s);
        if (!Object.is(parseDecimal(s), want)) throw new Error(`${s}: ${parseDecimal(s)} vs ${want}`);
      }
    }),
    { numRuns: 20000 },
  );
  t.is(parseDecimal('123456789012345.5'), 123456789012345.5); // 16 significant digits: slow path
  t.is(parseDecimal('0.1'), 0.1);
  t.true(Number.isNaN(parseDecimal('.')));
  t.true(Number.isNaN(parseDecimal('-')));
  t.true(Number.isNaN(parseDecimal('1.2.3')));
});
