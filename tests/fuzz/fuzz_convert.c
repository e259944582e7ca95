/* libFuzzer harness: OpenCC conversion of arbitrary bytes through every shipped direction.
 * Valid UTF-8 in must give valid UTF-8 out; NUL bytes and ill-formed input pass through without
 * a crash. The first byte picks the configuration. Converters are opened once and kept in a
 * static table: fuzzing only (opening one costs milliseconds). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zt_convert.h"
#include "zt_error.h"
#include "zt_utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NCONF 6
static const char *const configs[NCONF] = {"t2s", "s2t", "s2twp", "tw2sp", "t2hk", "hk2s"};
static zt_converter *conv[NCONF];
static int tried[NCONF];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  zt_buf out = ZT_BUF_INIT;
  unsigned i;
  const char *s;
  size_t n;
  if (size == 0) return 0;
  i = data[0] % NCONF;
  if (!tried[i]) {
    char err[256];
    tried[i] = 1;
    conv[i] = zt_converter_open(configs[i], err, sizeof err);
    if (!conv[i]) fprintf(stderr, "fuzz_convert: %s: %s\n", configs[i], err);
  }
  if (!conv[i]) return 0;
  s = (const char *)data + 1;
  n = size - 1;
  if (zt_convert(conv[i], s, n, &out) == ZT_OK && !out.oom) {
    int valid_in = zt_utf8_check(s, n) == n;
    if (valid_in && zt_utf8_check(out.data, out.len) != out.len) abort();
  }
  zt_buf_free(&out);
  return 0;
}
