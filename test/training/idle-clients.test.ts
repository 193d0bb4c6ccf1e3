import test from 'ava';
import { IdleClients } from '../../src/training/protocols/idleClients.js';
import { RandomStreams } from '../../src/engine/random.js';

/**
 * The reference: the list the asynchronous loop scanned before, `idle.filter(up)[k]`, removal by
 * `splice(indexOf)`, in a long random sequence of pushes, removals, failures and repairs, with
 * clients listed twice. The set must give the same ready count and the same k-th client at every
 * step (so the loop's selection, and the random stream it draws, are unchanged).
 */
test('the k-th ready idle client and the ready count match a scan of the idle list at every step', (t) => {
  const rng = new RandomStreams(3).stream('test/idle');
  const names = Array.from({ length: 60 }, (_, i) => `c${i}`);
  const clients = [...names, 'c1', 'c7']; // c1 and c7 twice
  const down = new Set<string>();
  const list = [...clients];
  const busy: string[] = [];
  const set = new IdleClients(clients, (c) => !down.has(c));
  let checks = 0;
  for (let step = 0; step < 20_000; step++) {
    const ready = list.filter((c) => !down.has(c));
    t.is(set.readyCount, ready.length);
    if (ready.length > 0) {
      const k = rng.integer(0, ready.length - 1);
      t.is(set.readyAt(k), ready[k]);
      checks++;
    }
    const r = rng.uniform(0, 1);
    if (r < 0.45 && ready.length > 0) {
      // dispatch the k-th ready client
      const c = ready[rng.integer(0, ready.length - 1)]!;
      list.splice(list.indexOf(c), 1);
      set.remove(c);
      busy.push(c);
    } else if (r < 0.9 && busy.length > 0) {
      // a busy client comes back, at the end of the order
      const c = busy.splice(rng.integer(0, busy.length - 1), 1)[0]!;
      list.push(c);
      set.push(c);
    } else {
      // a client fails or is repaired, idle or not
      const c = names[rng.integer(0, names.length - 1)]!;
      if (down.has(c)) down.delete(c);
      else down.add(c);
      set.setUp(c, !down.has(c));
    }
  }
  t.true(checks > 10_000);
});

test('the first ready client skips those down, and an empty or all-down set has none ready', (t) => {
  const down = new Set(['a', 'b']);
  const set = new IdleClients(['a', 'b', 'c', 'd'], (c) => !down.has(c));
  t.is(set.readyCount, 2);
  t.is(set.readyAt(0), 'c');
  t.is(set.readyAt(1), 'd');
  set.remove('c');
  set.remove('d');
  t.is(set.readyCount, 0);
  t.throws(() => set.readyAt(0), { instanceOf: RangeError });
  down.delete('b');
  set.setUp('b', true);
  t.is(set.readyAt(0), 'b');
  set.push('d'); // joins at the end, after b
  t.deepEqual([set.readyAt(0), set.readyAt(1)], ['b', 'd']);
});
