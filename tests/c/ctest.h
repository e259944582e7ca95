/* A tiny test harness for the pure C core: CHECK records a failure and goes on; main returns
 * the failure count. tests/ctests_spec.lua runs every built test program. */
#ifndef CTEST_H
#define CTEST_H

#include <stdio.h>

static int ctest_failures = 0;
static int ctest_checks = 0;

#define CHECK(cond) do { \
  ctest_checks++; \
  if (!(cond)) { ctest_failures++; fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } \
} while (0)

#define CTEST_END() (printf("%d checks, %d failed\n", ctest_checks, ctest_failures), ctest_failures != 0)

#endif
