"""Impedance spectroscopy (`haven eis`), each call into libhaven:

    s = haven.eis.read("cell.mpt")                 # Spectrum: freq, zre, zim (numpy)
    f = haven.eis.fit(s, circuit="R0-p(R1,CPE1)", thickness=0.1, area=0.5)
    f.parameters["R1"], f.sigma_bulk               # Estimates
    f.zre_fit, f.zim_fit                           # the Nyquist fit (numpy)
    haven.eis.linkk(s).valid
    d = haven.eis.drt(s); d.tau, d.gamma           # gamma(tau) (numpy)
    b = haven.eis.batch(files, circuit=..., temperatures=[...], thickness=..., area=...)
    haven.eis.predict(circuit="R0-p(R1,C1)", initial="R0=5,R1=100,C1=1e-6", freq=[...])

Keywords are named like the CLI's options (thickness in cm, area in cm^2,
as --thickness/--area); to_dict() gives the document `haven eis <cmd>
--json` prints (numbers to its 10 significant digits), attributes keep full
precision. Files may be given as paths or as a Spectrum (read once).
"""
import ctypes
import json

import numpy as np

from . import _lib
from ._lib import ArrheniusResult, CEstimate, D, P, S, SZ, c_double_p
from ._results import Estimate, Node

_int_p = ctypes.POINTER(ctypes.c_int)
WEIGHTS = ("unit", "proportional", "modulus")
SIGNS = ("auto", "as-is", "negated")
METHODS = ("gcv", "lcurve", "fixed", "reim", "mgcv", "rgcv", "ml")
KK_RULES = ("last", "first")
MS_CM_PER_S_M = 10.0  # conductivity shown in mS/cm, as by the CLI (src/core/units.h)


class _Data(ctypes.Structure):
    """haven_eis_data (include/haven/eis.h)."""
    _fields_ = [("n", SZ), ("freq", c_double_p), ("zre", c_double_p), ("zim", c_double_p),
                ("format", ctypes.c_char * 24), ("imag_negated", ctypes.c_int),
                ("sign_source", ctypes.c_char * 16)]


class _LinkkOptions(ctypes.Structure):
    _fields_ = [("c", D), ("max_m", SZ), ("threshold", D), ("rule", ctypes.c_int),
                ("verdict_only", ctypes.c_int)]


class _PrepOptions(ctypes.Structure):
    _fields_ = [("fmin", D), ("fmax", D), ("drop_inductive", ctypes.c_int),
                ("kk_exclude", ctypes.c_int), ("kk_point_limit", D), ("kk", _LinkkOptions)]


class _PrepReport(ctypes.Structure):
    _fields_ = [(k, SZ) for k in ("n_in", "n_out", "n_below_fmin", "n_above_fmax",
                                  "n_inductive", "n_kk")]


class _FitResult(ctypes.Structure):
    _fields_ = [("n_params", SZ), ("n_points", SZ), ("value", c_double_p),
                ("param", ctypes.POINTER(CEstimate)), ("fixed", _int_p), ("corr", c_double_p), ("chi2", D), ("chi2_reduced", D),
                ("dof", SZ), ("n_starts", SZ), ("n_agree", SZ), ("n_iter", SZ),
                ("zre_fit", c_double_p), ("zim_fit", c_double_p), ("at_bound", _int_p)]


class _LinkkResult(ctypes.Structure):
    _fields_ = [("n", SZ), ("m", SZ), ("mu", D), ("rms_re", D), ("rms_im", D),
                ("valid", ctypes.c_int), ("res_re", c_double_p), ("res_im", c_double_p),
                ("zre_fit", c_double_p), ("zim_fit", c_double_p), ("max_m", SZ),
                ("mu_m", c_double_p), ("m_first", SZ), ("c", D)]


class _DrtOptions(ctypes.Structure):
    _fields_ = [("method", ctypes.c_int), ("lambda_", D), ("order", ctypes.c_int),
                ("inductance", ctypes.c_int), ("weight", ctypes.c_int), ("per_decade", SZ),
                ("progress", P), ("progress_user", P)]


class _DrtPeak(ctypes.Structure):
    _fields_ = [("tau", CEstimate), ("tau_apex", D), ("freq", D), ("r", CEstimate),
                ("extrapolated", ctypes.c_int)]


class _DrtResult(ctypes.Structure):
    _fields_ = [("n_tau", SZ), ("tau", c_double_p), ("gamma", c_double_p), ("dlnt", D),
                ("r_inf", CEstimate), ("inductance", D), ("r_pol", D),
                ("lambda_", D), ("method", ctypes.c_int),
                ("lambda_by_method", D * len(METHODS)), ("inductance_fitted", ctypes.c_int),
                ("tau_window", D * 2), ("residual_rms", D), ("edf", D), ("n_peaks", SZ),
                ("peaks", ctypes.POINTER(_DrtPeak)), ("n_points", SZ),
                ("zre_fit", c_double_p), ("zim_fit", c_double_p), ("n_scan", SZ),
                ("scan_lambda", c_double_p), ("scan_rss", c_double_p), ("scan_eta", c_double_p),
                ("scan_gcv", c_double_p), ("scan_mgcv", c_double_p), ("scan_rgcv", c_double_p),
                ("scan_nlml", c_double_p)]


class _Arc(ctypes.Structure):
    _fields_ = [("r_index", SZ), ("r", CEstimate), ("capacitance", D),
                ("c_normalised", D), ("kind", ctypes.c_int), ("tau", D),
                ("assigned", ctypes.c_int)]


class _Model(ctypes.Structure):
    _fields_ = [("circuit", P), ("n_params", SZ), ("value", c_double_p),
                ("stderr_", c_double_p)]


class _JobOptions(ctypes.Structure):
    _fields_ = [("format", ctypes.c_char_p), ("sign", ctypes.c_int), ("prep", _PrepOptions),
                ("weight", ctypes.c_int), ("starts", SZ), ("initial", ctypes.c_char_p),
                ("fixed", ctypes.c_char_p), ("bounds", ctypes.c_char_p),
                ("assign", ctypes.c_char_p), ("keep_order", ctypes.c_int),
                ("thickness_m", D), ("area_m2", D), ("arrhenius_power", ctypes.c_int),
                ("progress", P), ("progress_user", P)]


class _BatchResult(ctypes.Structure):
    _fields_ = [("circuit", ctypes.c_char_p), ("arrhenius_power", ctypes.c_int), ("n", SZ),
                ("spectra", P), ("Ea", CEstimate * 3), ("lnA", CEstimate * 3),
                ("has_Ea", ctypes.c_int * 3), ("why_no_Ea", (ctypes.c_char * 256) * 3),
                ("arrhenius", ArrheniusResult * 3)]


def _f(name, restype, *args):
    return _lib._declare(name, restype, *args)


_ptr = ctypes.POINTER
_read = _f("haven_eis_read", S, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int, _ptr(_Data))
_data_set = _f("haven_eis_data_set", S, _ptr(_Data), c_double_p, c_double_p, c_double_p, SZ)
_data_free = _f("haven_eis_data_free", None, _ptr(_Data))
_preprocess = _f("haven_eis_preprocess", S, _ptr(_Data), _ptr(_PrepOptions), _ptr(_PrepReport))
_circuit_parse = _f("haven_eis_circuit_parse", S, ctypes.c_char_p, _ptr(P))
_circuit_free = _f("haven_eis_circuit_free", None, P)
_circuit_n = _f("haven_eis_circuit_n_params", SZ, P)
_circuit_text = _f("haven_eis_circuit_text", ctypes.c_char_p, P)
_param_name = _f("haven_eis_circuit_param_name", ctypes.c_char_p, P, SZ)
_param_unit = _f("haven_eis_circuit_param_unit", ctypes.c_char_p, P, SZ)
_eval = _f("haven_eis_circuit_eval", S, P, c_double_p, c_double_p, SZ, c_double_p, c_double_p,
           c_double_p)
_fit_free = _f("haven_eis_fit_result_free", None, _ptr(_FitResult))
_linkk = _f("haven_eis_linkk", S, _ptr(_Data), _ptr(_LinkkOptions), _ptr(_LinkkResult))
_linkk_free = _f("haven_eis_linkk_result_free", None, _ptr(_LinkkResult))
_drt_default = _f("haven_eis_drt_options_default", None, _ptr(_DrtOptions))
_drt = _f("haven_eis_drt", S, _ptr(_Data), _ptr(_DrtOptions), _ptr(_DrtResult))
_drt_free = _f("haven_eis_drt_result_free", None, _ptr(_DrtResult))
_arcs = _f("haven_eis_arcs", SZ, P, _ptr(_FitResult), D, D, _ptr(_Arc), SZ)
_arcs_assign = _f("haven_eis_arcs_assign", S, P, ctypes.c_char_p, _ptr(_Arc), SZ)
_arc_kind = _f("haven_eis_arc_kind_name", ctypes.c_char_p, ctypes.c_int)
_drt_match = _f("haven_eis_drt_match", SZ, _ptr(_DrtResult), _ptr(_Arc), SZ, D,
                _ptr(ctypes.c_long))
_conductivities = _f("haven_eis_conductivities", S, P, _ptr(_FitResult), D, D,
                     ctypes.c_char_p, _ptr(CEstimate), _int_p)
_parse_values = _f("haven_eis_parse_values", S, P, ctypes.c_char_p, c_double_p, _int_p)
_model_from_json = _f("haven_eis_model_from_json", S, ctypes.c_char_p, _ptr(_Model))
_model_free = _f("haven_eis_model_free", None, _ptr(_Model))
_job_init = _f("haven_eis_job_options_init", None, _ptr(_JobOptions))
_fit_job = _f("haven_eis_fit_job", S, P, _ptr(_Data), _ptr(_JobOptions), c_double_p,
              _ptr(_FitResult))
_batch = _f("haven_eis_batch", S, _ptr(ctypes.c_char_p), c_double_p, SZ, ctypes.c_char_p,
            _ptr(_JobOptions), _ptr(_BatchResult))
_batch_free = _f("haven_eis_batch_result_free", None, _ptr(_BatchResult))
_batch_json = _f("haven_eis_batch_json", S, _ptr(_BatchResult), _ptr(ctypes.c_void_p))


# ---- helpers --------------------------------------------------------------


def _g(v):
    """A number as the CLI's JSON writes it: 10 significant digits, null
    for NaN and infinities."""
    v = float(v)
    return float("%.10g" % v) if np.isfinite(v) else None


def _q(value, err, lo, hi, unit):
    return {"value": _g(value), "stderr": _g(err), "ci95": [_g(lo), _g(hi)], "unit": unit}


def _est(value, err, lo, hi, unit):
    return Estimate(value, err, (lo, hi), unit)


def _from_estimate(e):
    return Estimate(e.value, e.err, (e.lo, e.hi), e.unit.decode() if e.unit else "")


def _array(p, n):
    return np.ctypeslib.as_array(p, shape=(n,)).copy() if n else np.zeros(0)


def _choice(name, value, names):
    try:
        return names.index(value)
    except ValueError:
        raise ValueError("%s must be one of %s, not %r" % (name, ", ".join(names), value)) \
            from None


def _text(v, sep=","):
    """Keyword values as the CLI's option text: dicts as NAME=V, lists joined."""
    if v is None or isinstance(v, str):
        return v
    if isinstance(v, dict):
        return sep.join("%s=%s" % (k, _bound(x)) for k, x in v.items())
    return sep.join(str(x) for x in v)


def _bound(x):
    if isinstance(x, (tuple, list)):  # bounds (lo, hi), None for an open side
        return ":".join("" if b is None else repr(float(b)) for b in x)
    return repr(float(x)) if not isinstance(x, str) else x


def _enc(s):
    return None if s is None else str(s).encode()


def _linkk_options(c=None, max_m=None, kk_threshold=None, kk_rule="last"):
    return _LinkkOptions(c or 0.0, max_m or 0, kk_threshold or 0.0,
                         _choice("kk_rule", kk_rule, KK_RULES))


def _prep_options(fmin=None, fmax=None, drop_inductive=False, kk_exclude=False, **kk):
    return _PrepOptions(fmin or 0.0, fmax or 0.0, int(bool(drop_inductive)),
                        int(bool(kk_exclude)), 0.0, _linkk_options(**kk))


_PREP_KEYS = ("fmin", "fmax", "drop_inductive", "kk_exclude")
_KK_KEYS = ("c", "max_m", "kk_threshold", "kk_rule")


def _pop(kw, keys):
    return {k: kw.pop(k) for k in keys if k in kw}


def _no_more(kw, what):
    if kw:
        raise TypeError("%s: unknown keyword(s) %s" % (what, ", ".join(sorted(kw))))


# ---- spectra ----------------------------------------------------------------


class Spectrum:
    """A spectrum as haven reads it: freq (Hz, increasing), zre, zim (ohm,
    Z = Z' + j Z'', a capacitive arc has zim < 0), and how it was read."""

    def __init__(self, freq, zre, zim, file=None, format="arrays", imag_negated=False,
                 sign_source="option"):
        self.freq, self.zre, self.zim = freq, zre, zim
        self.file, self.format = file, format
        self.imag_negated, self.sign_source = imag_negated, sign_source

    def __len__(self):
        return len(self.freq)

    def to_dict(self):
        """`haven eis info --json`."""
        return {"file": self.file, "format": self.format, "imag_sign_source": self.sign_source,
                "imag_column_negated": bool(self.imag_negated), "n_points": len(self.freq),
                "freq_min_Hz": _g(self.freq[0]), "freq_max_Hz": _g(self.freq[-1])}

    def _c(self):
        """A haven_eis_data (the library's copy; free with _data_free)."""
        d = _Data()
        arrs = [np.ascontiguousarray(a, dtype=np.float64) for a in (self.freq, self.zre, self.zim)]
        _lib.check(_data_set(ctypes.byref(d), *[a.ctypes.data_as(c_double_p) for a in arrs],
                             len(arrs[0])))
        d.format = self.format.encode()[:23]
        d.sign_source = self.sign_source.encode()[:15]
        d.imag_negated = int(bool(self.imag_negated))
        return d


def _from_c(d, file):
    n = d.n
    return Spectrum(_array(d.freq, n), _array(d.zre, n), _array(d.zim, n), file,
                    d.format.decode(), bool(d.imag_negated), d.sign_source.decode())


def read(path, format=None, sign="auto", **prep):
    """Read a spectrum (formats csv, biologic, gamry, zview, versastudio;
    format None detects) and preprocess it like the CLI (fmin, fmax in Hz,
    drop_inductive, kk_exclude with c, max_m, kk_threshold, kk_rule)."""
    if isinstance(path, Spectrum):
        spectrum = path
        d = spectrum._c()
    else:
        d = _Data()
        _lib.check(_read(_enc(path), _enc(format), _choice("sign", sign, SIGNS),
                         ctypes.byref(d)))
        spectrum = None
    try:
        pk = _pop(prep, _PREP_KEYS)
        kk = _pop(prep, _KK_KEYS)
        _no_more(prep, "haven.eis.read")
        if pk:
            po = _prep_options(**pk, **kk)
            rep = _PrepReport()
            st = _preprocess(ctypes.byref(d), ctypes.byref(po), ctypes.byref(rep))
            if st:
                msg = _lib.last_error().decode()
                where = spectrum.file if spectrum is not None else path
                raise _lib.HavenError("%s: %s" % (where, msg) if where else msg, st)
        return _from_c(d, spectrum.file if spectrum is not None else str(path))
    finally:
        _data_free(ctypes.byref(d))


# ---- circuits and fits ---------------------------------------------------------


class _Circuit:
    def __init__(self, text):
        self.h = P()
        _lib.check(_circuit_parse(_enc(text), ctypes.byref(self.h)))
        self.n = _circuit_n(self.h)
        self.names = [_param_name(self.h, k).decode() for k in range(self.n)]
        self.units = [_param_unit(self.h, k).decode() for k in range(self.n)]

    def __del__(self):
        if getattr(self, "h", None):
            _circuit_free(self.h)
            self.h = None

    def values(self, text, val, flags):
        if text is not None:
            _lib.check(_parse_values(self.h, _enc(_text(text)), val.ctypes.data_as(c_double_p),
                                     flags.ctypes.data_as(_int_p)))


def _arcs_of(c, r, thickness_m, area_m2, assign):
    arcs = (_Arc * 16)()
    n = _arcs(c.h, ctypes.byref(r), thickness_m, area_m2, arcs, 16)
    if assign is not None:
        _lib.check(_arcs_assign(c.h, _enc(_text(assign)), arcs, n))
    return [arcs[a] for a in range(n)]


def _arc_dict(c, a):
    return {"resistor": c.names[a.r_index], "tau_s": _g(a.tau),
            "capacitance_F": _g(a.capacitance), "capacitance_normalised_F": _g(a.c_normalised),
            "kind": _arc_kind(a.kind).decode(), "assigned": bool(a.assigned)}


def _geometry(thickness, area):
    """--thickness CM, --area CM2 -> metres (0: none)."""
    if (thickness is None) != (area is None):
        raise ValueError("thickness and area go together (cm, cm^2)")
    if thickness is None:
        return 0.0, 0.0
    if not (thickness > 0 and area > 0):
        raise ValueError("thickness and area must be > 0")
    return thickness * 1e-2, area * 1e-4


def _run_fit(c, d, weight, starts, initial, fixed, bounds, keep_order):
    o = _JobOptions()
    _job_init(ctypes.byref(o))
    keep = [_enc(_text(x)) for x in (initial, fixed, bounds)]
    o.initial, o.fixed, o.bounds = keep
    o.weight = _choice("weight", weight, WEIGHTS)
    o.starts = int(starts or 0)
    o.keep_order = int(bool(keep_order))
    r = _FitResult()
    _lib.check(_fit_job(c.h, ctypes.byref(d), ctypes.byref(o), None, ctypes.byref(r)))
    return r


SIGMA_NAMES = ("sigma_bulk", "sigma_gb", "sigma_total")


class FitResult:
    """An equivalent-circuit fit: parameters {name: Estimate (SI)}, chi2,
    chi2_reduced, dof, correlation (numpy), arcs, sigma_bulk / sigma_gb /
    sigma_total (Estimates, mS/cm, or None), lin_kk (LinKK or None), and the
    Nyquist fit zre_fit, zim_fit (numpy, ohm) at the spectrum's freq."""

    def to_dict(self):
        """`haven eis fit --json`."""
        return json.loads(json.dumps(self._doc))


def fit(spectrum, circuit, initial=None, fixed=None, bounds=None, weight="modulus",
        starts=None, keep_order=False, thickness=None, area=None, assign=None, format=None,
        sign="auto", **more):
    """`haven eis fit`: circuit like 'R0-p(R1,CPE1)-p(R2,CPE2)-W3'; initial
    and fixed as "R0=10,CPE1_1=0.9" or {"R0": 10}; bounds "R1=10:1000" or
    {"R1": (10, 1000)}; thickness (cm) and area (cm^2) give conductivities;
    assign "R1=bulk,R2=gb"; the Lin-KK options (c, max_m, kk_threshold,
    kk_rule) and preprocessing ones (fmin, fmax, ...) as for read()."""
    kk = _pop(more, _KK_KEYS)
    s = read(spectrum, format=format, sign=sign, **_pop(more, _PREP_KEYS), **kk)
    _no_more(more, "haven.eis.fit")
    t_m, a_m2 = _geometry(thickness, area)
    c = _Circuit(circuit)
    d = s._c()
    r = _run_fit(c, d, weight, starts, initial, fixed, bounds, keep_order)
    try:
        out = FitResult()
        _fill_fit(out, s, c, circuit, weight, r, t_m, a_m2, assign)
        kko = _linkk_options(**kk)
        k = _LinkkResult()
        st = _linkk(ctypes.byref(d), ctypes.byref(kko), ctypes.byref(k))
        if st == -4:  # out of memory; otherwise the fit stands without Lin-KK
            _lib.check(st)
        out.lin_kk = _LinkK(s, k, kko, kk.get("kk_threshold")) if st == 0 else None
        if st == 0:
            _linkk_free(ctypes.byref(k))
            out._doc["lin_kk"] = {key: out.lin_kk._doc[key] for key in (
                "M", "mu", "rms_residual_re", "rms_residual_im", "valid")}
        return out
    finally:
        _fit_free(ctypes.byref(r))
        _data_free(ctypes.byref(d))


def _fill_fit(out, s, c, circuit, weight, r, t_m, a_m2, assign):
    n = r.n_params
    fixed, at_bound = _array(r.fixed, n), _array(r.at_bound, n)
    corr = _array(r.corr, n * n).reshape(n, n)
    corr[fixed.astype(bool), :] = np.nan
    corr[:, fixed.astype(bool)] = np.nan
    out.circuit, out.spectrum = circuit, s
    out.parameters = {c.names[k]: _from_estimate(r.param[k]) for k in range(n)}
    out.fixed = [c.names[k] for k in range(n) if fixed[k]]
    out.at_bound = [c.names[k] for k in range(n) if at_bound[k]]
    out.correlation = corr
    out.chi2, out.chi2_reduced, out.dof = r.chi2, r.chi2_reduced, r.dof
    out.starts, out.starts_agreeing = r.n_starts, r.n_agree
    out.zre_fit, out.zim_fit = _array(r.zre_fit, r.n_points), _array(r.zim_fit, r.n_points)
    out.arcs = _arcs_of(c, r, t_m, a_m2, assign)
    sig, valid = (CEstimate * 3)(), (ctypes.c_int * 3)()
    _lib.check(_conductivities(c.h, ctypes.byref(r), t_m, a_m2, _enc(_text(assign)), sig, valid))
    k = MS_CM_PER_S_M  # S/m -> mS/cm, as the CLI reports
    for q, name in enumerate(SIGMA_NAMES):
        e = sig[q]
        setattr(out, name, _est(e.value * k, e.err * k, e.lo * k, e.hi * k, "mS/cm")
                if valid[q] else None)
    doc = s.to_dict()
    del doc["freq_min_Hz"], doc["freq_max_Hz"]
    doc.update({"circuit": circuit, "weight": weight,
                "parameters": {k: _q(e.value, e.stderr, *e.ci95, e.unit)
                               for k, e in out.parameters.items()},
                "fixed": out.fixed, "at_bound": out.at_bound,
                "correlation": [[_g(x) for x in row] for row in corr],
                "chi2": _g(r.chi2), "chi2_reduced": _g(r.chi2_reduced), "dof": r.dof,
                "starts": r.n_starts, "starts_agreeing": r.n_agree,
                "arcs": [_arc_dict(c, a) for a in out.arcs]})
    for name in SIGMA_NAMES:
        e = getattr(out, name)
        if e is not None:
            doc[name] = _q(e.value, e.stderr, *e.ci95, "mS/cm")
    out._doc = doc


# ---- Lin-KK -------------------------------------------------------------------


class _LinkK:
    """Lin-KK: M, mu, mu_by_M, rms residuals, valid; res_re, res_im, zre_fit,
    zim_fit per point (numpy)."""

    def __init__(self, s, k, o, threshold):
        n = k.n
        self.spectrum = s
        self.M, self.mu, self.c, self.valid = k.m, k.mu, k.c, bool(k.valid)
        self.mu_by_M = _array(k.mu_m, k.max_m)
        self.rms_residual_re, self.rms_residual_im = k.rms_re, k.rms_im
        self.res_re, self.res_im = _array(k.res_re, n), _array(k.res_im, n)
        self.zre_fit, self.zim_fit = _array(k.zre_fit, n), _array(k.zim_fit, n)
        self._doc = {"M": k.m, "mu": _g(k.mu), "c": _g(k.c), "rule": KK_RULES[o.rule],
                     "M_first_crossing": k.m_first, "mu_by_M": [_g(x) for x in self.mu_by_M],
                     "rms_residual_re": _g(k.rms_re), "rms_residual_im": _g(k.rms_im),
                     "threshold": _g(threshold if threshold else 0.005),
                     "valid": bool(k.valid)}

    def to_dict(self):
        """`haven eis linkk --json`."""
        return {"file": self.spectrum.file, "lin_kk": json.loads(json.dumps(self._doc))}


def linkk(spectrum, c=None, max_m=None, kk_threshold=None, kk_rule="last", format=None,
          sign="auto", **prep):
    """`haven eis linkk`: Lin-KK validity test (Schoenleber 2014) with the
    number of RC elements chosen by kk_rule ("last" or "first")."""
    kk = {"c": c, "max_m": max_m, "kk_threshold": kk_threshold, "kk_rule": kk_rule}
    s = read(spectrum, format=format, sign=sign, **_pop(prep, _PREP_KEYS), **kk)
    _no_more(prep, "haven.eis.linkk")
    d = s._c()
    o = _linkk_options(**kk)
    k = _LinkkResult()
    try:
        _lib.check(_linkk(ctypes.byref(d), ctypes.byref(o), ctypes.byref(k)))
        out = _LinkK(s, k, o, kk_threshold)
        _linkk_free(ctypes.byref(k))
        return out
    finally:
        _data_free(ctypes.byref(d))


# ---- DRT ----------------------------------------------------------------------------


class DrtResult:
    """tau (s), gamma (ohm per unit ln tau) as numpy arrays; peaks (list of
    dicts with Estimates tau and R), r_inf, r_pol, lambda_, zre_fit, zim_fit;
    circuit_arcs when a circuit was given."""

    def to_dict(self):
        """`haven eis drt --json`."""
        return json.loads(json.dumps(self._doc))


def drt(spectrum, lambda_=None, lambda_method="lcurve", order=None, inductance=None,
        per_decade=None, weight="modulus", circuit=None, format=None, sign="auto", **more):
    """`haven eis drt`: distribution of relaxation times; lambda_ fixes the
    regularisation (else lambda_method lcurve, gcv, mgcv, rgcv, reim or ml);
    inductance
    True / False / None (auto); circuit also fits it and matches its arcs
    to the peaks (with the fit keywords initial, fixed, bounds, starts,
    keep_order, assign)."""
    fit_kw = _pop(more, ("initial", "fixed", "bounds", "starts", "keep_order", "assign"))
    s = read(spectrum, format=format, sign=sign, **_pop(more, _PREP_KEYS),
             **_pop(more, _KK_KEYS))
    _no_more(more, "haven.eis.drt")
    o = _DrtOptions()
    _drt_default(ctypes.byref(o))
    if lambda_:
        o.method, o.lambda_ = 2, float(lambda_)
    elif lambda_method not in METHODS or lambda_method == "fixed":
        raise ValueError("lambda_method must be lcurve, gcv, mgcv, rgcv, reim or ml")
    else:
        o.method = METHODS.index(lambda_method)
    o.inductance = {None: 0, True: 1, False: -1}[inductance]
    o.weight = _choice("weight", weight, WEIGHTS)
    if order:
        o.order = int(order)
    if per_decade:
        o.per_decade = int(per_decade)
    if o.order > 2 or o.order < 1 or not 2 <= o.per_decade <= 100:
        raise ValueError("order must be 1 or 2, per_decade 2..100")
    d = s._c()
    r = _DrtResult()
    try:
        _lib.check(_drt(ctypes.byref(d), ctypes.byref(o), ctypes.byref(r)))
        try:
            out = _drt_out(s, o, r)
            if circuit is not None:
                _drt_arcs(out, circuit, d, r, weight, fit_kw)
        finally:
            _drt_free(ctypes.byref(r))
        return out
    finally:
        _data_free(ctypes.byref(d))


def _drt_out(s, o, r):
    out = DrtResult()
    out.spectrum = s
    out.tau, out.gamma = _array(r.tau, r.n_tau), _array(r.gamma, r.n_tau)
    out.zre_fit, out.zim_fit = _array(r.zre_fit, r.n_points), _array(r.zim_fit, r.n_points)
    out.lambda_, out.lambda_method = r.lambda_, METHODS[r.method]
    out.r_inf = _from_estimate(r.r_inf)
    out.inductance = r.inductance if r.inductance_fitted else None
    out.r_pol = r.r_pol
    out.peaks = []
    for i in range(r.n_peaks):
        p = r.peaks[i]
        out.peaks.append({"tau": _from_estimate(p.tau), "tau_apex_s": p.tau_apex,
                          "freq_Hz": p.freq, "R": _from_estimate(p.r),
                          "extrapolated": bool(p.extrapolated)})
    doc = {"lambda": _g(r.lambda_), "lambda_method": METHODS[r.method],
           "lambda_by_method": {m: _g(r.lambda_by_method[i]) for i, m in enumerate(METHODS)
                                if m != "fixed"},
           "tau_window_s": [_g(r.tau_window[0]), _g(r.tau_window[1])], "order": o.order,
           "effective_parameters": _g(r.edf), "residual_rms": _g(r.residual_rms),
           "R_inf": _q(out.r_inf.value, out.r_inf.stderr, *out.r_inf.ci95, "ohm")}
    if r.inductance_fitted:
        doc["L_H"] = _g(r.inductance)
    doc.update({"R_pol_ohm": _g(r.r_pol), "tau_s": [_g(x) for x in out.tau],
                "gamma_ohm": [_g(x) for x in out.gamma],
                "peaks": [{"tau": _q(p["tau"].value, p["tau"].stderr, *p["tau"].ci95, "s"),
                           "tau_apex_s": _g(p["tau_apex_s"]), "freq_Hz": _g(p["freq_Hz"]),
                           "R": _q(p["R"].value, p["R"].stderr, *p["R"].ci95, "ohm"),
                           "extrapolated": p["extrapolated"]} for p in out.peaks]})
    out._doc = {"file": s.file, "format": s.format, "n_points": len(s), "drt": doc}
    return out


def _drt_arcs(out, circuit, d, r, weight, kw):
    c = _Circuit(circuit)
    f = _run_fit(c, d, weight, kw.get("starts"), kw.get("initial"), kw.get("fixed"),
                 kw.get("bounds"), kw.get("keep_order", False))
    try:
        arcs = _arcs_of(c, f, 0.0, 0.0, kw.get("assign"))
    finally:
        _fit_free(ctypes.byref(f))
    arr = (_Arc * max(len(arcs), 1))(*arcs)
    peak = (ctypes.c_long * max(len(arcs), 1))()
    _drt_match(ctypes.byref(r), arr, len(arcs), 0.0, peak)
    out.circuit_arcs = [{"resistor": c.names[a.r_index], "tau_s": a.tau, "R_ohm": a.r.value,
                         "peak": peak[i] + 1 if peak[i] >= 0 else None}
                        for i, a in enumerate(arcs)]
    out._doc["circuit_arcs"] = [dict(x, tau_s=_g(x["tau_s"]), R_ohm=_g(x["R_ohm"]))
                                for x in out.circuit_arcs]


# ---- batch ------------------------------------------------------------------------------


class BatchResult(Node):
    """`haven eis batch`: the --json document as attributes (spectra, each
    with sigma_bulk / sigma_gb / sigma_total Estimates in mS/cm and arcs;
    activation_energy Estimates in eV; activation_energy_missing: why)."""


def batch(files, circuit, temperatures, thickness, area, arrhenius_power=1, weight="modulus",
          starts=None, initial=None, fixed=None, bounds=None, assign=None, keep_order=False,
          format=None, sign="auto", **prep):
    """`haven eis batch`: fit circuit to each file (temperatures in K, one
    per file), conductivities from the arcs (thickness cm, area cm^2), and
    a weighted Arrhenius fit of each (with the Birge widening)."""
    files = [str(f) for f in files]
    T = np.ascontiguousarray(temperatures, dtype=np.float64)
    if T.shape != (len(files),):
        raise ValueError("temperatures: one per file (%d), got %d" % (len(files), T.size))
    o = _JobOptions()
    _job_init(ctypes.byref(o))
    keep = [_enc(x) for x in (format, _text(initial), _text(fixed), _text(bounds),
                              _text(assign))]
    o.format, o.initial, o.fixed, o.bounds, o.assign = keep
    o.sign = _choice("sign", sign, SIGNS)
    o.prep = _prep_options(**_pop(prep, _PREP_KEYS), **_pop(prep, _KK_KEYS))
    _no_more(prep, "haven.eis.batch")
    o.weight = _choice("weight", weight, WEIGHTS)
    o.starts = int(starts or 0)
    o.keep_order = int(bool(keep_order))
    o.thickness_m, o.area_m2 = _geometry(thickness, area)
    o.arrhenius_power = int(arrhenius_power)
    paths = (ctypes.c_char_p * len(files))(*[f.encode() for f in files])
    r = _BatchResult()
    _lib.check(_batch(paths, T.ctypes.data_as(c_double_p), len(files), _enc(circuit),
                      ctypes.byref(o), ctypes.byref(r)))
    try:
        doc = ctypes.c_void_p()
        _lib.check(_batch_json(ctypes.byref(r), ctypes.byref(doc)))
        try:
            text = ctypes.string_at(doc.value).decode("utf-8")
        finally:
            _lib.free(doc)
    finally:
        _batch_free(ctypes.byref(r))
    return BatchResult(json.loads(text))


# ---- predict --------------------------------------------------------------------------


class Prediction:
    """freq (Hz), zre, zim (ohm) as numpy arrays of the model."""

    def to_dict(self):
        """`haven eis predict --json`."""
        return {"circuit": self.circuit, "freq_Hz": [_g(x) for x in self.freq],
                "zre_ohm": [_g(x) for x in self.zre], "zim_ohm": [_g(x) for x in self.zim]}


def predict(model=None, circuit=None, initial=None, freq=None, freq_range=None):
    """Z of a model saved by `haven eis fit --save-model` (model: a path),
    or of circuit with all parameters in initial, at freq (list, Hz),
    freq_range (lo, hi, n: log-spaced) or a spectrum's frequencies."""
    if (model is None) == (circuit is None):
        raise ValueError("give model (a file) or circuit with initial")
    if model is not None:
        m = _Model()
        with open(model, "rb") as fh:
            _lib.check(_model_from_json(fh.read(), ctypes.byref(m)))
        try:
            text = _circuit_text(m.circuit).decode()
            values = _array(m.value, m.n_params)
        finally:
            _model_free(ctypes.byref(m))
        c = _Circuit(text)
        set_ = np.ones(c.n, dtype=np.intc)
    else:
        c, text = _Circuit(circuit), circuit
        values, set_ = np.zeros(c.n), np.zeros(c.n, dtype=np.intc)
    c.values(initial, values, set_)
    if not set_.all():
        missing = [c.names[k] for k in range(c.n) if not set_[k]]
        raise ValueError("predict: no value for %s (initial=...)" % ", ".join(missing))
    f = _frequencies(freq, freq_range)
    zr, zi = np.zeros(f.size), np.zeros(f.size)
    _lib.check(_eval(c.h, values.ctypes.data_as(c_double_p), f.ctypes.data_as(c_double_p),
                     f.size, zr.ctypes.data_as(c_double_p), zi.ctypes.data_as(c_double_p),
                     None))
    out = Prediction()
    out.circuit, out.freq, out.zre, out.zim = text, f, zr, zi
    return out


def _frequencies(freq, freq_range):
    if isinstance(freq, Spectrum):
        return np.ascontiguousarray(freq.freq, dtype=np.float64)
    if freq is not None:
        return np.ascontiguousarray(freq, dtype=np.float64)
    if freq_range is None:
        raise ValueError("predict: freq=[...], freq_range=(lo, hi, n) or freq=Spectrum")
    lo, hi, n = freq_range
    if not (0 < lo < hi) or int(n) < 2:
        raise ValueError("freq_range: 0 < lo < hi and n >= 2")
    n = int(n)  # as --freq-range: lo (hi/lo)^(i/(n-1))
    return np.array([lo * (hi / lo) ** (i / (n - 1)) for i in range(n)])
