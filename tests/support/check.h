/* Double-precision assertions for cmocka (its assert_float_equal works in
 * single precision, too coarse for SI-unit values and tight tolerances). */
#ifndef HAVEN_TESTS_CHECK_H
#define HAVEN_TESTS_CHECK_H

#include <math.h>

/* |a - b| <= tol * |b| */
#define assert_rel(a, b, tol)                                                                      \
    do {                                                                                           \
        double a_ = (a), b_ = (b), t_ = (tol);                                                     \
        if (!(fabs(a_ - b_) <= t_ * fabs(b_)))                                                     \
            fail_msg("%s = %.15g, expected %s = %.15g within relative %g", #a, a_, #b, b_, t_);    \
    } while (0)

/* |a - b| <= tol */
#define assert_abs(a, b, tol)                                                                      \
    do {                                                                                           \
        double a_ = (a), b_ = (b), t_ = (tol);                                                     \
        if (!(fabs(a_ - b_) <= t_))                                                                \
            fail_msg("%s = %.15g, expected %s = %.15g within %g", #a, a_, #b, b_, t_);             \
    } while (0)

#endif
