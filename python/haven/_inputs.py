"""Trajectory inputs: file paths, numpy arrays, ASE Atoms lists, MDAnalysis
Universes, each turned into what libhaven reads (paths, or in-memory
haven_traj handles over arrays this module keeps alive)."""
import ctypes
import os

import numpy as np

from . import _lib

ANGSTROM = 1e-10
FS = 1e-15
PS = 1e-12
COORD_WRAPPED, COORD_UNWRAPPED = 0, 1


class ArrayTrajectory:
    """Positions in memory, as libhaven's haven_traj_from_arrays takes them.

    positions: (frames, atoms, 3) in Angstrom; cell: (3, 3) or
    (frames, 3, 3) lattice vectors as rows, Angstrom; symbols: one element
    per atom; the time between frames from timestep (fs) x stride, or
    frame_interval (ps); velocities (frames, atoms, 3) in Angstrom/ps,
    optional; wrapped: positions folded into the cell (unwrapped by minimum
    image; also right for continuous positions as long as no atom moves half
    a cell between frames)."""

    def __init__(self, positions, cell, symbols, timestep=None, stride=1,
                 frame_interval=None, velocities=None, wrapped=True, temperature=None,
                 name="arrays"):
        pos = np.ascontiguousarray(positions, dtype=np.float64)
        if pos.ndim != 3 or pos.shape[2] != 3:
            raise ValueError("positions: expected shape (frames, atoms, 3), got %s"
                             % (pos.shape,))
        nf, na = pos.shape[0], pos.shape[1]
        cell = np.ascontiguousarray(cell, dtype=np.float64)
        if cell.shape not in ((3, 3), (nf, 3, 3)):
            raise ValueError("cell: expected shape (3, 3) or (%d, 3, 3), got %s"
                             % (nf, cell.shape))
        symbols = [str(s) for s in symbols]
        if len(symbols) != na:
            raise ValueError("symbols: %d for %d atoms" % (len(symbols), na))
        if frame_interval is not None:
            dt = float(frame_interval) * PS
        elif timestep is not None:
            dt = float(timestep) * float(stride) * FS
        else:
            raise ValueError("the time between frames is unknown: give timestep (fs) and "
                             "stride, or frame_interval (ps)")
        self.pos = pos * ANGSTROM  # SI copies, alive as long as this object
        self.cell = cell * ANGSTROM
        self.vel = None
        if velocities is not None:
            vel = np.ascontiguousarray(velocities, dtype=np.float64)
            if vel.shape != pos.shape:
                raise ValueError("velocities: shape %s, positions %s" % (vel.shape, pos.shape))
            self.vel = vel * (ANGSTROM / PS)
        self._symbols = (ctypes.c_char_p * na)(*[s.encode() for s in symbols])
        self._name = name.encode()
        self.arrays = _lib.TrajArrays(
            n_frames=nf, n_atoms=na,
            pos=self.pos.ctypes.data_as(_lib.c_double_p),
            cell=self.cell.ctypes.data_as(_lib.c_double_p),
            cell_per_frame=int(cell.ndim == 3),
            symbols=ctypes.cast(self._symbols, _lib.c_char_pp),
            frame_interval=dt,
            vel=self.vel.ctypes.data_as(_lib.c_double_p) if self.vel is not None else None,
            coords=COORD_WRAPPED if wrapped else COORD_UNWRAPPED,
            temperature=float(temperature) if temperature else 0.0,
            name=self._name)

    def open(self):
        """A new haven_traj over these arrays (free with _lib.traj_free)."""
        h = ctypes.c_void_p()
        _lib.check(_lib.traj_from_arrays(ctypes.byref(self.arrays), ctypes.byref(h)))
        return h


def _is_ase_atoms(x):
    try:
        from ase import Atoms
    except ImportError:
        return False
    return isinstance(x, Atoms)


def _is_universe(x):
    try:
        from MDAnalysis import Universe
    except ImportError:
        return False
    return isinstance(x, Universe)


def from_ase(images, timestep=None, stride=1, frame_interval=None, name="ase", **kw):
    """A list of ase.Atoms (one trajectory): positions, cells, symbols and,
    when every frame has them, velocities."""
    images = list(images)
    pos = np.array([a.get_positions() for a in images])
    cell = np.array([a.get_cell()[:] for a in images])
    vel = None
    if all(a.has("momenta") for a in images):
        from ase import units
        # ASE velocities are in Angstrom per ASE time unit; 1 fs = units.fs of those.
        vel = np.array([a.get_velocities() for a in images]) * units.fs * 1000.0
    return ArrayTrajectory(pos, cell, images[0].get_chemical_symbols(), timestep=timestep,
                           stride=stride, frame_interval=frame_interval, velocities=vel,
                           name=name, **kw)


def from_universe(u, timestep=None, stride=1, frame_interval=None, name=None, **kw):
    """An MDAnalysis Universe: every frame of its trajectory; elements from
    u.atoms.elements (else the atom types); the frame interval from the
    trajectory (dt, ps) unless given."""
    from MDAnalysis.lib.mdamath import triclinic_vectors
    try:
        symbols = [str(e) for e in u.atoms.elements]
    except Exception:
        symbols = [str(t) for t in u.atoms.types]
    pos, cell = [], []
    for ts in u.trajectory:
        pos.append(ts.positions.astype(np.float64))
        cell.append(triclinic_vectors(ts.dimensions))
    if frame_interval is None and timestep is None:
        frame_interval = float(u.trajectory.dt)
    return ArrayTrajectory(np.array(pos), np.array(cell), symbols, timestep=timestep,
                           stride=stride, frame_interval=frame_interval,
                           name=name or str(getattr(u.trajectory, "filename", None) or "universe"),
                           **kw)


def _is_path(x):
    return isinstance(x, (str, bytes, os.PathLike))


def one_trajectory(x, kw):
    """One input that is not a path, as an ArrayTrajectory."""
    if isinstance(x, ArrayTrajectory):
        return x
    if _is_universe(x):
        return from_universe(x, **kw)
    if isinstance(x, (list, tuple)) and x and _is_ase_atoms(x[0]):
        return from_ase(x, **kw)
    if isinstance(x, np.ndarray) or hasattr(x, "__array__"):
        if "cell" not in kw or "symbols" not in kw:
            raise ValueError("positions as arrays need cell= and symbols= (and timestep= "
                             "or frame_interval=)")
        return ArrayTrajectory(x, **kw)
    raise TypeError("cannot read a trajectory from %r (expected a path, a numpy array, a list "
                    "of ase.Atoms or an MDAnalysis Universe)" % type(x).__name__)


def split_inputs(inputs, array_kw):
    """('paths', [bytes]) or ('arrays', [ArrayTrajectory]) from what the
    caller passed: one input, or a list of inputs (several runs)."""
    if _is_path(inputs):
        inputs = [inputs]
    elif (isinstance(inputs, (list, tuple)) and inputs and _is_ase_atoms(inputs[0])) \
            or not isinstance(inputs, (list, tuple)):
        inputs = [inputs]  # one trajectory (an array, a Universe, a list of Atoms)
    inputs = list(inputs)
    if not inputs:
        raise ValueError("no trajectory given")
    if all(_is_path(x) for x in inputs):
        return "paths", [os.fsencode(x) for x in inputs]
    if any(_is_path(x) for x in inputs):
        raise TypeError("mix of file paths and in-memory trajectories")
    return "arrays", [one_trajectory(x, array_kw) for x in inputs]
