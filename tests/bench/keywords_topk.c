/* TF-IDF keywords (the top 20) over words already segmented: the C work of zt.keywords that the
 * top-k heap changed (count, idf, select), for tests/bench/bench_simhash.sh. Built twice by that
 * script: against this tree's core (-DHAVE_TFIDF_TOP: zt_tfidf_top's heap) and against the
 * cc06a81 core (zt_tfidf's qsort of every distinct word, then the first 20 kept).
 *   keywords_topk DICT FILE...   prints µs per call, best of 5 rounds, CPU time */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "zt_dict.h"
#include "zt_error.h"
#include "zt_keywords.h"
#include "zt_seg.h"

#define TOP 20

static double cpu_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static char *slurp(int argc, char **argv, size_t *len) {
  char *s = NULL;
  size_t n = 0;
  int i;
  for (i = 2; i < argc; i++) {
    FILE *f = fopen(argv[i], "rb");
    long m;
    char *t;
    if (!f || fseek(f, 0, SEEK_END) != 0 || (m = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) exit(2);
    t = realloc(s, n + (size_t)m + 1);
    if (!t || fread(t + n, 1, (size_t)m, f) != (size_t)m) exit(2);
    s = t;
    n += (size_t)m;
    s[n++] = '\n';
    fclose(f);
  }
  *len = n;
  return s;
}

int main(int argc, char **argv) {
  zt_dict *dict;
  zt_seg *seg;
  zt_toks t = {NULL, 0, 0, 0};
  size_t n, nw = 0, i, cap, k = 0, r, reps = 200;
  char *s;
  const char **w;
  size_t *l, *slots;
  zt_kw *kw;
  double best = 1e30;
  if (argc < 3) return 2;
  if (zt_dict_open(argv[1], &dict, NULL, 0) != ZT_OK || zt_seg_new(dict, &seg) != ZT_OK) return 2;
  s = slurp(argc, argv, &n);
  if (zt_seg_cut(seg, s, n, ZT_MODE_PRECISE, ZT_SEG_HMM, &t) != ZT_OK) return 2;
  w = malloc(t.n * sizeof *w);
  l = malloc(t.n * sizeof *l);
  kw = malloc(t.n * sizeof *kw);
  cap = zt_tfidf_slots(t.n);
  slots = malloc(cap * sizeof *slots);
  if (!w || !l || !kw || !slots) return 2;
  for (i = 0; i < t.n; i++) {
    const char *p = s + t.v[i].start;
    size_t m = t.v[i].end - t.v[i].start;
    if (zt_kw_long_enough(p, m)) { w[nw] = p; l[nw++] = m; }
  }
  for (r = 0; r < 5; r++) {
    double t0 = cpu_now();
    size_t j;
    for (j = 0; j < reps; j++) {
#ifdef HAVE_TFIDF_TOP
      k = zt_tfidf_top(seg, w, l, nw, kw, slots, cap, TOP);
#else
      k = zt_tfidf(seg, w, l, nw, kw, slots, cap);
      if (k > TOP) k = TOP;
#endif
    }
    t0 = (cpu_now() - t0) / (double)reps;
    if (t0 < best) best = t0;
  }
  printf("%.1f us per call (%zu words; top: %.*s %.*s %.*s)\n", best * 1e6, nw, (int)kw[0].n, kw[0].s,
         (int)kw[1].n, kw[1].s, (int)kw[2].n, kw[2].s);
  (void)k;
  zt_toks_free(&t);
  free(w); free(l); free(kw); free(slots); free(s);
  zt_seg_free(seg);
  zt_dict_free(dict);
  return 0;
}
