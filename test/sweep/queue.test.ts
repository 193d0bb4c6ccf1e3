// Distributed sweeps for real: a local redis-server on a free loopback port, two `edgesim worker`
// processes, one killed (SIGKILL) while it runs a cell; the sweep must still finish with the
// sweep.json of a local run, byte for byte. Skipped (saying why) when redis-server is missing.
import test from 'ava';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { edgesim, ROOT, tmp } from '../cli/helpers.js';

const SLOW = 'test/fixtures/scenarios/slow.ts';
const GRID = ['--grid', 'tasks.0.bits=2e10,4e10', '--seeds', '1..2'];
const hasRedis = spawnSync('redis-server', ['--version']).status === 0;

/** A free TCP port on the loopback interface. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

/** Resolves when the child's output (stdout or stderr) matches `re`. */
function waitFor(child: ChildProcess, re: RegExp, stream: 'stdout' | 'stderr'): Promise<string> {
  return new Promise((done, fail) => {
    let text = '';
    child[stream]!.on('data', (d: Buffer) => {
      text += d.toString();
      const m = re.exec(text);
      if (m !== null) done(m[0]);
    });
    child.on('exit', (code) => fail(new Error(`exited (${code}) before ${re}: ${text}`)));
  });
}

if (!hasRedis) {
  test('sweep --queue across two workers (skipped: redis-server is not on PATH)', (t) => {
    t.log('redis-server is not on PATH (Debian package redis-server): the distributed sweep test is skipped');
    t.pass();
  });
} else {
  test('a sweep on the queue survives a worker killed mid-cell and gives the local sweep.json byte for byte', async (t) => {
    const dir = tmp();
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const children: ChildProcess[] = [];
    t.teardown(() => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    });
    const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(redis);
    await waitFor(redis, /Ready to accept connections/, 'stdout');

    const worker = (): ChildProcess => {
      const w = spawn(process.execPath, [join(ROOT, 'bin/edgesim.js'), 'worker', '--queue', url], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(w);
      return w;
    };
    const w1 = worker();
    const w2 = worker();
    await Promise.all([waitFor(w1, /waiting for cells/, 'stderr'), waitFor(w2, /waiting for cells/, 'stderr')]);
    let w2log = '';
    w2.stderr!.on('data', (d: Buffer) => (w2log += d.toString()));

    const local = edgesim('sweep', SLOW, ...GRID, '--workers', '1', '--out', join(dir, 'local'), '--quiet');
    const started = waitFor(w1, /started cell-\w+/, 'stderr');
    const queued = edgesim('sweep', SLOW, ...GRID, '--queue', url, '--out', join(dir, 'queued'));
    const killedJob = (await started).replace('started ', '');
    w1.kill('SIGKILL');

    const [l, q] = await Promise.all([local, queued]);
    t.is(l.code, 0, l.stderr);
    t.is(q.code, 0, q.stderr);
    t.regex(q.stdout, /4 cells, 0 reused, 4 run, 0 failed/);
    // The killed worker's cell was taken back and run by the other worker.
    t.regex(w2log, new RegExp(`done ${killedJob} `));
    t.is(readFileSync(join(dir, 'queued', 'sweep.json'), 'utf8'), readFileSync(join(dir, 'local', 'sweep.json'), 'utf8'));
    t.is(JSON.parse(readFileSync(join(dir, 'queued', 'run.json'), 'utf8')).queue, url);

    // A rerun reuses the stored cells and touches no queue.
    const again = await edgesim('sweep', SLOW, ...GRID, '--queue', url, '--out', join(dir, 'queued'));
    t.is(again.code, 0, again.stderr);
    t.regex(again.stdout, /4 cells, 4 reused, 0 run, 0 failed/);

    // SIGTERM closes the surviving worker cleanly.
    const closed = waitFor(w2, /closed/, 'stderr');
    w2.kill('SIGTERM');
    await closed;
  });
}

test('a bad --queue URL exits 2, and an unreachable Redis is a clear error, not a hang', async (t) => {
  const bad = await edgesim('sweep', SLOW, '--queue', 'http://127.0.0.1:1', '--out', tmp());
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--queue: expected redis:\/\/HOST:PORT/);
  const w = await edgesim('worker', '--queue', 'nonsense');
  t.is(w.code, 2);
  t.regex(w.stderr, /expected redis:\/\/HOST:PORT/);
  const port = await freePort(); // nobody listens there
  const down = await edgesim('sweep', SLOW, '--queue', `redis://127.0.0.1:${port}`, '--out', tmp());
  t.is(down.code, 2);
  t.regex(down.stderr, new RegExp(`cannot reach Redis at redis://127\\.0\\.0\\.1:${port}`));
});
