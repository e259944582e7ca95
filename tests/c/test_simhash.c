/* Unit tests of the simhash core: fingerprints, Hamming distance and the banded index (against
 * a brute-force scan on pseudo-random fingerprints, including many near copies). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ctest.h"
#include "zt_error.h"
#include "zt_simhash.h"
#include "zt_utf8.h"
#include "../fuzz/simhash_ref.h"

static uint64_t rng_state = UINT64_C(88172645463325252);
static uint64_t rnd(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

static uint64_t flip(uint64_t fp, int n) {
  while (n-- > 0) fp ^= UINT64_C(1) << (rnd() % 64);
  return fp;
}

static void test_basics(void) {
  const char *a = "城东新建社区图书馆正式开放，藏书八万余册。";
  zt_simhash_acc acc;
  CHECK(zt_hamming(0, 0) == 0);
  CHECK(zt_hamming(0, ~UINT64_C(0)) == 64);
  CHECK(zt_hamming(UINT64_C(0xF0), UINT64_C(0x0F)) == 8);
  CHECK(zt_hash64("a", 1) != zt_hash64("b", 1));
  CHECK(zt_hash64("", 0) != zt_hash64("\0", 1));
  CHECK(zt_simhash_text(a, strlen(a), 2) == zt_simhash_text(a, strlen(a), 2));
  CHECK(zt_simhash_text("", 0, 2) == 0);
  CHECK(zt_simhash_text("，。 ！", strlen("，。 ！"), 2) == 0);
  CHECK(zt_simhash_text("\xff\xfe\x00\xc0", 4, 3) != 0); /* bad bytes are characters */
  CHECK(zt_simhash_text(a, strlen(a), 0) == zt_simhash_text(a, strlen(a), 1)); /* clamped */
  CHECK(zt_simhash_text(a, strlen(a), 99) == zt_simhash_text(a, strlen(a), 8));
  CHECK(zt_simhash_has_content("，x", strlen("，x")));
  CHECK(!zt_simhash_has_content("，。 ", strlen("，。 ")));
  zt_simhash_init(&acc);
  CHECK(zt_simhash_final(&acc) == 0);
  zt_simhash_add(&acc, "图书馆", strlen("图书馆"), 2.0);
  CHECK(zt_simhash_final(&acc) == zt_hash64("图书馆", strlen("图书馆")));
  zt_simhash_add(&acc, "开放", strlen("开放"), 1.0);
  CHECK(zt_simhash_final(&acc) == zt_hash64("图书馆", strlen("图书馆")));
}

/* The fast text fingerprint equals the reference (the plain implementation users' stored
 * fingerprints came from) for every BMP code point (and every 17th above) alone and between
 * others, for ill-formed bytes, and for random mixes of them at every ngram. */
static void test_text_reference(void) {
  char buf[64], e[4];
  size_t mism = 0, i;
  int32_t cp;
  int ng, r;
  for (cp = 0; cp <= 0x10FFFF; cp += cp < 0x10000 ? 1 : 17) {
    size_t n = 0, l;
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    l = zt_utf8_encode(cp, e);
    buf[n++] = 'a';
    memcpy(buf + n, e, l);
    n += l;
    memcpy(buf + n, "\xe4\xb8\xad", 3); /* 中 */
    n += 3;
    memcpy(buf + n, e, l);
    n += l;
    for (ng = 1; ng <= 3; ng += 2)
      if (zt_simhash_text(buf, n, ng) != ref_simhash_text(buf, n, ng)) mism++;
    if (zt_simhash_text(e, l, 2) != ref_simhash_text(e, l, 2)) mism++;
  }
  CHECK(mism == 0);
  for (i = 0; i < 256; i++) {
    buf[0] = (char)i;
    buf[1] = (char)(255 - i);
    buf[2] = (char)0x80;
    for (ng = 1; ng <= 8; ng++)
      if (zt_simhash_text(buf, 3, ng) != ref_simhash_text(buf, 3, ng)) mism++;
  }
  for (r = 0; r < 3000; r++) {
    static const char *const parts[] = {"中", "文", "，", "。", " ", "\xff", "\xe4\xb8", "ab", "9",
                                        "\xf0\xa0\x80\x8b", "\xe2\x80\x94", "\xef\xbc\x8c", "\xed\xa0\x80", "\t"};
    char text[600];
    size_t n = 0, m = rnd() % 60;
    while (m-- > 0) {
      const char *q = parts[rnd() % (sizeof parts / sizeof parts[0])];
      size_t l = strlen(q);
      memcpy(text + n, q, l);
      n += l;
    }
    for (ng = 1; ng <= 8; ng++)
      if (zt_simhash_text(text, n, ng) != ref_simhash_text(text, n, ng)) mism++;
  }
  CHECK(mism == 0);
}

static void test_index(int k, size_t n) {
  int err;
  zt_simhash_index *ix = zt_simhash_index_new(k, &err);
  uint64_t *fps = (uint64_t *)malloc(n * sizeof *fps);
  size_t i, j, mismatches = 0;
  CHECK(ix != NULL && fps != NULL);
  if (!ix || !fps) { free(fps); zt_simhash_index_free(ix); return; }
  for (i = 0; i < n; i++) {
    uint64_t fp = (i > 0 && i % 3 == 0) ? flip(fps[rnd() % i], (int)(rnd() % (unsigned)(k + 3))) : rnd();
    size_t best = 0;
    int bestd = 65, d;
    int64_t id;
    for (j = 0; j < i; j++) {
      int dj = zt_hamming(fp, fps[j]);
      if (dj <= k && dj < bestd) { bestd = dj; best = j; }
    }
    if (zt_simhash_index_query(ix, fp, k, &id, &d)) {
      if (bestd > 64 || d != bestd || (size_t)id != best) mismatches++;
    } else if (bestd <= 64) {
      mismatches++;
    }
    CHECK(zt_simhash_index_add(ix, fp, (int64_t)i) == ZT_OK);
    fps[i] = fp;
  }
  CHECK(mismatches == 0);
  CHECK(zt_simhash_index_size(ix) == n);
  CHECK(zt_simhash_index_k(ix) == k);
  free(fps);
  zt_simhash_index_free(ix);
}

/* Past about 200k fingerprints, k = 2 and 3 switch to two 32-bit bands probed one bit away:
 * sampled queries (near copies of indexed fingerprints, 0..k+1 bits off, and new ones) must
 * get the brute-force answer (the closest, the earliest among equals). */
static void test_index_large(int k, size_t n, size_t queries) {
  int err;
  zt_simhash_index *ix = zt_simhash_index_new(k, &err);
  uint64_t *fps = (uint64_t *)malloc(n * sizeof *fps);
  size_t i, j, mismatches = 0, found = 0;
  CHECK(ix != NULL && fps != NULL);
  if (!ix || !fps) { free(fps); zt_simhash_index_free(ix); return; }
  for (i = 0; i < n; i++) {
    fps[i] = (i > 0 && i % 5 == 0) ? flip(fps[rnd() % i], (int)(rnd() % 7)) : rnd();
    CHECK(zt_simhash_index_add(ix, fps[i], (int64_t)i) == ZT_OK);
  }
  CHECK(zt_simhash_index_bytes(ix) <= n * 32);
  for (i = 0; i < queries; i++) {
    uint64_t q = (i % 4 == 3) ? rnd() : flip(fps[rnd() % n], (int)(rnd() % (unsigned)(k + 2)));
    size_t best = 0;
    int bestd = 65, d;
    int64_t id;
    for (j = 0; j < n; j++) {
      int dj = zt_hamming(q, fps[j]);
      if (dj <= k && dj < bestd) { bestd = dj; best = j; }
    }
    if (zt_simhash_index_query(ix, q, k, &id, &d)) {
      found++;
      if (bestd > 64 || d != bestd || (size_t)id != best) mismatches++;
    } else if (bestd <= 64) {
      mismatches++;
    }
  }
  CHECK(mismatches == 0);
  CHECK(found > queries / 2);
  free(fps);
  zt_simhash_index_free(ix);
}

/* An empty index holds no tables and answers nothing; a band value shared by every fingerprint
 * keeps its newest ZT_SIMHASH_KEY_CAP entries, so the newest near copy is found through it. */
static void test_crowded(void) {
  int err, d;
  int64_t id;
  size_t i, empty;
  zt_simhash_index *ix = zt_simhash_index_new(63, &err);
  CHECK(ix != NULL);
  if (!ix) return;
  empty = zt_simhash_index_bytes(ix);
  CHECK(empty < 2048);
  CHECK(!zt_simhash_index_query(ix, 42, 3, &id, &d));
  zt_simhash_index_free(ix);
  ix = zt_simhash_index_new(1, &err);
  CHECK(ix != NULL);
  if (!ix) return;
  /* k = 1: two bands of 32 bits; band 0 (the low half) is the same everywhere */
  for (i = 0; i < ZT_SIMHASH_KEY_CAP * 8; i++)
    CHECK(zt_simhash_index_add(ix, (rnd() << 32) | 0xABCDu, (int64_t)i) == ZT_OK);
  CHECK(zt_simhash_index_bytes(ix) > empty);
  {
    uint64_t last = (rnd() << 32) | 0xABCDu;
    CHECK(zt_simhash_index_add(ix, last, -7) == ZT_OK);
    CHECK(zt_simhash_index_query(ix, last ^ (UINT64_C(1) << 40), 1, &id, &d) && id == -7 && d == 1);
  }
  zt_simhash_index_free(ix);
}

int main(void) {
  int err;
  test_basics();
  test_text_reference();
  test_crowded();
  test_index(0, 1500);
  test_index(3, 3000);
  test_index(7, 1500);
  test_index_large(3, 250000, 600);
  test_index_large(2, 250000, 200);
  CHECK(zt_simhash_index_new(-1, &err) == NULL && err == ZT_EINVAL);
  CHECK(zt_simhash_index_new(64, &err) == NULL && err == ZT_EINVAL);
  return CTEST_END();
}
