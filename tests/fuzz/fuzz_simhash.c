/* libFuzzer harness for the simhash core: fingerprints of arbitrary bytes never crash and equal
 * the reference implementation's (simhash_ref.h: fingerprints are stored, so the fast code must
 * give the same bits for every input and ngram), and the index agrees with a brute-force scan.
 * The first byte picks k; the rest is hashed as text with every ngram, cut into 8-byte
 * fingerprints, and read as weighted features (zt_simhash_add with weights read from the input,
 * NaN and infinities included). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zt_error.h"
#include "zt_simhash.h"
#include "simhash_ref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Features of up to 15 bytes, each preceded by a length byte and followed by 8 bytes of weight. */
static void weighted(const uint8_t *p, size_t n) {
  zt_simhash_acc a, b;
  size_t i = 0, added = 0;
  double sum = 0;
  zt_simhash_init(&a);
  zt_simhash_init(&b);
  if (zt_simhash_final(&a) != 0) abort();
  while (i < n) {
    size_t l = p[i++] & 15;
    double w = 0;
    if (l > n - i) l = n - i;
    if (n - i - l >= 8) memcpy(&w, p + i + l, 8);
    zt_simhash_add(&a, (const char *)p + i, l, w);
    zt_simhash_add_hash(&b, zt_hash64(p + i, l), w);
    if (isfinite(w)) { added++; sum += fabs(w); }
    i += l + 8;
  }
  /* a feature is its hash: both ways of adding must agree */
  if (zt_simhash_final(&a) != zt_simhash_final(&b)) abort();
  for (i = 0; i < 64; i++)
    if (isnan(a.v[i]) && isfinite(sum)) abort();
  if (a.n != added) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  zt_simhash_index *ix;
  uint64_t fps[512];
  size_t nfp = 0, i, j;
  int k, ng, err;
  if (size == 0) return 0;
  k = (data[0] >> 3) & 7;
  data++;
  size--;
  for (ng = 1; ng <= 8; ng++)
    if (zt_simhash_text((const char *)data, size, ng) != ref_simhash_text((const char *)data, size, ng))
      abort();
  (void)zt_simhash_has_content((const char *)data, size);
  weighted(data, size);
  ix = zt_simhash_index_new(k, &err);
  if (!ix) abort();
  for (i = 0; i + 8 <= size && nfp < 512; i += 8) {
    uint64_t fp = 0, want_best = 65;
    int64_t id;
    int d, found;
    memcpy(&fp, data + i, 8);
    for (j = 0; j < nfp; j++) {
      uint64_t dj = (uint64_t)zt_hamming(fp, fps[j]);
      if ((int)dj <= k && dj < want_best) want_best = dj;
    }
    found = zt_simhash_index_query(ix, fp, k, &id, &d);
    if (found != (want_best <= 64)) abort();
    if (found && ((uint64_t)d != want_best || zt_hamming(fp, fps[id]) != d)) abort();
    if (zt_simhash_index_add(ix, fp, (int64_t)nfp) != ZT_OK) abort();
    fps[nfp++] = fp;
  }
  if (zt_simhash_index_size(ix) != nfp) abort();
  zt_simhash_index_free(ix);
  return 0;
}
