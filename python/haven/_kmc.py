"""haven.kmc: lattice kinetic Monte Carlo (`haven kmc`) through libhaven's
haven_kmc_sweep_run; keyword arguments named like the CLI's options, in
the CLI's units, and the result is the CLI's JSON document."""
import ctypes
import json

import numpy as np

from . import _lib, _units
from ._results import Node, RunsDocument

EV = 1.602176634e-19  # J (HAVEN_EV)
ANGSTROM = 1e-10      # m
FS = 1e-15            # s
MAX_SPECIES = 4
DISORDER = {"none": 0, "gaussian": 1, "uniform": 2}
EQUIL_NONE = -1       # HAVEN_KMC_EQUIL_NONE

KMC_PROGRESS = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_size_t,
                                ctypes.c_void_p)


class KmcSpecies(ctypes.Structure):
    """haven_kmc_species (include/haven/kmc.h)."""
    _fields_ = [("name", ctypes.c_char * 16), ("charge", ctypes.c_double),
                ("fraction", ctypes.c_double)]


class KmcParams(ctypes.Structure):
    """haven_kmc_params (include/haven/kmc.h), field for field."""
    _fields_ = [("n_species", ctypes.c_size_t), ("species", KmcSpecies * MAX_SPECIES),
                ("nu0", ctypes.c_double), ("barrier", ctypes.c_double),
                ("has_barrier", ctypes.c_int), ("interaction", ctypes.c_double),
                ("disorder", ctypes.c_int), ("disorder_width", ctypes.c_double),
                ("site_energies", _lib.c_double_p), ("field", ctypes.c_double * 3),
                ("temperature", ctypes.c_double), ("seed", ctypes.c_ulong),
                ("n_replicas", ctypes.c_int), ("equil_hops", ctypes.c_long),
                ("hops", ctypes.c_long), ("n_blocks", ctypes.c_int), ("n_windows", ctypes.c_int),
                ("max_hops", ctypes.c_long), ("trajectory", ctypes.c_char_p),
                ("trajectory_write", ctypes.c_void_p), ("trajectory_user", ctypes.c_void_p),
                ("traj_interval", ctypes.c_double), ("checkpoint", ctypes.c_char_p),
                ("max_blocks", ctypes.c_int), ("partition", ctypes.c_void_p),
                ("progress", KMC_PROGRESS), ("progress_user", ctypes.c_void_p)]


class KmcSweepOptions(ctypes.Structure):
    """haven_kmc_sweep_options (include/haven/kmc.h), field for field."""
    _fields_ = [("lattice", ctypes.c_char_p), ("structure", ctypes.c_char_p),
                ("site", ctypes.c_char_p), ("cutoff", ctypes.c_double), ("a", ctypes.c_double),
                ("cells", ctypes.c_int * 3), ("sizes", ctypes.POINTER(ctypes.c_int)),
                ("n_sizes", ctypes.c_size_t), ("occupancy", ctypes.c_double),
                ("site_energy_file", ctypes.c_char_p), ("T", _lib.c_double_p),
                ("n_T", ctypes.c_size_t), ("params", KmcParams)]


_run = _lib._declare("haven_kmc_sweep_run", _lib.S, ctypes.POINTER(KmcSweepOptions),
                     ctypes.POINTER(ctypes.c_void_p))
_free = _lib._declare("haven_kmc_sweep_free", None, ctypes.c_void_p)
_json = _lib._declare("haven_kmc_sweep_json", _lib.S, ctypes.c_void_p,
                      ctypes.POINTER(ctypes.c_void_p))
_json_units = _lib._declare("haven_kmc_sweep_json_units", _lib.S, ctypes.c_void_p,
                            ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p))


def _temperatures(T):
    """T as --T: a number, a list, or "T1:T2:STEP" (the CLI's loop, so the
    same doubles)."""
    if isinstance(T, str) and T.count(":") == 2:
        t1, t2, step = (float(x) for x in T.split(":"))
        if not (t1 > 0 and t2 >= t1 and step > 0):
            raise ValueError("T: %r is not T1:T2:STEP with 0 < T1 <= T2, STEP > 0" % T)
        out, t = [], t1
        while t <= t2 + 1e-9 * step:
            out.append(t)
            t += step
        return out
    if isinstance(T, (list, tuple, np.ndarray)):
        return [float(x) for x in T]
    return [float(T)]


def _cells(o, cells, keep):
    """cells= as --cells: N, "AxBxC" or (A, B, C); a list or "N1,N2,..." is
    a finite-size sweep."""
    if cells is None:
        return
    if isinstance(cells, str):
        if "," in cells:
            cells = [int(x) for x in cells.split(",")]
        else:
            cells = tuple(int(x) for x in cells.split("x"))
    if isinstance(cells, list):
        arr = (ctypes.c_int * len(cells))(*cells)
        keep.append(arr)
        o.sizes = arr
        o.n_sizes = len(cells)
        return
    if isinstance(cells, int):
        cells = (cells,) * 3
    if len(cells) == 1:
        cells = tuple(cells) * 3
    if len(cells) != 3 or min(cells) < 1:
        raise ValueError("cells: %r is not N, AxBxC or a list of sizes" % (cells,))
    o.cells[:] = [int(c) for c in cells]


def _species(p, species):
    """species= as --species (repeatable): "Li:1[:0.3]" strings or (name,
    charge[, fraction]) tuples; a missing fraction shares the occupancy."""
    if species is None:
        return
    if isinstance(species, (str, tuple)):
        species = [species]
    if len(species) > MAX_SPECIES:
        raise ValueError("species: at most %d" % MAX_SPECIES)
    for k, s in enumerate(species):
        parts = s.split(":") if isinstance(s, str) else list(s)
        if len(parts) not in (2, 3) or len(str(parts[0]).encode()) >= 16:
            raise ValueError("species: %r is not NAME:CHARGE[:FRACTION]" % (s,))
        p.species[k].name = str(parts[0]).encode()
        p.species[k].charge = float(parts[1])
        p.species[k].fraction = float(parts[2]) if len(parts) == 3 else -1.0
    p.n_species = len(species)


def _disorder(o, disorder, keep):
    """disorder= as --disorder: none | gaussian:W | uniform:W (eV) | file:PATH."""
    if disorder is None or disorder == "none":
        return
    kind, _, rest = str(disorder).partition(":")
    if kind == "file" and rest:
        b = rest.encode()
        keep.append(b)
        o.site_energy_file = b
    elif kind in ("gaussian", "uniform") and rest and float(rest) >= 0:
        o.params.disorder = DISORDER[kind]
        o.params.disorder_width = float(rest) * EV
    else:
        raise ValueError("disorder: %r is not none, gaussian:W, uniform:W or file:PATH"
                         % (disorder,))


def _count(v, lo=1):
    x = float(v)
    if x != int(x) or x < lo:
        raise ValueError("%r is not a whole number >= %d" % (v, lo))
    return int(x)


def _params(p, kw, keep):
    """The run parameters: --nu0, --Ea, --interaction, --field, --hops, ..."""
    def text(v):
        b = str(v).encode()
        keep.append(b)
        return b

    p.seed = _count(kw.pop("seed", 1), 0)  # the CLI's default seed
    if "nu0" in kw:
        p.nu0 = float(kw.pop("nu0"))
    if "Ea" in kw:
        p.barrier = float(kw.pop("Ea")) * EV
        p.has_barrier = 1
    p.interaction = float(kw.pop("interaction", 0)) * EV
    field = kw.pop("field", 0)
    p.field[:] = [float(x) for x in field] if hasattr(field, "__len__") else [float(field), 0, 0]
    for key, field_name in (("hops", "hops"), ("max_hops", "max_hops"),
                            ("replicas", "n_replicas"), ("blocks", "n_blocks"),
                            ("windows", "n_windows"), ("max_blocks", "max_blocks")):
        if key in kw:
            setattr(p, field_name, _count(kw.pop(key)))
    if "equil" in kw:
        n = _count(kw.pop("equil"), 0)
        p.equil_hops = n if n > 0 else EQUIL_NONE
    if "checkpoint" in kw:
        p.checkpoint = text(kw.pop("checkpoint"))
    traj, dt = kw.pop("trajectory", None), kw.pop("traj_dt", None)
    if traj is not None:
        if dt is None:
            raise TypeError("trajectory= needs traj_dt= (fs between frames)")
        p.trajectory = text(traj)
        p.traj_interval = float(dt) * FS


def _options(kw, keep):
    o = KmcSweepOptions()
    for key in ("lattice", "structure", "site"):
        v = kw.pop(key, None)
        if v is not None:
            b = str(v).encode()
            keep.append(b)
            setattr(o, key, b)
    o.cutoff = float(kw.pop("cutoff", 0)) * ANGSTROM
    o.a = float(kw.pop("a", 3.0)) * ANGSTROM
    _cells(o, kw.pop("cells", None), keep)
    o.occupancy = float(kw.pop("occupancy", 0.5))
    _species(o.params, kw.pop("species", None))
    _disorder(o, kw.pop("disorder", None), keep)
    T = _temperatures(kw.pop("T", 300))
    arr = (ctypes.c_double * len(T))(*T)
    keep.append(arr)
    o.T = ctypes.cast(arr, _lib.c_double_p)
    o.n_T = len(T)
    _params(o.params, kw, keep)
    return o


def kmc(**kw):
    """Lattice kinetic Monte Carlo of ion hopping (`haven kmc`).

    Keywords as the CLI options, in its units: lattice ("fcc"), structure
    (POSCAR / extended XYZ path), site, cutoff (Angstrom), cells (N,
    "AxBxC", (A, B, C); a list or "N1,N2,..." is a finite-size sweep), a
    (Angstrom), occupancy, species ("Li:1[:0.3]" or (name, charge[,
    fraction]), or a list of them), nu0 (Hz), Ea (eV), interaction (eV),
    disorder ("gaussian:0.05", "uniform:W", "file:PATH"), field (V/m, or
    3 components), T (K: number, list or "T1:T2:STEP"), hops, max_hops,
    equil, replicas, blocks, windows, seed (1), checkpoint, max_blocks,
    trajectory (path) with traj_dt (fs). progress: callable(stage, done,
    total). units: as the CLI's --units ("S/m,m2/s"...). Returns a
    KmcResult: the `haven kmc --json` document."""
    kw = dict(kw)
    progress = kw.pop("progress", None)
    units = _units.parse(kw.pop("units", None))
    keep = []
    o = _options(kw, keep)
    if kw:
        raise TypeError("unknown keyword argument(s): %s" % ", ".join(sorted(kw)))
    if progress is not None:
        def relay(stage, done, total, user):
            progress(stage.decode(), done, total)
        cb = KMC_PROGRESS(relay)
        keep.append(cb)
        o.params.progress = cb
    handle = ctypes.c_void_p()
    st = _run(ctypes.byref(o), ctypes.byref(handle))
    del keep
    _lib.check(st)
    try:
        text = _units.document(handle, _json, _json_units, units)
    finally:
        _free(handle)
    return KmcResult(json.loads(text))


class KmcResult(RunsDocument):
    """The result of haven.kmc: the CLI's JSON document (attributes and
    to_dict()); one run's fields also read from the result itself, and the
    series over the runs as numpy arrays (series(), occupation())."""

    @property
    def runs(self):
        return [Node(r) for r in self._data["runs"]]

    @property
    def T(self):
        """Temperatures of the runs, K."""
        return np.array([r["T"] for r in self._data["runs"]], dtype=float)

    def species(self, name, run=0):
        """The species block (D, jump_rate) of `name` in run `run`."""
        for s in self._data["runs"][run]["species"]:
            if s["name"] == name:
                return Node(s)
        raise KeyError(name)

    def series(self, key, species=None):
        """A quantity over the runs: {"value", "stderr", "lo", "hi"} numpy
        arrays and "unit". key: a run's quantity ("D_sigma", "sigma",
        "haven_ratio", ...), or with species= a species' ("D", "jump_rate")."""
        qs = [self.species(species, i)._data[key] if species else r[key]
              for i, r in enumerate(self._data["runs"])]
        num = lambda v: np.nan if v is None else v
        return {"value": np.array([num(q["value"]) for q in qs], dtype=float),
                "stderr": np.array([num(q["stderr"]) for q in qs], dtype=float),
                "lo": np.array([num(q["ci95"][0]) for q in qs], dtype=float),
                "hi": np.array([num(q["ci95"][1]) for q in qs], dtype=float),
                "unit": qs[0]["unit"]}

    def occupation(self, run=0):
        """Occupation vs site energy (with disorder): (E in eV, sites,
        occupancy) numpy arrays, or None."""
        occ = self._data["runs"][run].get("occupation")
        if not occ:
            return None
        col = lambda k: np.array([np.nan if b[k] is None else b[k] for b in occ], dtype=float)
        return col("E_eV"), col("sites"), col("occupancy")
