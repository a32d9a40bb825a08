"""Results: the CLI's JSON document (made by libhaven) as Python objects,
with every measured quantity an Estimate, and curves as numpy arrays."""
import ctypes
import json

import numpy as np

from . import _lib, _units


class Estimate:
    """A measured quantity: value, standard error, 95% interval, unit (the
    units of the CLI's JSON: cm^2/s, mS/cm, eV, K, ...)."""

    __slots__ = ("value", "stderr", "ci95", "unit")

    def __init__(self, value, stderr=None, ci95=(None, None), unit=""):
        self.value = _num(value)
        self.stderr = _num(stderr)
        self.ci95 = tuple(_num(v) for v in ci95)
        self.unit = unit

    def to_dict(self):
        return {"value": _json_num(self.value), "stderr": _json_num(self.stderr),
                "ci95": [_json_num(v) for v in self.ci95], "unit": self.unit}

    def __float__(self):
        return self.value

    def __repr__(self):
        return "Estimate(%.6g +- %.2g %s, 95%% [%.6g, %.6g])" % (
            self.value, self.stderr, self.unit, self.ci95[0], self.ci95[1])


def _num(v):
    return float("nan") if v is None else float(v)


def _json_num(v):
    return None if v != v else v  # NaN -> null, as the document has it


def _is_quantity(d):
    return isinstance(d, dict) and set(d) == {"value", "stderr", "ci95", "unit"}


class Node:
    """A JSON object with its keys as attributes (and items); quantities
    are Estimates, lists of objects lists of Nodes. to_dict() gives the
    JSON back exactly."""

    def __init__(self, data):
        self._data = data

    def __getattr__(self, key):
        try:
            return wrap(self._data[key])
        except KeyError:
            raise AttributeError(key) from None

    def __getitem__(self, key):
        return wrap(self._data[key])

    def __contains__(self, key):
        return key in self._data

    def keys(self):
        return self._data.keys()

    def to_dict(self):
        return json.loads(json.dumps(self._data))  # a deep copy

    def __repr__(self):
        return "Node(%s)" % ", ".join(self._data)


def wrap(v):
    if _is_quantity(v):
        return Estimate(v["value"], v["stderr"], v["ci95"], v["unit"])
    if isinstance(v, dict):
        return Node(v)
    if isinstance(v, list):
        return [wrap(x) for x in v]
    return v


class MsdCurve:
    """The tracer MSD of one species in one run: time (ps), msd and the
    per-axis msd_xyz (Angstrom^2), and n_obs (atom-origin pairs per lag)."""

    def __init__(self, time, msd, msd_xyz, n_obs, n_atoms):
        self.time, self.msd, self.msd_xyz, self.n_obs = time, msd, msd_xyz, n_obs
        self.n_atoms = n_atoms
        self.unit = {"time": "ps", "msd": "A^2", "msd_xyz": "A^2"}


class RunsDocument(Node):
    """A document with its runs in "runs" (schema 1): with one run, that
    run's fields (species, green_kubo, D_sigma, ...) also read from the
    document itself."""

    def __getattr__(self, key):
        data = self.__dict__.get("_data", {})
        if key in data:
            return wrap(data[key])
        runs = data.get("runs")
        if isinstance(runs, list) and len(runs) == 1 and key in runs[0]:
            return wrap(runs[0][key])
        raise AttributeError(key)


class Analysis(RunsDocument):
    """The result of haven.diffusion / analyze / arrhenius: the CLI's JSON
    document (attributes and to_dict()), per-run access through .runs and
    .species(), curves through msd() and green_kubo_running()."""

    def __init__(self, handle, units=None):
        self._h = handle  # the library's result, freed with this object
        text = _units.document(handle, _lib.analysis_json, _lib.analysis_json_units, units)
        super().__init__(json.loads(text))
        self.n_runs = _lib.analysis_n_runs(handle)

    def __del__(self):
        h, self._h = getattr(self, "_h", None), None
        if h:
            _lib.analysis_free(h)

    @property
    def runs(self):
        """Per-run documents (one run: the document itself)."""
        if "runs" in self._data:
            return [Node(r) for r in self._data["runs"]]
        return [Node(self._data)] if self.n_runs == 1 and "species" in self._data else []

    def species(self, name, run=0):
        """The species block (D, fit, ...) of `name` in run `run`."""
        for s in self.runs[run]._data["species"]:
            if s["name"] == name:
                return Node(s)
        raise KeyError(name)

    def msd(self, species, run=0):
        m = ctypes.POINTER(_lib.MsdPrefix)()
        _lib.check(_lib.analysis_msd(self._h, run, species.encode(), ctypes.byref(m)))
        n, dt = m.contents.n_lags, m.contents.dt
        msd = np.ctypeslib.as_array(m.contents.msd, shape=(n,)).copy() * 1e20
        tensor = np.ctypeslib.as_array(m.contents.tensor, shape=(n, 6)).copy() * 1e20
        n_obs = np.ctypeslib.as_array(m.contents.n_obs, shape=(n,)).copy()
        return MsdCurve(np.arange(n) * dt * 1e12, msd, tensor[:, :3], n_obs, m.contents.n_atoms)

    def green_kubo_running(self, run=0):
        """(time in ps, running integral sigma(t) in mS/cm), or None
        without velocities."""
        p, n, dt = _lib.c_double_p(), ctypes.c_size_t(), ctypes.c_double()
        _lib.check(_lib.analysis_gk_running(self._h, run, ctypes.byref(p), ctypes.byref(n),
                                            ctypes.byref(dt)))
        if n.value == 0:
            return None
        sigma = np.ctypeslib.as_array(p, shape=(n.value,)).copy() * 10.0
        return np.arange(n.value) * dt.value * 1e12, sigma
