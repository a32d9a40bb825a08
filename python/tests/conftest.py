"""Where the data and the CLI are: the shipped examples, and the haven
binary of the same build ($HAVEN_CLI, set by CTest)."""
import gzip
import json
import os
import subprocess

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "..", "examples", "molten_licl")
LICL = [os.path.join(EXAMPLES, "licl_T%d.dump.gz" % T) for T in (900, 1000, 1100, 1200)]


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("HAVEN_CLI")
    if not path:
        pytest.skip("HAVEN_CLI not set (CTest sets it)")

    def run(*args):
        out = subprocess.run([path, *args, "--json"], check=True, capture_output=True,
                             env=dict(os.environ, OMP_NUM_THREADS="1"))
        return json.loads(out.stdout)
    return run


def read_dump(path):
    """An independent reader of the example dumps (id type element xu yu zu
    vx vy vz, orthogonal box): positions (frames, atoms, 3) in Angstrom
    sorted by id, cells, symbols, steps."""
    frames, cells, steps, symbols = [], [], [], None
    with gzip.open(path, "rt") as f:
        lines = iter(f)
        for line in lines:
            if not line.startswith("ITEM: TIMESTEP"):
                continue
            steps.append(int(next(lines)))
            next(lines)
            n = int(next(lines))
            next(lines)
            box = [list(map(float, next(lines).split()[:2])) for _ in range(3)]
            cells.append(np.diag([hi - lo for lo, hi in box]))
            next(lines)
            rows = sorted((next(lines).split() for _ in range(n)), key=lambda r: int(r[0]))
            frames.append([[float(x) for x in r[3:6]] for r in rows])
            symbols = [r[2] for r in rows]
    return np.array(frames), np.array(cells), symbols, steps
