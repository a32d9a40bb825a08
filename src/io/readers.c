/* Every trajectory format haven reads: one line per reader file. */
#include "io/reader.h"

extern const haven_reader_ops haven_reader_xdatcar;
extern const haven_reader_ops haven_reader_vasprun;
extern const haven_reader_ops haven_reader_extxyz;
extern const haven_reader_ops haven_reader_lammps_dump;
extern const haven_reader_ops haven_reader_h5md;
extern const haven_reader_ops haven_reader_dcd;
extern const haven_reader_ops haven_reader_xyz;
extern const haven_reader_ops haven_reader_npy;
extern const haven_reader_ops haven_reader_npz;
extern const haven_reader_ops haven_reader_xtc;
extern const haven_reader_ops haven_reader_trr;
extern const haven_reader_ops haven_reader_asetraj;
extern const haven_reader_ops haven_reader_outcar;

const haven_reader_ops *const haven_readers[] = {
    &haven_reader_xdatcar, &haven_reader_vasprun, &haven_reader_extxyz, &haven_reader_lammps_dump,
    &haven_reader_h5md,    &haven_reader_dcd,     &haven_reader_xyz,    &haven_reader_npy,
    &haven_reader_npz,     &haven_reader_xtc,     &haven_reader_trr,    &haven_reader_asetraj,
    &haven_reader_outcar,
};
const size_t haven_n_readers = sizeof haven_readers / sizeof haven_readers[0];
