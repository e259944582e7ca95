#include "zt_keywords.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zt_simhash.h" /* zt_hash64: the project's string hash */
#include "zt_utf8.h"
#include "zt_utf8_inline.h"

/* Python's str.isspace for the characters that can surround a segmented word. */
static int py_space(int32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000;
}

int zt_kw_long_enough(const char *w, size_t n) {
  const unsigned char *p = (const unsigned char *)w;
  size_t i = 0, count = 0, trailing = 0;
  int started = 0;
  /* two characters that are not spaces at the start: long enough, whatever follows (were the
   * word ill-formed further on, its two bytes or more would be too) */
  if (n >= 2 && p[0] > 0x20 && p[0] < 0x7F && p[1] > 0x20 && p[1] < 0x7F) return 1;
  if (n >= 6 && (p[0] & 0xF0) == 0xE0 && (p[3] & 0xF0) == 0xE0) {
    int32_t a, b;
    size_t la = zt_utf8_next(p, n, &a);
    if (la == 3 && a >= 0 && !py_space(a) && zt_utf8_next(p + 3, n - 3, &b) == 3 && b >= 0 && !py_space(b)) return 1;
  }
  if (zt_utf8_check(w, n) != n) return n >= 2;
  while (i < n) {
    int32_t cp;
    i += zt_utf8_decode(p + i, n - i, &cp);
    if (py_space(cp)) {
      if (started) trailing++;
      continue;
    }
    started = 1;
    count += trailing + 1;
    trailing = 0;
    if (count >= 2) return 1;
  }
  return 0;
}

static int by_weight(const void *a, const void *b) {
  const zt_kw *x = (const zt_kw *)a, *y = (const zt_kw *)b;
  if (x->weight != y->weight) return x->weight > y->weight ? -1 : 1;
  return x->first < y->first ? -1 : (x->first > y->first);
}

/* 1 when a ranks before b: heavier, or as heavy and seen first (a total order: first is
 * unique), so any selection gives the order a full sort by by_weight gives. */
static int ranks_before(const zt_kw *a, const zt_kw *b) {
  return a->weight > b->weight || (a->weight == b->weight && a->first < b->first);
}

/* Restores the heap below i in h[0..n), a heap where every parent ranks after its children: the
 * root is the worst of the kept entries, the first to give way. */
static void sift_down(zt_kw *h, size_t n, size_t i) {
  zt_kw x = h[i];
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && ranks_before(&h[c], &h[c + 1])) c++;
    if (!ranks_before(&x, &h[c])) break;
    h[i] = h[c];
    i = c;
  }
  h[i] = x;
}

/* Leaves the best top of kw[0..k) in kw[0..top), best first: a heap of top entries whose root
 * is the worst kept, each later entry replacing the root when it ranks before it, then the heap
 * emptied worst first from the back. O(k log top) instead of sorting all k. */
static void select_top(zt_kw *kw, size_t k, size_t top) {
  size_t i;
  if (top == 0) return;
  for (i = top / 2; i-- > 0;) sift_down(kw, top, i);
  for (i = top; i < k; i++)
    if (ranks_before(&kw[i], &kw[0])) {
      kw[0] = kw[i];
      sift_down(kw, top, 0);
    }
  for (i = top; i-- > 1;) {
    zt_kw t = kw[0];
    kw[0] = kw[i];
    kw[i] = t;
    sift_down(kw, i, 0);
  }
}

size_t zt_tfidf_slots(size_t n) {
  size_t cap = 16;
  while (cap < 2 * n) cap *= 2;
  return cap;
}

size_t zt_tfidf_entry(zt_kw *kw, size_t *k, size_t *slots, size_t cap, const char *w, size_t n) {
  size_t h = (size_t)zt_hash64(w, n) & (cap - 1);
  while (slots[h]) {
    const zt_kw *e = &kw[slots[h] - 1];
    if (e->n == n && memcmp(e->s, w, n) == 0) return slots[h] - 1;
    h = (h + 1) & (cap - 1);
  }
  kw[*k].s = w;
  kw[*k].n = n;
  kw[*k].weight = 0.0;
  kw[*k].first = *k;
  kw[*k].node = 0;
  slots[h] = ++*k;
  return *k - 1;
}

size_t zt_tfidf_rank(const zt_seg *sg, zt_kw *kw, size_t k, size_t n, size_t top) {
  size_t i;
  for (i = 0; i < k; i++) {
    int found;
    double idf = kw[i].node ? zt_seg_idf_node(sg, kw[i].node, &found) : zt_seg_idf(sg, kw[i].s, kw[i].n, &found);
    kw[i].weight = kw[i].weight * (idf / (double)n);
  }
  if (top >= k) {
    qsort(kw, k, sizeof *kw, by_weight);
    return k;
  }
  select_top(kw, k, top);
  return top;
}

size_t zt_tfidf_top(const zt_seg *sg, const char *const *words, const size_t *lens, size_t n,
                    zt_kw *kw, size_t *slots, size_t cap, size_t top) {
  size_t i, k = 0;
  memset(slots, 0, cap * sizeof *slots); /* index + 1 into kw; 0 = empty */
  for (i = 0; i < n; i++) kw[zt_tfidf_entry(kw, &k, slots, cap, words[i], lens[i])].weight += 1.0;
  return zt_tfidf_rank(sg, kw, k, n, top);
}

size_t zt_tfidf(const zt_seg *sg, const char *const *words, const size_t *lens, size_t n,
                zt_kw *kw, size_t *slots, size_t cap) {
  return zt_tfidf_top(sg, words, lens, n, kw, slots, cap, (size_t)-1);
}
