"""Peer benchmark: MDAnalysis EinsteinMSD on a bench_gen_lammps_dump file.

Run with Debian's interpreter and package (apt-get install python3-mdanalysis):

    /usr/bin/python3 bench/mdanalysis_msd.py FILE [--type 1] [--fft] [--dt-ps 0.1]

EinsteinMSD needs unwrapped coordinates. MDAnalysis 2.4.2 (Debian 12) can
unwrap a LAMMPS dump only from image flags (unwrap_images=True needs ix iy
iz) and has no NoJump transformation, so the benchmark files carry xu yu zu
and both tools read those (lammps_coordinate_convention="unwrapped").
fft=True needs the pure-Python package tidynamics, which is not packaged
by Debian; without it the windowed O(T^2) algorithm (fft=False) is the one
that runs here.

Prints the time of Universe construction (topology + frame index), of the
trajectory pass that copies positions (EinsteinMSD._single_frame), of the
MSD itself (_conclude), the MSD at a few lags and D from an ordinary
least-squares line over 10-50% of the run (haven's default window), so the
numbers can be checked against `haven diffusion --drift none --csv DIR`.
"""
import argparse
import time

import numpy as np
import MDAnalysis as mda
from MDAnalysis.analysis.msd import EinsteinMSD


class TimedMSD(EinsteinMSD):
    """EinsteinMSD that records when the trajectory pass ends."""

    def _conclude(self):
        self.read_done = time.perf_counter()
        super()._conclude()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--type", default="1", help="LAMMPS atom type to analyse")
    ap.add_argument("--fft", action="store_true", help="FFT mode (needs tidynamics)")
    ap.add_argument("--dt-ps", type=float, default=0.1, help="ps between frames")
    a = ap.parse_args()

    t0 = time.perf_counter()
    u = mda.Universe(a.file, topology_format="LAMMPSDUMP", format="LAMMPSDUMP",
                     lammps_coordinate_convention="unwrapped")
    t1 = time.perf_counter()
    msd = TimedMSD(u, select=f"type {a.type}", msd_type="xyz", fft=a.fft)
    msd.run()
    t2 = time.perf_counter()

    n = u.trajectory.n_frames
    curve = msd.results.timeseries  # A^2, lag k frames at index k
    lags = np.arange(n) * a.dt_ps
    i0, i1 = int(np.ceil(0.1 * (n - 1))), int(np.floor(0.5 * (n - 1)))
    slope = np.polyfit(lags[i0:i1 + 1], curve[i0:i1 + 1], 1)[0]  # A^2/ps
    d_cm2s = slope / 6 * 1e-4  # A^2/ps -> cm^2/s
    print(f"mdanalysis {mda.__version__} fft={a.fft} type={a.type} "
          f"atoms={msd.n_particles} frames={n}")
    print(f"universe {t1 - t0:.3f} s  read {msd.read_done - t1:.3f} s  "
          f"msd {t2 - msd.read_done:.3f} s  total {t2 - t0:.3f} s")
    for k in (n // 10, n // 4, n // 2):
        print(f"msd lag {k} frames ({lags[k]:g} ps) = {curve[k]:.6g} A^2")
    print(f"D_OLS(10-50%) = {d_cm2s:.5e} cm^2/s")


if __name__ == "__main__":
    main()
