import test from 'ava';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { forEachLine } from '../../src/mobility/traces/lines.js';
import { fixture } from './helpers.js';

test('lines come back exactly, across chunk boundaries, with \\r\\n and UTF-8 split between chunks', (t) => {
  // Lines long enough that 1 MiB chunks cut through lines and through multi-byte characters.
  const long = 'é'.repeat(300_000); // 600 000 bytes
  // ASCII chunks first (lines under the 1 MiB line limit), then UTF-8.
  const lines = ['a'.repeat(1_000_000), 'b'.repeat(100_000), 'first', long, `${long}x`, 'ascii again', '', 'last line without newline'];
  const file = fixture('lines.txt', lines.join('\r\n'));
  const got: string[] = [];
  const count = forEachLine(file, (l, n) => {
    got.push(l);
    t.is(n, got.length);
  });
  t.is(count, lines.length);
  t.deepEqual(got, lines);
});

test('any text splits into the same lines as String.split', (t) => {
  fc.assert(
    fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'é', '\n', '\r\n', ' ', '€') as never }), { maxLength: 50 }), (parts) => {
      const text = parts.join('');
      const file = fixture('p.txt', text);
      writeFileSync(file, text);
      const got: string[] = [];
      forEachLine(file, (l) => void got.push(l));
      const want = text === '' ? [] : text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
      if (text.endsWith('\n')) want.pop();
      t.deepEqual(got, want);
    }),
    { numRuns: 200 },
  );
});
