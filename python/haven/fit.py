"""Model fits (`haven fit <model>`), each a libhaven call: parameters as
Estimates in SI units, to_dict() in the shape of `haven fit <model> --json`.
"""
import ctypes

import numpy as np

from . import _lib
from ._results import Estimate


def _arr(x, n=None):
    if x is None:
        return None, None
    a = np.ascontiguousarray(x, dtype=np.float64)
    if n is not None and a.shape != (n,):
        raise ValueError("expected %d values, got shape %s" % (n, a.shape))
    return a, a.ctypes.data_as(_lib.c_double_p)


EV = 1.602176634e-19  # J


def _estimate(e, scale=1.0, unit=None):
    """A haven_estimate as an Estimate (scaled, e.g. J -> eV)."""
    u = unit if unit is not None else (e.unit.decode() if e.unit else "")
    return Estimate(e.value * scale, e.err * scale, (e.lo * scale, e.hi * scale), u)


def _ev(e):
    return Estimate(e.value / EV, e.err / EV, (e.lo / EV, e.hi / EV), "eV")


class FitResult:
    """parameters: {name: Estimate}; chi2, dof, aic, bic, q95, n_points,
    weighted; derived: model-specific quantities (e.g. KWW mean_tau)."""

    def __init__(self, model, r, derived=None):
        self.model = model
        self.parameters = {}
        for j in range(r.n_params):
            self.parameters[r.name[j].decode()] = _estimate(r.param[j])
        n = r.n_params
        self.covariance = np.array([[r.cov[i][j] for j in range(n)] for i in range(n)])
        self.chi2, self.dof, self.aic, self.bic, self.q95 = r.chi2, r.dof, r.aic, r.bic, r.q95
        self.n_points, self.weighted = r.n_points, bool(r.weighted)
        self.derived = derived or {}

    def __getitem__(self, name):
        return self.parameters[name]

    def to_dict(self):
        d = {"model": self.model, "n_points": self.n_points, "weighted": self.weighted,
             "parameters": {k: v.to_dict() for k, v in self.parameters.items()}}
        if self.derived:
            d["derived"] = {k: v.to_dict() for k, v in self.derived.items()}
        d.update(chi2=self.chi2, dof=self.dof, aic=self.aic, bic=self.bic, q95=self.q95)
        return d


def _xy(x, y, sigma):
    xa, xp = _arr(x)
    if xa.ndim != 1:
        raise ValueError("expected a 1-d array")
    ya, yp = _arr(y, len(xa))
    sa, sp = _arr(sigma, len(xa))
    return (xa, ya, sa), xp, yp, sp, len(xa)


def kww(t, F, sigma=None):
    """F(t) = A exp(-(t/tau)^beta), t in s; derived mean_tau (s)."""
    keep, tp, fp, sp, n = _xy(t, F, sigma)
    r = _lib.FitResult()
    _lib.check(_lib.kww_fit(tp, fp, sp, n, ctypes.byref(r)))
    m, e, lo, hi = (ctypes.c_double() for _ in range(4))
    _lib.check(_lib.kww_mean_tau(ctypes.byref(r), ctypes.byref(m), ctypes.byref(e),
                                 ctypes.byref(lo), ctypes.byref(hi)))
    return FitResult("kww", r, {"mean_tau": Estimate(m.value, e.value, (lo.value, hi.value),
                                                     "s")})


def pfg(g, S, sigma=None, nucleus="7Li", delta=None, Delta=None, components=1):
    """PFG-NMR Stejskal-Tanner decay: g in T/m, delta and Delta in s."""
    gamma = _lib.nucleus_gamma(nucleus.encode())
    if gamma <= 0:
        raise ValueError("unknown nucleus %r" % nucleus)
    keep, gp, Sp, sp, n = _xy(g, S, sigma)
    o = _lib.PfgOptions(gamma, float(delta), float(Delta), int(components))
    r = _lib.FitResult()
    _lib.check(_lib.pfg_fit(gp, Sp, sp, n, ctypes.byref(o), ctypes.byref(r)))
    return FitResult("pfg", r)


def bpp(T, T1, T1_err=None, larmor=None, processes=1):
    """NMR T1(T) relaxometry: T in K, T1 in s, larmor frequency in Hz."""
    keep, tp, t1p, ep, n = _xy(T, T1, T1_err)
    r = _lib.FitResult()
    _lib.check(_lib.bpp_fit(tp, t1p, ep, n, float(larmor), int(processes), ctypes.byref(r)))
    return FitResult("bpp", r)


def exsy(tm, I, sigma=None, model="buildup"):
    """2D EXSY: mixing times tm (s); model "buildup" or "two-site"."""
    models = {"buildup": 0, "two-site": 1}
    keep, tp, ip, sp, n = _xy(tm, I, sigma)
    r = _lib.FitResult()
    _lib.check(_lib.exsy_fit(tp, ip, sp, n, models[model], ctypes.byref(r)))
    return FitResult("exsy", r)


class ArrheniusFit:
    """ln(y T^p) = ln A - Ea/kT: Ea (eV) and the prefactor as Estimates;
    predict(T) gives y(T) with its error and 95% interval."""

    def __init__(self, r):
        self._r = r
        self.Ea = _ev(r.Ea)
        A = np.exp(r.lnA.value)
        self.prefactor = Estimate(A, A * r.lnA.err, (np.exp(r.lnA.lo), np.exp(r.lnA.hi)), "")
        self.chi2, self.dof, self.aic, self.bic = r.chi2, r.dof, r.aic, r.bic
        self.birge, self.weighted = r.birge, bool(r.weighted)

    def predict(self, T):
        y = _lib.CEstimate()
        _lib.check(_lib.arrhenius_predict(ctypes.byref(self._r), float(T), ctypes.byref(y)))
        return _estimate(y)


def arrhenius(T, y, sigma=None, temperature_power=0):
    """Arrhenius fit of y(T) (T in K); temperature_power 1 fits sigma T."""
    keep, tp, yp, sp, n = _xy(T, y, sigma)
    r = _lib.ArrheniusResult()
    _lib.check(_lib.arrhenius_fit(tp, yp, sp, n, int(temperature_power), ctypes.byref(r)))
    return ArrheniusFit(r)


def vft(T, y, sigma=None, temperature_exponent=0.0):
    """VFT fit y = A T^m exp(-B/(k (T - T0))): B (eV), T0 (K)."""
    keep, tp, yp, sp, n = _xy(T, y, sigma)
    r = _lib.VftResult()
    _lib.check(_lib.vft_fit(tp, yp, sp, n, float(temperature_exponent), ctypes.byref(r)))
    return {"B": _ev(r.B), "T0": _estimate(r.T0), "aic": r.aic, "bic": r.bic, "chi2": r.chi2}


class _BvTraceOptions(ctypes.Structure):
    """haven_bruce_vincent_trace_options (include/haven/fit.h)."""
    _fields_ = [(k, ctypes.c_double) for k in ("dV", "R0", "Rss", "dV_err", "R0_err", "Rss_err",
                                               "I0", "I0_err")] + [("n_exp", ctypes.c_int)]


class _BvTraceResult(ctypes.Structure):
    """haven_bruce_vincent_trace_result (include/haven/fit.h)."""
    _fields_ = [("fit", _lib.FitResult), ("aic1", ctypes.c_double), ("aic2", ctypes.c_double),
                ("Iss", _lib.CEstimate), ("I0", _lib.CEstimate), ("I0_source", ctypes.c_int),
                ("t_plus", _lib.CEstimate)]


_bv_trace = _lib._declare("haven_bruce_vincent_trace", _lib.S, _lib.c_double_p, _lib.c_double_p,
                          _lib.c_double_p, _lib.SZ, ctypes.POINTER(_BvTraceOptions),
                          ctypes.POINTER(_BvTraceResult))


def bruce_vincent_trace(t, I, dV, R0, Rss, sigma=None, I0=None, n_exp=0):
    """Bruce-Vincent t+ from a polarisation current trace I(t) (A, t in s),
    as `haven fit bruce-vincent --current`. dV, R0, Rss, I0: a value or a
    (value, error) pair; I0 None takes the first measured point. n_exp 0
    chooses one or two exponentials by AIC. Parameters Iss, A1, tau1 [, A2,
    tau2]; derived I0, Iss, t_plus (Estimates) and I0_source."""
    keep, tp, ip, sp, n = _xy(t, I, sigma)

    def pair(v):
        return (float(v[0]), float(v[1])) if isinstance(v, (tuple, list)) else (float(v), 0.0)

    o = _BvTraceOptions(n_exp=int(n_exp))
    o.dV, o.dV_err = pair(dV)
    o.R0, o.R0_err = pair(R0)
    o.Rss, o.Rss_err = pair(Rss)
    if I0 is not None:
        o.I0, o.I0_err = pair(I0)
    r = _BvTraceResult()
    _lib.check(_bv_trace(tp, ip, sp, n, ctypes.byref(o), ctypes.byref(r)))
    res = FitResult("bruce-vincent", r.fit, {"I0": _estimate(r.I0), "Iss": _estimate(r.Iss),
                                             "t_plus": _estimate(r.t_plus, unit="")})
    res.I0_source = "given" if r.I0_source == 1 else "first point"
    return res
