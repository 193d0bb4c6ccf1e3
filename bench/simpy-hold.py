"""SimPy side of bench/engine.ts: the hold model with N generator processes.

Each of N processes loops ``yield env.timeout(increment)`` with exponential increments (mean 1 s,
a table of 65 536 drawn once, used in turn, as in bench/engine.ts). After ``pending`` process
starts and ``warmup`` untimed timeouts, ``ops`` timeouts are timed. Prints one JSON line:
{"pending", "ops", "simpyEventsPerS", "simpyCpuEventsPerS" (per CPU second), "simpyVersion", "python"}.

Usage: /usr/bin/python3 bench/simpy-hold.py --pending 1000 --ops 3000000 --warmup 300000
"""
import argparse
import json
import platform
import random
import sys
import time

import simpy

MASK = (1 << 16) - 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--pending', type=int, required=True)
    parser.add_argument('--ops', type=int, required=True)
    parser.add_argument('--warmup', type=int, default=100_000)
    a = parser.parse_args()
    rnd = random.Random(1)
    inc = [rnd.expovariate(1.0) for _ in range(MASK + 1)]
    env = simpy.Environment()
    state = {'draw': 0, 'done': 0, 'stop_at': a.warmup, 'stop': env.event()}

    def proc(i):
        yield env.timeout(inc[(i * 7919) & MASK] * 3)
        timeout = env.timeout
        st = state
        while True:
            d = st['draw']
            st['draw'] = d + 1
            yield timeout(inc[d & MASK])
            n = st['done'] + 1
            st['done'] = n
            if n == st['stop_at']:
                st['stop'].succeed()

    for i in range(a.pending):
        env.process(proc(i))
    env.run(until=state['stop'])  # warm-up: starts and `warmup` timeouts
    state['done'] = 0
    state['stop_at'] = a.ops
    state['stop'] = env.event()
    t0 = time.perf_counter()
    c0 = time.process_time()
    env.run(until=state['stop'])
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    print(json.dumps({
        'pending': a.pending,
        'ops': a.ops,
        'simpyEventsPerS': round(a.ops / elapsed),
        'simpyCpuEventsPerS': round(a.ops / cpu),
        'simpyVersion': simpy.__version__,
        'python': platform.python_version(),
    }))


if __name__ == '__main__':
    sys.exit(main())
