"""haven.diffusion / analyze / arrhenius: keyword arguments named like the
CLI's options into haven_analysis_options, the job run by libhaven."""
import ctypes

from . import _inputs, _lib, _units
from ._results import Analysis

JOB_DIFFUSION, JOB_ANALYZE, JOB_ARRHENIUS = 0, 1, 2
# Keywords that describe in-memory trajectories, not the analysis.
_ARRAY_KEYS = ("cell", "symbols", "frame_interval", "velocities", "wrapped", "name")


def _list(v, sep=","):
    if v is None or isinstance(v, str):
        return v
    return sep.join(str(x) for x in v)


def _pairs(v):
    """{"Li": 1, "Cl": -1} or "Li=1,Cl=-1" -> "Li=1,Cl=-1"."""
    if v is None or isinstance(v, str):
        return v
    return ",".join("%s=%s" % (k, x) for k, x in v.items())


def _bytes(v):
    if v is None or isinstance(v, int):
        return v or 0
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    s = str(v).rstrip("Bb")
    return int(float(s[:-1]) * units[s[-1].upper()]) if s[-1:].upper() in units else int(s)


def _options(kw, progress):
    """(haven_analysis_options, buffers to keep alive) from the keywords."""
    o = _lib.AnalysisOptions()
    _lib.analysis_options_init(ctypes.byref(o))
    keep = []

    def text(v):
        if v is None:
            return None
        b = str(v).encode()
        keep.append(b)
        return b

    fmt = kw.pop("format", None)
    if fmt is not None:
        f = ctypes.c_int()
        _lib.check(_lib.format_from_name(text(fmt), ctypes.byref(f)))
        o.traj.format = f.value
    o.traj.types = text(_pairs(kw.pop("types", None)))
    o.species = text(_list(kw.pop("species", None)))
    o.drift = text(_list(kw.pop("drift", None)))
    o.max_bytes = _bytes(kw.pop("max_memory", None))
    for key, has in (("start", "has_start"), ("end", "has_end")):
        v = kw.pop(key, None)
        if v is not None:
            setattr(o, key, float(v) * 1e-12)  # ps, as --start/--end
            setattr(o, has, 1)
    method = kw.pop("method", "fft")
    if method not in ("fft", "direct"):
        raise ValueError("method: %r is not fft or direct" % (method,))
    o.direct = int(method == "direct")
    o.pool = int(bool(kw.pop("pool", False)))
    o.cont = int(bool(kw.pop("continue_", False) or kw.pop("continue", False)))
    o.charges = text(_pairs(kw.pop("charges", None)))
    T = kw.pop("temperature", None)
    if T is not None:
        T = [float(x) for x in (T if isinstance(T, (list, tuple)) else [T])]
        arr = (ctypes.c_double * len(T))(*T)
        keep.append(arr)
        o.temperature = ctypes.cast(arr, _lib.c_double_p)
        o.n_temperature = len(T)
    o.frame = text(kw.pop("frame", None))
    o.at = float(kw.pop("at", 0) or 0)
    o.nu0 = float(kw.pop("nu0", 0) or 0)
    o.jump = float(kw.pop("jump", 0) or 0) * 1e-10  # Angstrom, as --jump
    o.corr_f = float(kw.pop("corr_f", 0) or 0)
    o.include_nondiffusive = int(bool(kw.pop("include_nondiffusive", False)))
    if progress is not None:
        def relay(stage, path, done, total, user):
            progress(stage.decode(), path.decode("utf-8", "replace"), done, total)
        cb = _lib.PROGRESS(relay)
        keep.append(cb)
        o.progress = cb
    return o, keep


def _file_cell_elements(o, cell, el, keep):
    """For files that lack them (plain XYZ, .npy, DCD, XTC, TRR): cell= as
    --cell (text, or 3, 6 or 9 numbers, or a 3x3 array; Angstrom, degrees)
    and elements= as --elements ("Li:24,Cl:*" or {"Li": 24, "Cl": "*"})."""
    if cell is not None:
        if not isinstance(cell, str):
            cell = ",".join(repr(float(x)) for x in _flat(cell))
        _lib.check(_lib.cell_from_text(cell.encode(), ctypes.byref(o.traj.cell)))
    if el is not None:
        el = el if isinstance(el, str) else ",".join("%s:%s" % kv for kv in el.items())
        b = el.encode()
        keep.append(b)
        o.traj.elements = b


def _flat(v):
    """Numbers of a nested sequence or array, row by row."""
    for x in v:
        if hasattr(x, "__len__") and not isinstance(x, str):
            yield from _flat(x)
        else:
            yield x


def run_job(job, inputs, kw):
    kw = dict(kw)
    progress = kw.pop("progress", None)
    units = _units.parse(kw.pop("units", None))
    timing = {k: kw.pop(k) for k in ("timestep", "stride") if k in kw}
    array_kw = {k: kw.pop(k) for k in _ARRAY_KEYS if k in kw}
    elements = kw.pop("elements", None)
    o, keep = _options(kw, progress)
    if kw:
        raise TypeError("unknown keyword argument(s): %s" % ", ".join(sorted(kw)))
    kind, items = _inputs.split_inputs(inputs, dict(array_kw, **timing))
    n = len(items)
    handle = ctypes.c_void_p()
    if kind == "paths":
        o.traj.timestep_fs = float(timing.get("timestep", 0) or 0)
        o.traj.stride = int(timing.get("stride", 0) or 0)
        _file_cell_elements(o, array_kw.get("cell"), elements, keep)
        paths = (ctypes.c_char_p * n)(*items)
        st = _lib.analysis_run_files(job, paths, n, ctypes.byref(o), ctypes.byref(handle))
    else:
        if elements is not None:
            raise TypeError("elements= is for files; arrays take symbols=")
        trajs = (ctypes.c_void_p * n)()
        try:
            for k, t in enumerate(items):
                trajs[k] = t.open().value
            st = _lib.analysis_run_trajs(job, trajs, n, ctypes.byref(o), ctypes.byref(handle))
        finally:
            for h in trajs:
                if h:
                    _lib.traj_free(h)
    del keep  # the options' buffers were needed only during the call
    _lib.check(st)
    return Analysis(handle, units)


def diffusion(inputs, **kw):
    """Tracer D* of each species (`haven diffusion`).

    inputs: a path, a list of paths (each a run), a numpy array (frames x
    atoms x 3, Angstrom, with cell= and symbols=), a list of ase.Atoms, an
    MDAnalysis Universe, or a list of such (several runs). Keywords as the
    CLI options: species, types, format, timestep (fs), stride, start, end
    (ps), drift, max_memory, method, pool, continue_ (--continue); for files
    that lack them cell (as --cell) and elements (as --elements); for arrays
    also frame_interval (ps), velocities (Angstrom/ps), wrapped. progress:
    callable(stage, path, done, total). units: the document's units as the
    CLI's --units ("S/cm,m2/s", or a list of spellings; default mS/cm and
    cm^2/s). Returns an Analysis."""
    return run_job(JOB_DIFFUSION, inputs, kw)


def analyze(inputs, **kw):
    """The transport summary (`haven analyze`): diffusion's keywords plus
    charges (dict or "Li=1,Cl=-1", required), temperature (K, one per run),
    frame, include_nondiffusive, at (K), nu0 (Hz), jump (Angstrom),
    corr_f. Several runs at 3+ temperatures also give the Arrhenius series."""
    return run_job(JOB_ANALYZE, inputs, kw)


def arrhenius(inputs, **kw):
    """`haven arrhenius`: analyze at 3+ temperatures, the series required
    (to_dict() holds the series only, as the CLI prints it)."""
    return run_job(JOB_ARRHENIUS, inputs, kw)
