/* The reference simhash of text: the plain implementation that defined the fingerprints
 * (zt_simhash.c before the table-driven rewrite), kept verbatim in behaviour so tests and the
 * fuzz harness can check that the fast code gives the same 64 bits for every input (users store
 * fingerprints). Slow on purpose: 64 compare-and-add steps and a % per character. */
#ifndef SIMHASH_REF_H
#define SIMHASH_REF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "zt_utf8.h"

static uint64_t ref_fmix64(uint64_t h) {
  h ^= h >> 33;
  h *= UINT64_C(0xff51afd7ed558ccd);
  h ^= h >> 33;
  h *= UINT64_C(0xc4ceb9fe1a85ec53);
  h ^= h >> 33;
  return h;
}

static int ref_skip_char(int32_t cp) {
  if (cp < 0) return 0;
  if (cp <= 0x20 || cp == 0x7f) return 1;
  if (cp < 0x80) return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'));
  if (cp >= 0x2000 && cp <= 0x206f) return 1;
  if (cp >= 0x3000 && cp <= 0x3003) return 1;
  if (cp >= 0x3008 && cp <= 0x3011) return 1;
  if (cp >= 0x3014 && cp <= 0x301f) return 1;
  if (cp == 0xfeff) return 1;
  return zt_is_hspace(cp) || zt_is_punct(cp);
}

static uint64_t ref_window_hash(const uint32_t *ring, int start, int n) {
  uint64_t h = UINT64_C(0xcbf29ce484222325);
  int i, j;
  for (i = 0; i < n; i++) {
    uint32_t c = ring[(start + i) % n];
    for (j = 0; j < 4; j++) {
      h ^= (c >> (8 * j)) & 0xff;
      h *= UINT64_C(0x100000001b3);
    }
  }
  return ref_fmix64(h);
}

static uint64_t ref_simhash_text(const char *s, size_t n, int ngram) {
  const unsigned char *p = (const unsigned char *)s;
  int64_t cnt[64];
  uint32_t ring[8];
  size_t i = 0, chars = 0, feats = 0;
  uint64_t fp = 0, h;
  int b, pos = 0;
  if (ngram < 1) ngram = 1;
  if (ngram > 8) ngram = 8;
  memset(cnt, 0, sizeof cnt);
  while (i < n) {
    int32_t cp;
    size_t len = zt_utf8_decode(p + i, n - i, &cp);
    uint32_t c;
    if (len == 0) break;
    c = cp < 0 ? 0x110000u + p[i] : (uint32_t)cp;
    i += len;
    if (ref_skip_char(cp)) continue;
    ring[pos] = c;
    pos = (pos + 1) % ngram;
    chars++;
    if (chars >= (size_t)ngram) {
      h = ref_window_hash(ring, pos, ngram);
      for (b = 0; b < 64; b++) cnt[b] += ((h >> b) & 1) ? 1 : -1;
      feats++;
    }
  }
  if (feats == 0 && chars > 0) {
    uint64_t hh = UINT64_C(0xcbf29ce484222325);
    size_t k;
    for (k = 0; k < chars; k++) {
      uint32_t c = ring[k];
      int j;
      for (j = 0; j < 4; j++) {
        hh ^= (c >> (8 * j)) & 0xff;
        hh *= UINT64_C(0x100000001b3);
      }
    }
    return ref_fmix64(hh);
  }
  for (b = 0; b < 64; b++)
    if (cnt[b] > 0) fp |= UINT64_C(1) << b;
  return fp;
}

#endif
