# Small trajectories for the CLI tests (sourced by tests/cli/diffusion_*.sh).
# Each is a random walk with uniform steps in [-h, h] per component (variance
# h^2/3), from awk's seeded generator, so tests can compare D with the walk's.

# gen_lammps FILE N_ATOMS N_FRAMES SEED [H]: LAMMPS dump (id type xu yu zu),
# types 1 and 2 alternating, 10 A cubic box, TIMESTEP 100 steps apart.
gen_lammps() {
    awk -v n="$2" -v nf="$3" -v seed="$4" -v h="${5:-0.5}" 'BEGIN {
        srand(seed)
        for (i = 1; i <= n; i++) { x[i] = 10 * rand(); y[i] = 10 * rand(); z[i] = 10 * rand() }
        for (f = 0; f < nf; f++) {
            printf "ITEM: TIMESTEP\n%d\nITEM: NUMBER OF ATOMS\n%d\n", f * 100, n
            printf "ITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\nITEM: ATOMS id type xu yu zu\n"
            for (i = 1; i <= n; i++) {
                printf "%d %d %.6f %.6f %.6f\n", i, 1 + (i % 2), x[i], y[i], z[i]
                x[i] += h * (2 * rand() - 1); y[i] += h * (2 * rand() - 1); z[i] += h * (2 * rand() - 1)
            }
        }
    }' > "$1"
}

# gen_xdatcar FILE N_FRAMES SEED: XDATCAR, 2 Li + 2 Cl in a 10 A cube,
# wrapped fractional coordinates (no times in the file).
gen_xdatcar() {
    awk -v nf="$2" -v seed="$3" 'BEGIN {
        srand(seed)
        print "generated\n1.0\n 10 0 0\n 0 10 0\n 0 0 10\n Li Cl\n 2 2"
        for (i = 0; i < 4; i++) { x[i] = rand(); y[i] = rand(); z[i] = rand() }
        for (f = 1; f <= nf; f++) {
            print "Direct configuration= " f
            for (i = 0; i < 4; i++) {
                printf "%.8f %.8f %.8f\n", x[i] - int(x[i] + 2) + 2, y[i] - int(y[i] + 2) + 2, z[i] - int(z[i] + 2) + 2
                x[i] += 0.02 * (rand() - 0.5); y[i] += 0.02 * (rand() - 0.5); z[i] += 0.02 * (rand() - 0.5)
            }
        }
    }' > "$1"
}

# gen_extxyz FILE N_FRAMES SEED [LATTICE]: extended XYZ, 4 Li, Time= in fs.
# LATTICE "none" leaves the cell out (a plain XYZ file).
gen_extxyz() {
    awk -v nf="$2" -v seed="$3" -v lat="${4:-10 0 0 0 10 0 0 0 10}" 'BEGIN {
        srand(seed)
        cell = lat == "none" ? "" : "Lattice=\"" lat "\" "
        for (i = 0; i < 4; i++) { x[i] = 10 * rand(); y[i] = 10 * rand(); z[i] = 10 * rand() }
        for (f = 0; f < nf; f++) {
            print 4
            print cell "Properties=species:S:1:pos:R:3 Time=" 10 * f
            for (i = 0; i < 4; i++) {
                printf "Li %.6f %.6f %.6f\n", x[i], y[i], z[i]
                x[i] += 0.2 * (rand() - 0.5); y[i] += 0.2 * (rand() - 0.5); z[i] += 0.2 * (rand() - 0.5)
            }
        }
    }' > "$1"
}

# gen_vasprun FILE N_FRAMES SEED: vasprun.xml with POTIM = 2 fs, 2 Li + 2 Cl.
gen_vasprun() {
    awk -v nf="$2" -v seed="$3" 'BEGIN {
        srand(seed)
        print "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<modeling>\n <generator>"
        print "  <i name=\"program\" type=\"string\">vasp </i>"
        print "  <i name=\"version\" type=\"string\">5.4.4 </i>\n </generator>"
        print " <incar>\n  <i name=\"POTIM\">      2.00000000</i>\n </incar>"
        print " <atominfo>\n  <atoms>       4 </atoms>\n  <array name=\"atoms\" >"
        print "   <dimension dim=\"1\">ion</dimension>\n   <field type=\"string\">element</field>"
        print "   <field type=\"int\">atomtype</field>\n   <set>"
        for (i = 0; i < 4; i++) print "    <rc><c>" (i < 2 ? "Li" : "Cl") "</c><c>   1</c></rc>"
        print "   </set>\n  </array>\n </atominfo>"
        for (i = 0; i < 4; i++) { x[i] = rand(); y[i] = rand(); z[i] = rand() }
        for (f = 0; f < nf; f++) {
            print " <calculation>\n  <structure>\n   <crystal>\n    <varray name=\"basis\" >"
            print "     <v> 10 0 0 </v>\n     <v> 0 10 0 </v>\n     <v> 0 0 10 </v>\n    </varray>"
            print "   </crystal>\n   <varray name=\"positions\" >"
            for (i = 0; i < 4; i++) {
                printf "    <v> %.8f %.8f %.8f </v>\n", x[i], y[i], z[i]
                x[i] += 0.001 * (rand() - 0.5); y[i] += 0.001 * (rand() - 0.5); z[i] += 0.001 * (rand() - 0.5)
            }
            print "   </varray>\n  </structure>\n </calculation>"
        }
        print "</modeling>"
    }' > "$1"
}
