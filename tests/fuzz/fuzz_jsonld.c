/* libFuzzer harness: zt_jsonld_parse over arbitrary bytes (the text of a JSON-LD script, invalid
 * UTF-8 included: zt_html hands over valid UTF-8, but other callers need not). Must never crash,
 * leak or hang, and what it returns must keep the documented form: every field and author is
 * inside the buffer, NUL-terminated, valid UTF-8, without control characters, leading or
 * trailing spaces or doubled spaces; ZT_LD_PERSONS holds at most ZT_JSONLD_PERSONS_CHARS code
 * points; the rank is 0..ZT_LD_RANK_ARTICLE and a field is only set with an article-like object. The struct is
 * parsed into twice, as callers may reuse it. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "zt_error.h"
#include "zt_jsonld.h"
#include "zt_utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_value(const zt_jsonld *ld, size_t off, size_t len) {
  const char *s = ld->buf.data + off;
  size_t i;
  if (!ld->buf.data || len == 0 || off + len >= ld->buf.len + 1 || s[len] != '\0') __builtin_trap();
  if (zt_utf8_check(s, len) != len) __builtin_trap();
  if (s[0] == ' ' || s[len - 1] == ' ') __builtin_trap();
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == 0x7F || (c == ' ' && i + 1 < len && s[i + 1] == ' ')) __builtin_trap();
  }
}

static void check(const zt_jsonld *ld) {
  size_t i;
  int k;
  if (ld->rank < 0 || ld->rank > ZT_LD_RANK_ARTICLE || ld->nauthors > ZT_JSONLD_MAX_AUTHORS) __builtin_trap();
  if (ld->values > ZT_JSONLD_MAX_VALUES) __builtin_trap();
  for (k = 0; k < ZT_LD__COUNT; k++) {
    const char *v = zt_jsonld_get(ld, k);
    if (!ld->f[k].set) { if (v) __builtin_trap(); continue; }
    if (!ld->rank || v != ld->buf.data + ld->f[k].off) __builtin_trap();
    check_value(ld, ld->f[k].off, ld->f[k].len);
  }
  for (i = 0; i < ld->nauthors; i++) check_value(ld, ld->authors[i].off, ld->authors[i].len);
  if (ld->f[ZT_LD_PERSONS].set &&
      zt_utf8_len(ld->buf.data + ld->f[ZT_LD_PERSONS].off, ld->f[ZT_LD_PERSONS].len) > ZT_JSONLD_PERSONS_CHARS)
    __builtin_trap();
  if (zt_jsonld_get(ld, -1) || zt_jsonld_get(ld, ZT_LD__COUNT)) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  zt_jsonld ld;
  memset(&ld, 0, sizeof ld);
  if (zt_jsonld_parse((const char *)data, size, &ld) == ZT_OK) check(&ld);
  /* the second half again into the same struct */
  if (zt_jsonld_parse((const char *)data + size / 2, size - size / 2, &ld) == ZT_OK) check(&ld);
  zt_jsonld_free(&ld);
  return 0;
}
