/* libFuzzer harness for the sentence splitter: any bytes split without crashing, and the spans
 * are lossless (they cover the non-space characters exactly, in order, trimmed, on character
 * boundaries). The first byte picks the semicolon option. The quality signals (which use the
 * splitter) are computed too: they must be in range. */
#include <stdint.h>
#include <stdlib.h>

#include "zt_quality.h"
#include "zt_sentences.h"
#include "zt_utf8.h"

typedef struct check {
  const unsigned char *s;
  size_t n, pos;  /* everything before pos has been checked */
} check;

static int is_space(int32_t cp) {
  return cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' || cp == 0x85 || cp == 0x2028 ||
         cp == 0x2029 || (cp >= 0 && zt_is_hspace(cp));
}

/* Checks the gap before a span (only spaces) and the span (trimmed, whole characters). */
static int on_sentence(void *ud, size_t off, size_t len) {
  check *c = (check *)ud;
  size_t p = c->pos;
  int32_t cp;
  size_t k;
  if (off < c->pos || len == 0 || off + len > c->n) abort();
  while (p < off) {
    k = zt_utf8_decode(c->s + p, c->n - p, &cp);
    if (!is_space(cp) || p + k > off) abort();
    p += k;
  }
  k = zt_utf8_decode(c->s + p, c->n - p, &cp);
  if (is_space(cp)) abort();
  while (p + k < off + len) {
    p += k;
    k = zt_utf8_decode(c->s + p, c->n - p, &cp);
  }
  if (p + k != off + len || is_space(cp)) abort();
  c->pos = off + len;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  zt_sentences_opts o;
  check c;
  int32_t cp;
  if (size == 0) return 0;
  o.semicolon = data[0] & 1;
  c.s = data + 1;
  c.n = size - 1;
  c.pos = 0;
  if (zt_sentences((const char *)c.s, c.n, &o, on_sentence, &c) != 0) abort();
  while (c.pos < c.n) {
    c.pos += zt_utf8_decode(c.s + c.pos, c.n - c.pos, &cp);
    if (!is_space(cp)) abort();
  }
  {
    zt_quality q;
    if (zt_quality_compute((const char *)c.s, c.n, &q) == 0) {
      double r[] = {q.cjk_ratio, q.latin_ratio, q.punct_ratio, q.digit_ratio, q.dup_line_ratio,
                    q.dup_ngram_ratio, q.boilerplate_ratio, q.bullet_line_ratio, q.ellipsis_line_ratio};
      size_t i;
      for (i = 0; i < sizeof r / sizeof r[0]; i++)
        if (!(r[i] >= 0.0 && r[i] <= 1.0)) abort();
      if (q.chars > c.n || q.lines > q.chars || (q.chars > 0) != (q.sentences > 0)) abort();
    }
  }
  return 0;
}
