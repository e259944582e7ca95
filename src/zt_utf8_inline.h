/* zt_utf8_inline: the hot path of zt_utf8_decode (ASCII and well-formed 3-byte sequences, which
 * is nearly every character of Chinese text) inlined, for per-character loops in the article
 * and HTML code; anything else falls back to zt_utf8_decode, so results are the same. */
#ifndef ZT_UTF8_INLINE_H
#define ZT_UTF8_INLINE_H

#include <stddef.h>
#include <stdint.h>

#include "zt_utf8.h"

/* As zt_utf8_decode(s, n, cp) for n > 0. */
static inline size_t zt_utf8_next(const unsigned char *s, size_t n, int32_t *cp) {
  if (s[0] < 0x80) { *cp = s[0]; return 1; }
  if (n >= 3 && s[0] >= 0xE1 && s[0] <= 0xEF && s[0] != 0xED && (s[1] & 0xC0) == 0x80 &&
      (s[2] & 0xC0) == 0x80) {
    *cp = ((int32_t)(s[0] & 0x0F) << 12) | ((int32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    return 3;
  }
  return zt_utf8_decode(s, n, cp);
}

/* 1 when s[0..n) is well-formed UTF-8 (as zt_utf8_check(s, n) == n). */
static inline int zt_utf8_valid(const char *cs, size_t n) {
  const unsigned char *s = (const unsigned char *)cs;
  size_t i = 0;
  while (i < n) {
    unsigned b = s[i];
    int32_t c;
    if (b < 0x80) { i++; continue; }
    /* zt_utf8_next's fast case (E1..EF but ED, two continuation bytes), without the value */
    if (i + 3 <= n && b - 0xE1u <= 0x0Eu && b != 0xED &&
        ((s[i + 1] ^ 0x80u) | (s[i + 2] ^ 0x80u)) < 0x40u) {
      i += 3;
      continue;
    }
    i += zt_utf8_decode(s + i, n - i, &c);
    if (c < 0) return 0;
  }
  return 1;
}

#endif
