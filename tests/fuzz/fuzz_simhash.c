/* libFuzzer harness for the simhash core: fingerprints of arbitrary bytes never crash, and the
 * banded index agrees with a brute-force scan. The first byte picks ngram and k; the rest is cut
 * into 8-byte fingerprints (and also hashed as text). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zt_error.h"
#include "zt_simhash.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  zt_simhash_index *ix;
  uint64_t fps[512];
  size_t nfp = 0, i, j;
  int k, ngram, err;
  if (size == 0) return 0;
  ngram = 1 + (data[0] & 7);
  k = (data[0] >> 3) & 7;
  data++;
  size--;
  (void)zt_simhash_text((const char *)data, size, ngram);
  (void)zt_simhash_has_content((const char *)data, size);
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
