/* libFuzzer harness for the cleaning core: no crash, valid UTF-8 out, the default options are
 * idempotent, and the chunk size never shows in the result.
 * Byte 0 picks the options; byte 1 picks the chunk size and whether the rest is raw bytes or
 * indices into a small alphabet of tokens. The alphabet builds URL-like and mixed-script runs
 * (the marks URL detection reads, letters, digits, Han, closing quotes, spaces, newlines): the
 * inputs where whether a mark is inside a URL, next to CJK or between letters interact, which
 * random bytes almost never reach. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zt_clean.h"
#include "zt_error.h"
#include "zt_utf8.h"

static const char *const tokens[] = {
  "。", "，", "：", "；", "！", "？", "（", "）", "．", "/", ".", ":", "@", ",", ";", "!", "?",
  "(", ")", "\"", "'", "-", "_", "&", "=", "#", "%", "a", "c", "w", "www", "x1", "Z", "7", "09",
  "http", "://", "中", "文", "ア", "한", "”", "’", "」", "“", " ", "\n", "…", "...", "e\xcc\x81",
  "\xcc\x96", "\xe3\x80\x80", "\xef\xbd\x81", "<p>", "&amp;", "é"};

/* Builds the token-mode input: one token per byte. Returns NULL when out of memory. */
static char *from_tokens(const uint8_t *data, size_t size, size_t *n) {
  size_t ntok = sizeof tokens / sizeof *tokens, i, len = 0;
  char *s = (char *)malloc(size * 8 + 1);
  if (!s) return NULL;
  for (i = 0; i < size; i++) {
    const char *t = tokens[data[i] % ntok];
    size_t l = strlen(t);
    memcpy(s + len, t, l);
    len += l;
  }
  *n = len;
  return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  zt_clean_opts o;
  zt_buf a = ZT_BUF_INIT, b = ZT_BUF_INIT;
  unsigned flags, mode;
  size_t pos, n;
  const char *in;
  char *built = NULL;
  if (size < 2) return 0;
  flags = data[0];
  mode = data[1];
  data += 2;
  size -= 2;
  if (mode & 1) {
    built = from_tokens(data, size, &n);
    if (!built) return 0;
    in = built;
  } else {
    in = (const char *)data;
    n = size;
  }
  zt_clean_defaults(&o);
  o.html = flags & 1;
  o.cjk_space = (flags & 2) ? ZT_CJK_SPACE_REMOVE : ZT_CJK_SPACE_KEEP;
  o.punct = (flags & 4) ? ZT_PUNCT_ASCII : ((flags & 0x40) ? ZT_PUNCT_KEEP : ZT_PUNCT_AUTO);
  o.form = (flags & 8) ? ZT_FORM_NFKC : ((flags & 0x80) ? ZT_FORM_NONE : ZT_FORM_NFC);
  o.invalid = (flags & 16) ? ZT_INVALID_DROP : ZT_INVALID_REPLACE;
  o.width = !(flags & 32);
  if (zt_clean(in, n, &o, &a, NULL, &pos) != ZT_OK) abort();
  if (zt_utf8_check(a.data, a.len) != a.len) abort();
  if ((flags & ~3u) == 0 || (flags & ~3u) == 4) {
    /* defaults, or punct = "ascii" (after HTML, either cjk_space): a second pass is a no-op */
    o.html = 0;
    if (zt_clean(a.data, a.len, &o, &b, NULL, &pos) != ZT_OK) abort();
    if (a.len != b.len || (a.len && memcmp(a.data, b.data, a.len) != 0)) abort();
  }
  /* Work is done in chunks of whole lines: the chunk size must never show in the result. */
  b.len = 0;
  o.html = flags & 1;
  o.chunk = 1 + (mode >> 1);
  if (zt_clean(in, n, &o, &b, NULL, &pos) != ZT_OK) abort();
  if (a.len != b.len || (a.len && memcmp(a.data, b.data, a.len) != 0)) abort();
  zt_buf_free(&a);
  zt_buf_free(&b);
  free(built);
  return 0;
}
