/* libFuzzer harness for the cleaning core: no crash, valid UTF-8 out, and the default options
 * are idempotent. The first byte picks the options. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zt_clean.h"
#include "zt_error.h"
#include "zt_utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  zt_clean_opts o;
  zt_buf a = ZT_BUF_INIT, b = ZT_BUF_INIT;
  unsigned flags;
  size_t pos;
  if (size == 0) return 0;
  flags = data[0];
  data++;
  size--;
  zt_clean_defaults(&o);
  o.html = flags & 1;
  o.cjk_space = (flags & 2) ? ZT_CJK_SPACE_REMOVE : ZT_CJK_SPACE_KEEP;
  o.punct = (flags & 4) ? ZT_PUNCT_ASCII : ZT_PUNCT_AUTO;
  o.form = (flags & 8) ? ZT_FORM_NFKC : ZT_FORM_NFC;
  o.invalid = (flags & 16) ? ZT_INVALID_DROP : ZT_INVALID_REPLACE;
  if (zt_clean((const char *)data, size, &o, &a, NULL, &pos) != ZT_OK) abort();
  if (zt_utf8_check(a.data, a.len) != a.len) abort();
  if (!(flags & 0x1F) || (flags & 0x1F) == 1) { /* defaults (after HTML): a second pass is a no-op */
    o.html = 0;
    b.len = 0;
    if (zt_clean(a.data, a.len, &o, &b, NULL, &pos) != ZT_OK) abort();
    if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0) abort();
  }
  /* Work is done in chunks of whole lines: the chunk size must never show in the result. */
  b.len = 0;
  o.html = flags & 1;
  o.chunk = 1 + (flags >> 5);
  if (zt_clean((const char *)data, size, &o, &b, NULL, &pos) != ZT_OK) abort();
  if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0) abort();
  zt_buf_free(&a);
  zt_buf_free(&b);
  return 0;
}
