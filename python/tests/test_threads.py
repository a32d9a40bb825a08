"""A thread pool: libhaven runs concurrently on separate inputs (the GIL
is released during each call) and every result equals the serial one."""
from concurrent.futures import ThreadPoolExecutor

import haven
from conftest import LICL


def job(path):
    return haven.analyze(path, timestep=1, charges={"Li": 1, "Cl": -1}).to_dict()


def test_thread_pool():
    serial = {p: job(p) for p in LICL}
    with ThreadPoolExecutor(max_workers=8) as pool:
        paths = LICL * 2
        results = list(pool.map(job, paths))
    for p, r in zip(paths, results):
        assert r == serial[p]
