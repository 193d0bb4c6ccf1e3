import test from 'ava';
import { formatNumber, formatPercent, csvTable, markdownTable } from '../../src/report/format.js';

test('numbers: significant digits, trimmed zeros, exponents only for extreme magnitudes', (t) => {
  t.is(formatNumber(16.509), '16.509');
  t.is(formatNumber(2.0100000000000002), '2.01');
  t.is(formatNumber(1234567.891), '1234568'); // integer digits are never dropped
  t.is(formatNumber(0.000123456789), '0.000123457');
  t.is(formatNumber(2.04318e-7), '2.04318e-7');
  t.is(formatNumber(0), '0');
  t.is(formatNumber(-3.5), '-3.5');
  t.is(formatNumber(null), '—');
  t.is(formatPercent(0.2174), '21.7%');
  t.is(formatPercent(null), '—');
});

test('CSV quotes fields with commas, quotes and newlines (RFC 4180)', (t) => {
  t.is(csvTable(['a', 'b'], [['x,y', 'say "hi"'], [1, null]]), 'a,b\n"x,y","say ""hi"""\n1,\n');
});

test('Markdown tables escape pipes and align columns', (t) => {
  t.is(markdownTable(['k', 'v'], [['a|b', '1']], ['l', 'r']), '| k | v |\n| --- | ---: |\n| a\\|b | 1 |\n');
});
