"""Display units of the documents (units=, as the CLI's --units): the
spellings and factors of tools/units_cli.c, from src/core/units.h."""
import ctypes

from . import _lib

# spelling -> (is a conductivity, factor from SI, name in the document)
_KNOWN = {
    "mS/cm": (True, 10.0, b"mS/cm"),
    "S/cm": (True, 0.01, b"S/cm"),
    "S/m": (True, 1.0, b"S/m"),
    "cm2/s": (False, 1e4, b"cm^2/s"),
    "cm^2/s": (False, 1e4, b"cm^2/s"),
    "m2/s": (False, 1.0, b"m^2/s"),
    "m^2/s": (False, 1.0, b"m^2/s"),
}


class Units(ctypes.Structure):
    """haven_units (include/haven/core.h); the names are module constants,
    so they outlive every call."""
    _fields_ = [("sigma_scale", ctypes.c_double), ("sigma_unit", ctypes.c_char_p),
                ("D_scale", ctypes.c_double), ("D_unit", ctypes.c_char_p)]


def parse(units):
    """units= as "S/cm,m2/s" or a sequence of spellings; None: the
    defaults (mS/cm, cm^2/s). Returns a Units, or None for the defaults."""
    if units is None:
        return None
    words = units.split(",") if isinstance(units, str) else list(units)
    u = Units(10.0, b"mS/cm", 1e4, b"cm^2/s")
    for w in words:
        if w not in _KNOWN:
            raise ValueError("units: unknown unit %r (conductivity: S/m, S/cm, mS/cm; "
                             "D: m2/s, cm2/s)" % (w,))
        sigma, scale, name = _KNOWN[w]
        if sigma:
            u.sigma_scale, u.sigma_unit = scale, name
        else:
            u.D_scale, u.D_unit = scale, name
    return u


def document(handle, plain, with_units, units):
    """The JSON text of a result: plain(handle, out) or, with units,
    with_units(handle, units, out); the library's buffer freed."""
    out = ctypes.c_void_p()
    if units is None:
        _lib.check(plain(handle, ctypes.byref(out)))
    else:
        _lib.check(with_units(handle, ctypes.byref(units), ctypes.byref(out)))
    try:
        return ctypes.string_at(out.value).decode("utf-8")
    finally:
        _lib.free(out)
