/* libFuzzer harness: encoding detection and decoding of arbitrary bytes. zt_detect_encoding
 * must write a NUL-terminated name into any buffer size; zt_decode, under every policy and a
 * named or detected encoding (including unknown names), must give valid UTF-8 or an error with
 * an in-bounds offset. The first byte picks the encoding, policy and name-buffer size. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zt_encoding.h"
#include "zt_error.h"
#include "zt_utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const encodings[] = {
  NULL, "UTF-8", "GB18030", "GBK", "GB2312", "BIG5", "BIG5-HKSCS", "SHIFT_JIS", "EUC-JP",
  "ISO-8859-1", "UTF-16LE", "UTF-16", "UTF-32", "no-such-encoding", "", "utf8",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char name[64], used[64];
  const char *s;
  size_t n, cap, err_pos = (size_t)-1;
  unsigned sel;
  zt_invalid policy;
  zt_buf out = ZT_BUF_INIT;
  int rc;
  if (size == 0) return 0;
  sel = data[0];
  s = (const char *)data + 1;
  n = size - 1;
  cap = 1 + (sel >> 4) % 8 * 4; /* 1..29: names longer than the buffer must be cut, not overrun */
  memset(name, 'x', sizeof name);
  zt_detect_encoding(s, n, name, cap);
  if (memchr(name, 0, cap) == NULL) abort();
  policy = (zt_invalid)((sel >> 4) % 3);
  memset(used, 'x', sizeof used);
  rc = zt_decode(s, n, encodings[sel % 16], policy, &out, used, cap, &err_pos);
  if (memchr(used, 0, cap) == NULL) abort();
  if (rc == ZT_OK) {
    if (out.oom || zt_utf8_check(out.data, out.len) != out.len) abort();
  } else if (rc == ZT_EDECODE) {
    if (policy != ZT_INVALID_ERROR || err_pos > n) abort();
  } else if (rc != ZT_EINVAL && rc != ZT_ENOMEM) {
    abort();
  }
  zt_buf_free(&out);
  return 0;
}
