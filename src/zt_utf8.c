#include "zt_utf8.h"

#include <string.h>

#include <utf8proc.h>

size_t zt_utf8_decode(const unsigned char *s, size_t n, int32_t *cp) {
  unsigned c;
  size_t len, i;
  int32_t v;
  unsigned lo = 0x80, hi = 0xBF;
  if (n == 0) { *cp = -1; return 0; }
  c = s[0];
  if (c < 0x80) { *cp = (int32_t)c; return 1; }
  if (c < 0xC2) { *cp = -1; return 1; }
  if (c < 0xE0) { len = 2; v = (int32_t)(c & 0x1F); }
  else if (c < 0xF0) {
    len = 3; v = (int32_t)(c & 0x0F);
    if (c == 0xE0) lo = 0xA0;          /* no overlongs */
    else if (c == 0xED) hi = 0x9F;     /* no surrogates */
  } else if (c < 0xF5) {
    len = 4; v = (int32_t)(c & 0x07);
    if (c == 0xF0) lo = 0x90;
    else if (c == 0xF4) hi = 0x8F;     /* nothing above U+10FFFF */
  } else { *cp = -1; return 1; }
  for (i = 1; i < len; i++) {
    unsigned t;
    if (i >= n) { *cp = -1; return i; }
    t = s[i];
    if (t < lo || t > hi) { *cp = -1; return i; }
    lo = 0x80; hi = 0xBF;
    v = (v << 6) | (int32_t)(t & 0x3F);
  }
  *cp = v;
  return len;
}

size_t zt_utf8_encode(int32_t cp, char out[4]) {
  if (cp < 0x80) { out[0] = (char)cp; return 1; }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

size_t zt_utf8_check(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    int32_t cp;
    size_t k;
    /* ASCII runs dominate mixed text: skip them eight bytes at a time. */
    while (i + 8 <= n) {
      uint64_t w;
      memcpy(&w, p + i, 8);
      if (w & UINT64_C(0x8080808080808080)) break;
      i += 8;
    }
    if (i >= n) break;
    if (p[i] < 0x80) { i++; continue; }
    k = zt_utf8_decode(p + i, n - i, &cp);
    if (cp < 0) return i;
    i += k;
  }
  return n;
}

size_t zt_utf8_len(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0, count = 0;
  while (i < n) {
    int32_t cp;
    i += (p[i] < 0x80) ? 1 : zt_utf8_decode(p + i, n - i, &cp);
    count++;
  }
  return count;
}

int zt_is_han(int32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x323AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x2F800 && cp <= 0x2FA1F) || cp == 0x3007;
}

int zt_is_cjk(int32_t cp) {
  return zt_is_han(cp) || (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF) ||
         (cp >= 0x3100 && cp <= 0x312F) || (cp >= 0x31A0 && cp <= 0x31BF) ||
         (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x1100 && cp <= 0x11FF) ||
         (cp >= 0x3130 && cp <= 0x318F) || (cp >= 0xFF66 && cp <= 0xFF9F);
}

int zt_is_punct(int32_t cp) {
  utf8proc_category_t c;
  if (cp < 0x80) return (cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40) ||
                        (cp >= 0x5B && cp <= 0x60) || (cp >= 0x7B && cp <= 0x7E);
  c = utf8proc_category(cp);
  return c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO;
}

int zt_is_hspace(int32_t cp) {
  if (cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x3000) return 1;
  if (cp < 0x1680) return 0;
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}
