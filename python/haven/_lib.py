"""Loading libhaven and the C declarations the package uses (ctypes).

ctypes releases the GIL around every call into the library, so long
analyses run while other Python threads continue; libhaven itself is
thread-safe on separate objects (include/haven/core.h).
"""
import ctypes
import ctypes.util
import os
import sys
import warnings

SONAME = "libhaven.so.0.5"  # the ABI this package is written against (CMakeLists.txt)


class HavenError(RuntimeError):
    """A libhaven call failed; the message is haven's (file, line or frame,
    and what was expected). `status` is the haven_status code."""

    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


class HavenWarning(UserWarning):
    """A warning from libhaven (charges that do not balance, methods that
    disagree, fits whose errors were widened...)."""


def _candidates():
    env = os.environ.get("HAVEN_LIBRARY")
    if env:
        return [env]  # an explicit choice is the only one tried
    here = os.path.dirname(os.path.abspath(__file__))
    out = [os.path.join(here, SONAME), os.path.join(here, "libhaven.so")]
    out.append(SONAME)  # the dynamic loader's search (LD_LIBRARY_PATH, ld.so.cache)
    for prefix in (sys.prefix, "/usr/local", "/usr"):
        for lib in ("lib", "lib64", "lib/x86_64-linux-gnu", "lib/aarch64-linux-gnu"):
            out.append(os.path.join(prefix, lib, SONAME))
    found = ctypes.util.find_library("haven")
    if found:
        out.append(found)
    return out


def _load():
    tried = []
    for path in _candidates():
        if os.path.sep in path and not os.path.exists(path):
            tried.append(path)
            continue
        try:
            return ctypes.CDLL(path), path
        except OSError as e:
            tried.append("%s (%s)" % (path, e))
    raise ImportError(
        "haven: libhaven not found; install it (make install) or set "
        "HAVEN_LIBRARY=/path/to/libhaven.so. Tried: " + "; ".join(tried))


lib, path = _load()

c_double_p = ctypes.POINTER(ctypes.c_double)
c_char_pp = ctypes.POINTER(ctypes.c_char_p)


class TrajOptions(ctypes.Structure):
    """haven_traj_options (include/haven/traj.h), field for field."""
    _fields_ = [("format", ctypes.c_int), ("types", ctypes.c_char_p),
                ("timestep_fs", ctypes.c_double), ("stride", ctypes.c_long),
                ("cell", (ctypes.c_double * 3) * 3), ("elements", ctypes.c_char_p)]


PROGRESS = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t,
                            ctypes.c_size_t, ctypes.c_void_p)
WARNING = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_void_p)


class AnalysisOptions(ctypes.Structure):
    """haven_analysis_options (include/haven/analysis.h), field for field."""
    _fields_ = [("traj", TrajOptions), ("species", ctypes.c_char_p),
                ("drift", ctypes.c_char_p), ("max_bytes", ctypes.c_size_t),
                ("start", ctypes.c_double), ("end", ctypes.c_double),
                ("has_start", ctypes.c_int), ("has_end", ctypes.c_int),
                ("direct", ctypes.c_int), ("pool", ctypes.c_int), ("cont", ctypes.c_int),
                ("charges", ctypes.c_char_p), ("temperature", c_double_p),
                ("n_temperature", ctypes.c_size_t), ("frame", ctypes.c_char_p),
                ("at", ctypes.c_double), ("nu0", ctypes.c_double), ("jump", ctypes.c_double),
                ("corr_f", ctypes.c_double), ("include_nondiffusive", ctypes.c_int),
                ("progress", PROGRESS), ("progress_user", ctypes.c_void_p),
                ("partition", ctypes.c_void_p)]  # haven_partition *: NULL, one process


class TrajArrays(ctypes.Structure):
    """haven_traj_arrays (include/haven/traj.h)."""
    _fields_ = [("n_frames", ctypes.c_size_t), ("n_atoms", ctypes.c_size_t),
                ("pos", c_double_p), ("cell", c_double_p), ("cell_per_frame", ctypes.c_int),
                ("symbols", c_char_pp), ("frame_interval", ctypes.c_double),
                ("vel", c_double_p), ("coords", ctypes.c_int),
                ("temperature", ctypes.c_double), ("name", ctypes.c_char_p)]


class MsdPrefix(ctypes.Structure):
    """The leading fields of haven_msd (include/haven/msd.h): only read
    through a pointer the library gives, never allocated here."""
    _fields_ = [("n_lags", ctypes.c_size_t), ("dt", ctypes.c_double),
                ("n_atoms", ctypes.c_size_t), ("msd", c_double_p), ("tensor", c_double_p),
                ("n_obs", c_double_p)]


class CEstimate(ctypes.Structure):
    """haven_estimate (include/haven/core.h)."""
    _fields_ = [("value", ctypes.c_double), ("err", ctypes.c_double), ("lo", ctypes.c_double),
                ("hi", ctypes.c_double), ("unit", ctypes.c_char_p)]


FIT_MAX = 8


class FitResult(ctypes.Structure):
    """haven_fit_result (include/haven/fit.h)."""
    _fields_ = [("n_params", ctypes.c_size_t), ("name", ctypes.c_char_p * FIT_MAX),
                ("param", CEstimate * FIT_MAX), ("cov", (ctypes.c_double * FIT_MAX) * FIT_MAX), ("chi2", ctypes.c_double),
                ("n_points", ctypes.c_size_t), ("dof", ctypes.c_size_t),
                ("aic", ctypes.c_double), ("bic", ctypes.c_double),
                ("weighted", ctypes.c_int), ("q95", ctypes.c_double)]


class PfgOptions(ctypes.Structure):
    _fields_ = [("gamma", ctypes.c_double), ("delta", ctypes.c_double),
                ("Delta", ctypes.c_double), ("n_components", ctypes.c_int)]


class ArrheniusResult(ctypes.Structure):
    """haven_arrhenius_result (include/haven/arrhenius.h)."""
    _fields_ = [("Ea", CEstimate), ("lnA", CEstimate), ("cov", (ctypes.c_double * 2) * 2), ("chi2", ctypes.c_double),
                ("dof", ctypes.c_size_t), ("aic", ctypes.c_double), ("bic", ctypes.c_double),
                ("temperature_power", ctypes.c_int), ("weighted", ctypes.c_int),
                ("q95", ctypes.c_double), ("birge", ctypes.c_double), ("misfit", ctypes.c_int)]


class VftResult(ctypes.Structure):
    """haven_vft_result (include/haven/arrhenius.h)."""
    _fields_ = [("lnA", CEstimate), ("B", CEstimate), ("T0", CEstimate),
                ("cov", (ctypes.c_double * 3) * 3), ("chi2", ctypes.c_double),
                ("dof", ctypes.c_size_t), ("aic", ctypes.c_double), ("bic", ctypes.c_double),
                ("temperature_exponent", ctypes.c_double), ("weighted", ctypes.c_int),
                ("q95", ctypes.c_double)]


def _declare(name, restype, *argtypes):
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


P = ctypes.c_void_p
S = ctypes.c_int  # haven_status
SZ = ctypes.c_size_t
D = ctypes.c_double
last_error = _declare("haven_last_error", ctypes.c_char_p)
version = _declare("haven_version", ctypes.c_char_p)
analysis_options_init = _declare("haven_analysis_options_init", None,
                                 ctypes.POINTER(AnalysisOptions))
analysis_check = _declare("haven_analysis_check", S, ctypes.c_int, SZ,
                          ctypes.POINTER(AnalysisOptions))
analysis_run_files = _declare("haven_analysis_run_files", S, ctypes.c_int, c_char_pp, SZ,
                              ctypes.POINTER(AnalysisOptions), ctypes.POINTER(P))
analysis_run_trajs = _declare("haven_analysis_run_trajs", S, ctypes.c_int,
                              ctypes.POINTER(P), SZ, ctypes.POINTER(AnalysisOptions),
                              ctypes.POINTER(P))
analysis_free = _declare("haven_analysis_free", None, P)
analysis_json = _declare("haven_analysis_json", S, P, ctypes.POINTER(ctypes.c_void_p))
analysis_json_units = _declare("haven_analysis_json_units", S, P, P, ctypes.POINTER(ctypes.c_void_p))
analysis_n_runs = _declare("haven_analysis_n_runs", SZ, P)
analysis_msd = _declare("haven_analysis_msd", S, P, SZ, ctypes.c_char_p,
                        ctypes.POINTER(ctypes.POINTER(MsdPrefix)))
analysis_gk_running = _declare("haven_analysis_gk_running", S, P, SZ,
                               ctypes.POINTER(c_double_p), ctypes.POINTER(SZ),
                               ctypes.POINTER(D))
free = _declare("haven_free", None, P)
traj_from_arrays = _declare("haven_traj_from_arrays", S, ctypes.POINTER(TrajArrays),
                            ctypes.POINTER(P))
traj_free = _declare("haven_traj_free", None, P)
format_from_name = _declare("haven_format_from_name", S, ctypes.c_char_p,
                            ctypes.POINTER(ctypes.c_int))
cell_from_text = _declare("haven_cell_from_text", S, ctypes.c_char_p,
                          ctypes.POINTER((ctypes.c_double * 3) * 3))
set_warning_handler = _declare("haven_set_warning_handler", None, WARNING, P)
kww_fit = _declare("haven_kww_fit", S, c_double_p, c_double_p, c_double_p, SZ,
                   ctypes.POINTER(FitResult))
kww_mean_tau = _declare("haven_kww_mean_tau", S, ctypes.POINTER(FitResult), c_double_p,
                        c_double_p, c_double_p, c_double_p)
pfg_fit = _declare("haven_pfg_fit", S, c_double_p, c_double_p, c_double_p, SZ,
                   ctypes.POINTER(PfgOptions), ctypes.POINTER(FitResult))
nucleus_gamma = _declare("haven_nucleus_gamma", D, ctypes.c_char_p)
bpp_fit = _declare("haven_bpp_fit", S, c_double_p, c_double_p, c_double_p, SZ, D,
                   ctypes.c_int, ctypes.POINTER(FitResult))
exsy_fit = _declare("haven_exsy_fit", S, c_double_p, c_double_p, c_double_p, SZ, ctypes.c_int,
                    ctypes.POINTER(FitResult))
arrhenius_fit = _declare("haven_arrhenius_fit", S, c_double_p, c_double_p, c_double_p, SZ,
                         ctypes.c_int, ctypes.POINTER(ArrheniusResult))
arrhenius_predict = _declare("haven_arrhenius_predict", S, ctypes.POINTER(ArrheniusResult), D,
                             ctypes.POINTER(CEstimate))
vft_fit = _declare("haven_vft_fit", S, c_double_p, c_double_p, c_double_p, SZ, D,
                   ctypes.POINTER(VftResult))


def check(status):
    """Raise HavenError with haven's message for a failed call."""
    if status != 0:
        raise HavenError(last_error().decode("utf-8", "replace"), status)


def _forward_warning(message, user):
    warnings.warn(message.decode("utf-8", "replace"), HavenWarning, stacklevel=2)


# Process-wide and set once, at import, before any thread calls haven
# (include/haven/core.h); kept referenced so ctypes keeps the trampoline.
_warning_callback = WARNING(_forward_warning)
set_warning_handler(_warning_callback, None)
