/* libFuzzer harness: TF-IDF keywords (zt_tfidf) over the words of arbitrary text, as the
 * binding feeds it: segment, keep the words zt_kw_long_enough accepts, weight them. Every
 * distinct word must come out once, sorted by weight (ties: first occurrence), with finite
 * weights. Half the inputs are instead cut into words at '|' bytes, so that duplicates,
 * empty words and ill-formed ones reach zt_tfidf directly. zt_tfidf_top (the heap selection)
 * must give the full sort's first entries for every top.
 * The dictionary is $ZHTEXT_DATA_DIR/seg.ztd (skipped when absent). */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_data.h"
#include "zt_dict.h"
#include "zt_error.h"
#include "zt_keywords.h"
#include "zt_seg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static zt_dict *dict; /* mapped once for the run: fuzzing only */
static zt_seg *seg;
static int tried;

static void check(const char *const *w, const size_t *l, size_t n) {
  zt_kw *kw = malloc((n ? n : 1) * sizeof *kw);
  size_t cap = zt_tfidf_slots(n), *slots = malloc(cap * sizeof *slots), k, i, j;
  unsigned char *seen = calloc(n + 1, 1);
  if (!kw || !slots || !seen) abort();
  k = zt_tfidf(seg, w, l, n, kw, slots, cap);
  if (k > n) abort();
  for (i = 0; i < k; i++) {
    /* first: rank of the word's first occurrence among the distinct words */
    if (!isfinite(kw[i].weight) || kw[i].first >= k || seen[kw[i].first]++) abort();
    for (j = 0; j < n && (l[j] != kw[i].n || memcmp(w[j], kw[i].s, l[j]) != 0); j++) continue;
    if (j == n) abort();
    if (i && (kw[i].weight > kw[i - 1].weight ||
              (kw[i].weight == kw[i - 1].weight && kw[i].first < kw[i - 1].first)))
      abort();
  }
  /* the heap's top-t selection is the full sort's first t, entry for entry */
  {
    static const size_t tops[] = {0, 1, 2, 3, 10, 20};
    zt_kw *kt = malloc((n ? n : 1) * sizeof *kt);
    size_t t, m;
    if (!kt) abort();
    for (t = 0; t < sizeof tops / sizeof tops[0]; t++) {
      m = zt_tfidf_top(seg, w, l, n, kt, slots, cap, tops[t]);
      if (m != (tops[t] < k ? tops[t] : k)) abort();
      for (i = 0; i < m; i++)
        if (kt[i].s != kw[i].s || kt[i].n != kw[i].n || kt[i].first != kw[i].first ||
            memcmp(&kt[i].weight, &kw[i].weight, sizeof kt[i].weight) != 0)
          abort();
    }
    free(kt);
  }
  free(seen);
  free(kw);
  free(slots);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data + 1, **w;
  size_t n = size ? size - 1 : 0, *l, nw = 0, i, at;
  zt_toks t = {NULL, 0, 0, 0};
  if (!tried) {
    char p[4096];
    tried = 1;
    fuzz_data_path("seg.ztd", p, sizeof p);
    if (zt_dict_open(p, &dict, NULL, 0) != ZT_OK || zt_seg_new(dict, &seg) != ZT_OK) seg = NULL;
  }
  if (!seg || size == 0) return 0;
  w = malloc((n + 1) * sizeof *w);
  l = malloc((n + 1) * sizeof *l);
  if (!w || !l) abort();
  if (data[0] & 1) {
    for (i = at = 0; i <= n; i++)
      if (i == n || s[i] == '|') {
        w[nw] = s + at;
        l[nw++] = i - at;
        at = i + 1;
      }
  } else {
    if (zt_seg_cut(seg, s, n, ZT_MODE_PRECISE, ZT_SEG_HMM, &t) != ZT_OK) abort();
    for (i = 0; i < t.n; i++)
      if (zt_kw_long_enough(s + t.v[i].start, t.v[i].end - t.v[i].start)) {
        w[nw] = s + t.v[i].start;
        l[nw++] = t.v[i].end - t.v[i].start;
      }
    zt_toks_free(&t);
  }
  check(w, l, nw);
  free(w);
  free(l);
  return 0;
}
