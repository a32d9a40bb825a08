# The fuzz targets as ordinary tests (any compiler, no libFuzzer): each
# replays its seed corpus and the inputs of the defects fuzzing found
# (tests/fuzz/regressions/<target>), so that `make test-asan` checks them
# under AddressSanitizer and UBSan. Included from tests/CMakeLists.txt.
set(HAVEN_FUZZ_DIR ${PROJECT_SOURCE_DIR}/tests/fuzz)
function(haven_fuzz_replay name src)
  add_executable(replay_${name} ${HAVEN_FUZZ_DIR}/${src} ${HAVEN_FUZZ_DIR}/replay.c)
  target_compile_options(replay_${name} PRIVATE ${HAVEN_WARN})
  target_compile_definitions(replay_${name} PRIVATE ${ARGN})
  target_include_directories(replay_${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${HAVEN_FUZZ_DIR})
  target_link_libraries(replay_${name} PRIVATE haven_obj ${HAVEN_DEPS} PkgConfig::HDF5)
  add_test(NAME fuzz_replay_${name}
           COMMAND replay_${name} ${HAVEN_FUZZ_DIR}/corpus/${name} ${HAVEN_FUZZ_DIR}/regressions/${name})
  set_tests_properties(fuzz_replay_${name} PROPERTIES TIMEOUT 300
                       ENVIRONMENT "HDF5_USE_FILE_LOCKING=FALSE")
endfunction()

haven_fuzz_replay(xdatcar fuzz_traj.c FUZZ_FORMAT=HAVEN_FMT_XDATCAR)
haven_fuzz_replay(vasprun fuzz_traj.c FUZZ_FORMAT=HAVEN_FMT_VASPRUN)
haven_fuzz_replay(extxyz fuzz_traj.c FUZZ_FORMAT=HAVEN_FMT_EXTXYZ)
haven_fuzz_replay(lammps fuzz_traj.c FUZZ_FORMAT=HAVEN_FMT_LAMMPS_DUMP)
haven_fuzz_replay(h5md fuzz_traj.c FUZZ_FORMAT=HAVEN_FMT_H5MD FUZZ_NAMED_FILE FUZZ_HDF5)
haven_fuzz_replay(xyz fuzz_traj.c FUZZ_FORMAT=HAVEN_FMT_XYZ)
haven_fuzz_replay(outcar fuzz_traj.c FUZZ_FORMAT=HAVEN_FMT_OUTCAR)
haven_fuzz_replay(ase fuzz_traj.c FUZZ_FORMAT=HAVEN_FMT_ASE_TRAJ)
haven_fuzz_replay(xtc fuzz_traj.c FUZZ_FORMAT=HAVEN_FMT_XTC)
haven_fuzz_replay(trr fuzz_traj.c FUZZ_FORMAT=HAVEN_FMT_TRR)
haven_fuzz_replay(dcd fuzz_traj.c FUZZ_FORMAT=HAVEN_FMT_DCD)
haven_fuzz_replay(npy fuzz_traj.c FUZZ_FORMAT=HAVEN_FMT_NPY)
haven_fuzz_replay(npz fuzz_traj.c FUZZ_FORMAT=HAVEN_FMT_NPZ)
haven_fuzz_replay(eis fuzz_eis.c)
haven_fuzz_replay(circuit fuzz_circuit.c)
haven_fuzz_replay(fit_columns fuzz_fit_columns.c)
haven_fuzz_replay(kmc_structure fuzz_kmc_structure.c)
haven_fuzz_replay(kmc_energies fuzz_kmc_energies.c)
haven_fuzz_replay(kmc_checkpoint fuzz_kmc_checkpoint.c)
