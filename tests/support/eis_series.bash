# eis_rc_series DIR: writes DIR/s300.csv, s350.csv and s400.csv, exact spectra
# of R0 + R1||C1 (R0 = 5 ohm, C1 = 5 pF, 40 points over 1 Hz..10 MHz) with
# R1 = 1e5 ohm exp(Ea/k (1/T - 1/300 K)), Ea = 0.3 eV: at l/A = 1 cm^-1 the
# bulk conductivity is 1e-5 S/cm at 300 K and follows Ea exactly.
eis_rc_series() {
    local T
    for T in 300 350 400; do
        awk -v T=$T 'BEGIN{R=1e5*exp(0.3/8.617333262e-5*(1/T-1/300));
          for(i=0;i<40;i++){f=10^(i/39*7); w=2*3.141592653589793*f; t=w*R*5e-12;
          printf "%.12g,%.12g,%.12g\n", f, 5+R/(1+t*t), -R*t/(1+t*t)}}' > "$1/s$T.csv"
    done
}
