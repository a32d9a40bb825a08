"""haven: ion-transport analysis (libhaven) from Python.

    import haven
    r = haven.analyze(["licl_T900.dump.gz", "licl_T1000.dump.gz", ...],
                      charges={"Li": 1, "Cl": -1}, timestep=1)
    r.runs[0].sigma            # Estimate(value, stderr, ci95, unit)
    r.to_dict()                # the document `haven analyze --json` prints
    k = haven.kmc(lattice="fcc", cells=8, occupancy=0.9, T="600:900:150")
    k.arrhenius.Ea             # E_a of sigma T, as `haven kmc --json`

Every number comes from libhaven (found where `make install` put it, next
to this package, or at $HAVEN_LIBRARY). Calls release the GIL and may run
in threads on separate inputs. See docs/python.md.
"""
from . import eis, fit
from ._inputs import ArrayTrajectory, from_ase, from_universe
from ._jobs import analyze, arrhenius, diffusion
from ._kmc import KmcResult, kmc
from ._lib import HavenError, HavenWarning
from ._lib import path as library_path
from ._results import Analysis, Estimate, MsdCurve

from ._lib import version as _version

__version__ = _version().decode()  # the library's

__all__ = ["diffusion", "analyze", "arrhenius", "fit", "eis", "kmc", "KmcResult", "Estimate", "Analysis", "MsdCurve",
           "ArrayTrajectory", "from_ase", "from_universe", "HavenError", "HavenWarning",
           "library_path"]
