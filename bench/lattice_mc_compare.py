#!/usr/bin/env python3
"""Peer benchmark: `haven kmc` vs lattice_mc (B. J. Morgan, pure Python) on fcc
with 5% vacancies, no site energies, no interactions, one species.

usage: lattice_mc_compare.py HAVEN_BIN [--cells 8 16 32] [--seconds 90]
                             [--sanity-cells 4] [--sanity-blocks 20] [--block-hops 20000]

lattice_mc must be importable (`pip install lattice_mc`, or PYTHONPATH).
Times are CPU seconds (the machine may be shared), wall alongside.
Speed: lattice_mc runs jumps until --seconds of CPU have passed (set-up,
i.e. writing and reading the sites file and placing the ions, is timed
apart); haven runs 2e7 hops of the same case (its time includes set-up).
Sanity: tracer correlation factor f and D* of both on one small fcc cell,
in blocks of the same number of hops, from random starts.
"""
import argparse
import json
import os
import resource
import subprocess
import tempfile
import time

from lattice_mc import Simulation

try:  # lattice_mc >= 1.0.3 takes its physical parameters explicitly
    from lattice_mc import SimulationParameters
except ImportError:
    SimulationParameters = None

NU0 = 1e13  # lattice_mc's attempt frequency (its default); haven's too
BASIS = ((0, 0, 0), (1, 1, 0), (1, 0, 1), (0, 1, 1))  # fcc, half-cell units
NEIGHBOURS = [(a, b, 0) for a in (1, -1) for b in (1, -1)] + \
             [(a, 0, b) for a in (1, -1) for b in (1, -1)] + \
             [(0, a, b) for a in (1, -1) for b in (1, -1)]


def write_fcc_sites(path, n):
    """lattice_mc sites file of n^3 fcc cells, jump length 1; returns cell lengths."""
    m = 2 * n  # points per axis in half-cell units
    number = {}
    for k in range(n):
        for j in range(n):
            for i in range(n):
                for b in BASIS:
                    number[(2 * i + b[0], 2 * j + b[1], 2 * k + b[2])] = len(number) + 1
    h = 2 ** -0.5  # half the cube edge for a nearest-neighbour distance of 1
    with open(path, "w") as f:
        f.write(f"{len(number)}\n")
        for (x, y, z), s in number.items():
            nb = [number[((x + dx) % m, (y + dy) % m, (z + dz) % m)] for dx, dy, dz in NEIGHBOURS]
            f.write(f"\nsite: {s}\ncentre: {x * h!r} {y * h!r} {z * h!r}\n"
                    f"neighbours: {' '.join(map(str, nb))}\nlabel: L\n")
    return [m * h] * 3


def clocks():
    return time.process_time(), time.perf_counter()


def lattice_mc_setup(n, tmp):
    """Simulation of n^3 fcc cells at 95% occupancy and its set-up times."""
    c0, w0 = clocks()
    path = os.path.join(tmp, f"fcc{n}.sites")
    lengths = write_fcc_sites(path, n)
    sim = Simulation(SimulationParameters(298.0, NU0)) if SimulationParameters else Simulation()
    sim.define_lattice_from_file(path, lengths)
    sim.set_number_of_atoms(round(0.95 * sim.lattice.number_of_sites))
    c1, w1 = clocks()
    return sim, c1 - c0, w1 - w0


def lattice_mc_speed(n, seconds, tmp):
    sim, setup_cpu, setup_wall = lattice_mc_setup(n, tmp)
    jumps, chunk = 0, 1
    c0, w0 = clocks()
    while time.process_time() - c0 < seconds:
        sim.set_number_of_jumps(chunk)
        sim.run()
        jumps += chunk
        chunk = min(2 * chunk, 1000)
    c1, w1 = clocks()
    return dict(sites=sim.lattice.number_of_sites, jumps=jumps, cpu=c1 - c0, wall=w1 - w0,
                setup_cpu=setup_cpu, setup_wall=setup_wall)


def haven_kmc(haven, n, hops, extra=()):
    """Runs `haven kmc` on the same case; returns its JSON, child CPU and wall."""
    cmd = [haven, "kmc", "--lattice", "fcc", "--cells", str(n), "--occupancy", "0.95",
           "--Ea", "0", "--nu0", str(NU0), "--a", "1", "--replicas", "1", "--equil", "0",
           "--hops", str(hops), "--json", *extra]
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    w0 = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    w1 = time.perf_counter()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)
    return json.loads(out)["runs"][0], cpu, w1 - w0


def mean_stderr(xs):
    m = sum(xs) / len(xs)
    return m, (sum((x - m) ** 2 for x in xs) / (len(xs) - 1) / len(xs)) ** 0.5


def sanity(haven, n, blocks, block_hops, tmp):
    sim, _, _ = lattice_mc_setup(n, tmp)
    f, d = [], []
    for _ in range(blocks):
        sim.reset()
        sim.set_number_of_jumps(block_hops)
        sim.run()
        f.append(sim.tracer_correlation)
        d.append(sim.tracer_diffusion_coefficient * 1e-16)  # A^2/s -> cm^2/s
    (fm, fe), (dm, de) = mean_stderr(f), mean_stderr(d)
    print(f"sanity fcc {n}^3, {sim.number_of_atoms} ions, {blocks} blocks of {block_hops} hops")
    print(f"  lattice_mc: f = {fm:.4f} +- {fe:.4f}, D* = {dm:.4e} +- {de:.1e} cm^2/s")
    h, _, _ = haven_kmc(haven, n, blocks * block_hops, ("--blocks", str(blocks)))
    hf, hd = h["correlation_factor"], h["D_tracer"]
    print(f"  haven:      f = {hf['value']:.4f} +- {hf['stderr']:.4f}, "
          f"D* = {hd['value']:.4e} +- {hd['stderr']:.1e} cm^2/s")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("haven", help="path to the haven CLI")
    ap.add_argument("--cells", type=int, nargs="+", default=[8, 16, 32])
    ap.add_argument("--seconds", type=float, default=90.0, help="lattice_mc CPU budget per size")
    ap.add_argument("--haven-hops", type=int, default=20_000_000)
    ap.add_argument("--sanity-cells", type=int, default=4)
    ap.add_argument("--sanity-blocks", type=int, default=20)
    ap.add_argument("--block-hops", type=int, default=20000)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in a.cells:
            p = lattice_mc_speed(n, a.seconds, tmp)
            h, cpu, wall = haven_kmc(a.haven, n, a.haven_hops, ("--blocks", "2"))
            pr, hr = p["jumps"] / p["cpu"], h["jumps"] / cpu
            print(f"fcc {n}^3 ({p['sites']} sites, 5% vacancies)")
            print(f"  lattice_mc: set-up CPU {p['setup_cpu']:.1f} s (wall {p['setup_wall']:.1f}); "
                  f"{p['jumps']} jumps in CPU {p['cpu']:.1f} s (wall {p['wall']:.1f}): "
                  f"{pr:.3g} hops/CPU-s ({p['jumps'] / p['wall']:.3g} hops/wall-s)")
            print(f"  haven:      {h['jumps']:.3g} hops in CPU {cpu:.2f} s (wall {wall:.2f}, "
                  f"incl. set-up): {hr:.3g} hops/CPU-s ({h['jumps'] / wall:.3g} hops/wall-s)")
            print(f"  ratio haven/lattice_mc per hop (CPU): {hr / pr:.3g}")
        if a.sanity_blocks > 1:
            sanity(a.haven, a.sanity_cells, a.sanity_blocks, a.block_hops, tmp)


if __name__ == "__main__":
    main()
