"""Import impedance.py from a folder holding its source (not part of haven).

Its plotting needs matplotlib and altair, absent on the bench machine: empty
modules stand in (no plot is drawn). Shared by the bench/*compare*.py
scripts that run impedance.py on the same data as haven."""
import sys
import types


def import_peer(peer):
    """Make impedance.py importable from peer (the folder holding impedance/)."""
    sys.path.insert(0, peer)
    for name in ("matplotlib", "matplotlib.pyplot", "altair"):
        sys.modules.setdefault(name, types.ModuleType(name))
    sys.modules["matplotlib"].pyplot = sys.modules["matplotlib.pyplot"]
    stub = types.ModuleType("impedance.visualization")
    for name in ("plot_altair", "plot_bode", "plot_nyquist", "plot_residuals"):
        setattr(stub, name, None)
    sys.modules["impedance.visualization"] = stub
