# Sourced by the MPI CLI tests: every number of two outputs, in order.
# same_numbers A B [REL]: the same line count, more than 50 numbers, and
# each pair equal to REL relative (default 1e-8: JSON printed with 10
# digits, the runs differing by ~1e-16 before printing) or 1e-12 absolute
# (error bars and lag-0 MSDs that are zero up to rounding, ~1e-14).
nums() { grep -o -- '-\?[0-9][0-9.]*e\?[-+]\?[0-9]*' "$1"; }
same_numbers() {
    [ "$(nums "$1" | wc -l)" -gt 50 ] && [ "$(wc -l < "$1")" -eq "$(wc -l < "$2")" ] &&
        paste <(nums "$1") <(nums "$2") | awk -v rel="${3:-1e-8}" '{d=$1-$2; if (d<0) d=-d;
            a=$1<0?-$1:$1; if (d > rel*a + 1e-12) {print "differ:", $0; bad=1}} END{exit bad}'
}
